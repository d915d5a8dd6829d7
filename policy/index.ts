/**
 * The BYOC telephony policy pack: `pulumi preview --policy-pack policy`. The rules are in
 * `rules.ts`, their names, levels and settings in `policies.ts`; see the README's "Policy pack".
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("genesys-byoc", { policies });
