/**
 * CLI: `npm run emulator -- [--port N] [--state-file PATH] [--latency-ms N] [--rate-limit N] [--no-byoc]
 * [--client ID:SECRET]`. Prints `Genesys Cloud emulator listening on http://127.0.0.1:PORT`.
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, type EmulatorOptions } from "./index";

const HELP = `Genesys Cloud Platform API emulator (BYOC slice), for the official SDK via setGateway().

Usage: npm run emulator -- [options]

  --port N             TCP port on 127.0.0.1 (default 0 = pick a free port)
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

function int(flag: string, v: string | undefined, min: number): number {
  if (v === undefined || !/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`${flag} needs an integer >= ${min} (got ${v ?? "nothing"})`);
  return Number(v);
}

/** Parses CLI flags into {@link EmulatorOptions}; returns "help" for --help. */
export function parseArgs(argv: string[]): EmulatorOptions | "help" {
  const o: EmulatorOptions = {};
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
  let opts: EmulatorOptions | "help";
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
  let emu;
  try {
    emu = await startEmulator(opts);
  } catch (e) {
    console.error(`genesys emulator: ${(e as Error).message}`);
    process.exit(1);
  }
  console.log(`Genesys Cloud emulator listening on ${emu.url}`);
  if (opts.stateFile) console.log(`State file: ${opts.stateFile}`);
  const stop = () => {
    emu.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (require.main === module) void main();
