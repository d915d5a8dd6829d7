/**
 * The whole stack through the real `pulumi` CLI against the emulator: up, a clean
 * `preview --diff`, an update, refresh with drift, bad input refused at preview, destroy, and no
 * secret in plain text in state or output.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { GenesysClient } from "../../genesys/client";
import * as locations from "../../genesys/locations";
import { copyProject } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, readBackendFiles, TestStack } from "../helpers/pulumi";
import { configureTestStack } from "../helpers/stackConfig";

jest.setTimeout(600_000);

const SIP_PASSWORD = "sip-pa55word-not-in-state";

interface EmulatorState {
  locations: { id: string; name: string; address?: { street1?: string } }[];
  sites: { id: string; name: string; managed?: boolean }[];
  trunkBases: {
    id: string;
    name: string;
    managed?: boolean;
    properties?: Record<string, { value?: { instance?: unknown } }>;
  }[];
  outboundRoutes: { id: string; name: string; siteId: string; externalTrunkBases?: { id: string }[] }[];
}

/** Writes the stack's config file the way a user edits Pulumi.<stack>.yaml, then sets the secrets. */
function configure(
  t: TestStack,
  project: string,
  url: string,
  locationNumber = "+13175550142",
): Promise<void> {
  return configureTestStack(
    t,
    project,
    { apiUrl: url, prefix: "e2e-", number: locationNumber, terminationId: "acme-e2e" },
    SIP_PASSWORD,
  );
}

describe("stack lifecycle through the real pulumi CLI", () => {
  let env: ProviderEnv;
  let t: TestStack;
  let project: string;
  const output: string[] = [];
  const onOutput = (s: string) => output.push(s);
  const state = async () => (await env.admin("GET", "/_emulator/state")) as EmulatorState;

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    project = copyProject();
    t = await createTestStack(project, "e2e");
    await configure(t, project, env.emulator.url);
  });
  afterAll(async () => {
    await t?.dispose();
    await env?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("creates the graph, then previews no changes", async () => {
    const up = await t.stack.up({ onOutput });
    expect(up.summary.result).toBe("succeeded");
    expect(up.summary.resourceChanges).toMatchObject({ create: 6 });

    const s = await state();
    const site = s.sites.find((x) => x.name === "e2e-Cloud Site")!;
    const trunk = s.trunkBases.find((x) => x.name === "e2e-Carrier")!;
    expect(s.locations.map((l) => l.name)).toContain("e2e-HQ");
    expect(up.outputs.siteId.value).toBe(site.id);
    expect(up.outputs.trunkId.value).toBe(trunk.id);
    expect(up.outputs.sipTerminationFqdn.value).toBe("acme-e2e.byoc.127.0.0.1");
    const route = s.outboundRoutes.find((r) => r.siteId === site.id && r.name === "Default Outbound Route")!;
    expect(route.externalTrunkBases?.map((x) => x.id)).toEqual([trunk.id]);

    await env.clearLog();
    const preview = await t.stack.preview({ diff: true, onOutput });
    expect(preview.changeSummary).toEqual({ same: 6 });
    // Preview reads (products, the managed site) but never writes.
    expect((await env.log()).filter((r) => r.method !== "GET" && !r.path.endsWith("/search"))).toEqual([]);
  });

  it("updates in place when the config changes", async () => {
    await t.stack.setConfig("sipTrunk.sipServers[1]", { value: "sip2.carrier.example:5061" }, true);
    await t.stack.setConfig("location.street1", { value: "1 Monument Circle" }, true);
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 3, same: 3 });
    const s = await state();
    const trunk = s.trunkBases.find((x) => x.name === "e2e-Carrier")!;
    expect(trunk.properties?.trunk_transport_serverProxyList?.value?.instance).toEqual([
      "sip.carrier.example",
      "sip2.carrier.example:5061",
    ]);
    expect(s.locations.find((l) => l.name === "e2e-HQ")?.address?.street1).toBe("1 Monument Circle");
  });

  it("refresh finds drift made behind the stack's back, and up puts it right", async () => {
    const c = new GenesysClient({
      apiUrl: env.emulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    const loc = (await state()).locations.find((l) => l.name === "e2e-HQ")!;
    const current = await locations.get(c, loc.id);
    await locations.patch(c, loc.id, { name: "renamed in the UI", version: current!.version! });

    const refresh = await t.stack.refresh({ onOutput });
    expect(refresh.summary.resourceChanges).toMatchObject({ update: 1 });
    const preview = await t.stack.preview({ diff: true, onOutput });
    expect(preview.changeSummary).toMatchObject({ update: 1 });
    await t.stack.up({ onOutput });
    expect((await locations.get(c, loc.id))?.name).toBe("e2e-HQ");
  });

  it("refuses bad input at preview, naming the field, with no API write", async () => {
    await t.stack.setConfig("location.number", { value: "555-0100" }, true);
    await env.clearLog();
    await expect(t.stack.preview({ onOutput })).rejects.toThrow(/location\.number must be an E\.164 number/);
    expect((await env.log()).filter((r) => r.method !== "GET" && !r.path.endsWith("/search"))).toEqual([]);
    // `pulumi config set --path` stores a digit-only value (even with a leading "+") as a YAML
    // number: the program says how to keep it a string.
    const file = path.join(project, "Pulumi.e2e.yaml");
    const setNumber = (v: string) =>
      fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^(\s+number:).*$/m, `$1 ${v}`));
    setNumber("13175550142");
    await expect(t.stack.preview({ onOutput })).rejects.toThrow(/--type string location\.number/);
    setNumber('"+13175550142"');
    await expect(t.stack.preview({ onOutput })).resolves.toBeDefined();
  });

  it("replaces the site, and the trunk and binding that refer to it, when the media model changes", async () => {
    const before = await state();
    const oldSite = before.sites.find((x) => x.name === "e2e-Cloud Site")!;
    const oldTrunk = before.trunkBases.find((x) => x.name === "e2e-Carrier")!;
    await t.stack.setConfig("site.mediaModel", { value: "Premises" }, true);
    const preview = await t.stack.preview({ diff: true, onOutput });
    expect(preview.changeSummary).toMatchObject({ replace: 3, same: 2 });
    const up = await t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ replace: 3, same: 2 });
    const s = await state();
    const site = s.sites.find((x) => x.name === "e2e-Cloud Site")!;
    const trunk = s.trunkBases.find((x) => x.name === "e2e-Carrier")!;
    expect(site.id).not.toBe(oldSite.id);
    expect(trunk.id).not.toBe(oldTrunk.id);
    expect(s.sites.some((x) => x.id === oldSite.id)).toBe(false);
    const route = s.outboundRoutes.find((r) => r.siteId === site.id && r.name === "Default Outbound Route")!;
    expect(route.externalTrunkBases?.map((x) => x.id)).toEqual([trunk.id]);
    expect(up.outputs.siteId.value).toBe(site.id);
  });

  it("keeps secrets out of state and output in plain text", async () => {
    const files = readBackendFiles(t.backendDir);
    expect(files).not.toContain(SIP_PASSWORD);
    expect(files).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(output.join("")).not.toContain(SIP_PASSWORD);
    expect(output.join("")).not.toContain(DEFAULT_CLIENT_SECRET);
  });

  it("previews a changed SIP password as an update of digest, shown as [secret]", async () => {
    const NEW_PASSWORD = "n3w-sip-pa55word-not-in-output";
    await t.stack.setConfig("sipTrunk.password", { value: NEW_PASSWORD, secret: true }, true);
    const lines: string[] = [];
    const preview = await t.stack.preview({ diff: true, onOutput: (l) => lines.push(l) });
    const text = lines.join("");
    expect(preview.changeSummary).toEqual({ same: 4, update: 2 });
    expect(text).toMatch(
      /~ pulumi-nodejs:dynamic\/genesys:Trunk: \(update\)[\s\S]*~ digest\s*: \[secret\] => \[secret\]/,
    );
    for (const pw of [NEW_PASSWORD, SIP_PASSWORD]) expect(text).not.toContain(pw);
    await t.stack.setConfig("sipTrunk.password", { value: SIP_PASSWORD, secret: true }, true);
  });

  it("destroys everything it made and gives the default route back", async () => {
    const before = await state();
    await t.stack.destroy({ onOutput });
    const s = await state();
    expect(s.locations.filter((l) => l.name.startsWith("e2e-"))).toEqual([]);
    expect(s.sites.filter((x) => x.name.startsWith("e2e-"))).toEqual([]);
    expect(s.trunkBases.filter((x) => x.name.startsWith("e2e-"))).toEqual([]);
    expect(s.sites.length).toBe(before.sites.length - 1);
    expect((await t.stack.exportStack()).deployment.resources ?? []).toHaveLength(0);
  });
});

describe("preflight", () => {
  it("stops with a clear message and no changes when the org lacks BYOC", async () => {
    const env = await providerEnv({ ...CLI_EMULATOR, byoc: false });
    const project = copyProject();
    const t = await createTestStack(project, "nobyoc");
    try {
      await configure(t, project, env.emulator.url);
      await expect(t.stack.preview({ onOutput: () => undefined })).rejects.toThrow(
        /does not have the "byoc" product/,
      );
      // The preflight's two look-ups run in parallel; nothing is written.
      expect((await env.log()).map((r) => `${r.method} ${r.path}`).sort()).toEqual([
        "GET /api/v2/authorization/products",
        "GET /api/v2/telephony/providers/edges/sites",
      ]);
    } finally {
      await t.dispose();
      await env.close();
      fs.rmSync(project, { recursive: true, force: true });
    }
  });
});
