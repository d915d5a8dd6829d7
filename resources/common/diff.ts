/**
 * Diffing declared inputs only: the one comparison every resource's `diff` uses.
 */
import { isDeepStrictEqual } from "node:util";

/** The keys whose declared values differ between the stored inputs and the new ones. */
export function changedKeys<T extends object>(
  olds: Partial<T>,
  news: Partial<T>,
  keys: readonly (keyof T)[],
): (keyof T)[] {
  return keys.filter((k) => !isDeepStrictEqual(normalise(olds[k]), normalise(news[k])));
}

/** Undefined, null and absent compare equal; so do objects whose only difference is absent keys. */
function normalise(v: unknown): unknown {
  if (v === null || v === undefined) return undefined;
  if (Array.isArray(v)) return v.map(normalise);
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const n = normalise(x);
      if (n !== undefined) out[k] = n;
    }
    return out;
  }
  return v;
}
