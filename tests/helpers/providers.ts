/**
 * Provider tests: the real providers, the real SDK, an in-process emulator per test file.
 * Points the client layer at the emulator through the environment (as a user's shell would)
 * and gives access to the emulator's request log.
 */
import { startEmulator, RunningEmulator, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { clientFor } from "../../genesys/client";
import { resolveConnection } from "../../genesys/config";
import { DEFAULT_RETRY_POLICY, RetryPolicy } from "../../genesys/retry";
import { resetConfiguration } from "../../resources/common/connection";
import { emulatorAdmin } from "./emulator";

/** One logged request, as `GET /_emulator/requests` reports it. */
export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  query?: Record<string, unknown>;
  /** True while a `hold` fault keeps the request waiting. */
  held?: boolean;
}

/**
 * Retries without waiting, and records the waits it would have made (`onWait` sees each one too,
 * e.g. to move a test clock instead). Its clock is `base` (default: the wall clock) plus the waits.
 */
export function instantRetryPolicy(
  waits: number[] = [],
  onWait: (ms: number) => void = () => undefined,
  base: () => number = Date.now,
): RetryPolicy {
  let waited = 0;
  return {
    ...DEFAULT_RETRY_POLICY,
    sleep: async (ms) => {
      waits.push(ms);
      waited += ms;
      onWait(ms);
    },
    random: () => 0.5,
    now: () => base() + waited, // the waits pass on the deadline's clock, without taking time
  };
}

export interface ProviderEnv {
  emulator: RunningEmulator;
  /** Waits the client's retry policy asked for (ms), in order. */
  waits: number[];
  /** The API requests since the last `clearLog()` (admin and login requests excluded). */
  log(): Promise<LoggedRequest[]>;
  /** `METHOD path` lines of {@link log}, for compact assertions. */
  calls(): Promise<string[]>;
  clearLog(): Promise<void>;
  /** Calls an admin endpoint (`/_emulator/...`). */
  admin(method: string, path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Starts an emulator and points the providers of this process at it. The emulator's clock, and the
 * client's, are `options.now` (default: the wall clock) plus every wait the client made, so a wait
 * passes on both without taking any time (with a fixed `options.now`, time moves only by waits). A
 * new site's default route gets its classifications at once unless `options.defaultRouteSettleMs`
 * says otherwise (the tests of settling do), and the org is strongly consistent after deletes
 * unless `options.deleteLags` says otherwise (the tests of delete lags do; the end-to-end tests
 * take the emulator's default lags, see ./e2e `CLI_EMULATOR`).
 */
export async function providerEnv(options: Parameters<typeof startEmulator>[0] = {}): Promise<ProviderEnv> {
  let waited = 0;
  const base = options.now ?? Date.now;
  const emulator = await startEmulator({
    ...options,
    defaultRouteSettleMs: options.defaultRouteSettleMs ?? 0,
    deleteLags: options.deleteLags ?? 0,
    now: () => base() + waited,
  });
  process.env.GENESYS_CLOUD_API_URL = emulator.url;
  process.env.GENESYS_CLOUD_CLIENT_ID = DEFAULT_CLIENT_ID;
  process.env.GENESYS_CLOUD_CLIENT_SECRET = DEFAULT_CLIENT_SECRET;
  delete process.env.GENESYS_CLOUD_REGION;
  resetConfiguration();
  const waits: number[] = [];
  const retry = instantRetryPolicy(waits, (ms) => (waited += ms), base);
  clientFor(resolveConnection(undefined), { retry }); // cached for the providers
  const adm = emulatorAdmin(emulator.url);
  const admin = async (method: string, path: string, body?: unknown) =>
    (await adm.call(method, path.replace(/^\/_emulator\//, ""), body)).body;
  const log = async () => (await adm.requests()).filter((r) => r.path !== "/oauth/token") as LoggedRequest[];
  return {
    emulator,
    waits,
    log,
    calls: async () => (await log()).map((r) => `${r.method} ${r.path}`),
    clearLog: async () => {
      await adm.clearRequests();
    },
    admin,
    close: () => emulator.close(),
  };
}

/** A request a `hold` fault keeps waiting, as `GET /_emulator/faults/held` lists it. */
export interface HeldRequest {
  seq: number;
  method: string;
  path: string;
}

/**
 * Another writer's change in the middle of ours, without timing: holds the next `call`
 * (`"METHOD /path"`, `*` for one segment; after letting `skip` such calls through) at the
 * emulator, starts `ours`, waits until the emulator reports that request held (the admin API
 * answers as soon as it is; no sleeps), runs `meanwhile` (given the held request, e.g. to learn an
 * id), then lets the held request go on. Returns what `ours` returns.
 */
export async function whileHeld<T>(
  env: ProviderEnv,
  call: string,
  ours: () => Promise<T>,
  meanwhile: (held: HeldRequest) => Promise<unknown>,
  skip = 0,
): Promise<T> {
  const [method, path] = call.split(" ");
  await env.admin("POST", "/_emulator/faults", { method, path, times: 1, skip, effect: { hold: true } });
  let settled = false;
  const running = ours().finally(() => {
    settled = true;
  });
  running.catch(() => undefined); // its outcome is awaited below
  let held: HeldRequest[] = [];
  while (!held.length) {
    ({ held } = (await env.admin("GET", "/_emulator/faults/held?waitMs=2000")) as { held: HeldRequest[] });
    if (!held.length && settled) {
      await running; // its own failure, if it failed
      throw new Error(`${call} never reached the emulator, so there was nothing to hold`);
    }
  }
  await meanwhile(held[0]);
  await env.admin("POST", "/_emulator/faults/release");
  return running;
}

/** An owner URN for provider tests (what a resource class passes its provider as `__owner`). */
export const TEST_OWNER = "urn:pulumi:test::genesys-byoc::pulumi-nodejs:dynamic/genesys:Test::owned";

/** `inputs` as the resource `urn` passes them: with the hidden owner input (see resources/common/ownership). */
export function owned<T>(inputs: T, urn: string = TEST_OWNER): T {
  return { ...inputs, __owner: urn };
}

/**
 * The one line a create gives for an object of its name that the stack did not make
 * (resources/common/lifecycle.ts), as the user reads it: `where` is e.g. ` on site <id>`.
 */
export function notOursLine(kind: string, name: string, id: string, where = ""): string {
  return (
    `${kind.charAt(0).toUpperCase()}${kind.slice(1)} "${name}" could not be created: ` +
    `${/^[aeiou]/i.test(kind) ? "an" : "a"} ${kind} of that name already exists${where} (id ${id}) and this stack ` +
    `did not make it. If this stack should manage it, set adoptId to ${id}; otherwise choose another name.`
  );
}
