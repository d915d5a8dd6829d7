/**
 * Which stacks are production, by name: the policy pack's `protect-in-production` rule and the
 * stack program's default for `genesys-byoc:protect` read the same list.
 */

/** Stack names that are production unless configured otherwise. */
export const PRODUCTION_STACKS: readonly string[] = ["prod", "production"];
