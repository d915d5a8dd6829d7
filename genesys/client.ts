/**
 * The client layer: the only code that calls the Genesys Cloud SDK.
 *
 * - One SDK ApiClient per org (settings), never the SDK's process-global default instance.
 * - Login with client credentials, token reused for the life of the process and renewed a
 *   minute before it expires, or once after a 401.
 * - Every call goes through {@link withRetry} and every failure becomes a {@link GenesysError}.
 */
import { createHash } from "node:crypto";
import type * as Sdk from "purecloud-platform-client-v2";
import type { ConnectionSettings } from "./config";
import { GenesysError, toGenesysError } from "./errors";
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
  private readonly now: () => number;
  private readonly maxPages: number;

  constructor(
    private readonly settings: ConnectionSettings,
    options: ClientOptions = {},
  ) {
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
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
   * Runs `fn` (typically a delete), retrying under this client's policy while the API answers
   * that the object is still referenced by another one.
   */
  whileReferenced<T>(fn: () => Promise<T>): Promise<T> {
    return retryWhileReferenced(fn, this.retry);
  }

  /** Where this client points: the emulator/gateway URL or the region's API host. */
  get target(): string {
    return this.settings.apiUrl ?? `https://api.${this.settings.domain}`;
  }

  /**
   * Calls the SDK through `fn` with a valid token, the retry policy and error normalisation.
   * `label` (`"GET /api/v2/..."`) names the call in errors when the SDK gives no URL.
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
      async () => {
        try {
          return await once();
        } catch (err) {
          if (err instanceof GenesysError && err.status === 401 && err.path !== "/oauth/token") {
            this.tokenExpiresAt = 0; // token revoked or expired early: log in again, once
            return await once();
          }
          throw err;
        }
      },
      this.retry,
      // The login has retried under the same policy already: retrying it here again would
      // multiply the attempts (an unreachable host took over 30 s to report).
      (err) => (err instanceof GenesysError && err.path === "/oauth/token" ? NO_RETRY : retryable(err)),
      { method, path },
    );
  }

  /**
   * Every entity of a paged listing, page by page (`fetchPage(pageNumber)`). Fails rather than
   * return part of a listing that has more pages than this client reads (`maxPages`).
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
      const pageCount = page?.pageCount ?? 1;
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
    this.login ??= withRetry(
      async () => {
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
      },
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
