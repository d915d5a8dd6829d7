/**
 * The provider plugin's schema (plugin/schema.json) is generated from the package's TypeScript
 * (`npm run schema`, plugin/schema/generate.ts): the committed file must be what the code says now.
 */
import * as fs from "node:fs";
import { generateSchema, SCHEMA_PATH } from "../../plugin/schema/generate";
import { RESOURCES, token } from "../../plugin/kinds";

interface Schema {
  version: string;
  resources: Record<string, { properties: Record<string, { secret?: boolean }>; requiredInputs?: string[] }>;
  types: Record<string, { properties: Record<string, { secret?: boolean }> }>;
  config: { variables: Record<string, { secret?: boolean }> };
}

const generated = generateSchema();
const schema = JSON.parse(generated) as Schema;

describe("plugin/schema.json", () => {
  it("is what `npm run schema` generates from the code now (run it after changing a resource's inputs or outputs)", () => {
    expect(fs.readFileSync(SCHEMA_PATH, "utf8")).toBe(generated);
  });

  it("has every custom resource and the component, at the package's version", () => {
    const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { version: string };
    expect(schema.version).toBe(pkg.version);
    expect(Object.keys(schema.resources).sort()).toEqual(
      [...RESOURCES.map((r) => token(r.name)), token("ByocTelephony")].sort(),
    );
    expect(schema.resources[token("Trunk")].requiredInputs).toEqual(["inboundSiteId", "name", "sipServers"]);
  });

  it("marks the secrets: the SIP password (a trunk's digest, a carrier's password) and the client secret", () => {
    const secret = (props: Record<string, { secret?: boolean }>) =>
      Object.keys(props).filter((k) => props[k].secret === true);
    expect(secret(schema.resources[token("Trunk")].properties)).toEqual(["digest"]);
    expect(secret(schema.types[token("DigestAuth")].properties)).toEqual(["password"]);
    expect(secret(schema.types[token("Carrier")].properties)).toEqual(["password"]);
    expect(secret(schema.config.variables)).toEqual(["clientSecret"]);
  });
});
