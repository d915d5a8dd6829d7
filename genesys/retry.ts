/**
 * The one retry policy for Genesys Cloud calls.
 *
 * Retried: 429 (honouring Retry-After), 502/503/504, the login service's "rate limit exceeded"
 * 400, and network errors. A POST (create) is retried only when the request certainly did not
 * take effect (429, 503, connection refused): after an ambiguous failure the caller looks the
 * object up by its unique name instead (see the resources' create). Attempts and total time are
 * bounded; waits are exponential with full jitter, never shorter than Retry-After.
 */
import { GenesysError } from "./errors";

export interface RetryPolicy {
  /** Maximum attempts including the first. */
  maxAttempts: number;
  /** Give up once this much time has been spent waiting (ms). */
  maxElapsedMs: number;
  /** First backoff step (ms); doubles each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we are willing to wait (s); larger values fail fast. */
  maxRetryAfterSeconds: number;
  /** Waits `ms`; injectable so tests never sleep. */
  sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injectable for deterministic tests. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  maxElapsedMs: 120_000,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  maxRetryAfterSeconds: 180,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Codes of network failures where the request never reached the server. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Whether `err` may be retried, and the least wait (ms) the server asked for. */
export function retryable(err: unknown): { retry: boolean; minWaitMs: number } {
  if (!(err instanceof GenesysError)) return { retry: false, minWaitMs: 0 };
  const wait = (err.retryAfterSeconds ?? 0) * 1000;
  const loginRateLimited = err.status === 400 && /rate limit exceeded/i.test(err.apiMessage);
  const definitelyNotApplied =
    err.status === 429 ||
    err.status === 503 ||
    loginRateLimited ||
    (err.status === 0 && NOT_SENT.has(err.code));
  if (definitelyNotApplied) return { retry: true, minWaitMs: wait };
  const transient = err.status === 0 || err.status === 502 || err.status === 504;
  return { retry: transient && err.method !== "POST", minWaitMs: wait };
}

/**
 * Runs `fn` under `policy`, retrying while `classify` says so (default: {@link retryable});
 * the last error is rethrown when attempts or time run out.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  classify: (err: unknown) => { retry: boolean; minWaitMs: number } = retryable,
): Promise<T> {
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const { retry, minWaitMs } = classify(err);
      if (!retry || attempt >= policy.maxAttempts) throw err;
      if (minWaitMs > policy.maxRetryAfterSeconds * 1000) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(minWaitMs, Math.floor(backoff * policy.random()));
      if (waited + delay > policy.maxElapsedMs) throw err;
      waited += delay;
      await policy.sleep(delay);
    }
  }
}

/**
 * Whether a "still referenced" refusal of a delete is worth trying again. Only the trunk's 400
 * `delete.referenced.entity` is: it comes right after the trunk was taken off its routes, and the
 * real service notices that slowly (reference §8.4). A 409 (a site a trunk uses, a location a site
 * uses, the org's default site) names a reference that is still there and stays until someone
 * removes it: retrying only delays the message that says so.
 */
export function referenceMayClear(err: unknown): boolean {
  return err instanceof GenesysError && err.isStillReferenced && err.status !== 409;
}

/**
 * Retries `fn` (a delete) while the API answers that the object is still referenced and that
 * may clear by itself (see {@link referenceMayClear}).
 */
export function retryWhileReferenced<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  return withRetry(fn, policy, (err) => ({ retry: referenceMayClear(err), minWaitMs: 0 }));
}

/** Writes a read-modify-write makes before it gives up on version conflicts. */
export const VERSION_CONFLICT_ATTEMPTS = 4;

/**
 * A read-modify-write under optimistic concurrency (reference §4.6). `write(current)` applies the
 * caller's own change, and nothing else, to `current` and sends it with `current`'s version. When
 * Genesys answers that the version is out of date (someone else wrote in between), the object is
 * read again with `read` and the same change is applied to the fresh copy, so what the other
 * writer set is kept; at most `attempts` writes. `first` is a copy already in hand (just read, or
 * kept in state) for the first write; without it, the first write starts with `read`.
 *
 * When every write loses, fails with one line naming `what` and what to do.
 */
export async function writeWithVersion<T, R>(
  what: string | (() => string),
  read: () => Promise<T>,
  write: (current: T) => Promise<R>,
  first?: T,
  attempts = VERSION_CONFLICT_ATTEMPTS,
): Promise<R> {
  let current = first;
  for (let attempt = 1; ; attempt++) {
    if (current === undefined) current = await read();
    try {
      return await write(current);
    } catch (err) {
      if (!(err instanceof GenesysError && err.isVersionConflict)) throw err;
      if (attempt >= attempts) {
        throw new Error(
          `${typeof what === "string" ? what : what()} kept changing while this deployment updated it: Genesys refused ${attempts} writes in a row ` +
            `as out of date (${err.status} ${err.code}: ${err.apiMessage}). Something else is editing it right ` +
            `now; let that finish, then run the command again.`,
        );
      }
      current = undefined; // someone else wrote: read again and reapply only our change
    }
  }
}
