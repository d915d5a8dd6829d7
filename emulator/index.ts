/**
 * Local Genesys Cloud Platform API emulator (BYOC slice). Point the official SDK at it with
 * `client.setGateway({ host: "127.0.0.1", protocol: "http", port })`.
 *
 * @example
 * const emu = await startEmulator();
 * // ... tests ...
 * await emu.close();
 */
import type { AddressInfo } from "node:net";
import type { OAuthClient } from "./auth";
import { resolveDeleteLags, type DeleteLags } from "./lags";
import { loadState, removeStaleTempFiles } from "./persistence";
import { EmulatorServer } from "./server";
import { Store } from "./store";

export type { OAuthClient } from "./auth";
export type { ClientGone, FaultEffect, FaultRule, FaultRuleInput } from "./faults";
export type { RequestLogEntry } from "./server";
export type { EmulatorState } from "./store";
export type { DeleteLags, LagKind, Lingering } from "./lags";
export { DEFAULT_DELETE_LAGS, NO_DELETE_LAG } from "./lags";
export { SEED_IDS, SEED_NAMES } from "./seed";
export { StateFileError } from "./persistence";

/** Client id of the default OAuth client. */
export const DEFAULT_CLIENT_ID = "emulator-client";
/** Client secret of the default OAuth client. */
export const DEFAULT_CLIENT_SECRET = "emulator-secret";

/** Options of {@link startEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 (the default) picks a free port. */
  port?: number;
  /**
   * JSON snapshot file for durable state. Loaded at start (created when missing) and rewritten atomically after
   * every mutating request. A corrupt file makes startEmulator reject, leaving the file untouched.
   */
  stateFile?: string;
  /** Extra delay before handling each API/login request, in ms. Defaults to 0. */
  latencyMs?: number;
  /** Requests per minute per access token before 429. Defaults to 300 (Genesys client-credentials default). */
  rateLimitPerMinute?: number;
  /** Token requests per minute per OAuth client before 400 `invalid_request` "rate limit exceeded". Defaults to 120. */
  tokenRateLimitPerMinute?: number;
  /** Whether the org has the `byoc` product. Defaults to true. */
  byoc?: boolean;
  /** OAuth clients accepted at `/oauth/token`. Defaults to `[{ id: DEFAULT_CLIENT_ID, secret: DEFAULT_CLIENT_SECRET }]`. */
  clients?: OAuthClient[];
  /** Access-token lifetime in seconds (`expires_in`). Defaults to 86400. */
  tokenTtlSeconds?: number;
  /** Clock in epoch ms, for deterministic tests of token expiry, rate-limit windows and settle times. Defaults to Date.now. */
  now?: () => number;
  /**
   * How long (ms, on the `now` clock) a new site's "Default Outbound Route" has no classifications before it takes
   * the default ones that no other route of the site holds by then (reference §13). 0 gives them at creation.
   * Defaults to {@link DEFAULT_ROUTE_SETTLE_MS}.
   */
  defaultRouteSettleMs?: number;
  /**
   * How long (ms, on the `now` clock) a reference still counts after what made it let go, so that a DELETE of the
   * object is refused meanwhile, as on the live service (reference §4.5.1): `locationMs` (a location after its
   * site's delete), `trunkMs` (a trunk after it left an outbound route), `siteMs` (a site after its trunk's
   * delete). A number sets all three; 0 gives today's strongly consistent behaviour. Each field defaults to
   * {@link DEFAULT_DELETE_LAGS} (5 s, 10 s, 3 s). See emulator/lags.ts.
   */
  deleteLags?: Partial<DeleteLags> | number;
}

/**
 * Default of {@link EmulatorOptions.defaultRouteSettleMs}: 5 s. Genesys's own Terraform provider sleeps 5 s after
 * creating a site before it reads the site's routes ("The default outbound routes won't be assigned yet if there
 * isn't a wait"), and a new site's number plans appear about 5 s after it (reference §10, §13): the real
 * assignment happens within that wait, so 5 s is the longest plausible window, and the strictest for clients.
 */
export const DEFAULT_ROUTE_SETTLE_MS = 5_000;

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL, `http://127.0.0.1:PORT`. */
  url: string;
  /** The bound port. */
  port: number;
  /** Stops listening and destroys every open connection. */
  close(): Promise<void>;
}

/**
 * Starts an emulator on 127.0.0.1.
 * @throws StateFileError (as a rejected promise) when `stateFile` exists but is not a valid snapshot.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const now = options.now ?? Date.now;
  const settleMs = options.defaultRouteSettleMs ?? DEFAULT_ROUTE_SETTLE_MS;
  if (!Number.isFinite(settleMs) || settleMs < 0)
    throw new RangeError(`defaultRouteSettleMs must be a number of ms >= 0 (got ${settleMs})`);
  const deleteLags = resolveDeleteLags(options.deleteLags);
  if (options.stateFile) removeStaleTempFiles(options.stateFile);
  const initial = options.stateFile ? loadState(options.stateFile) : undefined;
  const store = new Store(
    {
      now,
      byoc: options.byoc ?? true,
      defaultRouteSettleMs: settleMs,
      deleteLags,
    },
    initial,
  );
  const emu = new EmulatorServer({
    store,
    clients: options.clients ?? [{ id: DEFAULT_CLIENT_ID, secret: DEFAULT_CLIENT_SECRET }],
    tokenTtlSeconds: options.tokenTtlSeconds ?? 86400,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 300,
    tokenRateLimitPerMinute: options.tokenRateLimitPerMinute ?? 120,
    latencyMs: options.latencyMs ?? 0,
    stateFile: options.stateFile,
    now,
  });
  if (options.stateFile && !initial) emu.persistNow();
  const { server } = emu;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        emu.cancelTimers();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
