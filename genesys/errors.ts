/**
 * One error type for every failed Genesys Cloud call, whatever the SDK rejected with.
 *
 * The SDK (with extended responses on) rejects with `{ status, headers, body, error }` for HTTP
 * errors, and with the raw axios error for network failures and login errors. Both become a
 * {@link GenesysError} carrying what a user or a retry policy needs, shown as one readable line.
 */

/** A field-level detail from a Genesys ErrorBody. */
export interface GenesysErrorDetail {
  errorCode?: string;
  fieldName?: string;
  entityId?: string;
  entityName?: string;
}

/** Everything known about a failed call. */
export interface GenesysErrorInit {
  /** HTTP status; 0 when no response arrived (network error, timeout, lost response). */
  status: number;
  /** Genesys error code (`not.found`, `duplicate.value`…), the OAuth `error`, or a network code. */
  code: string;
  message: string;
  method: string;
  path: string;
  correlationId?: string;
  /** Seconds from a `Retry-After` header, when present. */
  retryAfterSeconds?: number;
  details?: GenesysErrorDetail[];
}

export class GenesysError extends Error implements GenesysErrorInit {
  readonly status: number;
  readonly code: string;
  readonly method: string;
  readonly path: string;
  readonly correlationId?: string;
  readonly retryAfterSeconds?: number;
  readonly details: GenesysErrorDetail[];
  /** The API's own message, without the method/path prefix of `message`. */
  readonly apiMessage: string;

  constructor(init: GenesysErrorInit) {
    const where = `${init.method} ${init.path}`;
    const what = init.status === 0 ? `network error ${init.code}` : `${init.status} ${init.code}`;
    const fields = (init.details ?? []).map((d) => d.fieldName).filter(Boolean);
    const corr = init.correlationId ? ` (correlation id ${init.correlationId})` : "";
    super(
      `Genesys Cloud ${where} failed: ${what}: ${init.message}` +
        (fields.length ? ` [fields: ${fields.join(", ")}]` : "") +
        corr,
    );
    this.name = "GenesysError";
    this.status = init.status;
    this.code = init.code;
    this.method = init.method;
    this.path = init.path;
    this.correlationId = init.correlationId;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.details = init.details ?? [];
    this.apiMessage = init.message;
  }

  /** True for a 404: the object is gone. */
  get isNotFound(): boolean {
    return this.status === 404;
  }

  /** True when the request may or may not have taken effect (no response, or a gateway error). */
  get isAmbiguous(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 504 || this.status === 500;
  }

  /**
   * The object cannot be deleted because another one still refers to it, told by the error code
   * (reference §7.5, §8.4, Appendix B): `delete.referenced.entity` (400, a trunk a route uses),
   * `resource.referenced.by.another` (409, a site a trunk uses), or a 409 `general.conflict`
   * answering a DELETE ("The site is being referenced or is set as the default site"; a location a
   * site uses). A DELETE carries no version, so its conflict cannot be a version conflict.
   */
  get isStillReferenced(): boolean {
    return (
      this.code === "delete.referenced.entity" ||
      this.code === "resource.referenced.by.another" ||
      (this.status === 409 && this.method === "DELETE" && this.code === "general.conflict")
    );
  }

  /**
   * Optimistic-concurrency conflict: the version a write sent is no longer the current one, so
   * another writer got there first (reference §4.6). Told by the code: a 409 `general.conflict`
   * (directory and telephony style) or `invalid.update.wrong.version` answering a PUT or PATCH.
   * Genesys's own Terraform provider also treats a 400 saying the version "does not match the
   * current version" as one (some directory objects answer that way); that message is the only
   * sign of it, so it is matched.
   */
  get isVersionConflict(): boolean {
    const write = this.method === "PUT" || this.method === "PATCH";
    return (
      (this.status === 409 &&
        write &&
        (this.code === "general.conflict" || this.code === "invalid.update.wrong.version")) ||
      (this.status === 400 && /does not match the current version/i.test(this.apiMessage))
    );
  }
}

/**
 * A call that did not succeed within the retry policy's deadline for one call (see ./retry):
 * every attempt and wait counts. Status 0 (no answer that settles it: a write may have taken
 * effect), never retried.
 */
export class DeadlineError extends GenesysError {
  /** The limit that ran out (ms). */
  readonly limitMs: number;
  /** Attempts made, the abandoned one included. */
  readonly attempts: number;
  /** The last failure before the deadline, if an attempt failed at all. */
  readonly last?: unknown;

  constructor(init: {
    method: string;
    path: string;
    limitMs: number;
    attempts: number;
    why: string;
    last?: unknown;
  }) {
    const lastText =
      init.last instanceof GenesysError
        ? init.last.status === 0
          ? `network error ${init.last.code}: ${init.last.apiMessage}`
          : `${init.last.status} ${init.last.code}: ${init.last.apiMessage}`
        : undefined;
    super({
      status: 0,
      code: "DEADLINE_EXCEEDED",
      message:
        `no success within ${init.limitMs / 1000} s, the limit for one call, after ${init.attempts} ` +
        `attempt${init.attempts === 1 ? "" : "s"}: ${init.why}${lastText ? ` (last failure: ${lastText})` : ""}`,
      method: init.method,
      path: init.path,
    });
    this.name = "DeadlineError";
    this.limitMs = init.limitMs;
    this.attempts = init.attempts;
    this.last = init.last;
  }
}

type Loose = Record<string, unknown> | undefined;

function asRecord(v: unknown): Loose {
  return v && typeof v === "object" ? (v as Record<string, unknown>) : undefined;
}

/** A value from a response as text: strings, numbers and booleans as they are, anything else as JSON (never "[object Object]"). */
function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean"
    ? String(v)
    : JSON.stringify(v);
}

function header(headers: unknown, name: string): string | undefined {
  const h = asRecord(headers);
  if (!h) return undefined;
  const getter = (h as { get?: (n: string) => unknown }).get;
  const v = typeof getter === "function" ? getter.call(h, name) : (h[name] ?? h[name.toLowerCase()]);
  return text(v);
}

function pathOf(url: unknown): string {
  if (typeof url !== "string") return "?";
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

/**
 * Normalises anything the SDK rejects with into a {@link GenesysError}. Already-normalised errors
 * pass through unchanged.
 */
export function toGenesysError(err: unknown, fallback: { method: string; path: string }): GenesysError {
  if (err instanceof GenesysError) return err;
  const e = asRecord(err) ?? {};
  // Extended response ({status, headers, body, error}) or axios error ({response, config, code}).
  const axiosErr = asRecord(e.error) ?? e;
  const config = asRecord(axiosErr.config);
  const response = asRecord(axiosErr.response);
  const status = Number(e.status ?? response?.status ?? 0) || 0;
  const headers = e.headers ?? response?.headers;
  const body = asRecord(e.body ?? response?.data);
  const method = typeof config?.method === "string" ? config.method.toUpperCase() : fallback.method;
  const path = config?.url ? pathOf(config.url) : fallback.path;
  const retryAfter = Number(header(headers, "retry-after"));
  const correlationId =
    header(headers, "inin-correlation-id") ??
    (typeof body?.contextId === "string" ? body.contextId : undefined);

  if (status === 0) {
    const code = text(axiosErr.code) ?? "UNKNOWN";
    const message = err instanceof Error ? err.message : (text(axiosErr.message) ?? "no response");
    return new GenesysError({ status, code, message, method, path });
  }
  // Platform ErrorBody, or the login service's OAuth-style body.
  const code = text(body?.code) ?? text(body?.error) ?? `http.${status}`;
  const message =
    text(body?.message) ??
    text(body?.error_description) ??
    text(body?.description) ??
    `HTTP ${status} with no error body`;
  const details = Array.isArray(body?.details) ? (body.details as GenesysErrorDetail[]) : [];
  return new GenesysError({
    status,
    code,
    message,
    method,
    path,
    correlationId,
    retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : undefined,
    details,
  });
}

/** Runs `fn`; a 404 becomes `undefined`. */
export async function orUndefinedIfNotFound<T>(fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof GenesysError && e.isNotFound) return undefined;
    throw e;
  }
}

/** Network codes that mean the host could not be reached at all. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/**
 * The one line a user reads for a failure: what failed, where, and the setting to fix. `target`
 * is where the client points (region API host or emulator/gateway URL). Non-Genesys errors keep
 * their message; a stack trace is never part of it.
 */
export function describeFailure(err: unknown, target?: string): string {
  if (!(err instanceof GenesysError)) return err instanceof Error ? err.message : String(err);
  const where = target ? ` at ${target}` : "";
  const connection = "genesys:region or genesys:apiUrl (or GENESYS_CLOUD_REGION / GENESYS_CLOUD_API_URL)";
  if (err instanceof DeadlineError) {
    return (
      `Genesys Cloud${where} did not complete ${err.method} ${err.path}: ${err.apiMessage}. ` +
      `Check ${connection} and the network if it keeps happening; otherwise run the command again later.`
    );
  }
  if (err.status === 0 && UNREACHABLE.has(err.code)) {
    return (
      `Could not reach Genesys Cloud${where} (${err.code} on ${err.method} ${err.path}). ` +
      `Check ${connection} and the network, then run the command again.`
    );
  }
  if (
    err.path === "/oauth/token" &&
    (err.status === 400 || err.status === 401) &&
    !/rate limit/i.test(err.apiMessage)
  ) {
    return (
      `Genesys Cloud${where} refused the OAuth client credentials (${err.status} ${err.code}: ${err.apiMessage}). ` +
      `Check genesys:clientId and genesys:clientSecret (or GENESYS_CLOUD_CLIENT_ID / GENESYS_CLOUD_CLIENT_SECRET): ` +
      `the client must be a Client Credentials grant of this org's region; set the secret with ` +
      `'pulumi config set --secret genesys:clientSecret <secret>'.`
    );
  }
  if (err.status === 403) {
    return (
      `Genesys Cloud${where} denied ${err.method} ${err.path} (403 ${err.code}: ${err.apiMessage}). ` +
      `Give the OAuth client genesys:clientId a role with the telephony permissions (telephony:plugin:all) ` +
      `and locations (directory:location:*).`
    );
  }
  return err.message;
}
