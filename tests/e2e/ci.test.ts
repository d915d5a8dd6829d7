/**
 * scripts/ci.sh, the commands of the sample GitHub Actions workflow, run non-interactively
 * through the real pulumi CLI against the emulator with two stacks (test, prod) sharing one org
 * and one backend, as in CI: `up` of each environment, a clean `preview --diff`, a clean drift
 * check, a drift check that fails naming what changed behind the stack's back, a preview that
 * shows a config change, and no secret in any output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, type EmulatorState } from "../../emulator";
import { GenesysClient } from "../../genesys/client";
import * as locations from "../../genesys/locations";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, PROJECT_DIR, pulumiBinDir, TestStack } from "../helpers/pulumi";
import { run, RunResult } from "../helpers/run";
import { configureTestStack, TEST_SIP_PASSWORD } from "../helpers/stackConfig";

jest.setTimeout(900_000);

describe("scripts/ci.sh (the CI workflow's commands)", () => {
  let env: ProviderEnv;
  let project: string;
  let shared: string;
  const stacks: Record<string, TestStack> = {};
  const outputs: string[] = [];
  let ciEnv: NodeJS.ProcessEnv;
  const state = async () => (await env.admin("GET", "/_emulator/state")) as EmulatorState;

  const ci = async (...args: string[]): Promise<RunResult & { all: string }> => {
    const r = await run("bash", [path.join(project, "scripts/ci.sh"), ...args], { cwd: project, env: ciEnv });
    outputs.push(r.stdout, r.stderr);
    return { ...r, all: r.stdout + r.stderr };
  };

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    project = copyCheckout(); // scripts/ci.sh, and the sources the policy pack reuses
    shared = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-ci-"));
    fs.mkdirSync(path.join(shared, "state"));
    // One backend and one PULUMI_HOME for both stacks, as CI has.
    const backend = {
      PULUMI_BACKEND_URL: `file://${path.join(shared, "state")}`,
      PULUMI_HOME: path.join(shared, "home"),
    };
    const settings = {
      test: { prefix: "ci-test-", number: "+13175550181", terminationId: "acme-ci-test" },
      prod: { prefix: "ci-prod-", number: "+13175550182", terminationId: "acme-ci-prod" },
    };
    for (const [name, s] of Object.entries(settings)) {
      stacks[name] = await createTestStack(project, name, backend);
      await configureTestStack(stacks[name], project, { apiUrl: env.emulator.url, ...s });
    }
    // What a CI job has: the backend and passphrase from the secret store, nothing else of ours.
    ciEnv = {
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      HOME: shared,
      ...backend,
      PULUMI_CONFIG_PASSPHRASE: "test-passphrase",
      GITHUB_STEP_SUMMARY: path.join(shared, "summary.md"),
    };
  });
  afterAll(async () => {
    // No destroy: the emulator and every temp dir go away.
    for (const t of Object.values(stacks)) fs.rmSync(t.dir, { recursive: true, force: true });
    await env?.close();
    for (const d of [project, shared]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("up: creates each environment's stack; a drift check right after finds nothing", async () => {
    for (const name of ["test", "prod"]) {
      const r = await ci("up", name);
      expect(r.status).toBe(0);
      expect(r.all).toMatch(/6 created/);
    }
    const names = (await state()).locations.map((l) => l.name);
    expect(names).toEqual(expect.arrayContaining(["ci-test-HQ", "ci-prod-HQ"]));
    const drift = await ci("drift", "test");
    expect(drift.status).toBe(0);
    expect(drift.all).toMatch(/6 unchanged/);
    expect(drift.all).not.toContain("DRIFT");
  });

  it("drift: fails, naming the resource and field changed behind the stack's back, and writes nothing", async () => {
    const c = new GenesysClient({
      apiUrl: env.emulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    const loc = (await state()).locations.find((l) => l.name === "ci-prod-HQ")!;
    const current = await locations.get(c, loc.id);
    await locations.patch(c, loc.id, { name: "renamed in the UI", version: current!.version! });

    await env.clearLog();
    const r = await ci("drift", "test", "prod");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /DRIFT in stack prod: .*\n {2}pulumi-nodejs:dynamic\/genesys:Location "byoc-location": update of name\n/,
    );
    expect(r.stderr).not.toContain("DRIFT in stack test");
    expect(fs.readFileSync(ciEnv.GITHUB_STEP_SUMMARY!, "utf8")).toMatch(
      /### Drift in stack `prod`\n\n```\npulumi-nodejs:dynamic\/genesys:Location "byoc-location": update of name\n```/,
    );
    expect(r.stdout).toMatch(/~ name\s*: "renamed in the UI" => "ci-prod-HQ"/);
    expect((await env.log()).filter((q) => q.method !== "GET" && !q.path.endsWith("/search"))).toEqual([]);
    expect((await state()).locations.find((l) => l.id === loc.id)?.name).toBe("renamed in the UI");
  });

  it("preview --diff: shows each stack's plan, with the changed field", async () => {
    await stacks.test.stack.setConfig("location.street1", { value: "1 Monument Circle" }, true);
    const r = await ci("preview", "test", "prod");
    expect(r.status).toBe(0);
    const [test, prod] = r.stdout.split("::group::scripts/ci.sh preview prod");
    expect(test).toMatch(/~ pulumi-nodejs:dynamic\/genesys:Location: \(update\)/);
    expect(test).toMatch(/~ street1: "7601 Interactive Way" => "1 Monument Circle"/);
    expect(test).toMatch(/~ 2 to update/);
    // prod: no config change (a plain preview does not refresh, so the rename is the drift check's job).
    expect(prod).toMatch(/6 unchanged/);
  });

  it("passes POLICY_PACK on as --policy-pack", async () => {
    const missing = path.join(shared, "no-such-policy-pack");
    const saved = ciEnv;
    ciEnv = { ...ciEnv, POLICY_PACK: missing };
    try {
      const r = await ci("preview", "prod");
      expect(r.status).not.toBe(0);
      expect(r.all).toContain(missing);
    } finally {
      ciEnv = saved;
    }
  });

  it("with POLICY_PACK=policy the prod preview passes the project's pack: Location and Site are protected by default", async () => {
    fs.cpSync(path.join(PROJECT_DIR, "policy"), path.join(project, "policy"), {
      recursive: true,
      filter: (src) => !src.includes("node_modules"),
    });
    const saved = ciEnv;
    ciEnv = { ...ciEnv, POLICY_PACK: "policy" };
    try {
      const r = await ci("preview", "prod");
      expect(r.status).toBe(0);
      expect(r.all).toMatch(/Policy Packs run:[\s\S]*genesys-byoc\|local\|policy/);
      // Turned off, the same pack stops the preview, naming the rule and the setting to change.
      await stacks.prod.stack.setConfig("protect", { value: "false" });
      const off = await ci("preview", "prod");
      expect(off.status).not.toBe(0);
      expect(off.all).toMatch(/protect-in-production/);
      expect(off.all).toContain("pulumi config set genesys-byoc:protect true");
    } finally {
      ciEnv = saved;
      await stacks.prod.stack.removeConfig("protect");
    }
  });

  it("masks every secret in every output", () => {
    const all = [...outputs, fs.readFileSync(ciEnv.GITHUB_STEP_SUMMARY!, "utf8")].join("\n");
    expect(all.length).toBeGreaterThan(1000);
    expect(all).not.toContain(TEST_SIP_PASSWORD);
    expect(all).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(all).not.toContain("test-passphrase");
  });
});
