/**
 * A killed `pulumi up` recovers with Pulumi's own commands, through the real CLI.
 *
 * For each writing step of `up` (location, site, trunk, route): the emulator holds that POST
 * (a delay rule), the test SIGKILLs the `pulumi up` process once the POST has arrived, the
 * emulator then finishes the create on its own. What the user runs next is what Pulumi prints:
 * `pulumi cancel` when the stack is still locked, then `pulumi up`, which warns about the pending
 * create and adopts the object this stack made (its ownership tag, resources/common/ownership.ts)
 * instead of failing on its name. Then: exactly one object of each kind, a clean preview, and
 * `destroy` leaves the org as seeded. The CLI's plugin processes that outlive it are found (its
 * process group, or the project's temp dir as their working directory or in their command line)
 * and killed. A last schedule follows the other path Pulumi's warning suggests: `pulumi refresh
 * --import-pending-creates` exits 0 but leaves the trunk unmanaged; the next `up` adopts it.
 */
import { ChildProcess, spawn, SpawnOptions } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { setTimeout as pause } from "node:timers/promises";
import { arm, E2E, e2e } from "../helpers/e2e";
import { countPrefixed, orgShape, orgState } from "../helpers/org";
import { pulumiBinDir } from "../helpers/pulumi";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";
/** Long enough that the kill always lands while the POST is held; short enough to wait out. */
const HOLD_MS = 8_000;
/** Between two probes of the emulator (a poll interval: every wait below is for a condition). */
const POLL_MS = 100;

const config = (prefix: string) => ({
  namePrefix: prefix,
  location: { name: "HQ", number: "+13175550143", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site", description: "1 Main St" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: `${prefix.replace(/-$/, "")}-term`,
  },
  route: { name: "Route" },
});

type Kind = "locations" | "sites" | "trunkBases" | "outboundRoutes";

/** One schedule: the POST that is held, and where its object shows up. */
const STEPS: { step: string; post: string; kind: Kind; prefix: string }[] = [
  { step: "location", post: "/api/v2/locations", kind: "locations", prefix: "kl-" },
  { step: "site", post: `${EDGES}/sites`, kind: "sites", prefix: "ks-" },
  { step: "trunk", post: `${EDGES}/trunkbasesettings`, kind: "trunkBases", prefix: "kt-" },
  { step: "route", post: `${EDGES}/sites/*/outboundroutes`, kind: "outboundRoutes", prefix: "kr-" },
];

/** Polls `probe` until it returns something; fails if `child` exits first or after 5 minutes. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, child?: Running): Promise<T> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (child?.exited) throw new Error(`pulumi up exited before ${what}:\n${child.output.join("")}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(POLL_MS);
  }
}

interface Running {
  proc: ChildProcess;
  output: string[];
  exited: boolean;
}

/** `pulumi up` as a user starts it in a shell, in a process group of its own. */
function startUp(f: E2E, stackName: string): Running {
  const env = { ...process.env, ...f.t.stack.workspace.envVars } as NodeJS.ProcessEnv;
  const proc = spawn(
    path.join(pulumiBinDir(), "pulumi"),
    ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stackName],
    { cwd: f.project, env, detached: true, stdio: ["ignore", "pipe", "pipe"] },
  );
  const r: Running = { proc, output: [], exited: false };
  proc.stdout!.on("data", (d: Buffer) => r.output.push(d.toString()));
  proc.stderr!.on("data", (d: Buffer) => r.output.push(d.toString()));
  proc.on("exit", () => (r.exited = true));
  return r;
}

/** Runs a command to its end without blocking this process (which hosts the emulator). */
function run(
  cmd: string,
  args: string[],
  opts: SpawnOptions,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { ...opts, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    p.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    p.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * Processes (pid and command line) still running from the killed CLI: its process group (the
 * language host and the program), or the project dir as working directory or in the command line
 * (the dynamic provider and its shim `pulumi-resource-pulumi-nodejs` run in a group of their own).
 */
function leftovers(pgid: number, marks: string[]): { pid: number; cmd: string }[] {
  const out: { pid: number; cmd: string }[] = [];
  for (const e of fs.readdirSync("/proc")) {
    const pid = Number(e);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue; // a zombie is already dead
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      const inDir = (m: string) => cmd.includes(m) || cwd === m || cwd.startsWith(`${m}/`);
      if (Number(fields[2]) === pgid || marks.some(inDir)) out.push({ pid, cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

type Step = (typeof STEPS)[number];
type Obj = { id: string; name: string };

/** The live objects of `kind` named with `prefix`. */
async function ours(f: E2E, { kind, prefix }: Step): Promise<Obj[]> {
  return (await orgState(f.env))[kind].filter((o) => o.name.startsWith(prefix) && o.state !== "deleted");
}

/**
 * Starts `pulumi up`, SIGKILLs the CLI once the step's POST is held, ends the processes that
 * outlived it, and waits until the emulator has finished the create. Returns the object it made
 * and the command lines of the processes that outlived the CLI.
 */
async function killWhileHeld(f: E2E, stackName: string, s: Step): Promise<{ made: Obj; left: string[] }> {
  await arm(f.env, [`POST ${s.post}`], { delayMs: HOLD_MS });
  const up = startUp(f, stackName);
  const pgid = up.proc.pid!;
  const pattern = new RegExp(`^${s.post.replace(/\*/g, "[^/]+")}$`);
  const held = async () => {
    const { requests } = (await f.env.admin("GET", "/_emulator/requests")) as {
      requests: { method: string; path: string; status: number }[];
    };
    return requests.find((r) => r.method === "POST" && pattern.test(r.path));
  };
  const arrived = await until(`the ${s.step} POST`, held, up);
  process.kill(pgid, "SIGKILL"); // the CLI only, as `kill -9 <pid of pulumi>` does
  expect(arrived.status).toBe(0); // still held: the kill landed before the create
  expect(await ours(f, s)).toEqual([]);

  // The plugins (language host, program, dynamic provider) may outlive the CLI: find and end them.
  const marks = [f.project, f.t.dir];
  const left = leftovers(pgid, marks);
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGKILL");
    } catch (err) {
      // It ended by itself between the listing and the kill (its parent, the CLI, is gone).
      if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
    }
  }
  await until("the leftover processes to end", async () =>
    leftovers(pgid, marks).length ? undefined : true,
  );

  // The emulator finishes the held create on its own.
  const made = await until(`the ${s.step} to exist`, async () => (await ours(f, s))[0]);
  expect((await held())?.status).toBe(200);
  return { made, left: left.map((p) => p.cmd.replace(/^(\S*\/)?(\S+)\s+(\S+).*$/, "$2 $3")) };
}

/** After recovery: one object of each kind, the one the killed run made among them, nothing to change. */
async function expectConverged(f: E2E, s: Step, made: Obj): Promise<void> {
  expect(await countPrefixed(f.env, s.prefix)).toEqual({
    locations: 1,
    sites: 1,
    trunkBases: 1,
    outboundRoutes: 1,
  });
  expect((await ours(f, s)).map((o) => o.id)).toEqual([made.id]); // adopted, not replaced
  expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
}

describe.each(STEPS)("`pulumi up` killed while the $step POST is held", (s) => {
  let f: E2E;
  const onOutput = () => undefined;
  const stackName = `kill-${s.step}`;

  beforeAll(async () => {
    f = await e2e(stackName);
    await f.configure(config(s.prefix));
  });
  afterAll(async () => {
    await f?.t.stack.cancel().catch(() => undefined); // a test that failed may leave the lock
    await f?.dispose();
  });

  it("converges with `pulumi up` → (locked) `pulumi cancel` → `pulumi up`; destroy leaves the org as seeded", async () => {
    const { made, left } = await killWhileHeld(f, stackName, s);

    // What the user runs: `pulumi up`; Pulumi says the stack is locked and to run `pulumi cancel`.
    await expect(f.t.stack.up({ onOutput })).rejects.toThrow(/locked[\s\S]*pulumi cancel/);
    await f.t.stack.cancel();
    const result = await f.t.stack.up({ onOutput });
    expect(result.stdout + result.stderr).toMatch(/pending operations from previous deployment/);
    await expectConverged(f, s, made);
    process.stdout.write(`kill at ${s.step}: outlived the CLI: ${left.join(" | ") || "none"}\n`);

    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});

describe("`pulumi refresh --import-pending-creates` after a killed up", () => {
  let f: E2E;
  const onOutput = () => undefined;
  const stackName = "kill-import";
  const s = { ...STEPS[2], prefix: "ki-" };

  beforeAll(async () => {
    f = await e2e(stackName);
    await f.configure(config(s.prefix));
  });
  afterAll(async () => {
    await f?.t.stack.cancel().catch(() => undefined); // a test that failed may leave the lock
    await f?.dispose();
  });

  it("exits 0 without managing the trunk (the CLI drops the import); the next `pulumi up` adopts it", async () => {
    const { made } = await killWhileHeld(f, stackName, s);
    await f.t.stack.cancel();
    const exported = await f.t.stack.exportStack();
    const pending = exported.deployment.pending_operations as { resource: { urn: string }; type: string }[];
    expect(pending.map((p) => p.type)).toEqual(["creating"]);
    const urn = pending[0].resource.urn;
    const cli = path.join(pulumiBinDir(), "pulumi");
    const env = { ...process.env, ...f.t.stack.workspace.envVars } as NodeJS.ProcessEnv;
    // Asynchronously: the emulator runs in this process and must keep answering meanwhile.
    const refresh = await run(
      cli,
      [
        "refresh",
        "--yes",
        "--non-interactive",
        "--stack",
        stackName,
        // The flag takes one value per occurrence: the URN, then the id.
        "--import-pending-creates",
        urn,
        "--import-pending-creates",
        made.id,
      ],
      { cwd: f.project, env },
    );
    const after = await f.t.stack.exportStack();
    expect(refresh.code).toBe(0);
    const resources = after.deployment.resources as { urn: string }[];
    // What the CLI (3.248) does: the pending CREATE became a pending IMPORT, and the refresh that
    // followed dropped it without a Read: the trunk is not in the state, no operation is pending.
    expect(resources.map((r) => r.urn)).not.toContain(urn);
    expect(after.deployment.pending_operations ?? []).toEqual([]);

    await f.t.stack.up({ onOutput });
    await expectConverged(f, s, made);
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});
