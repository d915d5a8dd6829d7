import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ShellResource } from "../common/shell";
import type { NumberPlanSpec, NumberPlansInputs, ReplacedPlan } from "./schema";

export type {
  DigitLengthRange,
  MatchType,
  NumberPlanSpec,
  NumberPlansInputs,
  NumberRange,
  ReplacedPlan,
} from "./schema";
export { DEFAULT_PLAN_NAMES, MAX_PLANS } from "./schema";

/** Arguments of a {@link NumberPlans}; every field is documented on {@link NumberPlansInputs}. */
export type NumberPlansArgs = Args<NumberPlansInputs>;

/**
 * A site's number plans (`/api/v2/telephony/providers/edges/sites/{siteId}/numberplans`), one
 * resource per site. The declared plans come first, in order; Genesys's six default plans (and any
 * other plan not declared) are kept after them, unless a declared plan of the same name overrides
 * one. Only declared fields are compared. Delete gives the overridden plans back what they had and
 * removes the plans the resource made; it never removes a default. Its id is the site id.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:NumberPlans`.
 */
export class NumberPlans extends ShellResource {
  /** Id of the site. */
  declare readonly siteId: pulumi.Output<string>;
  /** The declared plans, in priority order. */
  declare readonly plans: pulumi.Output<NumberPlanSpec[]>;
  /** Genesys ids of the declared plans, in the order of `plans`. */
  declare readonly planIds: pulumi.Output<string[]>;
  /** Every classification the site's plans define now (what its outbound routes may use). */
  declare readonly classifications: pulumi.Output<string[]>;
  /** Plans of the site that declared plans took over by name; given back on delete. */
  declare readonly replaced: pulumi.Output<ReplacedPlan[] | undefined>;

  /**
   * @param name Pulumi resource name.
   * @param args The site and its plans; see {@link NumberPlansInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: NumberPlansArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "numberPlans",
      "NumberPlans",
      name,
      { planIds: undefined, classifications: undefined, replaced: undefined, ...args },
      opts,
    );
  }
}
