/**
 * Stacks created before the ByocTelephony component (resources at the stack's root) taken over by
 * the current program through the real CLI: nothing to create, replace or delete; `up` moves them
 * under the component; and a destroy works both before that `up` (the provider code stored in the
 * old state) and after it. See fixtures/legacy/README.md for how the fixtures were made.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CLIENT_SECRET } from "../../emulator";
import { orgShape } from "../helpers/org";
import { copyProject } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, TestStack } from "../helpers/pulumi";

jest.setTimeout(600_000);

const FIXTURES = path.join(__dirname, "fixtures/legacy");

/** The old stack `name` (its org in a fresh emulator, its state in a fresh backend) with the current program. */
async function legacyStack(name: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-legacy-"));
  const stateFile = path.join(dir, "org.json");
  fs.copyFileSync(path.join(FIXTURES, `${name}.emulator.json`), stateFile);
  const env = await providerEnv({ ...CLI_EMULATOR, stateFile });
  const project = copyProject();
  fs.copyFileSync(path.join(FIXTURES, `Pulumi.${name}.yaml`), path.join(project, `Pulumi.${name}.yaml`));
  const t = await createTestStack(project, name, {
    GENESYS_CLOUD_API_URL: env.emulator.url,
    GENESYS_CLOUD_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
  });
  await t.stack.importStack(JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.state.json`), "utf8")));
  return {
    env,
    t,
    async dispose() {
      try {
        await t.dispose();
      } finally {
        await env.close();
        for (const d of [dir, project]) fs.rmSync(d, { recursive: true, force: true });
      }
    },
  };
}

/**
 * What a preview or up does beyond "same": the component itself is the one create (a record in
 * the state only: nothing in Genesys), the resources keep their objects through their aliases.
 */
async function previewSteps(t: TestStack): Promise<{ summary: unknown; creates: string[] }> {
  const creates: string[] = [];
  const preview = await t.stack.preview({
    diff: true,
    onEvent: (e) => {
      const m = e.resourcePreEvent?.metadata;
      if (m && m.op !== "same") creates.push(`${m.op} ${m.type}`);
    },
  });
  return { summary: preview.changeSummary, creates };
}

/** The resource types and names in the stack's state. */
async function stateNames(t: TestStack): Promise<string[]> {
  const { deployment } = (await t.stack.exportStack()) as { deployment: { resources: { urn: string }[] } };
  return deployment.resources.map((r) => r.urn.split("::").slice(2).join("::")).sort();
}

let seeded: unknown;
beforeAll(async () => {
  const fresh: ProviderEnv = await providerEnv(CLI_EMULATOR);
  seeded = await orgShape(fresh);
  await fresh.close();
});

describe("a stack written before the component", () => {
  it("single carrier: preview creates, replaces and deletes nothing but the component; up moves it under the component; destroy empties the org", async () => {
    const s = await legacyStack("single");
    try {
      expect(await previewSteps(s.t)).toEqual({
        summary: { create: 1, same: 5 },
        creates: ["create genesys-byoc:index:ByocTelephony"],
      });
      await s.env.clearLog();
      const up = await s.t.stack.up({ onOutput: () => undefined });
      expect(up.summary.resourceChanges).toEqual({ create: 1, same: 5 });
      // Only reads reached Genesys.
      expect((await s.env.calls()).filter((c) => !c.startsWith("GET "))).toEqual([]);
      expect(await stateNames(s.t)).toEqual([
        "genesys-byoc:index:ByocTelephony$pulumi-nodejs:dynamic/genesys:Location::byoc-location",
        "genesys-byoc:index:ByocTelephony$pulumi-nodejs:dynamic/genesys:OutboundRouteBinding::byoc-outbound-route",
        "genesys-byoc:index:ByocTelephony$pulumi-nodejs:dynamic/genesys:Site::byoc-site",
        "genesys-byoc:index:ByocTelephony$pulumi-nodejs:dynamic/genesys:Trunk::byoc-trunk-sipTrunk",
        "genesys-byoc:index:ByocTelephony::byoc",
        "pulumi:providers:pulumi-nodejs::default",
        "pulumi:pulumi:Stack::genesys-byoc-single",
      ]);
      expect(up.outputs.trunkId.value).toEqual(expect.any(String));
      expect(up.outputs.outboundRouteId.value).toEqual(expect.any(String));

      await s.t.stack.preview({ expectNoChanges: true, onOutput: () => undefined });
      await s.t.stack.destroy({ onOutput: () => undefined });
      expect(await orgShape(s.env)).toEqual(seeded);
    } finally {
      await s.dispose();
    }
  });

  it("several carriers and a named route: preview creates, replaces and deletes nothing but the component; destroy with the old stored provider code", async () => {
    const s = await legacyStack("carriers");
    try {
      // the stack, location, site, two trunks, two bindings
      expect(await previewSteps(s.t)).toEqual({
        summary: { create: 1, same: 7 },
        creates: ["create genesys-byoc:index:ByocTelephony"],
      });
      await s.t.stack.destroy({ onOutput: () => undefined });
      expect(await orgShape(s.env)).toEqual(seeded);
    } finally {
      await s.dispose();
    }
  });
});
