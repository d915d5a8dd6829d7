#!/usr/bin/env node
/**
 * CLI: `genesys-cloud-emulator [--port N] [--state-file PATH] [--ready-file PATH] [--latency-ms N]
 * [--rate-limit N] [--delete-lag-ms N] [--no-byoc] [--client ID:SECRET]` (the package's bin; in this repository also
 * `npm run emulator -- …`). Prints `Genesys Cloud emulator listening on http://127.0.0.1:PORT`.
 *
 * Both run node directly on the compiled JavaScript (no shell or TypeScript launcher in between),
 * so SIGTERM/SIGINT reach this process, which closes the server and exits 0.
 */
import * as fs from "node:fs";
import { parseArgs as parseFlags } from "node:util";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_DELETE_LAGS,
  DEFAULT_ROUTE_SETTLE_MS,
  startEmulator,
  type DeleteLags,
  type EmulatorOptions,
} from "./index";

const HELP = `Genesys Cloud Platform API emulator (BYOC slice), for the official SDK via setGateway().

Usage: genesys-cloud-emulator [options]   (in this repository: npm run emulator -- [options])

  --port N             TCP port on 127.0.0.1 (default 0 = pick a free port)
  --ready-file PATH    once listening, write {"url","port","pid"} as JSON to PATH (atomically: a
                       reader never sees a partial file), for scripts that wait for readiness
  --state-file PATH    persist the org to PATH (JSON snapshot, atomic writes); loaded at start,
                       created if missing; a corrupt file is reported and left untouched (exit 1)
  --latency-ms N       add N ms of latency to every API and login request (default 0)
  --rate-limit N       API requests per minute per access token before 429 (default 300)
  --token-rate-limit N token requests per minute per OAuth client before 400 "rate limit exceeded" (default 120)
  --token-ttl N        access-token lifetime in seconds (default 86400)
  --default-route-settle-ms N
                       a new site's Default Outbound Route takes its classifications N ms after the
                       site is created (default ${DEFAULT_ROUTE_SETTLE_MS}; 0: at once)
  --delete-lag-ms N    after a delete (or a move), the reference it ended still refuses DELETEs for
                       N ms, as the live service does while it catches up: sets the three below
                       (0: strongly consistent)
  --location-lag-ms N  a location stays in use N ms after its site's delete (default ${DEFAULT_DELETE_LAGS.locationMs})
  --trunk-lag-ms N     a trunk stays referenced N ms after it left a route (default ${DEFAULT_DELETE_LAGS.trunkMs})
  --site-lag-ms N      a site stays referenced N ms after its trunk's delete (default ${DEFAULT_DELETE_LAGS.siteMs})
  --no-byoc            leave the "byoc" product out of /api/v2/authorization/products
  --client ID:SECRET   accept this OAuth client (repeatable); replaces the default
                       ${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}
  --help               show this help

Admin API (no auth): GET /_emulator/state, GET|DELETE /_emulator/requests, POST /_emulator/reset,
GET|POST|DELETE /_emulator/faults, GET|PUT /_emulator/lags, POST /_emulator/lags/expire.
See emulator/README.md.`;

class UsageError extends Error {}

/** The CLI's options: the emulator's, plus what only the CLI does. */
export interface CliOptions extends EmulatorOptions {
  /** Where to write `{"url","port","pid"}` once listening. */
  readyFile?: string;
}

function int(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`${flag} needs an integer >= ${min} (got ${v ?? "nothing"})`);
  return Number(v);
}

const FLAGS = {
  help: { type: "boolean", short: "h" },
  port: { type: "string" },
  "state-file": { type: "string" },
  "ready-file": { type: "string" },
  "latency-ms": { type: "string" },
  "rate-limit": { type: "string" },
  "token-rate-limit": { type: "string" },
  "token-ttl": { type: "string" },
  "default-route-settle-ms": { type: "string" },
  "delete-lag-ms": { type: "string" },
  "location-lag-ms": { type: "string" },
  "trunk-lag-ms": { type: "string" },
  "site-lag-ms": { type: "string" },
  "no-byoc": { type: "boolean" },
  client: { type: "string", multiple: true },
} as const;

/** Parses CLI flags into {@link CliOptions}; returns "help" for --help. */
export function parseArgs(argv: string[]): CliOptions | "help" {
  let values;
  try {
    ({ values } = parseFlags({ args: argv, options: FLAGS, strict: true, allowPositionals: false }));
  } catch (e) {
    // node:util's own wording names the flag (and refuses `--state-file --port`: a value that looks like a flag).
    throw new UsageError(`${(e as Error).message} (see --help)`);
  }
  if (values.help) return "help";
  const o: CliOptions = {};
  if (values.port !== undefined) {
    o.port = int("--port", values.port, 0);
    if (o.port > 65535) throw new UsageError("--port must be at most 65535");
  }
  if (values["state-file"] !== undefined) {
    if (!values["state-file"]) throw new UsageError("--state-file needs a path");
    o.stateFile = values["state-file"];
  }
  if (values["ready-file"] !== undefined) {
    if (!values["ready-file"]) throw new UsageError("--ready-file needs a path");
    o.readyFile = values["ready-file"];
  }
  if (values["latency-ms"] !== undefined) o.latencyMs = int("--latency-ms", values["latency-ms"], 0);
  if (values["rate-limit"] !== undefined) o.rateLimitPerMinute = int("--rate-limit", values["rate-limit"], 1);
  if (values["token-rate-limit"] !== undefined)
    o.tokenRateLimitPerMinute = int("--token-rate-limit", values["token-rate-limit"], 1);
  if (values["token-ttl"] !== undefined) o.tokenTtlSeconds = int("--token-ttl", values["token-ttl"], 1);
  if (values["default-route-settle-ms"] !== undefined)
    o.defaultRouteSettleMs = int("--default-route-settle-ms", values["default-route-settle-ms"], 0);
  const lags: Partial<DeleteLags> = {};
  if (values["delete-lag-ms"] !== undefined) {
    const all = int("--delete-lag-ms", values["delete-lag-ms"], 0);
    Object.assign(lags, { locationMs: all, trunkMs: all, siteMs: all });
  }
  // Each kind's own flag wins over --delete-lag-ms, whatever their order.
  if (values["location-lag-ms"] !== undefined)
    lags.locationMs = int("--location-lag-ms", values["location-lag-ms"], 0);
  if (values["trunk-lag-ms"] !== undefined) lags.trunkMs = int("--trunk-lag-ms", values["trunk-lag-ms"], 0);
  if (values["site-lag-ms"] !== undefined) lags.siteMs = int("--site-lag-ms", values["site-lag-ms"], 0);
  if (Object.keys(lags).length) o.deleteLags = lags;
  if (values["no-byoc"]) o.byoc = false;
  if (values.client?.length) {
    o.clients = values.client.map((v) => {
      const sep = v.indexOf(":");
      if (sep <= 0 || sep === v.length - 1) throw new UsageError("--client needs ID:SECRET");
      return { id: v.slice(0, sep), secret: v.slice(sep + 1) };
    });
  }
  return o;
}

async function main(): Promise<void> {
  let opts: CliOptions | "help";
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`genesys emulator: ${(e as Error).message}`);
    process.exit(2);
  }
  if (opts === "help") {
    console.log(HELP);
    return;
  }
  const { readyFile, ...emulatorOptions } = opts;
  let emu;
  try {
    emu = await startEmulator(emulatorOptions);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(
      err.code === "EADDRINUSE"
        ? `genesys emulator: port ${opts.port} on 127.0.0.1 is already in use by another program: ` +
            `choose another with --port N, or --port 0 for a free one`
        : `genesys emulator: ${err.message}`,
    );
    process.exit(1);
  }
  const stop = () => {
    emu.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`genesys emulator: could not close cleanly: ${(err as Error).message ?? String(err)}`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  if (readyFile) {
    // Written (atomically) before the "listening" line, so either signal means both are true.
    const tmp = `${readyFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ url: emu.url, port: emu.port, pid: process.pid }) + "\n");
    fs.renameSync(tmp, readyFile);
  }
  console.log(`Genesys Cloud emulator listening on ${emu.url}`);
  if (opts.stateFile) console.log(`State file: ${opts.stateFile}`);
}

if (require.main === module) void main();
