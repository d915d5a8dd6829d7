/**
 * The client layer: the only code that calls the Genesys Cloud SDK.
 *
 * - One SDK ApiClient per org (settings), never the SDK's process-global default instance.
 * - Login with client credentials, token reused for the life of the process and renewed a
 *   minute before it expires, or once after a 401.
 * - Every call goes through {@link withRetry} and every failure becomes a {@link GenesysError}.
 * - A 429 pauses every call on the token until its `Retry-After` (./rateLimit); the pause does
 *   not count towards the calls' deadlines.
 * - A call's deadline aborts its HTTP request in flight (see {@link attachCallSignal}).
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import type * as Sdk from "purecloud-platform-client-v2";
import type { ConnectionSettings } from "./config";
import { GenesysError, toGenesysError } from "./errors";
import { MAX_RETRY_AFTER_S, RateLimitPause } from "./rateLimit";
import { DEFAULT_RETRY_POLICY, RetryPolicy, retryable, retryWhileReferenced, withRetry } from "./retry";

const NO_RETRY = { retry: false, minWaitMs: 0 };

type PlatformClient = typeof Sdk;
type SdkApiClient = PlatformClient["ApiClient"];

/**
 * The SDK watches ~/.genesyscloudjavascript/config and re-applies it whenever it changes; a
 * deployment must not change behaviour mid-run, so every ApiClient here stops watching.
 */
function stopConfigWatch(c: SdkApiClient): void {
  (c.config as unknown as { live_reload_config: boolean }).live_reload_config = false;
}

/**
 * The AbortSignal of the call whose attempt is running, kept in the async context. The SDK's API
 * methods take no per-request options but custom headers, so the signal cannot be passed along
 * with a call; {@link attachCallSignal} reads it from here when the SDK builds the request.
 */
const callSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` with `signal` as the AbortSignal of every SDK request it starts (in its async context).
 *
 * @param signal Aborted when the requests must stop (the call's deadline).
 * @param fn Starts the SDK requests.
 */
export function withCallSignal<T>(signal: AbortSignal, fn: () => T): T {
  return callSignal.run(signal, fn);
}

/**
 * The request pre-hook of every ApiClient here (the SDK's `setPreHook`: its default axios client
 * hands each request's axios config, the login's too, to the hook before sending). It adds the
 * running call's AbortSignal as axios's `signal`, so when the call's deadline passes, axios
 * destroys the request's connection: we stop waiting and never send more of it. (A request the
 * service had already received may still be applied by it; that is why a create that ended
 * without an answer is looked up by name afterwards.)
 *
 * @param config The axios request config the SDK built.
 */
export async function attachCallSignal(config: Record<string, unknown>): Promise<Record<string, unknown>> {
  const signal = callSignal.getStore();
  if (signal) config.signal = signal;
  return config;
}

let sdkModule: PlatformClient | undefined;

/**
 * The SDK, loaded on first use: a preview's provider process (check and diff only) and a program
 * whose preflight is already known never pay for loading it.
 */
function sdk(): PlatformClient {
  if (!sdkModule) {
    sdkModule = require("purecloud-platform-client-v2") as PlatformClient;
    stopConfigWatch(sdkModule.ApiClient); // the SDK's own default instance, created on import
  }
  return sdkModule;
}

/** The SDK API objects, bound to one org's ApiClient. */
export interface Apis {
  authorization: Sdk.AuthorizationApi;
  organization: Sdk.OrganizationApi;
  locations: Sdk.LocationsApi;
  edges: Sdk.TelephonyProvidersEdgeApi;
}

/** A page of any Genesys entity listing. */
export interface Page<T> {
  entities?: T[];
  pageCount?: number;
}

/** Options for {@link GenesysClient}; tests inject a fast retry policy and a clock. */
export interface ClientOptions {
  retry?: RetryPolicy;
  now?: () => number;
  /** The most pages {@link GenesysClient.listAll} reads of one listing. Defaults to {@link MAX_PAGES}. */
  maxPages?: number;
}

/** Renew the token this long before it expires. */
const TOKEN_RENEW_MARGIN_MS = 60_000;
/**
 * Paging never reads more pages than this of one listing (a guard against a listing that never
 * ends): 100 000 objects at 100 a page. A listing that has more fails, saying so.
 */
export const MAX_PAGES = 1000;

export class GenesysClient {
  private readonly sdk: SdkApiClient;
  private readonly apis: Apis;
  private tokenExpiresAt = 0;
  private login?: Promise<void>;
  private readonly retry: RetryPolicy;
  /** The token's rate-limit pause, shared by every call of this client. */
  private readonly pause: RateLimitPause;
  /** {@link retry} with deadlines on the pause's clock, each attempt waiting out a pause first. */
  private readonly callRetry: RetryPolicy;
  private readonly now: () => number;
  private readonly maxPages: number;
  /** The reads in flight that callers share (see {@link shared}), by key. */
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly settings: ConnectionSettings,
    options: ClientOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.pause = new RateLimitPause(this.retry.now, this.retry.sleep);
    this.callRetry = { ...this.retry, now: this.pause.activeClock, beforeAttempt: () => this.pause.wait() };
    this.now = options.now ?? Date.now;
    this.maxPages = options.maxPages ?? MAX_PAGES;
    const platformClient = sdk();
    const Ctor = platformClient.ApiClient.constructor as unknown as new () => SdkApiClient;
    this.sdk = new Ctor();
    stopConfigWatch(this.sdk);
    if (settings.apiUrl) {
      const u = new URL(settings.apiUrl);
      this.sdk.setGateway({
        host: u.hostname,
        protocol: u.protocol.replace(":", ""),
        port: u.port ? Number(u.port) : undefined,
      });
    } else if (settings.domain) {
      this.sdk.setEnvironment(settings.domain);
    }
    this.sdk.setReturnExtendedResponses(true);
    this.sdk.getHttpClient().setPreHook(attachCallSignal); // the SDK's default axios client
    this.apis = {
      authorization: new platformClient.AuthorizationApi(this.sdk),
      organization: new platformClient.OrganizationApi(this.sdk),
      locations: new platformClient.LocationsApi(this.sdk),
      edges: new platformClient.TelephonyProvidersEdgeApi(this.sdk),
    };
  }

  /** The retry policy of this client. */
  get retryPolicy(): RetryPolicy {
    return this.retry;
  }

  /**
   * Runs `fn` (a delete), retrying it within one deadline of this client's policy (with the
   * backoff of `REFERENCE_LAG_BACKOFF`) while it fails with a `ReferenceLagError`: Genesys refused
   * it as still referenced although nothing refers to the object any more (see
   * resources/common/lifecycle.ts `deleteWhenUnreferenced`, which tells the two apart).
   */
  whileReferenced<T>(fn: () => Promise<T>): Promise<T> {
    // The calls `fn` makes end with this retry's deadline too (see `call`).
    return retryWhileReferenced((signal) => withCallSignal(signal, fn), this.callRetry);
  }

  /** Where this client points: the emulator/gateway URL or the region's API host. */
  get target(): string {
    return this.settings.apiUrl ?? `https://api.${this.settings.domain}`;
  }

  /**
   * Calls the SDK through `fn` with a valid token, the retry policy and error normalisation.
   * `label` (`"GET /api/v2/..."`) names the call in errors when the SDK gives no URL. When the
   * call's deadline passes (or that of a call it runs inside, see {@link whileReferenced}), its
   * request in flight is aborted.
   */
  async call<T>(label: string, fn: (apis: Apis) => Promise<unknown>): Promise<T> {
    const [method, path] = label.split(" ", 2);
    const once = async (): Promise<T> => {
      await this.ensureToken();
      try {
        const res = (await fn(this.apis)) as { body?: unknown } | undefined;
        return (res && typeof res === "object" && "body" in res ? res.body : res) as T;
      } catch (err) {
        throw toGenesysError(err, { method, path });
      }
    };
    return withRetry(
      (signal) => {
        const outer = callSignal.getStore();
        return withCallSignal(outer ? AbortSignal.any([signal, outer]) : signal, async () => {
          try {
            return await once();
          } catch (err) {
            if (err instanceof GenesysError && err.status === 401 && err.path !== "/oauth/token") {
              this.tokenExpiresAt = 0; // token revoked or expired early: log in again, once
              return await once();
            }
            throw err;
          }
        });
      },
      this.callRetry,
      (err) => {
        if (!(err instanceof GenesysError)) return retryable(err);
        // The login has retried under the same policy already: retrying it here again would
        // multiply the attempts (an unreachable host took over 30 s to report).
        if (err.path === "/oauth/token") return NO_RETRY;
        const wait = err.retryAfterSeconds;
        if (err.status === 429 && wait !== undefined && wait <= MAX_RETRY_AFTER_S) {
          this.pause.pause(wait); // every call on the token waits it out, this one included
          return { retry: true, minWaitMs: 0 };
        }
        return retryable(err);
      },
      { method, path },
    );
  }

  /**
   * `read()`, shared with every caller that asks for the same `key` while it runs: they all get
   * its one answer (or failure), and the next caller after it settles reads again. For org-wide
   * listings many deletes ask for at once (what still refers to each of them); never for a write.
   * A caller gets an answer no older than its own call, so what it sees was there at some point
   * after it asked.
   *
   * @param key Names the read (e.g. `GET /api/v2/locations`).
   * @param read Reads it (its calls go through this client).
   */
  shared<T>(key: string, read: () => Promise<T>): Promise<T> {
    let p = this.inFlight.get(key) as Promise<T> | undefined;
    if (!p) {
      p = read().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, p);
    }
    return p;
  }

  /**
   * Every entity of a paged listing, page by page (`fetchPage(pageNumber)`). Fails rather than
   * return part of a listing: one that has more pages than this client reads (`maxPages`), or a
   * page without its `pageCount` (every listing this project reads has one on the live API:
   * LocationEntityListing and the telephony listings, reference §4.3; the emulator's contract test
   * holds it to that).
   */
  async listAll<T>(
    label: string,
    fetchPage: (apis: Apis, pageNumber: number) => Promise<unknown>,
  ): Promise<T[]> {
    const all: T[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.call<Page<T>>(label, (apis) => fetchPage(apis, pageNumber));
      const entities = page?.entities ?? [];
      all.push(...entities);
      const pageCount = page?.pageCount;
      if (typeof pageCount !== "number" || !Number.isInteger(pageCount) || pageCount < 0) {
        throw new Error(
          `Genesys Cloud ${label} answered page ${pageNumber} without a pageCount (${all.length} objects read): ` +
            `it stopped instead of working from a list that may be short. If genesys:apiUrl points at a ` +
            `gateway or proxy, it must pass the listing through unchanged; otherwise run the command again.`,
        );
      }
      if (entities.length === 0 || pageNumber >= pageCount) return all;
      if (pageNumber >= this.maxPages) {
        throw new Error(
          `Genesys Cloud ${label} lists ${pageCount} pages, more than the ${this.maxPages} this client reads of ` +
            `one listing (${all.length} objects read): it stopped instead of working from part of the list. ` +
            `Remove objects the org no longer needs, or raise the client's maxPages option.`,
        );
      }
    }
  }

  private async ensureToken(): Promise<void> {
    if (this.now() < this.tokenExpiresAt - TOKEN_RENEW_MARGIN_MS) return;
    // The login is shared by every call waiting for a token, so it has its own deadline (and
    // signal) rather than the first caller's: a caller whose deadline passes stops waiting for it,
    // and the login request itself is aborted when the login's own deadline passes.
    this.login ??= withRetry(
      (signal) =>
        withCallSignal(signal, async () => {
          try {
            const auth = await this.sdk.loginClientCredentialsGrant(
              this.settings.clientId,
              this.settings.clientSecret,
            );
            // The SDK stamps expiry with the wall clock; keep only the lifetime, on our clock.
            const lifetimeMs = (Number(auth.tokenExpiryTime) || Date.now() + 3_600_000) - Date.now();
            this.tokenExpiresAt = this.now() + lifetimeMs;
          } catch (err) {
            throw toGenesysError(err, { method: "POST", path: "/oauth/token" });
          }
        }),
      this.retry,
      undefined,
      { method: "POST", path: "/oauth/token" },
    ).finally(() => {
      this.login = undefined;
    });
    await this.login;
  }
}

const clients = new Map<string, GenesysClient>();

/**
 * A one-way key for an org and its credentials (a SHA-256 hash; the secret cannot be read back).
 *
 * @param settings The connection settings to key.
 */
export function clientKey(settings: ConnectionSettings): string {
  return createHash("sha256")
    .update(JSON.stringify([settings.apiUrl, settings.domain, settings.clientId, settings.clientSecret]))
    .digest("hex");
}

/**
 * The process-wide client for these settings (one per org and credentials), so every resource
 * in a deployment shares one token. The secret is hashed into the cache key, never stored.
 */
export function clientFor(settings: ConnectionSettings, options?: ClientOptions): GenesysClient {
  const key = clientKey(settings);
  let c = clients.get(key);
  if (!c) {
    c = new GenesysClient(settings, options);
    clients.set(key, c);
  }
  return c;
}
