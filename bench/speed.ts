/**
 * Speed at every scale (`BENCH_ONLY=speed npm run bench`): the estate a side-by-side run with
 * Genesys's Terraform provider used, through the project's stack program and the real `pulumi`
 * CLI, at 1, 10 and 50 sites, against an emulator with 100 ms of latency per request and its
 * default 5 s settle of a new site's Default Outbound Route. Per site: a location, a site, a BYOC
 * carrier trunk whose inbound site is that site, and the site's default route carrying the trunk.
 *
 * Per verb (`up` with its preview, as users run it; a no-op preview; `preview --refresh`;
 * `destroy`): wall time, time to the first write (from the CLI's start to the first POST, PUT or
 * DELETE the emulator receives), calls, tokens and 429s. For `up`: each fresh site's route PUT
 * after that site's settle, how many bindings worked at once, and how long after the last trunk
 * every binding was at work. Each speed target with its figure and whether it is met.
 *
 * Writes bench/results-speed.md with the load average before and after: a run on a loaded
 * machine is marked so. Environment: BENCH_SPEED_SITES (default "1,10,50"), BENCH_LATENCY_MS
 * (default 100), BENCH_SPEED_REPEATS (no-op previews per size, median; default 3),
 * BENCH_SPEED_LOG_DIR (write each verb's request log there).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_ROUTE_SETTLE_MS,
  startEmulator,
  type EmulatorState,
  type RequestLogEntry,
  type RunningEmulator,
} from "../emulator";
import {
  clearRequests,
  copyProject,
  floorProject,
  median,
  newStack,
  pulumiBin,
  requests,
  say,
  traffic,
  Workspace,
  type Traffic,
} from "./stack";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const SIZES = (process.env.BENCH_SPEED_SITES ?? "1,10,50").split(",").filter(Boolean).map(Number);
const REPEATS = Number(process.env.BENCH_SPEED_REPEATS ?? 3);
const RATE = 300;
/** A directory to write each verb's request log to (seconds from the CLI's start, method, path, status). */
const LOG_DIR = process.env.BENCH_SPEED_LOG_DIR;
/** A machine whose 1-minute load average is above its cores is loaded: its seconds are inflated. */
const LOADED = () => os.loadavg()[0] > os.cpus().length;

/** One verb's figures. */
export interface VerbRun extends Traffic {
  verb: string;
  seconds: number;
  /** Seconds from the CLI's start to the first write the emulator received; undefined without one. */
  firstWrite?: number;
}

/** The settle figures of one `up` (from the emulator's request log and its sites). */
export interface SettleFigures {
  /** Per fresh site: seconds from its default route's settle to the arrival of its route PUT. */
  putAfterSettle: number[];
  /** The most bindings at work at once (from a binding's first look at its site's routes to its PUT). */
  concurrentBindings: number;
  /** Seconds from the last trunk's POST to the last binding's first look at its routes. */
  bindingsAfterLastTrunk: number;
}

/** The stack config of an estate of `n` sites (the comparison's shape). */
export function speedEstateConfig(url: string, n: number): string {
  const sites: Record<string, unknown> = {};
  const carriers: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    carriers[`c${i}`] = {
      externalTrunkName: `Carrier ${i}`,
      sipServers: [`sip${i}.carrier.example`],
      inboundSipTerminationIdentifier: `bench-speed-${i}`,
      inboundSite: `s${i}`,
    };
    sites[`s${i}`] = {
      location: {
        name: `Office ${i}`,
        number: `+1317555${String(1000 + i)}`,
        street1: `${i + 1} Main St`,
        city: "Indianapolis",
        country: "US",
      },
      site: { name: `Site ${i}` },
      routes: [{ carriers: [`c${i}`] }],
    };
  }
  return [
    "config:",
    `  genesys:apiUrl: ${url}`,
    `  genesys:clientId: ${DEFAULT_CLIENT_ID}`,
    "  genesys-byoc:namePrefix: bench-",
    `  genesys-byoc:carriers: ${JSON.stringify(carriers)}`,
    `  genesys-byoc:sites: ${JSON.stringify(sites)}`,
    "",
  ].join("\n");
}

const isWrite = (r: RequestLogEntry) => r.method !== "GET" && r.path !== "/oauth/token";
const at = (r: RequestLogEntry) => Date.parse(r.time);

/** Runs `args` in `ws`, timing it from the CLI's start, with the emulator's traffic. */
async function timed(ws: Workspace, emu: RunningEmulator, verb: string, args: string[]): Promise<VerbRun> {
  await clearRequests(emu);
  const t0 = Date.now();
  const seconds = await ws.pulumi(args);
  const log = await requests(emu);
  if (LOG_DIR) {
    const lines = log.map((r) => `${((at(r) - t0) / 1000).toFixed(3)} ${r.method} ${r.path} ${r.status}`);
    fs.writeFileSync(path.join(LOG_DIR, `${verb.replace(/\W+/g, "-")}.log`), lines.join("\n") + "\n");
  }
  const writes = log.filter(isWrite).map(at);
  const firstWrite = writes.length ? (Math.min(...writes) - t0) / 1000 : undefined;
  const run = { verb, seconds, firstWrite, ...traffic(log) };
  say(
    `${verb}: ${seconds.toFixed(1)} s, first write ${firstWrite?.toFixed(1) ?? "–"} s, ${run.calls} calls, ` +
      `${run.tokens} tokens, ${run.throttled} × 429; load ${os.loadavg()[0].toFixed(2)}`,
  );
  return run;
}

/** The settle figures of the `up` whose request log is `log`, on the emulator whose state is `state`. */
export function settleFigures(log: RequestLogEntry[], state: EmulatorState, settleMs: number): SettleFigures {
  const routesOf = (p: string) => /\/sites\/([^/]+)\/outboundroutes(\/|$)/.exec(p)?.[1];
  const putAfterSettle: number[] = [];
  const spans: [number, number][] = [];
  for (const site of state.sites) {
    const mine = log.filter((r) => routesOf(r.path) === site.id);
    const put = mine.find((r) => r.method === "PUT");
    const look = mine.find((r) => r.method === "GET");
    if (!put || !look) continue;
    putAfterSettle.push((at(put) - (Date.parse(site.dateCreated) + settleMs)) / 1000);
    spans.push([at(look), at(put)]);
  }
  let concurrentBindings = 0;
  for (const [start] of spans)
    concurrentBindings = Math.max(
      concurrentBindings,
      spans.filter(([s, e]) => s <= start && start < e).length,
    );
  const trunks = log.filter((r) => r.method === "POST" && r.path.endsWith("/trunkbasesettings")).map(at);
  const lastTrunk = trunks.length ? Math.max(...trunks) : NaN;
  const lastStart = spans.length ? Math.max(...spans.map(([s]) => s)) : NaN;
  return { putAfterSettle, concurrentBindings, bindingsAfterLastTrunk: (lastStart - lastTrunk) / 1000 };
}

/** The figures of one estate size. */
export interface SizeRow {
  sites: number;
  up: VerbRun;
  settle: SettleFigures;
  noopPreview: VerbRun;
  refreshPreview: VerbRun;
  destroy: VerbRun;
}

async function sizeCase(bin: string, n: number): Promise<SizeRow> {
  const emu = await startEmulator({ latencyMs: LATENCY_MS, rateLimitPerMinute: RATE });
  const ws = new Workspace(copyProject(), bin);
  try {
    await newStack(ws);
    fs.writeFileSync(path.join(ws.dir, `Pulumi.${ws.stack}.yaml`), speedEstateConfig(emu.url, n));
    await ws.pulumi(["config", "set", "--secret", "genesys:clientSecret", DEFAULT_CLIENT_SECRET]);
    say(`speed: ${n} sites`);
    const up = await timed(ws, emu, `${n} sites: up`, ["up", "--yes"]);
    const log = await requests(emu);
    const state = (await (await fetch(`${emu.url}/_emulator/state`)).json()) as EmulatorState;
    const settle = settleFigures(log, state, DEFAULT_ROUTE_SETTLE_MS);
    const previews: VerbRun[] = [];
    for (let i = 0; i < REPEATS; i++)
      previews.push(await timed(ws, emu, `${n} sites: no-op preview`, ["preview", "--expect-no-changes"]));
    const noopPreview = { ...previews[0], seconds: median(previews.map((p) => p.seconds)) };
    const refreshPreview = await timed(ws, emu, `${n} sites: preview --refresh`, [
      "preview",
      "--refresh",
      "--expect-no-changes",
    ]);
    const destroy = await timed(ws, emu, `${n} sites: destroy`, ["destroy", "--yes"]);
    return { sites: n, up, settle, noopPreview, refreshPreview, destroy };
  } finally {
    ws.dispose();
    await emu.close();
  }
}

/** The one-resource program's no-op preview (median of {@link REPEATS}): the yardstick of the first write. */
async function floorPreview(bin: string): Promise<number> {
  const floor = new Workspace(floorProject(), bin);
  try {
    await newStack(floor);
    await floor.pulumi(["config", "set", "value", "a"]);
    await floor.pulumi(["up", "--yes", "--skip-preview"]);
    const runs: number[] = [];
    for (let i = 0; i < REPEATS; i++) runs.push(await floor.pulumi(["preview"]));
    say(`one-resource program: preview ${median(runs).toFixed(1)} s`);
    return median(runs);
  } finally {
    floor.dispose();
  }
}

const f1 = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? "–" : x.toFixed(1));
const f2 = (x: number) => x.toFixed(2);
const mark = (ok: boolean) => (ok ? "yes" : "**no**");

/** Runs the sizes and writes bench/results-speed.md. */
export async function main(): Promise<void> {
  const bin = pulumiBin();
  const started = new Date();
  const loadBefore = os.loadavg();
  const floor = await floorPreview(bin);
  const rows: SizeRow[] = [];
  for (const n of SIZES) rows.push(await sizeCase(bin, n));
  const floorAfter = await floorPreview(bin);
  const loadAfter = os.loadavg();
  const loaded = loadBefore[0] > os.cpus().length || LOADED();
  const lines = [
    `# Benchmark results: speed at every scale${loaded ? " (LOADED machine)" : ""}`,
    "",
    `Date: ${started.toISOString()}  `,
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB  `,
    `Load average (1/5/15 min) before: ${loadBefore.map(f2).join(" / ")}, after: ${loadAfter.map(f2).join(" / ")}` +
      `${loaded ? " — **loaded**: the seconds are inflated; compare the ratios, all measured in this one run" : ""}  `,
    `Emulator: ${LATENCY_MS} ms latency per request, ${RATE} requests/minute per token, a new site's default route ` +
      `settles ${DEFAULT_ROUTE_SETTLE_MS / 1000} s after the site is created. One-resource program's preview: ` +
      `${f1(floor)} s before the sizes, ${f1(floorAfter)} s after. Produced by \`BENCH_ONLY=speed npm run bench\`.`,
    "",
    "Per site: a location, a site, a BYOC carrier trunk whose inbound site is that site, and the site's default " +
      "route carrying the trunk. `up` runs with its preview, as users run it; the no-op preview is the median of " +
      `${REPEATS}. First write: seconds from the CLI's start to the first POST, PUT or DELETE.`,
    "",
    "| sites | verb | s | first write s | calls | tokens | 429s |",
    "|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    for (const v of [r.up, r.noopPreview, r.refreshPreview, r.destroy]) {
      const verb = v.verb.replace(/^\d+ sites: /, "");
      lines.push(
        `| ${r.sites} | ${verb} | ${f1(v.seconds)} | ${f1(v.firstWrite)} | ${v.calls} | ${v.tokens} | ${v.throttled} |`,
      );
    }
  }
  lines.push(
    "",
    "| sites | route PUT after its site's settle, s (min / median / max) | bindings at work at once | last binding at work after the last trunk, s |",
    "|---:|---|---:|---:|",
  );
  for (const r of rows) {
    const p = [...r.settle.putAfterSettle].sort((a, b) => a - b);
    lines.push(
      `| ${r.sites} | ${p.length ? `${f2(p[0])} / ${f2(median(p))} / ${f2(p[p.length - 1])}` : "–"} | ` +
        `${r.settle.concurrentBindings} | ${f2(r.settle.bindingsAfterLastTrunk)} |`,
    );
  }
  const bySize = new Map(rows.map((r) => [r.sites, r]));
  const one = bySize.get(1);
  const ten = bySize.get(10);
  const fifty = bySize.get(50);
  lines.push("", "## Targets", "", "| target | figure | met |", "|---|---|---|");
  const yard = median([floor, floorAfter]);
  for (const r of rows) {
    const ratio = (r.up.firstWrite ?? NaN) / yard;
    lines.push(
      `| ${r.sites} sites: time to first write ≤ 1.2 × a one-resource program's preview | ` +
        `${f2(ratio)} × (${f1(r.up.firstWrite)} s vs ${f1(yard)} s) | ${mark(ratio <= 1.2)} |`,
    );
  }
  for (const r of rows) {
    const worst = Math.max(...r.settle.putAfterSettle);
    lines.push(
      `| ${r.sites} sites: each fresh site's route PUT ≤ 0.5 s after its settle | worst ${f2(worst)} s | ${mark(worst <= 0.5)} |`,
    );
  }
  if (ten) {
    const s = ten.settle.bindingsAfterLastTrunk;
    lines.push(
      `| all bindings of a 10-site estate at work within 1 s of the last trunk | ${f2(s)} s (${ten.settle.concurrentBindings} at once) | ${mark(s <= 1)} |`,
    );
  }
  if (one && fifty) {
    const ratio = fifty.noopPreview.seconds / one.noopPreview.seconds;
    lines.push(
      `| no-op preview of 50 sites ≤ 1.5 × that of 1 site | ${f2(ratio)} × (${f1(fifty.noopPreview.seconds)} s vs ${f1(one.noopPreview.seconds)} s) | ${mark(ratio <= 1.5)} |`,
    );
    const refresh = fifty.refreshPreview.seconds / fifty.noopPreview.seconds;
    lines.push(
      `| (measured, no target) 50 sites: preview --refresh against the plain preview | ${f2(refresh)} × (${f1(fifty.refreshPreview.seconds)} s vs ${f1(fifty.noopPreview.seconds)} s) | – |`,
    );
  }
  lines.push("");
  const md = lines.join("\n");
  fs.writeFileSync(path.join(__dirname, "results-speed.md"), md);
  console.log(md);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
