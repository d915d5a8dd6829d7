/**
 * The BYOC telephony policy pack: `pulumi preview --policy-pack policy`. The rules are in
 * `rules.ts`, their names, levels and settings in `policies.ts`; see docs/policy.md.
 * The stack's name and config come from the environment when the language host passes them.
 */
import { PolicyPack } from "@pulumi/policy";
import { makePolicies } from "./policies";
import { stackFacts } from "./rules";

new PolicyPack("genesys-byoc", { policies: makePolicies(stackFacts(process.env)) });
