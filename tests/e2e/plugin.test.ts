/**
 * The provider plugin `genesys-byoc` through the real `pulumi` CLI, from Pulumi YAML programs (the
 * YAML language host is built on first use: plugin/bootstrap/ensure-language-yaml.sh), against an
 * emulator of each test's own, which catches up slowly after deletes as every end-to-end emulator
 * does (its default delete lags, ../helpers/e2e `CLI_EMULATOR`):
 *
 * - `ByocTelephony` with two carriers and a named route: up, a clean preview, one change in place,
 *   destroy in one run, each delete lag met on the way, and the org left as seeded; no secret in
 *   plain text in the state;
 * - the raw resources and the functions, on an explicit provider, destroyed the same way;
 * - `pulumi import` of a trunk made by hand, then `up` with the generated code: no write.
 *
 * The project is a YAML program whose Pulumi.yaml names the plugin's folder (`plugins.providers`),
 * as a user's would name `node_modules/genesys-byoc-pulumi/plugin/bin`; the plugin runs the
 * compiled dist/ (`npm run build` first).
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SEED_IDS } from "../../emulator";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import { CLI_EMULATOR, lagRefusals } from "../helpers/e2e";
import { trunkBody } from "../helpers/emulator";
import { orgShape, orgState } from "../helpers/org";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, PROJECT_DIR, pulumiBinDir, readBackendFiles, TestStack } from "../helpers/pulumi";

jest.setTimeout(600_000);

const PASSWORD = "plugin-sip-pw-7f3a";
const run = promisify(execFile);

/** The directory holding pulumi-language-yaml (built on first use). */
let yamlBin: string;
beforeAll(() => {
  yamlBin = execFileSync("bash", [path.join(PROJECT_DIR, "plugin/bootstrap/ensure-language-yaml.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
}, 900_000);

/** One test's world: an emulator, a YAML project in a temp dir, and its stack. */
interface World {
  env: ProviderEnv;
  dir: string;
  t: TestStack;
  seeded: unknown;
  /** Writes Pulumi.yaml: the project, the plugin, and `program` (YAML text after the header). */
  write(program: string): void;
  dispose(): Promise<void>;
}

async function world(name: string): Promise<World> {
  const env = await providerEnv(CLI_EMULATOR);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-plugin-"));
  const write = (program: string) =>
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      [
        `name: ${name}`,
        "runtime: yaml",
        "plugins:",
        "  providers:",
        "    - name: genesys-byoc",
        `      path: ${path.join(PROJECT_DIR, "plugin/bin")}`,
        program,
      ].join("\n"),
    );
  write("resources: {}\n");
  const t = await createTestStack(dir, "dev", {
    PATH: [yamlBin, pulumiBinDir(), process.env.PATH ?? ""].join(path.delimiter),
  });
  return {
    env,
    dir,
    t,
    seeded: await orgShape(env),
    write,
    async dispose() {
      try {
        await t.dispose();
      } finally {
        await env.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** The provider's configuration as stack config (the default provider reads it). */
async function configureProvider(w: World): Promise<void> {
  await w.t.stack.setAllConfig({
    "genesys-byoc:apiUrl": { value: w.env.emulator.url },
    "genesys-byoc:clientId": { value: DEFAULT_CLIENT_ID },
    "genesys-byoc:clientSecret": { value: DEFAULT_CLIENT_SECRET, secret: true },
    sipPassword: { value: PASSWORD, secret: true },
  });
}

/** The component program; `backupServers` is the one value the test changes. */
const telephony = (backupServers: string[]) => `
config:
  sipPassword:
    type: string
    secret: true
resources:
  byoc:
    type: genesys-byoc:ByocTelephony
    properties:
      namePrefix: yaml-
      location:
        name: HQ
        number: "+13175550100"
        street1: 7601 Interactive Way
        city: Indianapolis
        state: IN
        country: US
      site:
        name: Cloud Site
      carriers:
        primary:
          externalTrunkName: Carrier A
          sipServers: ["sip.a.example"]
          inboundSipTerminationIdentifier: yaml-a
          userName: trunk-user
          password: \${sipPassword}
        backup:
          externalTrunkName: Carrier B
          sipServers: ${JSON.stringify(backupServers)}
          inboundSipTerminationIdentifier: yaml-b
      routes:
        - name: Carrier Route
          carriers: [primary, backup]
outputs:
  siteId: \${byoc.siteId}
  carriers: \${byoc.carriers}
  routes: \${byoc.routes}
`;

/**
 * Destroys the stack in one run against the lagging emulator: the location, the trunks and the site
 * each had a DELETE refused by their lag (a site's location in use after its delete, a trunk after
 * its route's, a site after its trunk's) and the destroy still converged, leaving the org as seeded.
 */
async function destroyUnderLags(w: World): Promise<void> {
  const before = await lagRefusals(w.env);
  await w.t.stack.destroy({ onOutput: () => undefined });
  const after = await lagRefusals(w.env);
  expect({
    location: after.location > before.location,
    trunk: after.trunk > before.trunk,
    site: after.site > before.site,
  }).toEqual({ location: true, trunk: true, site: true });
  expect(await orgShape(w.env)).toEqual(w.seeded);
}

describe("a Pulumi YAML program on the plugin", () => {
  let w: World;
  afterEach(async () => w?.dispose());

  it("ByocTelephony: up, a clean preview, a change in place, destroy, the org as seeded", async () => {
    w = await world("byoc-yaml");
    await configureProvider(w);
    w.write(telephony(["sip.b.example"]));

    const up = await w.t.stack.up({ onOutput: () => undefined });
    // The stack, the component, a location, a site, two trunks and the route binding.
    expect(up.summary.resourceChanges).toEqual({ create: 7 });
    const carriers = up.outputs.carriers.value as Record<string, { trunkId: string; name: string }>;
    expect(Object.keys(carriers).sort()).toEqual(["backup", "primary"]);
    const org = await orgState(w.env);
    const route = org.outboundRoutes.find((r) => r.name === "yaml-Carrier Route")!;
    expect(route.externalTrunkBases?.map((t) => t.id)).toEqual([
      carriers.primary.trunkId,
      carriers.backup.trunkId,
    ]);
    const primary = org.trunkBases.find((t) => t.id === carriers.primary.trunkId)!;
    expect(primary.properties?.trunk_sip_authentication_credentials_password?.value?.instance).toBe(PASSWORD);
    const state = readBackendFiles(w.t.backendDir);
    expect(state).not.toContain(PASSWORD);
    expect(state).not.toContain(DEFAULT_CLIENT_SECRET);

    const preview = await w.t.stack.preview({ onOutput: () => undefined });
    expect(preview.changeSummary).toEqual({ same: 7 });

    w.write(telephony(["sip.b.example", "sip2.b.example:5061"]));
    await w.env.clearLog();
    const change = await w.t.stack.up({ onOutput: () => undefined });
    // The component's input changed (no call of its own) and the one trunk updated in place.
    expect(change.summary.resourceChanges).toEqual({ update: 2, same: 5 });
    const writes = (await w.env.calls()).filter((c) => !c.startsWith("GET "));
    expect(writes).toEqual([
      `PUT /api/v2/telephony/providers/edges/trunkbasesettings/${carriers.backup.trunkId}`,
    ]);

    await destroyUnderLags(w);
  });

  it("the raw resources and the functions, on an explicit provider", async () => {
    w = await world("byoc-raw");
    await w.t.stack.setAllConfig({
      apiUrl: { value: w.env.emulator.url },
      clientSecret: { value: DEFAULT_CLIENT_SECRET, secret: true },
      sipPassword: { value: PASSWORD, secret: true },
    });
    w.write(`
config:
  apiUrl:
    type: string
  clientSecret:
    type: string
    secret: true
  sipPassword:
    type: string
    secret: true
resources:
  genesys:
    type: pulumi:providers:genesys-byoc
    properties:
      apiUrl: \${apiUrl}
      clientId: ${DEFAULT_CLIENT_ID}
      clientSecret: \${clientSecret}
  hq:
    type: genesys-byoc:Location
    properties:
      name: Raw HQ
      emergencyNumber:
        number: "+13175550150"
      address:
        street1: 7601 Interactive Way
        city: Indianapolis
        country: US
    options:
      provider: \${genesys}
  site:
    type: genesys-byoc:Site
    properties:
      name: Raw Site
      locationId: \${hq.id}
      primarySiteIds:
        - \${edge.id}
    options:
      provider: \${genesys}
  carrier:
    type: genesys-byoc:Trunk
    properties:
      name: Raw Carrier
      inboundSiteId: \${site.id}
      sipServers: ["sip.raw.example"]
      inboundSipTerminationIdentifier: raw-carrier
      digest:
        username: raw-user
        password: \${sipPassword}
    options:
      provider: \${genesys}
  route:
    type: genesys-byoc:OutboundRouteBinding
    properties:
      siteId: \${site.id}
      trunkIds:
        - \${carrier.id}
      routeName: Raw Route
      classificationTypes: [International]
    options:
      provider: \${genesys}
  plans:
    type: genesys-byoc:NumberPlans
    properties:
      siteId: \${site.id}
      plans:
        - name: Toll free
          classification: Toll free
          matchType: e164NumberList
          numbers:
            - start: "+18005550100"
              end: "+18005550199"
    options:
      provider: \${genesys}
  pool:
    type: genesys-byoc:DidPool
    properties:
      startPhoneNumber: "+13175556000"
      endPhoneNumber: "+13175556099"
    options:
      provider: \${genesys}
variables:
  edge:
    fn::invoke:
      function: genesys-byoc:getEdgeSite
      arguments:
        name: PureCloud Voice - AWS
      options:
        provider: \${genesys}
  org:
    fn::invoke:
      function: genesys-byoc:getOrganization
      arguments: {}
      options:
        provider: \${genesys}
outputs:
  edgeSiteId: \${edge.id}
  byocEnabled: \${org.byocEnabled}
  routeId: \${route.routeId}
  planIds: \${plans.planIds}
`);
    const up = await w.t.stack.up({ onOutput: () => undefined });
    // The stack, the provider and six resources.
    expect(up.summary.resourceChanges).toEqual({ create: 8 });
    expect(up.outputs.edgeSiteId.value).toBe(SEED_IDS.pcvSite);
    expect(up.outputs.byocEnabled.value).toBe(true);
    const org = await orgState(w.env);
    expect(org.outboundRoutes.find((r) => r.id === up.outputs.routeId.value)?.name).toBe("Raw Route");
    expect(readBackendFiles(w.t.backendDir)).not.toContain(PASSWORD);

    const preview = await w.t.stack.preview({ onOutput: () => undefined });
    expect(preview.changeSummary).toEqual({ same: 8 });
    await destroyUnderLags(w);
  });

  it("pulumi import of a trunk made by hand, then up with the generated code writes nothing", async () => {
    w = await world("byoc-import");
    await configureProvider(w);
    const made = await trunks.create(client(), trunkBody(SEED_IDS.pcvSite, { description: "made by hand" }));
    // Asynchronously: the emulator answers from this very process.
    const pulumi = async (...args: string[]) => {
      try {
        await run("pulumi", args, { cwd: w.dir, env: { ...process.env, ...w.t.env } });
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
      }
    };
    const generated = path.join(w.dir, "imported.yaml");
    await pulumi("import", "genesys-byoc:index:Trunk", "carrier", made.id!, "--yes", "--out", generated);
    const code = fs.readFileSync(generated, "utf8");
    expect(code).toContain("type: genesys-byoc:Trunk");
    expect(code).toContain(`name: ${made.name}`);
    expect(code).toContain("description: made by hand");

    // The generated code, pasted into the program (it has no resources of its own).
    w.write(code);
    await w.env.clearLog();
    const up = await w.t.stack.up({ onOutput: () => undefined });
    expect(up.summary.resourceChanges).toEqual({ same: 2 });
    expect((await w.env.calls()).filter((c) => !c.startsWith("GET "))).toEqual([]);

    // The import protects the trunk: unprotect it, then destroy deletes it.
    w.write(code.replace(/\n\s*options:\n\s*protect: true/, ""));
    await w.t.stack.up({ onOutput: () => undefined });
    await w.t.stack.destroy({ onOutput: () => undefined });
    expect(await trunks.get(client(), made.id!)).toBeUndefined();
  });
});
