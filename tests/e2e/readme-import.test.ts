/**
 * The "Import an existing org" commands (docs/import.md) run as written on a fresh copy of the project,
 * with a fresh HOME and no Pulumi or Genesys environment, against a brownfield org on the emulator
 * (tests/helpers/brownfield.ts: sites named Indianapolis and London, as the block names them).
 * As in readme.test.ts: the prompting commands are fed their value on stdin, `npm ci` is skipped
 * (the copy has node_modules), and the emulator stands in for the org: after the README's
 * `config set genesys:region us_east_1` the region is swapped for the emulator's `genesys:apiUrl`.
 * The state backend is the local one the "Using it against a real org" section logs in to, as a
 * user who followed it has. Each command runs on its own (with the block's `export` lines before
 * it), so its exit status and its API requests are its own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { buildBrownfield, PASSWORDS, type Brownfield } from "../helpers/brownfield";
import { sdkClient } from "../helpers/emulator";
import { orgShape, orgState } from "../helpers/org";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, type ProviderEnv } from "../helpers/providers";
import { newUserShell, shBlock, shBlocks } from "../helpers/readme";
import { run, type RunResult } from "../helpers/run";

jest.setTimeout(600_000);

const SECTION = "## Import an existing org";
const EDGES = "/api/v2/telephony/providers/edges";
/** The SIP password fed to the README's password command (a new one, so its PUT is visible). */
const NEW_PASSWORD = "readme-Digest-8080!";

/** What the prompting commands are fed, by the key they set. */
const PROMPTED: Record<string, string> = {
  "genesys:clientId": DEFAULT_CLIENT_ID,
  "genesys:clientSecret": DEFAULT_CLIENT_SECRET,
  "carriers.us-carrier.password": NEW_PASSWORD,
};

/** One command of a block as it ran: the README line, how it ended, the API requests it made. */
interface Step extends RunResult {
  line: string;
  calls: string[];
}

const isWrite = (call: string) => /^(POST|PUT|PATCH|DELETE) /.test(call);

describe("README: Import an existing org, run as written", () => {
  let env: ProviderEnv;
  let seeded: unknown;
  let ids: Brownfield;
  let project: string;
  let home: string;
  let shellEnv: NodeJS.ProcessEnv;
  /** The block's `export` lines: every later command runs after them, as in one shell. */
  const exports: string[] = [];
  const steps: Step[] = [];
  /** The steps of the import block, by a part of their line. */
  const step = (part: string) => {
    const found = steps.filter((s) => s.line.includes(part));
    if (found.length !== 1) throw new Error(`${found.length} commands ran with "${part}" (expected one)`);
    return found[0];
  };
  /** The import (not the dry run). */
  const importStep = () => {
    const found = steps.filter((s) => s.line.startsWith("npm run import") && !s.line.includes("--dry-run"));
    expect(found).toHaveLength(1);
    return found[0];
  };
  let imported = false;
  const afterImport = () => {
    if (!imported) throw new Error("the README's import block did not run through (see its test)");
  };

  /** Runs one command in the copy, after the `export` lines; records its requests. */
  const runStep = async (line: string, command = line): Promise<Step> => {
    await env.clearLog();
    const script = ["set -euo pipefail", ...exports, command].join("\n");
    const r = await run("bash", ["-c", script], { cwd: project, env: shellEnv });
    return { line, ...r, calls: await env.calls() };
  };

  /**
   * Runs a block's lines as the README's reader would type them: comments and `npm ci` skipped,
   * `export` lines kept for the later commands, a prompting command fed its value on stdin, and
   * `extra(line)` (stand-in commands) run right after the line. Stops at the first failure.
   */
  const runBlock = async (
    lines: string[],
    options: { rewrite?: (line: string) => string; extra?: (line: string) => string[] } = {},
  ): Promise<Step[]> => {
    const ran: Step[] = [];
    for (const line of lines) {
      if (line.startsWith("#")) continue;
      if (line === "npm ci") continue; // node_modules is linked into the copy already
      if (line.startsWith("export ")) {
        exports.push(line);
        continue;
      }
      const prompted = /# prompts/.test(line)
        ? Object.keys(PROMPTED).find((k) => line.includes(k))
        : undefined;
      if (/# prompts/.test(line) && !prompted) throw new Error(`no value to feed to: ${line}`);
      const command = options.rewrite?.(line) ?? line;
      const r = await runStep(line, prompted ? `printf '%s' '${PROMPTED[prompted]}' | ${command}` : command);
      ran.push(r);
      if (r.status !== 0) break;
      for (const more of options.extra?.(line) ?? []) {
        const x = await runStep(more);
        ran.push(x);
        if (x.status !== 0) return ran;
      }
    }
    return ran;
  };
  const failures = (ran: Step[]) =>
    ran.filter((s) => s.status !== 0).map((s) => ({ line: s.line, status: s.status, stderr: s.stderr }));

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR); // a new site's default route settles at once
    seeded = await orgShape(env);
    ids = await buildBrownfield(await sdkClient(env.emulator.url));
    project = copyCheckout();
    ({ home, env: shellEnv } = newUserShell("readme-import"));
  });
  afterAll(async () => {
    await env?.close();
    for (const d of [project, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("the brownfield has the sites the README's block names", async () => {
    expect((await env.log()).filter((q) => q.status >= 400)).toEqual([]);
    const block = shBlock(SECTION).join("\n");
    const sites = (await orgState(env)).sites.filter((s) => !s.managed && s.state !== "deleted");
    expect(sites.map((s) => s.name)).toEqual(["Indianapolis", "London"]);
    for (const s of sites) expect(block).toContain(`--site ${s.name}`);
  });

  it("the import block: every command exits 0, the import reads only, up writes nothing, preview --expect-no-changes passes", async () => {
    // The backend the README's real-org section logs in to (its `mkdir` and `login` lines).
    const login = shBlock("## Using it against a real org").filter(
      (l) => l.startsWith("mkdir ") || l.includes("pulumi -- login"),
    );
    expect(login).toHaveLength(2);
    const prelude = await runBlock(login);
    expect(failures(prelude)).toEqual([]);
    // The login is this shell's own (its PULUMI_HOME), not the user's.
    const credentials = JSON.parse(fs.readFileSync(path.join(home, ".pulumi", "credentials.json"), "utf8"));
    expect(credentials.current).toBe(`file://${home}/.pulumi-genesys`);

    const lines = shBlock(SECTION);
    const region = "npm run pulumi -- config set genesys:region us_east_1";
    expect(lines).toContain(region);
    const ran = await runBlock(lines, {
      // The one change for the stand-in org: the emulator's URL instead of the region.
      extra: (line) =>
        line === region
          ? [
              "npm run --silent pulumi -- config rm genesys:region",
              `npm run --silent pulumi -- config set genesys:apiUrl ${env.emulator.url}`,
            ]
          : [],
    });
    steps.push(...ran);
    expect(failures(ran)).toEqual([]);
    // Every command of the block ran (the comments and `npm ci` aside).
    const commands = lines.filter((l) => !l.startsWith("#") && l !== "npm ci" && !l.startsWith("export "));
    expect(ran.map((s) => s.line).filter((l) => commands.includes(l))).toEqual(commands);

    // The import reads the org and nothing else; the dry run writes no file either.
    const dry = step("--dry-run");
    const real = importStep();
    for (const s of [dry, real]) {
      expect(s.calls.length).toBeGreaterThan(0);
      expect(s.calls.filter(isWrite)).toEqual([]);
    }
    expect(dry.stdout).toContain("--dry-run: nothing written");
    expect(dry.stdout).toContain(ids.sites.london);
    const config = fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8");
    for (const id of [ids.sites.indianapolis, ids.sites.london, ids.trunks["us-carrier"], ids.pool])
      expect(config).toContain(`adoptId: ${id}`);
    expect(config).not.toContain(DEFAULT_CLIENT_SECRET);
    for (const pw of Object.values(PASSWORDS)) expect(config).not.toContain(pw);

    // The first up takes every object over and writes nothing to Genesys.
    const up = step("-- up --yes");
    expect(up.calls.length).toBeGreaterThan(0);
    expect(up.calls.filter(isWrite)).toEqual([]);
    expect(up.stdout).toContain("adopted the existing");
    expect(step("--expect-no-changes").status).toBe(0);
    imported = true;
  });

  it("the password block: the prompted password is one PUT, of that trunk", async () => {
    afterImport();
    const blocks = shBlocks(SECTION);
    expect(blocks).toHaveLength(2);
    const [setPassword, up] = blocks[1];
    expect(blocks[1]).toHaveLength(2);
    // The import printed the command for this very key.
    const key = /--path '([^']+)'/.exec(setPassword)![1];
    expect(importStep().stdout).toContain(
      `pulumi config set --secret --path '${key}' <password> --stack prod`,
    );

    // `up` asks to confirm, and refuses to when no one is at a terminal: the reader says yes.
    expect(up).toBe("npm run pulumi -- up");
    const ran = await runBlock(blocks[1], { rewrite: (l) => (l === up ? `${l} --yes` : l) });
    expect(failures(ran)).toEqual([]);
    expect(ran.map((s) => s.line)).toEqual(blocks[1]);
    expect(ran[1].calls.filter(isWrite)).toEqual([
      `PUT ${EDGES}/trunkbasesettings/${ids.trunks["us-carrier"]}`,
    ]);

    const us = (await orgState(env)).trunkBases.find((t) => t.id === ids.trunks["us-carrier"])!;
    expect(us.properties?.trunk_sip_authentication_credentials_password?.value?.instance).toBe(NEW_PASSWORD);
    for (const s of ran) expect(s.stdout + s.stderr).not.toContain(NEW_PASSWORD);
    expect(fs.readFileSync(path.join(project, "Pulumi.prod.yaml"), "utf8")).not.toContain(NEW_PASSWORD);
  });

  it("clean-up: on this prod stack, protect off, up, destroy leaves the org as seeded", async () => {
    afterImport();
    const ran: Step[] = [];
    for (const line of [
      "npm run --silent pulumi -- config set genesys-byoc:protect false",
      "npm run --silent pulumi -- up --yes",
      "npm run --silent pulumi -- destroy --yes",
    ]) {
      ran.push(await runStep(line));
      if (ran[ran.length - 1].status !== 0) break;
    }
    expect(failures(ran)).toEqual([]);
    expect(ran[1].calls.filter(isWrite)).toEqual([]); // protect is Pulumi's, not Genesys's
    expect(await orgShape(env)).toEqual(seeded);
  });
});
