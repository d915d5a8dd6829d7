/**
 * CLI: `npm run emulator -- [--port N] [--state-file PATH] [--ready-file PATH] [--latency-ms N] [--rate-limit N]
 * [--no-byoc] [--client ID:SECRET]`. Prints `Genesys Cloud emulator listening on http://127.0.0.1:PORT`.
 *
 * `npm run emulator` execs node directly (no shell or ts-node launcher in between), so SIGTERM/SIGINT reach this
 * process, which closes the server and exits 0.
 */
import * as fs from "node:fs";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, type EmulatorOptions } from "./index";

const HELP = `Genesys Cloud Platform API emulator (BYOC slice), for the official SDK via setGateway().

Usage: npm run emulator -- [options]

  --port N             TCP port on 127.0.0.1 (default 0 = pick a free port)
  --ready-file PATH    once listening, write {"url","port","pid"} as JSON to PATH (atomically: a
                       reader never sees a partial file), for scripts that wait for readiness
  --state-file PATH    persist the org to PATH (JSON snapshot, atomic writes); loaded at start,
                       created if missing; a corrupt file is reported and left untouched (exit 1)
  --latency-ms N       add N ms of latency to every API and login request (default 0)
  --rate-limit N       API requests per minute per access token before 429 (default 300)
  --token-rate-limit N token requests per minute per OAuth client before 400 "rate limit exceeded" (default 120)
  --token-ttl N        access-token lifetime in seconds (default 86400)
  --no-byoc            leave the "byoc" product out of /api/v2/authorization/products
  --client ID:SECRET   accept this OAuth client (repeatable); replaces the default
                       ${DEFAULT_CLIENT_ID}:${DEFAULT_CLIENT_SECRET}
  --help               show this help

Admin API (no auth): GET /_emulator/state, GET|DELETE /_emulator/requests, POST /_emulator/reset,
GET|POST|DELETE /_emulator/faults. See emulator/README.md.`;

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

/** Parses CLI flags into {@link CliOptions}; returns "help" for --help. */
export function parseArgs(argv: string[]): CliOptions | "help" {
  const o: CliOptions = {};
  const clients: { id: string; secret: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] =
      argv[i].startsWith("--") && argv[i].includes("=") ? argv[i].split(/=(.*)/s) : [argv[i]];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    switch (flag) {
      case "--help":
      case "-h":
        return "help";
      case "--port":
        o.port = int(flag, value(), 0);
        if (o.port > 65535) throw new UsageError("--port must be at most 65535");
        break;
      case "--state-file": {
        const v = value();
        if (!v) throw new UsageError("--state-file needs a path");
        o.stateFile = v;
        break;
      }
      case "--ready-file": {
        const v = value();
        if (!v) throw new UsageError("--ready-file needs a path");
        o.readyFile = v;
        break;
      }
      case "--latency-ms":
        o.latencyMs = int(flag, value(), 0);
        break;
      case "--rate-limit":
        o.rateLimitPerMinute = int(flag, value(), 1);
        break;
      case "--token-rate-limit":
        o.tokenRateLimitPerMinute = int(flag, value(), 1);
        break;
      case "--token-ttl":
        o.tokenTtlSeconds = int(flag, value(), 1);
        break;
      case "--no-byoc":
        o.byoc = false;
        break;
      case "--client": {
        const v = value() ?? "";
        const sep = v.indexOf(":");
        if (sep <= 0 || sep === v.length - 1) throw new UsageError("--client needs ID:SECRET");
        clients.push({ id: v.slice(0, sep), secret: v.slice(sep + 1) });
        break;
      }
      default:
        throw new UsageError(`unknown option ${argv[i]} (see --help)`);
    }
  }
  if (clients.length) o.clients = clients;
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
    emu.close().then(() => process.exit(0));
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
