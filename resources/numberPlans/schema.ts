/**
 * NumberPlans: plain input/output types and validation (no Pulumi import, so the policy pack and
 * unit tests use it directly).
 */
import {
  CheckFailure,
  Failures,
  Label,
  displayName,
  hasUnknown,
  idReference,
  isUnknown,
  oneOf,
  optionalString,
} from "../common/validate";

/** How a number plan recognises a dialled number (the API's `matchType`). */
export type MatchType =
  "regex" | "numberList" | "e164NumberList" | "digitLength" | "intraCountryCode" | "interCountryCode";

/** The match types Genesys accepts. */
export const MATCH_TYPES: readonly MatchType[] = [
  "regex",
  "numberList",
  "e164NumberList",
  "digitLength",
  "intraCountryCode",
  "interCountryCode",
];

/** The number plans Genesys creates with every site (by name); they are kept unless a declared plan of the same name overrides one. */
export const DEFAULT_PLAN_NAMES = [
  "Emergency",
  "Extension",
  "National",
  "International",
  "Network",
  "Suicide Prevention",
] as const;

/** Most number plans a site may have (one PUT carries them all). */
export const MAX_PLANS = 200;

/** A number or a range of numbers (the API's `Number`). */
export interface NumberRange {
  /** First number of the range (or the only one), digits only (`numberList`) or E.164 (`e164NumberList`). Maps to `start`. */
  start: string;
  /** Last number of the range, the same kind as `start` and not lower. Omit for a single number. Maps to `end`. */
  end?: string;
}

/** A range of digit counts (the API's `DigitLength`). */
export interface DigitLengthRange {
  /** Fewest digits a matching number has, e.g. `"4"`. Maps to `digitLength.start`. */
  start: string;
  /** Most digits a matching number has, at least `start`, e.g. `"6"`. Maps to `digitLength.end`. */
  end: string;
}

/** One declared number plan (the API's `NumberPlan`, fields Genesys sets itself left out). */
export interface NumberPlanSpec {
  /**
   * Plan name, unique on the site (Genesys compares names without regard to case). A name of one
   * of the site's existing plans (e.g. a default such as `Emergency`) overrides that plan in place;
   * on delete it gets back what it had before. Maps to `name`.
   */
  name: string;
  /**
   * The classification numbers matching this plan get; outbound routes of the site name it in
   * their `classificationTypes`. Several plans may share one. Maps to `classification`.
   */
  classification: string;
  /**
   * How the plan matches: `regex` (needs `match`), `numberList` / `e164NumberList` (need
   * `numbers`), `digitLength` (needs `digitLength`), `intraCountryCode` or `interCountryCode`
   * (national / international numbers of the org's country; no other field). Maps to `matchType`.
   */
  matchType: MatchType;
  /** Regular expression a number must match; `regex` only. Maps to `match`. */
  match?: string;
  /** What a matching number becomes, with `$1`… for the regex's groups, e.g. `sip:$1$2`; `regex` only. Maps to `normalizedFormat`. */
  normalizedFormat?: string;
  /** The numbers or ranges that match; `numberList` and `e164NumberList` only, at least one. Maps to `numbers`. */
  numbers?: NumberRange[];
  /** The digit counts that match; `digitLength` only. Maps to `digitLength`. */
  digitLength?: DigitLengthRange;
  /** Plan description. Maps to `description`. */
  description?: string;
}

/** Declared inputs of a NumberPlans resource. */
export interface NumberPlansInputs {
  /** Id of the site whose number plans these are; one NumberPlans per site. Changing it replaces the resource. */
  siteId: string;
  /**
   * The site's own number plans, in priority order (the first plan that matches a number wins).
   * They come first on the site, before the plans this resource does not declare (Genesys's
   * defaults and any others, kept in their order). Only the fields declared here are compared, so
   * values Genesys fills in never show as a change; reordering the list is an update. At most 200
   * plans on the site in all.
   */
  plans: NumberPlanSpec[];
}

/** A plan as it was before a declared plan of the same name took it over (given back on delete). */
export interface ReplacedPlan {
  /** Its name (the declared plan has the same name, perhaps in other case). */
  name: string;
  /**
   * Its 1-based position among the plans the resource does not declare (the defaults and others),
   * before it was taken over: where it goes back.
   */
  position: number;
  /** What it was: the fields a declared plan sets. */
  plan: NumberPlanSpec;
}

/** Outputs: declared inputs plus what the site has now and what to give back on delete. */
export interface NumberPlansOutputs extends NumberPlansInputs {
  /** Genesys ids of the declared plans, in the order of `plans`. */
  planIds: string[];
  /** Every classification the site's number plans define now (what routes may use). */
  classifications: string[];
  /** Plans of the site that declared plans took over by name; given back on delete. */
  replaced?: ReplacedPlan[];
}

/** Inputs compared by diff; a change of `siteId` replaces the resource. */
export const DIFF_KEYS = ["siteId", "plans"] as const;
export const REPLACE_KEYS = ["siteId"] as const;

/** The fields of a plan each match type uses (besides name, classification, matchType, description). */
const FIELDS_OF: Record<MatchType, readonly (keyof NumberPlanSpec)[]> = {
  regex: ["match", "normalizedFormat"],
  numberList: ["numbers"],
  e164NumberList: ["numbers"],
  digitLength: ["digitLength"],
  intraCountryCode: [],
  interCountryCode: [],
};
const MATCH_FIELDS = ["match", "normalizedFormat", "numbers", "digitLength"] as const;

/** Names Genesys considers the same (it compares plan names without regard to case). */
export function sameName(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

function digits(v: unknown, what: string, e164: boolean): string | undefined {
  if (isUnknown(v)) return undefined;
  const ok = e164 ? /^\+[1-9]\d{1,14}$/ : /^\d{1,20}$/;
  if (typeof v !== "string" || !ok.test(v))
    return e164
      ? `${what} must be an E.164 number such as +18005550100 (matchType e164NumberList), got ${JSON.stringify(v)}`
      : `${what} must be digits only such as 911 (matchType numberList; use e164NumberList for +numbers), got ${JSON.stringify(v)}`;
  return undefined;
}

/** A reason when `end` is lower than `start` (both known digit strings). */
function lowerEnd(start: unknown, end: unknown, what: string): string | undefined {
  if (typeof start !== "string" || typeof end !== "string" || isUnknown(start) || isUnknown(end))
    return undefined;
  const a = start.replace(/^\+/, "");
  const b = end.replace(/^\+/, "");
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  if (a.length === b.length ? b < a : b.length < a.length)
    return `${what}.end ${end} is lower than its start ${start}: swap them or fix the range`;
  return undefined;
}

/**
 * A reason when the plan's `match` (a known string) is not a regular expression that compiles;
 * undefined for one that does, and for a value not known yet (preview).
 */
export function regexProblem(match: string, what: string): string | undefined {
  if (isUnknown(match)) return undefined;
  try {
    new RegExp(match);
  } catch (e) {
    return `${what} is not a valid regular expression (${(e as Error).message}): fix it`;
  }
  return undefined;
}

function checkPlan(f: Failures, p: unknown, at: string): void {
  // `at` is the property (plans[i]); `L` is how the messages name it (the caller's label).
  const L = f.label(at);
  if (p === null || typeof p !== "object" || Array.isArray(p)) {
    f.add(at, `${L} must be a number plan object {name, classification, matchType, …}`);
    return;
  }
  const plan = p as Record<string, unknown>;
  f.add(`${at}.name`, displayName(plan.name, `${L}.name`, 255));
  f.add(`${at}.classification`, displayName(plan.classification, `${L}.classification`, 255));
  f.add(`${at}.description`, optionalString(plan.description, `${L}.description`, 500));
  if (plan.matchType === undefined) {
    f.add(`${at}.matchType`, `${L}.matchType is required: set one of ${MATCH_TYPES.join(", ")}`);
    return;
  }
  if (isUnknown(plan.matchType)) return;
  const bad = oneOf(plan.matchType, MATCH_TYPES, `${L}.matchType`);
  if (bad) return f.add(`${at}.matchType`, bad);
  const type = plan.matchType as MatchType;
  for (const k of MATCH_FIELDS) {
    if (plan[k] !== undefined && !FIELDS_OF[type].includes(k))
      f.add(`${at}.${k}`, `${L}.${k} is not used with matchType ${type}: remove it (or change matchType)`);
  }
  if (type === "regex") {
    if (typeof plan.match !== "string" || plan.match === "") {
      f.add(
        `${at}.match`,
        `${L}.match is required for matchType regex: set a regular expression such as ^988$`,
      );
    } else {
      f.add(`${at}.match`, regexProblem(plan.match, `${L}.match`));
    }
    f.add(`${at}.normalizedFormat`, optionalString(plan.normalizedFormat, `${L}.normalizedFormat`, 255));
  } else if (type === "numberList" || type === "e164NumberList") {
    const numbers = plan.numbers;
    if (!Array.isArray(numbers) || numbers.length === 0) {
      f.add(
        `${at}.numbers`,
        `${L}.numbers is required for matchType ${type}: list at least one {start, end?}`,
      );
      return;
    }
    numbers.forEach((n, j) => {
      const w = `${at}.numbers[${j}]`;
      const W = `${L}.numbers[${j}]`;
      if (n === null || typeof n !== "object") return f.add(w, `${W} must be {start, end?}`);
      const r = n as Record<string, unknown>;
      f.add(`${w}.start`, digits(r.start, `${W}.start`, type === "e164NumberList"));
      if (r.end !== undefined) {
        f.add(`${w}.end`, digits(r.end, `${W}.end`, type === "e164NumberList"));
        f.add(`${w}.end`, lowerEnd(r.start, r.end, W));
      }
    });
  } else if (type === "digitLength") {
    const dl = plan.digitLength as Record<string, unknown> | undefined;
    if (dl === undefined || dl === null || typeof dl !== "object") {
      f.add(
        `${at}.digitLength`,
        `${L}.digitLength is required for matchType digitLength: set {start, end}, e.g. {start: "4", end: "6"}`,
      );
      return;
    }
    for (const k of ["start", "end"] as const) {
      const v = dl[k];
      if (!isUnknown(v) && (typeof v !== "string" || !/^[1-9]\d{0,1}$/.test(v)))
        f.add(
          `${at}.digitLength.${k}`,
          `${L}.digitLength.${k} must be a count of digits from 1 to 99 as a string such as "4", got ${JSON.stringify(v)}`,
        );
    }
    if (typeof dl.start === "string" && typeof dl.end === "string" && Number(dl.end) < Number(dl.start))
      f.add(
        `${at}.digitLength.end`,
        `${L}.digitLength.end ${dl.end} is lower than its start ${dl.start}: swap them`,
      );
  }
}

/**
 * Validates declared number plans. A failure names the plan's path (`plans[2].match`) and the fix;
 * the plan count is checked even while plans are unknown at preview (their number is known).
 */
export function checkNumberPlans(
  news: Record<string, unknown>,
  label?: Label,
): {
  inputs: NumberPlansInputs;
  failures: CheckFailure[];
} {
  const f = new Failures(label);
  f.check("siteId", (w) => idReference(news.siteId, w, "site"));
  const plans = news.plans;
  if (!Array.isArray(plans)) {
    if (!isUnknown(plans)) f.check("plans", (w) => `${w} must be a list of number plans (it may be empty)`);
  } else {
    // No property: the count is known even while some plans are not, so this failure is never skipped.
    if (plans.length > MAX_PLANS)
      f.add(
        "",
        `${f.label("plans")}: ${plans.length} number plans declared; a site may have at most ${MAX_PLANS}: remove ${plans.length - MAX_PLANS}`,
      );
    plans.forEach((p, i) => checkPlan(f, p, `plans[${i}]`));
    const names = plans.map((p) => (p as { name?: unknown } | null)?.name);
    names.forEach((name, i) => {
      if (typeof name !== "string" || hasUnknown(name)) return;
      const j = names.findIndex((m) => typeof m === "string" && sameName(m, name));
      if (j < i)
        f.add(
          `plans[${i}].name`,
          `${f.label(`plans[${i}].name`)} "${name}" repeats ${f.label(`plans[${j}].name`)} (names are unique without regard to case): rename one`,
        );
    });
  }
  const inputs: NumberPlansInputs = {
    siteId: news.siteId as string,
    plans: Array.isArray(plans)
      ? (plans as NumberPlanSpec[]).map(normalisePlan)
      : (plans as NumberPlanSpec[]),
  };
  return { inputs, failures: f.list };
}

/** The plan with only its declared keys (undefined ones dropped), in a fixed key order. */
export function normalisePlan(p: NumberPlanSpec): NumberPlanSpec {
  const out: Record<string, unknown> = {};
  for (const k of PLAN_KEYS) if (p?.[k] !== undefined) out[k] = p[k];
  return out as unknown as NumberPlanSpec;
}

/** The keys of a declared plan, in the order outputs show them. */
export const PLAN_KEYS = [
  "name",
  "classification",
  "matchType",
  "match",
  "normalizedFormat",
  "numbers",
  "digitLength",
  "description",
] as const satisfies readonly (keyof NumberPlanSpec)[];
