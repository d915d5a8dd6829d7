/**
 * The one retry policy for Genesys Cloud calls.
 *
 * Retried: 429 (honouring Retry-After), 502/503/504, the login service's "rate limit exceeded"
 * 400, and network errors. A POST (create) is retried only when the request certainly did not
 * take effect (429, 503, connection refused): after an ambiguous failure the caller looks the
 * object up by its unique name instead (see the resources' create). Attempts are bounded, and so
 * is the whole call: every attempt and every wait counts towards one deadline per call (but for
 * a rate-limit pause, which the client keeps off the deadline's clock: ./rateLimit), an
 * attempt still running at the deadline is abandoned (a {@link DeadlineError}) and its request
 * aborted through the call's AbortSignal, and no retry starts with less than
 * {@link MIN_ATTEMPT_MS} of the call left. Waits are exponential with full jitter, never shorter
 * than Retry-After. A request this client cancelled itself is never retried. A delete refused
 * because something still refers to the object is retried only through {@link retryWhileReferenced},
 * when the caller found that nothing does any more (Genesys catching up after a delete).
 */
import { DeadlineError, GenesysError } from "./errors";

export interface RetryPolicy {
  /** Maximum attempts including the first. */
  maxAttempts: number;
  /**
   * The longest one call may take, every attempt and wait included (ms). A wait that would end
   * past it (a long Retry-After, say) is not started, and an attempt still running at it is
   * abandoned and its request aborted: the call fails with a {@link DeadlineError} naming the
   * limit and the last failure.
   */
  deadlineMs: number;
  /**
   * The least time (ms) a retry must still have before the deadline, once its wait is over, to be
   * started; with less, the call fails with a {@link DeadlineError} instead. The first attempt
   * always has the whole deadline. Defaults to {@link MIN_ATTEMPT_MS}.
   */
  minAttemptMs: number;
  /** First backoff step (ms); doubles each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Waits `ms`; injectable so tests never sleep. */
  sleep: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); injectable for deterministic tests. */
  random: () => number;
  /**
   * Clock in epoch ms that the deadline is measured on; injectable (a test's waits pass on it).
   * The client's stands still while Genesys's rate limit pauses its calls (./rateLimit).
   */
  now: () => number;
  /**
   * Waited for before each attempt, on time `now` does not count: the client's rate-limit pause
   * (./rateLimit). None by default.
   */
  beforeAttempt?: () => Promise<void>;
}

/**
 * A retry is started only with at least 2 s of its call's deadline left. Genesys answers a read in
 * well under a second and a telephony write (a site, a trunk) in one to two; an attempt with less
 * time than that would most likely be cut off by the deadline with its request in flight, and a
 * write cut off in flight is the one outcome that leaves unknown whether it applied. Failing at
 * once, naming the last failure, tells the user the same thing sooner and sends nothing more.
 * (2 s is also an eighth of the SDK's 16 s per-request timeout: a retry never starts with less
 * room than that fraction of what the SDK itself would give a request.)
 */
export const MIN_ATTEMPT_MS = 2_000;

/**
 * The SDK gives up on one request after 16 s (its default timeout). 60 s per call leaves room for
 * three such timeouts with their backoff, or a 429's Retry-After of up to about 40 s, and keeps a
 * host that accepts connections but never answers from holding a deployment for minutes: before,
 * six timed-out attempts took about 100 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  deadlineMs: 60_000,
  minAttemptMs: MIN_ATTEMPT_MS,
  baseDelayMs: 250,
  maxDelayMs: 15_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/** Codes of network failures where the request never reached the server. */
const NOT_SENT = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** The code of a request this client cancelled itself (its call's AbortSignal; axios's code). */
export const CANCELLED = "ERR_CANCELED";

/**
 * Whether `err` may be retried, and the least wait (ms) the server asked for. A deadline, and a
 * request cancelled because an enclosing call's deadline passed, are never retried.
 */
export function retryable(err: unknown): { retry: boolean; minWaitMs: number } {
  if (!(err instanceof GenesysError) || err instanceof DeadlineError || err.code === CANCELLED)
    return { retry: false, minWaitMs: 0 };
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

/** What {@link withRetry} is running, named in a {@link DeadlineError} when no attempt failed yet. */
export interface CallLabel {
  method: string;
  path: string;
}

/**
 * Rejects with `TIME_UP` unless `attempt` settles before `left()` (ms still allowed) reaches 0: a
 * real timer, set for what is left and set again when it fires with time left (the deadline's
 * clock stood still meanwhile, during a rate-limit pause); cleared either way.
 */
const TIME_UP = Symbol("deadline");
function within<T>(attempt: Promise<T>, left: () => number): Promise<T> {
  attempt.catch(() => undefined); // an abandoned attempt's late failure concerns no one
  let timer: NodeJS.Timeout | undefined;
  const cut = new Promise<never>((_, reject) => {
    const arm = (ms: number) => {
      timer = setTimeout(
        () => {
          const rest = left();
          // A private sentinel, told apart by identity and never shown to anyone: not an Error on purpose.
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
          if (rest <= 0) reject(TIME_UP);
          else arm(rest);
        },
        Math.max(0, ms),
      );
      timer.unref();
    };
    arm(left());
  });
  return Promise.race([attempt, cut]).finally(() => clearTimeout(timer));
}

/**
 * Runs `fn` under `policy`, retrying while `classify` says so (default: {@link retryable}). The
 * last error is rethrown when attempts run out or it may not be retried; when the call's deadline
 * comes first, a {@link DeadlineError} (about `label`, or the last error's call) says so.
 *
 * `fn` gets the call's AbortSignal (one for every attempt of the call): it is aborted when the
 * deadline passes with an attempt still running, so that attempt's request is cancelled rather
 * than left to land after the call has failed. A retry whose wait would leave less than
 * `policy.minAttemptMs` of the deadline is not started.
 */
export async function withRetry<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  classify: (err: unknown) => { retry: boolean; minWaitMs: number } = retryable,
  label?: CallLabel,
): Promise<T> {
  const start = policy.now();
  const left = () => start + policy.deadlineMs - policy.now();
  const abandon = new AbortController();
  let last: unknown;
  const timeUp = (attempts: number, why: string) => {
    const where = last instanceof GenesysError ? last : (label ?? { method: "?", path: "?" });
    return new DeadlineError({ ...where, limitMs: policy.deadlineMs, attempts, why, last });
  };
  for (let attempt = 1; ; attempt++) {
    try {
      await policy.beforeAttempt?.();
      return await within((async () => fn(abandon.signal))(), left);
    } catch (err) {
      if (err === TIME_UP) {
        const e = timeUp(attempt, "the last attempt was still waiting for an answer");
        abandon.abort(e); // the request in flight is cancelled: nothing of it lands after this
        throw e;
      }
      last = err;
      const { retry, minWaitMs } = classify(err);
      if (!retry || attempt >= policy.maxAttempts) throw err;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const delay = Math.max(minWaitMs, Math.floor(backoff * policy.random()));
      if (delay + policy.minAttemptMs > left()) {
        throw timeUp(
          attempt,
          minWaitMs > 0
            ? `Genesys Cloud asked to wait ${Math.ceil(minWaitMs / 1000)} s before the next attempt`
            : "no time was left for another attempt",
        );
      }
      await policy.sleep(delay);
    }
  }
}

/**
 * A delete Genesys refused because something still refers to the object, when nothing that refers
 * to it could be found any more: the reference is gone, and Genesys has not noticed yet (the live
 * service catches up slowly after deletes, reference §4.5.1). Worth trying again. `refusal` is
 * Genesys's answer.
 */
export class ReferenceLagError extends GenesysError {
  constructor(readonly refusal: GenesysError) {
    super({
      status: refusal.status,
      code: refusal.code,
      message: refusal.apiMessage,
      method: refusal.method,
      path: refusal.path,
      correlationId: refusal.correlationId,
      details: refusal.details,
    });
    this.name = "ReferenceLagError";
  }
}

/**
 * Whether a "still referenced" refusal of a delete is worth trying again: only when the caller
 * found that nothing refers to the object any more (a {@link ReferenceLagError}). A refusal while a
 * referrer is still there stays until someone removes it: retrying only delays the message.
 */
export function referenceMayClear(err: unknown): boolean {
  return err instanceof ReferenceLagError;
}

/**
 * The waits while Genesys catches up with a reference that is gone: exponential from 1 s, at most
 * 4 s apart (full jitter, as every wait here), for as long as the call's deadline allows (60 s by
 * default), with a bound on the attempts as a guard. What it must cover (reference §4.5.1): a
 * location stays in use a few seconds after its site's delete (Genesys's Terraform provider sleeps
 * 8 s), a trunk stays referenced after leaving a route for up to tens of seconds (the provider
 * retries it for 50 s), a site a few seconds after its trunk's delete. Starting small makes a short
 * lag cost little (a lag is seconds, so a first retry sooner than half a second on average would
 * mostly be refused again); the 4 s cap keeps the overshoot past the moment Genesys catches up
 * under 4 s, while a waiting delete sends about one DELETE every 2 s (what refers to the object is
 * read only after the first refusal and when it gives up). Many deletes waiting side by side (a
 * large estate's destroy) can reach the rate limit: then they all pause together (./rateLimit).
 */
export const REFERENCE_LAG_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 4_000, maxAttempts: 100 } as const;

/**
 * Retries `fn` (a delete) under `policy`'s deadline and clock, with the {@link REFERENCE_LAG_BACKOFF}
 * waits, while it fails with a {@link ReferenceLagError} (see {@link referenceMayClear}).
 */
export function retryWhileReferenced<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<T> {
  return withRetry(fn, { ...policy, ...REFERENCE_LAG_BACKOFF }, (err) => ({
    retry: referenceMayClear(err),
    minWaitMs: 0,
  }));
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
