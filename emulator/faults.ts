/**
 * Deterministic fault rules: data of the form (match, effect, times, skip). Rules fire by count, never by chance.
 */

/** What a fault does to a matching request. */
export type FaultEffect =
  /** Answer with this status (and an error body in the real shape) without performing the operation. */
  | { status: number; code?: string; message?: string; retryAfter?: number }
  /** Destroy the connection without answering, before performing the operation. */
  | { reset: true }
  /** Wait this long, then handle the request normally (see {@link ClientGone} for a client that left). */
  | { delayMs: number; ifClientGone?: ClientGone }
  /**
   * Wait until released (`POST /_emulator/faults/release`, or the emulator closing), then handle the
   * request normally: a test can act while the request is held, deterministically.
   */
  | { hold: true; ifClientGone?: ClientGone }
  /** Perform (and persist) the operation, then destroy the connection without answering. */
  | { commitThenDrop: true }
  /**
   * Handle the request normally, then leave these top-level fields out of its JSON answer: a gateway, proxy or
   * API version that does not send them (e.g. `["pageCount"]` on a listing).
   */
  | { omitFields: string[] }
  /**
   * Answer 200 with exactly this JSON body, without performing the operation: an answer the real
   * API would never send (e.g. a listing whose entities are null), to see how a client copes.
   */
  | { body: unknown };

/**
 * What a `delayMs` or `hold` fault does with a request whose client closed the connection while it waited:
 * - `"apply"` (default): perform it anyway. The live service can do that: once a request has reached the
 *   backend, a client that goes away (a timeout, an abort, a killed process) does not stop it.
 * - `"drop"`: do not perform it (logged with `dropped: true`), like a gateway that never forwarded a request
 *   whose client had left. This shows what a client's abort can guarantee at best: that it stops waiting and
 *   sends nothing more; whether a request already forwarded lands is up to the service.
 */
export type ClientGone = "apply" | "drop";

/** A fault rule as posted to `POST /_emulator/faults`. */
export interface FaultRuleInput {
  /** HTTP method to match (any when omitted). */
  method?: string;
  /** Exact path, or a pattern where `*` matches exactly one path segment. */
  path: string;
  /** How many matching requests the rule affects (default 1). */
  times?: number;
  /** How many matching requests to let through before the rule fires (default 0). */
  skip?: number;
  effect: FaultEffect;
}

/** An active rule, with its remaining counts. */
export interface FaultRule {
  id: string;
  method?: string;
  path: string;
  times: number;
  skip: number;
  effect: FaultEffect;
  /** Requests still to be affected. */
  remaining: number;
  /** Matching requests still to be let through before firing. */
  skipRemaining: number;
}

/** Thrown for an invalid rule (the admin API answers 400 with its message). */
export class FaultRuleError extends Error {}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

function parseEffect(e: unknown): FaultEffect {
  if (!isObj(e)) throw new FaultRuleError("effect must be an object");
  const kinds = ["status", "reset", "delayMs", "hold", "commitThenDrop", "omitFields", "body"].filter(
    (k) => e[k] !== undefined,
  );
  if (kinds.length !== 1)
    throw new FaultRuleError(
      "effect must have exactly one of: status, reset, delayMs, hold, commitThenDrop, omitFields, body",
    );
  if (e.ifClientGone !== undefined) {
    if (e.delayMs === undefined && e.hold === undefined)
      throw new FaultRuleError("effect.ifClientGone applies only to delayMs and hold");
    if (e.ifClientGone !== "apply" && e.ifClientGone !== "drop")
      throw new FaultRuleError('effect.ifClientGone must be "apply" or "drop"');
  }
  const ifClientGone = e.ifClientGone !== undefined ? { ifClientGone: e.ifClientGone as ClientGone } : {};
  if (e.status !== undefined) {
    if (typeof e.status !== "number" || !Number.isInteger(e.status) || e.status < 400 || e.status > 599)
      throw new FaultRuleError("effect.status must be an integer from 400 to 599");
    if (e.code !== undefined && typeof e.code !== "string")
      throw new FaultRuleError("effect.code must be a string");
    if (e.message !== undefined && typeof e.message !== "string")
      throw new FaultRuleError("effect.message must be a string");
    if (e.retryAfter !== undefined && !isCount(e.retryAfter))
      throw new FaultRuleError("effect.retryAfter must be a non-negative integer (seconds)");
    return {
      status: e.status,
      ...(e.code !== undefined ? { code: e.code as string } : {}),
      ...(e.message !== undefined ? { message: e.message as string } : {}),
      ...(e.retryAfter !== undefined ? { retryAfter: e.retryAfter as number } : {}),
    };
  }
  if (e.reset !== undefined) {
    if (e.reset !== true) throw new FaultRuleError("effect.reset must be true");
    return { reset: true };
  }
  if (e.delayMs !== undefined) {
    if (!isCount(e.delayMs) || (e.delayMs as number) > 600_000)
      throw new FaultRuleError("effect.delayMs must be an integer from 0 to 600000");
    return { delayMs: e.delayMs as number, ...ifClientGone };
  }
  if (e.hold !== undefined) {
    if (e.hold !== true) throw new FaultRuleError("effect.hold must be true");
    return { hold: true, ...ifClientGone };
  }
  if (e.omitFields !== undefined) {
    const fields = e.omitFields;
    if (
      !Array.isArray(fields) ||
      fields.length === 0 ||
      !fields.every((f) => typeof f === "string" && f !== "")
    )
      throw new FaultRuleError("effect.omitFields must be a non-empty array of field names");
    return { omitFields: [...(fields as string[])] };
  }
  if (e.body !== undefined) return { body: e.body };
  if (e.commitThenDrop !== true) throw new FaultRuleError("effect.commitThenDrop must be true");
  return { commitThenDrop: true };
}

function pathMatches(pattern: string, path: string): boolean {
  const p = pattern.split("/");
  const s = path.split("/");
  return p.length === s.length && p.every((seg, i) => seg === "*" || seg === s[i]);
}

/** The active fault rules, consumed in insertion order. */
export class FaultSet {
  private rules: FaultRule[] = [];
  private nextId = 1;

  /** Validates and adds a rule; throws {@link FaultRuleError} when invalid. */
  add(input: unknown): FaultRule {
    if (!isObj(input)) throw new FaultRuleError("a fault rule must be a JSON object");
    if (typeof input.path !== "string" || !input.path.startsWith("/"))
      throw new FaultRuleError("path must be a string starting with '/'");
    if (input.method !== undefined && typeof input.method !== "string")
      throw new FaultRuleError("method must be a string");
    const times = input.times ?? 1;
    const skip = input.skip ?? 0;
    if (!isCount(times) || (times as number) < 1)
      throw new FaultRuleError("times must be a positive integer");
    if (!isCount(skip)) throw new FaultRuleError("skip must be a non-negative integer");
    const rule: FaultRule = {
      id: `fault-${this.nextId++}`,
      ...(input.method !== undefined ? { method: (input.method as string).toUpperCase() } : {}),
      path: input.path,
      times: times as number,
      skip: skip as number,
      effect: parseEffect(input.effect),
      remaining: times as number,
      skipRemaining: skip as number,
    };
    this.rules.push(rule);
    return { ...rule };
  }

  /**
   * Finds the first rule that fires for this request, consuming one count from it (and one skip from each
   * matching rule that is still letting requests through). Exhausted rules are removed.
   */
  take(method: string, path: string): FaultRule | undefined {
    let fired: FaultRule | undefined;
    for (const r of this.rules) {
      if (r.method && r.method !== method.toUpperCase()) continue;
      if (!pathMatches(r.path, path)) continue;
      if (r.skipRemaining > 0) {
        r.skipRemaining--; // every matching request counts towards a skip, even one another rule takes
        continue;
      }
      if (fired) continue;
      r.remaining--;
      fired = r;
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return fired;
  }

  /** Active rules with their remaining counts. */
  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }
}
