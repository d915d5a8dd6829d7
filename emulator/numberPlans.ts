/**
 * A site's number plans (`/sites/{siteId}/numberplans`): list, get, PUT the whole list, classifications.
 * Reference §7.3 and Appendix B.
 */
import { Collection } from "./collection";
import {
  ApiError,
  badRequest,
  duplicateValue,
  entityNotFound,
  invalidValue,
  referencedKeyMissing,
  requiredFieldMissing,
  telephonyVersionConflict,
} from "./errors";
import { requireSite } from "./sites";
import { clone, sameName, PATHS, type NumberPlan, type Store } from "./store";
import {
  isObject,
  optInt,
  optObject,
  optString,
  qString,
  reqString,
  type Json,
  type Query,
} from "./validate";

/** Match types of a number plan [C-code: TF schema]. */
const MATCH_TYPES = [
  "digitLength",
  "e164NumberList",
  "interCountryCode",
  "intraCountryCode",
  "numberList",
  "regex",
] as const;

/** Most plans one PUT may carry [C: API description "maximum 200 number plans at a time"]. */
const MAX_PLANS = 200;

/** The API view of a number plan: the NumberPlan model has no site field, so `siteId` stays inside [C model]. */
export function renderNumberPlan(n: NumberPlan): Json {
  const { siteId: _siteId, ...plan } = clone(n);
  return plan as unknown as Json;
}

function planCollection(store: Store): Collection<"numberPlans"> {
  return new Collection(store, "numberPlans", {
    notFound: () => entityNotFound(),
    conflict: telephonyVersionConflict,
    render: renderNumberPlan,
    audited: true,
  });
}

/** The classification names available on a site (from its number plans) [C]. */
export function siteClassifications(store: Store, siteId: string): string[] {
  return [
    ...new Set(store.state.numberPlans.filter((n) => n.siteId === siteId).map((n) => n.classification)),
  ];
}

/** `GET /sites/{id}/numberplans` → array of NumberPlan [C]. */
export function listNumberPlans(store: Store, siteId: string): Json[] {
  requireSite(store, siteId);
  return store.state.numberPlans.filter((n) => n.siteId === siteId).map(renderNumberPlan);
}

/** `GET /sites/{id}/numberplans/{planId}`: a plan of another site is not found under this one [I]. */
export function getNumberPlan(store: Store, siteId: string, planId: string): Json {
  requireSite(store, siteId);
  return planCollection(store).get(planId, (n) => n.siteId === siteId);
}

/** `GET /sites/{id}/numberplans/classifications?classification=` → array of strings [C]. */
export function listClassifications(store: Store, siteId: string, q: Query): string[] {
  requireSite(store, siteId);
  const filter = qString(q, "classification");
  return siteClassifications(store, siteId).filter(
    (c) => !filter || c.toLowerCase().includes(filter.toLowerCase()),
  );
}

function startEnd(o: Json, path: string): { start: string; end?: string } {
  const start = optString(o, "start", `${path}.start`);
  if (!start) throw requiredFieldMissing(`${path}.start`);
  const end = optString(o, "end", `${path}.end`);
  return { start, ...(end !== undefined ? { end } : {}) };
}

/** What a PUT body sets on a plan. */
type PlanFields = Pick<NumberPlan, "name" | "classification" | "matchType"> &
  Partial<
    Pick<NumberPlan, "description" | "priority" | "numbers" | "digitLength" | "match" | "normalizedFormat">
  >;

/** One plan of a PUT body, validated; the match fields its match type needs are required [I]. */
function parsePlan(raw: unknown, i: number) {
  const at = `[${i}]`;
  if (!isObject(raw)) throw invalidValue(at, JSON.stringify(raw), "a NumberPlan object");
  const name = reqString(raw, "name", `${at}.name`);
  const classification = optString(raw, "classification", `${at}.classification`);
  // [I] the model marks it optional, but routes refer to plans only through it: required (strict choice).
  if (!classification) throw requiredFieldMissing(`${at}.classification`);
  const matchType = optString(raw, "matchType", `${at}.matchType`);
  if (!matchType) throw requiredFieldMissing(`${at}.matchType`);
  if (!(MATCH_TYPES as readonly string[]).includes(matchType))
    throw invalidValue(`${at}.matchType`, matchType, MATCH_TYPES.join(", "));
  const plan: PlanFields = { name, classification, matchType };
  const description = optString(raw, "description", `${at}.description`);
  if (description !== undefined) plan.description = description;
  const priority = optInt(raw, "priority", `${at}.priority`);
  if (priority !== undefined) plan.priority = priority;
  if (matchType === "numberList" || matchType === "e164NumberList") {
    const numbers = raw.numbers;
    if (!Array.isArray(numbers) || numbers.length === 0) throw requiredFieldMissing(`${at}.numbers`);
    plan.numbers = numbers.map((n, j) => {
      if (!isObject(n)) throw invalidValue(`${at}.numbers[${j}]`, JSON.stringify(n), "{start, end}");
      return startEnd(n, `${at}.numbers[${j}]`);
    });
  } else if (matchType === "digitLength") {
    const dl = optObject(raw, "digitLength", `${at}.digitLength`);
    if (!dl) throw requiredFieldMissing(`${at}.digitLength`);
    plan.digitLength = { end: "", ...startEnd(dl, `${at}.digitLength`) };
  } else if (matchType === "regex") {
    const match = optString(raw, "match", `${at}.match`);
    if (!match) throw requiredFieldMissing(`${at}.match`);
    try {
      new RegExp(match);
    } catch {
      throw invalidValue(`${at}.match`, match, "a regular expression");
    }
    plan.match = match;
    const normalizedFormat = optString(raw, "normalizedFormat", `${at}.normalizedFormat`);
    if (normalizedFormat !== undefined) plan.normalizedFormat = normalizedFormat;
  }
  return { id: optString(raw, "id", `${at}.id`), version: optInt(raw, "version", `${at}.version`), plan };
}

/**
 * `PUT /sites/{id}/numberplans`: the body is the site's whole list [C-test: TF sends its plans plus the default
 * ones it keeps]. A plan with an `id` updates that plan of this site (its `version`, when given, must match → 409
 * [I]); one without an `id` is new; plans left out are removed. Names must be unique → 400
 * `duplicate.number.plan.name` [C]; removing the last plan of a classification an outbound route of the site uses →
 * 400 `number.plan.in.use` [C]; more than 200 plans → 400 [C limit; code I]. Returns the new list.
 */
export function putNumberPlans(store: Store, siteId: string, raw: unknown): Json[] {
  requireSite(store, siteId);
  if (!Array.isArray(raw)) throw badRequest("The request body must be an array of number plans.");
  if (raw.length > MAX_PLANS)
    throw invalidValue("numberPlans", raw.length, `at most ${MAX_PLANS} number plans per request`);
  const parsed = raw.map(parsePlan);
  parsed.forEach((p, i) => {
    if (parsed.some((q, j) => j < i && sameName(q.plan.name, p.plan.name)))
      throw new ApiError(
        400,
        "duplicate.number.plan.name",
        "Number Plan names must be unique.",
        { name: p.plan.name },
        [{ errorCode: "DUPLICATE_NUMBER_PLAN_NAME", fieldName: `[${i}].name` }],
      );
  });
  const plans = planCollection(store);
  const current = store.state.numberPlans.filter((n) => n.siteId === siteId);
  const kept = new Set<string>();
  const next = parsed.map((p, i): NumberPlan => {
    const fields = { priority: i + 1, ...p.plan };
    if (p.id !== undefined) {
      const old = current.find((n) => n.id === p.id);
      if (!old) throw referencedKeyMissing(`[${i}].id`, p.id);
      if (kept.has(p.id)) throw duplicateValue("A number plan appears twice in the request.", `[${i}].id`);
      plans.checkVersion(old, p.version);
      kept.add(p.id);
      const { dateModified, modifiedBy, modifiedByApp } = store.created();
      return {
        ...pick(old),
        ...fields,
        version: old.version + 1,
        dateModified,
        modifiedBy,
        modifiedByApp,
      } as NumberPlan;
    }
    const id = store.newId();
    return {
      id,
      siteId,
      ...store.created(),
      state: "active",
      ...fields,
      selfUri: PATHS.numberPlan(siteId, id),
    } as NumberPlan;
  });
  const used = store.state.outboundRoutes
    .filter((r) => r.siteId === siteId && r.state !== "deleted")
    .flatMap((r) => r.classificationTypes);
  const missing = used.find((c) => !next.some((n) => n.classification === c));
  if (missing !== undefined)
    throw new ApiError(
      400,
      "number.plan.in.use",
      "The number plan is in use by one or more outbound route.",
      { classification: missing },
      [{ errorCode: "NUMBER_PLAN_IN_USE", fieldName: "classification" }],
    );
  plans.removeWhere((n) => n.siteId === siteId);
  store.state.numberPlans.push(...next);
  return next.map(renderNumberPlan);
}

/** What an updated plan keeps from its old self: identity and creation fields. */
function pick(old: NumberPlan) {
  const { id, siteId, state, selfUri, division, dateCreated, createdBy, createdByApp } = old;
  return { id, siteId, state, selfUri, division, dateCreated, createdBy, createdByApp };
}
