/**
 * NumberPlans: pure mapping between declared plans and the API's whole-list PUT body.
 *
 * Order (our choice, documented on `NumberPlansInputs.plans`): the first plan that matches a
 * number wins [I], so the declared plans come first, in their declared order, and every plan the
 * resource does not declare (Genesys's defaults and any others) follows in the order the site has
 * it. A plan given back (on delete, or when its name leaves `plans`) goes back to the position it
 * had before it was taken over. Every plan of the body carries `priority` = its 1-based position,
 * so the list order and the priorities never disagree.
 */
import { isDeepStrictEqual } from "node:util";
import type { Models } from "purecloud-platform-client-v2";
import { MatchType, NumberPlanSpec, ReplacedPlan, normalisePlan, sameName } from "./schema";

/** A plan as the API has it, in the declared shape (every field the API returns that a plan may declare). */
export function specOf(p: Models.NumberPlan): NumberPlanSpec {
  const spec: Record<string, unknown> = {
    name: p.name,
    classification: p.classification,
    matchType: p.matchType as MatchType,
    match: p.match,
    normalizedFormat: p.normalizedFormat,
    numbers: p.numbers?.map((n) => ({
      start: n.start,
      ...(n.end !== undefined && n.end !== null && { end: n.end }),
    })),
    digitLength: p.digitLength && { start: p.digitLength.start, end: p.digitLength.end },
    description: p.description,
  };
  return normalisePlan(spec as unknown as NumberPlanSpec);
}

/** `value` cut down to the keys `declared` has, at every depth (array items pairwise). */
function restrict(value: unknown, declared: unknown): unknown {
  if (Array.isArray(declared) && Array.isArray(value))
    return value.map((v, i) => (i < declared.length ? restrict(v, declared[i]) : v));
  if (declared !== null && typeof declared === "object" && value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, d] of Object.entries(declared as Record<string, unknown>)) {
      if (d === undefined) continue;
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = restrict(v, d);
    }
    return out;
  }
  return value;
}

/**
 * The plan as Genesys has it, showing only what `declared` declares (at any depth), so values
 * Genesys fills in (an `end` it adds, a description, audit fields) never show as a change. The
 * declared name is kept when Genesys's differs only in case.
 */
export function seenAs(p: Models.NumberPlan, declared: NumberPlanSpec): NumberPlanSpec {
  const seen = restrict(specOf(p), normalisePlan(declared)) as NumberPlanSpec;
  return sameName(seen.name, declared.name) ? { ...seen, name: declared.name } : seen;
}

/** The declared plans as Genesys has them now, in the site's order; a declared plan it lacks is left out. */
export function declaredAsSeen(
  current: readonly Models.NumberPlan[],
  declared: readonly NumberPlanSpec[],
): NumberPlanSpec[] {
  return current.flatMap((p) => {
    const d = declared.find((x) => sameName(x.name, p.name));
    return d ? [seenAs(p, d)] : [];
  });
}

/** The fields of a plan a PUT may send. */
const WRITABLE = [
  "id",
  "version",
  "name",
  "description",
  "classification",
  "matchType",
  "match",
  "normalizedFormat",
  "numbers",
  "digitLength",
] as const;

/** The writable fields of a plan as read: what a PUT sends back for a plan it keeps. */
function writable(p: Models.NumberPlan): Models.NumberPlan {
  return Object.fromEntries(
    WRITABLE.map((k) => [k, p[k]]).filter(([, v]) => v !== undefined && v !== null),
  ) as unknown as Models.NumberPlan;
}

/**
 * The PUT body of one plan: `spec`'s fields over `existing` (the plan of that name as read, with
 * its id and version), whose match fields are dropped first (they belong to its old match type)
 * and whose description is kept unless `spec` declares one.
 */
export function planBody(spec: NumberPlanSpec, existing?: Models.NumberPlan): Models.NumberPlan {
  const base = existing ? writable(existing) : ({} as Models.NumberPlan);
  const { match: _m, normalizedFormat: _f, numbers: _n, digitLength: _d, ...kept } = base;
  return { ...kept, ...(normalisePlan(spec) as unknown as Models.NumberPlan) };
}

/** What to give back or remove of plans no longer declared. */
export interface Release {
  /** Plans taken over by name: they get back what they had, at their old position. */
  restore: readonly ReplacedPlan[];
  /** Names of plans the resource made: removed. */
  remove: readonly string[];
}

const NOTHING: Release = { restore: [], remove: [] };

/**
 * The site's whole new list: the declared plans first (each over the plan of its name, if the site
 * has one), then the site's other plans in their order, with `release.restore` plans put back at
 * their old positions and `release.remove` ones left out; `priority` = position.
 */
export function buildList(
  current: readonly Models.NumberPlan[],
  declared: readonly NumberPlanSpec[],
  release: Release = NOTHING,
): Models.NumberPlan[] {
  const find = (name: string) => current.find((p) => sameName(p.name, name));
  const head = declared.map((d) => planBody(d, find(d.name)));
  const leaving = [...release.restore.map((r) => r.name), ...release.remove];
  const rest = current
    .filter(
      (p) => !declared.some((d) => sameName(d.name, p.name)) && !leaving.some((n) => sameName(n, p.name)),
    )
    .map(writable);
  for (const r of [...release.restore].sort((a, b) => a.position - b.position)) {
    if (declared.some((d) => sameName(d.name, r.name))) continue; // declared again: it stays taken over
    rest.splice(Math.min(Math.max(r.position - 1, 0), rest.length), 0, planBody(r.plan, find(r.name)));
  }
  return [...head, ...rest].map((p, i) => ({ ...p, priority: i + 1 }));
}

/** True when writing `body` would change nothing of `current` (same plans, order and fields). */
export function sameAsCurrent(
  current: readonly Models.NumberPlan[],
  body: readonly Models.NumberPlan[],
): boolean {
  return (
    current.length === body.length &&
    body.every(
      (b, i) =>
        (b.id === undefined || b.id === current[i].id) &&
        b.name === current[i].name &&
        isDeepStrictEqual(specOf(b), specOf(current[i])),
    )
  );
}

/**
 * The plans of the site that declared plans newly take over by name (`names`), as they are now,
 * each with its position among the plans that stay undeclared (those not named in `declared`
 * nor in `leaving`): what is given back, and where, when the name leaves the declaration.
 */
export function replacedBy(
  current: readonly Models.NumberPlan[],
  names: readonly string[],
  declared: readonly string[] = names,
  leaving: readonly string[] = [],
): ReplacedPlan[] {
  const staying = current.filter((p) => ![...declared, ...leaving].some((n) => sameName(n, p.name)));
  return current.flatMap((p, i) => {
    if (!names.some((n) => sameName(n, p.name))) return [];
    const position = staying.filter((q) => current.indexOf(q) < i).length + 1;
    return [{ name: p.name!, position, plan: specOf(p) }];
  });
}

/** Every classification of a list of plans, once each, in order. */
export function classificationsOf(plans: readonly Models.NumberPlan[]): string[] {
  return [...new Set(plans.map((p) => p.classification).filter((c): c is string => !!c))];
}
