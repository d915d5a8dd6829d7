/**
 * The real-org commands (docs/deploying.md) run as written on a fresh copy of the project, with a fresh HOME
 * and no Pulumi environment: login to a local backend, stack init, every `config set` (the
 * prompting ones fed their value on stdin), up to the first command that needs a real org. Then
 * the emulator stands in for the org, and the Environments section's one preview command shows
 * the plan with the preflight's GETs as the only API traffic.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { newUserShell, shBlock } from "../helpers/readme";
import { run } from "../helpers/run";

jest.setTimeout(600_000);

/** What the prompting commands are fed, by the key they set. */
const PROMPTED: Record<string, string> = {
  "genesys:clientId": DEFAULT_CLIENT_ID,
  "genesys:clientSecret": DEFAULT_CLIENT_SECRET,
  "sipTrunk.password": "sip-pa55word-from-a-prompt",
};

describe("README: using it against a real org", () => {
  let env: ProviderEnv;
  let project: string;
  let home: string;
  let shellEnv: NodeJS.ProcessEnv;
  const sh = (script: string) => run("bash", ["-c", script], { cwd: project, env: shellEnv });

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    project = copyCheckout();
    ({ home, env: shellEnv } = newUserShell("readme"));
  });
  afterAll(async () => {
    await env?.close();
    for (const d of [project, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("runs every command up to the first one that needs a real org", async () => {
    const lines = shBlock("## Using it against a real org");
    const stop = lines.findIndex((l) => l.includes("# from here on: a real org"));
    expect(stop).toBeGreaterThan(5);
    const script = ["set -euo pipefail"];
    for (const line of lines.slice(0, stop)) {
      if (line.startsWith("#")) continue;
      if (line === "npm ci") continue; // node_modules is linked into the copy already
      const prompted = /# prompts:/.test(line)
        ? Object.keys(PROMPTED).find((k) => line.includes(k))
        : undefined;
      script.push(prompted ? `printf '%s' '${PROMPTED[prompted]}' | ${line}` : line);
    }
    const r = await sh(script.join("\n"));
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });

    const config = fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8");
    expect(config).toContain('number: "+13175550100"');
    expect(config).toContain('zipcode: "46278"');
    expect(config).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(config).not.toContain(PROMPTED["sipTrunk.password"]);
    expect(fs.readdirSync(path.join(home, ".pulumi-genesys"))).not.toEqual([]);
    // The login is this shell's own (its PULUMI_HOME), not the user's.
    const credentials = JSON.parse(fs.readFileSync(path.join(home, ".pulumi", "credentials.json"), "utf8"));
    expect(credentials.current).toBe(`file://${home}/.pulumi-genesys`);
  });

  it("previews the stack against the stand-in org: a full plan, and only the preflight's reads", async () => {
    // The one change for the stand-in: the emulator's URL instead of the region.
    const passphrase = shBlock("## Using it against a real org").find((l) =>
      l.startsWith("export PULUMI_CONFIG_PASSPHRASE="),
    )!;
    const swap = await sh(
      `set -e; ${passphrase}\n` +
        "npm run --silent pulumi -- config rm genesys:region\n" +
        `npm run --silent pulumi -- config set genesys:apiUrl ${env.emulator.url}`,
    );
    expect(swap.status).toBe(0);

    const preview = shBlock("## Environments").find((l) => l.includes("preview"))!;
    expect(preview).toBe("npm run pulumi -- preview --diff --stack prod");
    await env.clearLog();
    const r = await sh(`${passphrase}\n${preview}`);
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout).toMatch(/\+ 6 to create/);
    expect(r.stdout).toContain("prod-Indianapolis HQ");
    expect(r.stdout).not.toContain(PROMPTED["sipTrunk.password"]);
    const calls = (await env.log()).map((q) => `${q.method} ${q.path}`);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.startsWith("GET "))).toEqual([]);
  });
});
