/**
 * Drives the pack's policies the way the policy SDK does, without its gRPC server: builds the
 * arguments a policy receives and collects what it reports.
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import { makePolicies } from "../../policy/policies";
import { TYPES, type StackFacts } from "../../policy/rules";

/** The engine's placeholder for a string not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Kind = keyof typeof TYPES;

/** A resource in a test: its kind, name, inputs/outputs and options. */
export interface TestResource {
  kind: Kind;
  name: string;
  props: Record<string, unknown>;
  protect?: boolean;
  additionalSecretOutputs?: string[];
  /** Input name → names of the test resources it was computed from. */
  dependsOn?: Record<string, string[]>;
}

const urnOf = (r: { kind: Kind; name: string }) =>
  `urn:pulumi:test::genesys-byoc::${TYPES[r.kind]}::${r.name}`;

function opts(r: TestResource): PolicyResourceOptions {
  return {
    protect: r.protect ?? false,
    ignoreChanges: [],
    aliases: [],
    additionalSecretOutputs: r.additionalSecretOutputs ?? (r.kind === "trunk" ? ["digest"] : []),
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
  };
}

/**
 * Wraps props the way the SDK does for resource policies: reading an unknown value throws, and the
 * raw object is reachable through its special key. Rules must never trip it.
 */
function sdkLikeProxy<T extends object>(target: T): T {
  return new Proxy(target, {
    get: (obj, p) => {
      if (p === "__getSpecialProxyTarget") return obj;
      const v = (obj as Record<string | symbol, unknown>)[p];
      if (v === UNKNOWN) throw new Error(`read the unknown value at ${String(p)}`);
      return typeof v === "object" && v !== null ? sdkLikeProxy(v) : v;
    },
  });
}

export function policy(
  name: string,
  stack: StackFacts = {},
): ResourceValidationPolicy & StackValidationPolicy {
  const p = makePolicies(stack).find((x) => x.name === name);
  if (!p) throw new Error(`no policy named ${name}`);
  return p as ResourceValidationPolicy & StackValidationPolicy;
}

export interface RunOptions {
  /** The policy's config (as --policy-pack-config gives it). */
  config?: Record<string, unknown>;
  stackTags?: Record<string, string>;
  /** What the pack knows of the stack (from its config, when the host passes it). */
  stack?: StackFacts;
}

/** Runs a resource policy on one resource; returns the messages it reported. */
export async function validateResource(
  name: string,
  r: TestResource,
  options: RunOptions = {},
): Promise<string[]> {
  const p = policy(name, options.stack);
  if (!p.validateResource) throw new Error(`${name} is not a resource policy`);
  const out: string[] = [];
  const args: ResourceValidationArgs = {
    type: TYPES[r.kind],
    props: sdkLikeProxy(r.props),
    urn: urnOf(r),
    name: r.name,
    opts: opts(r),
    stackTags: new Map(Object.entries(options.stackTags ?? {})),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => (options.config ?? {}) as T,
    notApplicable: (reason?: string) => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
  for (const v of [p.validateResource].flat()) await v(args, (m) => out.push(m));
  return out;
}

/** Runs a stack policy on a set of resources; returns `urn-name: message` lines. */
export async function validateStack(
  name: string,
  rs: TestResource[],
  options: RunOptions = {},
): Promise<string[]> {
  const p = policy(name, options.stack);
  if (!p.validateStack) throw new Error(`${name} is not a stack policy`);
  const resources: PolicyResource[] = rs.map((r) => ({
    type: TYPES[r.kind],
    props: sdkLikeProxy(r.props),
    urn: urnOf(r),
    name: r.name,
    opts: opts(r),
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  }));
  const byName = new Map(rs.map((r, i) => [r.name, resources[i]]));
  rs.forEach((r, i) => {
    for (const [input, names] of Object.entries(r.dependsOn ?? {})) {
      resources[i].propertyDependencies[input] = names.map((n) => byName.get(n)!);
    }
  });
  const out: string[] = [];
  await p.validateStack(
    {
      resources,
      stackTags: new Map(Object.entries(options.stackTags ?? {})),
      getConfig: <T extends object>() => (options.config ?? {}) as T,
      notApplicable: (reason?: string) => {
        throw new Error(`not applicable: ${reason}`);
      },
    },
    (message, urn) => out.push(`${urn?.split("::").pop() ?? "-"}: ${message}`),
  );
  return out;
}

/** A compliant resource of each kind (names carry the prefix "prod-"). */
export function location(
  props: Record<string, unknown> = {},
  extra: Partial<TestResource> = {},
): TestResource {
  return {
    kind: "location",
    name: "location",
    props: {
      name: "prod-HQ",
      emergencyNumber: { number: "+13175550100", type: "default" },
      address: { street1: "7601 Interactive Way", city: "Indianapolis", country: "US" },
      ...props,
    },
    ...extra,
  };
}

export function site(props: Record<string, unknown> = {}, extra: Partial<TestResource> = {}): TestResource {
  return {
    kind: "site",
    name: "site",
    props: {
      name: "prod-Cloud Site",
      locationId: "loc-1",
      primarySiteIds: ["edge-1"],
      mediaModel: "Cloud",
      edgeAutoUpdate: {
        timeZone: "America/New_York",
        rrule: "FREQ=WEEKLY;BYDAY=SU",
        start: "02:00",
        end: "05:00",
      },
      callerId: "+13175550100",
      siteId: "site-1",
      ...props,
    },
    ...extra,
  };
}

export function trunk(props: Record<string, unknown> = {}, extra: Partial<TestResource> = {}): TestResource {
  return {
    kind: "trunk",
    name: "trunk",
    props: {
      name: "prod-Carrier",
      inboundSiteId: "site-1",
      sipServers: ["sip.carrier.example:5061"],
      transport: "tls",
      inboundSipTerminationIdentifier: "acme-prod",
      aclAllowList: ["54.172.60.0/23", "2001:db8::/32"],
      digest: { username: "acme", password: "pa55word" },
      outboundIdentity: { callingName: "ACME", callingAddress: "+13175550100" },
      trunkId: "trunk-1",
      ...props,
    },
    ...extra,
  };
}

export function binding(
  props: Record<string, unknown> = {},
  extra: Partial<TestResource> = {},
): TestResource {
  return {
    kind: "binding",
    name: "outbound-route",
    props: { siteId: "site-1", trunkIds: ["trunk-1"], distribution: "SEQUENTIAL", ...props },
    ...extra,
  };
}

/** The site's own number plans: a crisis line on the National classification the default route keeps. */
export function numberPlans(
  props: Record<string, unknown> = {},
  extra: Partial<TestResource> = {},
): TestResource {
  return {
    kind: "numberPlans",
    name: "numberplans",
    props: {
      siteId: "site-1",
      plans: [{ name: "Crisis", classification: "National", matchType: "regex", match: "^988$" }],
      ...props,
    },
    ...extra,
  };
}

export function didPool(
  props: Record<string, unknown> = {},
  extra: Partial<TestResource> = {},
): TestResource {
  return {
    kind: "didPool",
    name: "didpool",
    props: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199", ...props },
    ...extra,
  };
}
