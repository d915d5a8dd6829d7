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
 * process group, or the project's temp dir in their command line) and killed.
 */
import { ChildProcess, spawn } from "node:child_process";
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

/** Processes (pid and command line) still running from the killed CLI: same process group, or the project dir in their command line. */
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
      if (Number(fields[2]) === pgid || marks.some((m) => cmd.includes(m))) out.push({ pid, cmd });
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

describe.each(STEPS)("`pulumi up` killed while the $step POST is held", ({ step, post, kind, prefix }) => {
  let f: E2E;
  const onOutput = () => undefined;
  const stackName = `kill-${step}`;

  beforeAll(async () => {
    f = await e2e(stackName);
    await f.configure(config(prefix));
  });
  afterAll(async () => f?.dispose());

  it("converges with `pulumi cancel` (if locked) and `pulumi up`; destroy leaves the org as seeded", async () => {
    await arm(f.env, [`POST ${post}`], { delayMs: HOLD_MS });
    const up = startUp(f, stackName);
    const pgid = up.proc.pid!;
    const pattern = new RegExp(`^${post.replace(/\*/g, "[^/]+")}$`);
    const held = async () => {
      const { requests } = (await f.env.admin("GET", "/_emulator/requests")) as {
        requests: { method: string; path: string; status: number }[];
      };
      return requests.find((r) => r.method === "POST" && pattern.test(r.path));
    };
    const arrived = await until(`the ${step} POST`, held, up);
    process.kill(pgid, "SIGKILL"); // the CLI only, as `kill -9 <pid of pulumi>` does
    expect(arrived.status).toBe(0); // still held: the kill landed before the create
    expect((await countPrefixed(f.env, prefix))[kind]).toBe(0);

    // The plugins (language host, program, dynamic provider) outlive the CLI: find and end them.
    const marks = [f.project, f.t.dir];
    const left = leftovers(pgid, marks);
    for (const p of left) process.kill(p.pid, "SIGKILL");
    expect(leftovers(pgid, marks).filter((p) => p.pid !== pgid)).toEqual([]);

    // The emulator finishes the held create on its own.
    const ours = async () =>
      (await orgState(f.env))[kind].filter((o) => o.name.startsWith(prefix) && o.state !== "deleted");
    const made = await until(`the ${step} to exist`, async () => (await ours())[0]);
    expect((await held())?.status).toBe(200);

    // What the user runs: `pulumi up`; if Pulumi says the stack is locked, `pulumi cancel`, then `up`.
    const steps: string[] = [];
    let result;
    try {
      result = await f.t.stack.up({ onOutput });
      steps.push("up");
    } catch (err) {
      const text = String(err);
      expect(text).toMatch(/pulumi cancel/);
      steps.push("up (locked)");
      await f.t.stack.cancel();
      steps.push("cancel");
      result = await f.t.stack.up({ onOutput });
      steps.push("up");
    }
    expect(result.stdout + result.stderr).toMatch(/pending operations from previous deployment/);
    expect(await countPrefixed(f.env, prefix)).toEqual({
      locations: 1,
      sites: 1,
      trunkBases: 1,
      outboundRoutes: 1,
    });
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 5 });
    // The object the killed run made is the one the stack manages now (not a replacement).
    expect((await ours()).map((o) => o.id)).toEqual([made.id]);
    process.stdout.write(
      `kill at ${step}: recovered with ${steps.join(" → ")}; outlived the CLI: ${left.map((p) => p.cmd.slice(0, 80)).join(" | ") || "none"}\n`,
    );

    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});
