/**
 * The pack's policies: each rule of `rules.ts` with its name, description, enforcement level and
 * config schema (with defaults, applied by the engine; `--policy-pack-config` overrides them).
 * Only types come from `@pulumi/policy`, so unit tests import this module without starting the
 * pack's gRPC server (`index.ts` does that).
 */
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import * as rules from "./rules";
import type { ResourceView, StackFacts, Violation } from "./rules";

/**
 * The raw inputs behind the SDK's props proxy. The proxy throws on an unknown value (and the SDK
 * then reports "can't run policy during preview"); rules skip unknowns themselves instead.
 */
function rawProps(props: Record<string, unknown>): Record<string, unknown> {
  const target = (props as { __getSpecialProxyTarget?: Record<string, unknown> }).__getSpecialProxyTarget;
  return target ?? props;
}

/** The rules' view of a resource being validated. */
export function viewOf(args: ResourceValidationArgs): ResourceView {
  return {
    type: args.type,
    urn: args.urn,
    name: args.name,
    props: rawProps(args.props),
    protect: args.opts?.protect,
    additionalSecretOutputs: args.opts?.additionalSecretOutputs,
  };
}

/** The rules' view of a resource of the whole stack. */
export function stackViewOf(r: PolicyResource): ResourceView {
  return {
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: rawProps(r.props),
    protect: r.opts?.protect,
    additionalSecretOutputs: r.opts?.additionalSecretOutputs,
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)]),
    ),
  };
}

const GENESYS_TYPES: readonly string[] = Object.values(rules.TYPES);

/** A resource policy from a rule; violations name the resource's field and the fix. */
function resourcePolicy(
  name: string,
  description: string,
  enforcementLevel: ResourceValidationPolicy["enforcementLevel"],
  rule: (r: ResourceView, args: ResourceValidationArgs) => string[],
  configSchema?: ResourceValidationPolicy["configSchema"],
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    ...(configSchema && { configSchema }),
    validateResource: (args, reportViolation) => {
      if (!GENESYS_TYPES.includes(args.type)) return;
      for (const message of rule(viewOf(args), args)) reportViolation(message);
    },
  };
}

/** A stack policy from a rule; each violation points at the resource it is about. */
function stackPolicy(
  name: string,
  description: string,
  enforcementLevel: StackValidationPolicy["enforcementLevel"],
  rule: (rs: ResourceView[]) => Violation[],
): StackValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    validateStack: (args, reportViolation) => {
      const views = args.resources.filter((r) => GENESYS_TYPES.includes(r.type)).map(stackViewOf);
      for (const v of rule(views)) reportViolation(v.message, v.urn);
    },
  };
}

const HHMM = "^([01]\\d|2[0-3]):[0-5]\\d$";

/**
 * Every policy of the pack, in the order docs/policy.md lists them. `stack` is what the pack knows of
 * the stack (its name and config; see {@link rules.stackFacts}).
 */
export function makePolicies(stack: StackFacts = {}): (ResourceValidationPolicy | StackValidationPolicy)[] {
  return [
    resourcePolicy(
      "e164-numbers",
      "Emergency numbers (Location), caller ids (Site), calling addresses (Trunk) and DID pool ranges are possible E.164 numbers.",
      "mandatory",
      (r) => rules.e164Numbers(r),
    ),
    resourcePolicy(
      "phone-numbers-valid-for-country",
      "Those numbers are valid for their country in libphonenumber's metadata, and a DID pool's ends are in one country.",
      "advisory",
      (r) => rules.phoneNumbersValidForCountry(r),
    ),
    resourcePolicy(
      "sip-servers-well-formed",
      "A trunk's SIP servers are well-formed host[:port] and none is listed twice.",
      "mandatory",
      (r) => rules.sipServersWellFormed(r),
    ),
    stackPolicy(
      "sip-servers-unique",
      "No SIP server is used by two trunks of the stack.",
      "mandatory",
      rules.sipServersUnique,
    ),
    resourcePolicy(
      "sip-termination-identifier-well-formed",
      "A trunk's inbound SIP termination identifier is a DNS label.",
      "mandatory",
      (r) => rules.terminationIdentifierWellFormed(r),
    ),
    stackPolicy(
      "sip-termination-identifier-unique",
      "No two trunks of the stack share an inbound SIP termination identifier.",
      "mandatory",
      rules.terminationIdentifierUnique,
    ),
    resourcePolicy(
      "acl-allow-list",
      "A trunk's ACL allow list holds valid IPs or CIDR blocks and is never open to the world (0.0.0.0/0, ::/0).",
      "mandatory",
      (r) => rules.aclAllowList(r),
    ),
    resourcePolicy(
      "trunk-digest-credentials",
      "A trunk with a SIP digest user name has a password, and the digest (with the password) is secret.",
      "mandatory",
      (r) => rules.digestCredentials(r, stack),
    ),
    resourcePolicy(
      "trunk-transport",
      "A trunk's SIP transport is in the allowed set (default: TLS only).",
      "advisory",
      (r, args) => rules.transportAllowed(r, args.getConfig<Partial<rules.TransportSettings>>()),
      {
        properties: {
          allowedTransports: {
            type: "array",
            items: { type: "string", enum: ["udp", "tcp", "tls"] },
            minItems: 1,
            default: rules.TRANSPORT_DEFAULTS.allowedTransports,
            description: "SIP transports a trunk may use.",
          },
        },
      },
    ),
    resourcePolicy(
      "edge-update-window",
      "A site's edge update window uses an IANA time zone and a daily or weekly rrule, inside the allowed local hours.",
      "mandatory",
      (r, args) => rules.edgeUpdateWindow(r, args.getConfig<Partial<rules.WindowSettings>>()),
      {
        properties: {
          earliestStart: {
            type: "string",
            pattern: HHMM,
            default: rules.WINDOW_DEFAULTS.earliestStart,
            description: "Earliest local start of the window, HH:mm.",
          },
          latestEnd: {
            type: "string",
            pattern: HHMM,
            default: rules.WINDOW_DEFAULTS.latestEnd,
            description:
              "Latest local end of the window, HH:mm (may be before earliestStart: crossing midnight).",
          },
        },
      },
    ),
    resourcePolicy(
      "name-prefix",
      "Location, Site and Trunk names, and a binding's own route name, start with the stack's prefix.",
      "advisory",
      (r, args) => rules.namePrefix(r, args.getConfig<Partial<rules.PrefixSettings>>(), stack),
      {
        properties: {
          prefix: {
            type: "string",
            default: rules.PREFIX_DEFAULTS.prefix,
            description:
              'The prefix every Genesys name must start with ("" = the stack\'s namePrefix config, if known).',
          },
        },
      },
    ),
    resourcePolicy(
      "protect-in-production",
      "On production stacks, Locations and Sites are protected against deletion (protect: true).",
      "mandatory",
      (r, args) =>
        rules.protectInProduction(
          r,
          args.getConfig<Partial<rules.ProductionSettings>>(),
          args.stackTags,
          stack,
        ),
      {
        properties: {
          production: {
            type: "boolean",
            default: rules.PRODUCTION_DEFAULTS.production,
            description: "Treat the stack as production.",
          },
          productionTag: {
            type: "string",
            default: rules.PRODUCTION_DEFAULTS.productionTag,
            description: "Stack tag that marks production stacks.",
          },
          productionTagValue: {
            type: "string",
            default: rules.PRODUCTION_DEFAULTS.productionTagValue,
            description: "Value of productionTag on production stacks.",
          },
          productionStacks: {
            type: "array",
            items: { type: "string" },
            default: rules.PRODUCTION_DEFAULTS.productionStacks,
            description: "Stack names that are production.",
          },
        },
      },
    ),
    stackPolicy(
      "binding-trunks-in-stack",
      "Every outbound route binding points at trunks of the same stack.",
      "mandatory",
      rules.bindingTrunksInStack,
    ),
    stackPolicy(
      "route-claims-unique",
      "No two bindings claim the same route, or the same classification, on a site.",
      "mandatory",
      rules.routeClaimsUnique,
    ),
    stackPolicy(
      "site-routes-have-trunks",
      "Every site has an outbound route binding, and every binding carries at least one trunk.",
      "mandatory",
      rules.siteRoutesHaveTrunks,
    ),
    resourcePolicy(
      "number-plan-regex",
      "A number plan's regex (matchType regex) compiles.",
      "mandatory",
      (r) => rules.numberPlanRegex(r),
    ),
    stackPolicy(
      "number-plan-classifications-routed",
      "Every classification a site's number plans give is served by an outbound route binding of the stack on that site.",
      "advisory",
      rules.numberPlanClassificationsRouted,
    ),
    stackPolicy(
      "did-pools-disjoint",
      "No two DID pools of the stack share a number.",
      "mandatory",
      rules.didPoolsDisjoint,
    ),
    stackPolicy(
      "emergency-route",
      "Every site's Emergency classification is on a route that carries at least one trunk.",
      "mandatory",
      rules.emergencyRoute,
    ),
  ];
}
