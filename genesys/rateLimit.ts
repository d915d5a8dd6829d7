/**
 * Genesys Cloud's rate limit, as every call on one token lives with it.
 *
 * Genesys allows a client-credentials token a number of requests per minute (300 by default,
 * reference §4.7) and answers the one over it with 429 and `Retry-After` (integer seconds) [C].
 * The limit is the token's, not a request's: once one call is told to wait, every other call on
 * the same token would be told the same, so they all wait until then without sending anything
 * ({@link RateLimitPause}). A large estate's destroy, where many deletes wait side by side for
 * Genesys to catch up, reaches the limit within seconds; without the shared pause each waiting
 * call spent its next attempt on another 429.
 *
 * The time spent in such a pause does not count towards a call's deadline (the client measures
 * deadlines on {@link RateLimitPause.activeClock}): the deadline bounds how long an unanswered or
 * failing call may hold a deployment, and a service that says when to come back is neither. A
 * `Retry-After` longer than {@link MAX_RETRY_AFTER_S} is not waited for (the call fails, saying
 * what Genesys asked): Genesys's own Go SDK gives up past the same bound.
 */

/** The longest `Retry-After` (seconds) a call waits for, as Genesys's Go SDK (reference §4.7). */
export const MAX_RETRY_AFTER_S = 180;

/** A pause of every call on one token, from a 429 until the time its `Retry-After` named. */
export class RateLimitPause {
  /** No request is sent before this (ms, on `now`). */
  private until = 0;
  /** When the latest pause began (ms, on `now`). */
  private began = 0;
  /** The length of the pauses before the latest (ms). */
  private before = 0;

  /**
   * @param now The wall clock (ms), the retry policy's.
   * @param sleep Waits a number of ms, the retry policy's (tests pass it without taking time).
   */
  constructor(
    private readonly now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /**
   * Genesys answered 429 asking to wait `seconds`: no call on this token sends before then. A
   * pause in force is only ever lengthened.
   *
   * @param seconds The answer's `Retry-After`.
   */
  pause(seconds: number): void {
    const t = this.now();
    const until = t + seconds * 1000;
    if (until <= this.until) return;
    if (t >= this.until) {
      this.before += this.until - this.began;
      this.began = t;
    }
    this.until = until;
  }

  /** Resolves when no pause is in force (at once when none is). */
  async wait(): Promise<void> {
    for (let t = this.now(); t < this.until; t = this.now()) await this.sleep(this.until - t);
  }

  /** How long (ms) the pauses have lasted so far, the one in force up to now. */
  pausedMs(): number {
    return this.before + Math.max(0, Math.min(this.now(), this.until) - this.began);
  }

  /** A clock (ms) that stands still while a pause is in force: the one deadlines are measured on. */
  readonly activeClock = (): number => this.now() - this.pausedMs();
}
