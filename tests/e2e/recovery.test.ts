/**
 * Lost responses through the real `pulumi` CLI: the emulator commits a write and drops the
 * connection (commitThenDrop) on every create, update and delete call of every resource. Each
 * `up` or `destroy` converges, nothing is duplicated, and destroy leaves the org as seeded. Also:
 * a binding re-created after its route PUT was lost (or after `pulumi state delete`) never gives
 * the route back the stack's own trunk, so destroy always finishes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { countPrefixed, orgShape, orgState } from "../helpers/org";
import { copyProject } from "../helpers/project";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, TestStack } from "../helpers/pulumi";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";

async function writeConfig(t: TestStack, project: string, url: string, values: Record<string, unknown>) {
  const name = t.stack.name.split("/").pop();
  const lines = [
    "config:",
    `  genesys:apiUrl: ${url}`,
    `  genesys:clientId: ${DEFAULT_CLIENT_ID}`,
    ...Object.entries(values).map(([k, v]) => `  genesys-byoc:${k}: ${JSON.stringify(v)}`),
    "",
  ];
  fs.writeFileSync(path.join(project, `Pulumi.${name}.yaml`), lines.join("\n"));
  await t.stack.setConfig("genesys:clientSecret", { value: DEFAULT_CLIENT_SECRET, secret: true });
}

const base = (prefix: string, street1: string, extra: Record<string, unknown> = {}) => ({
  namePrefix: prefix,
  location: { name: "HQ", number: "+13175550143", street1, city: "Indianapolis", country: "US" },
  site: { name: "Site", description: street1 },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: [street1 === "1 Main St" ? "sip.carrier.example" : "sip2.carrier.example"],
    inboundSipTerminationIdentifier: `${prefix.replace(/-$/, "")}-term`,
  },
  ...extra,
});

/** Adds one commitThenDrop rule per `METHOD path` (`*` matches one path segment). */
async function dropAfterCommit(env: ProviderEnv, calls: string[], times = 1): Promise<void> {
  for (const call of calls) {
    const [method, p] = call.split(" ");
    await env.admin("POST", "/_emulator/faults", {
      method,
      path: p,
      times,
      effect: { commitThenDrop: true },
    });
  }
}

/** The rules still armed (a rule that never fired means the call it targets never happened). */
async function unusedRules(env: ProviderEnv): Promise<string[]> {
  const rules = (await env.admin("GET", "/_emulator/faults")) as {
    method: string;
    path: string;
    remaining: number;
  }[];
  return rules.filter((r) => r.remaining > 0).map((r) => `${r.method} ${r.path}`);
}

describe("a response lost after commit on every create, update and delete", () => {
  let env: ProviderEnv;
  let t: TestStack;
  let project: string;
  let seeded: unknown;
  const onOutput = () => undefined;

  beforeAll(async () => {
    env = await providerEnv();
    project = copyProject();
    t = await createTestStack(project, "lost");
    seeded = await orgShape(env);
  });
  afterAll(async () => {
    await t?.dispose();
    await env?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("up converges with exactly one object of each kind (named route: its take and its POST lost too)", async () => {
    await writeConfig(t, project, env.emulator.url, base("lr-", "1 Main St", { route: { name: "Route" } }));
    await dropAfterCommit(env, [
      "POST /api/v2/locations",
      `POST ${EDGES}/sites`,
      `POST ${EDGES}/trunkbasesettings`,
      `PUT ${EDGES}/sites/*/outboundroutes/*`,
      `POST ${EDGES}/sites/*/outboundroutes`,
    ]);
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 5 });
    expect(await unusedRules(env)).toEqual([]);
    expect(await countPrefixed(env, "lr-")).toEqual({
      locations: 1,
      sites: 1,
      trunkBases: 1,
      outboundRoutes: 1,
    });
    expect((await t.stack.preview({})).changeSummary).toEqual({ same: 5 });
  });

  it("an update of every resource converges", async () => {
    await writeConfig(
      t,
      project,
      env.emulator.url,
      base("lr-", "2 Side St", { route: { name: "Route", distribution: "RANDOM" } }),
    );
    await dropAfterCommit(env, [
      "PATCH /api/v2/locations/*",
      `PUT ${EDGES}/sites/*`,
      `PUT ${EDGES}/trunkbasesettings/*`,
      `PUT ${EDGES}/sites/*/outboundroutes/*`,
    ]);
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ update: 4, same: 1 });
    expect(await unusedRules(env)).toEqual([]);
    const s = await orgState(env);
    expect(s.outboundRoutes.find((r) => r.name === "lr-Route")?.distribution).toBe("RANDOM");
    expect((await t.stack.preview({})).changeSummary).toEqual({ same: 5 });
  });

  it("destroy converges and leaves the org as seeded", async () => {
    await dropAfterCommit(env, [
      `DELETE ${EDGES}/sites/*/outboundroutes/*`,
      `PUT ${EDGES}/sites/*/outboundroutes/*`,
      `DELETE ${EDGES}/trunkbasesettings/*`,
      `DELETE ${EDGES}/sites/*`,
      "DELETE /api/v2/locations/*",
    ]);
    await t.stack.destroy({ onOutput });
    expect(await unusedRules(env)).toEqual([]);
    expect(await orgShape(env)).toEqual(seeded);
  });
});

describe("a default-route binding created again never restores its own trunk", () => {
  let env: ProviderEnv;
  let t: TestStack;
  let project: string;
  let seeded: unknown;
  const onOutput = () => undefined;

  beforeAll(async () => {
    env = await providerEnv();
    project = copyProject();
    t = await createTestStack(project, "again");
    seeded = await orgShape(env);
    await writeConfig(t, project, env.emulator.url, base("ag-", "1 Main St"));
  });
  afterAll(async () => {
    await t?.dispose();
    await env?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("after the route PUT's response is lost for good: up fails, up again converges, destroy finishes", async () => {
    // Every attempt of the route PUT commits and loses its answer: the first up fails there, but
    // the engine records the binding (with what the route carried before) as a partial create.
    await dropAfterCommit(env, [`PUT ${EDGES}/sites/*/outboundroutes/*`], 6);
    await expect(t.stack.up({ onOutput })).rejects.toThrow(/Could not reach Genesys Cloud|network error/);
    await env.admin("DELETE", "/_emulator/faults");
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 4 });
    await t.stack.destroy({ onOutput });
    expect(await orgShape(env)).toEqual(seeded);
  });

  it("after `pulumi state delete` of the binding: up adopts the route again, destroy finishes", async () => {
    await t.stack.up({ onOutput });
    const exported = await t.stack.exportStack();
    const resources = exported.deployment.resources as { urn: string }[];
    exported.deployment.resources = resources.filter((r) => !r.urn.endsWith("::outbound-route"));
    await t.stack.importStack(exported);
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, same: 4 });
    await t.stack.destroy({ onOutput });
    // Everything is gone and the route carries what it did; only its `enabled` flag stays as the
    // forgotten binding set it (what it was before is recorded nowhere).
    const withoutEnabled = (shape: unknown) =>
      JSON.parse(JSON.stringify(shape, (k, v) => (k === "enabled" ? undefined : v))) as unknown;
    expect(withoutEnabled(await orgShape(env))).toEqual(withoutEnabled(seeded));
  });
});
