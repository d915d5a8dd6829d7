/**
 * A site's number plans as settings (`sites.<key>.numberPlans`): the section, and the plans of a
 * site read from the API as declared plans (what `npm run import` writes).
 */
import type { Models } from "purecloud-platform-client-v2";
import { type Raw, type Section } from "../common/section";
import { UNKNOWN } from "../common/validate";
import { specOf } from "./mapping";
import { DEFAULT_PLAN_NAMES, checkNumberPlans, sameName } from "./schema";

/** A site's number plans (estate form): the section is the site entry, its `numberPlans` the plans. */
export const NUMBER_PLANS: Section = {
  required: [],
  keys: { "": "numberPlans", plans: "numberPlans" },
  check: (raw, _prefix, label) => checkNumberPlans({ siteId: UNKNOWN, plans: raw.numberPlans }, label),
};

/**
 * A site's number plans as declared plans: the shortest run from the top of its list (highest
 * priority first) that holds every plan not named after one of Genesys's defaults. Declared plans
 * go first in their order, so that run is declared as is and the site's list stays as it is.
 * A default plan changed by hand below the last custom plan is kept as it is, not declared.
 */
export function declaredPlans(plans: readonly Models.NumberPlan[]): Raw[] {
  const isDefault = (p: Models.NumberPlan) => DEFAULT_PLAN_NAMES.some((n) => sameName(n, p.name));
  const last = plans.reduce((at, p, i) => (isDefault(p) ? at : i), -1);
  return plans.slice(0, last + 1).map((p) => JSON.parse(JSON.stringify(specOf(p))) as Raw);
}
