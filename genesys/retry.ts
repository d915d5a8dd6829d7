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
 * Retries `fn` while the API answers that the object is still referenced by another one
 * (deletes racing the removal of a dependant; the real service catches up slowly).
 */
export function retryWhileReferenced<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  return withRetry(fn, policy, (err) => ({
    retry: err instanceof GenesysError && err.isStillReferenced,
    minWaitMs: 0,
  }));
}
