/**
 * The policy pack's rules as pure functions: plain resource views in, violation messages out. No
 * Pulumi import, so unit tests call them directly; `policies.ts` wires them to `@pulumi/policy`.
 *
 * Field checks reuse the resources' own validation (`resources/common/validate.ts`,
 * `resources/site/schema.ts`), so a rule and the provider's `check` give the same reason.
 *
 * Unknown values: during `pulumi preview` an input computed from another resource's output (a new
 * site's id, say) is an engine placeholder, or missing. Every rule skips such a value instead of
 * judging it; `pulumi up` runs the policies again with the real values.
 */
import { PRODUCTION_STACKS } from "../resources/common/environments";
import {
  dnsLabel,
  e164,
  hasUnknown,
  ianaTimeZone,
  ipOrCidr,
  isRecord,
  isUnknown as isPlaceholder,
  requiredString,
  sipHostPort,
  validForCountry,
} from "../resources/common/validate";
import { rangeCountryProblem, rangeProblem, rangesOverlap, showRange } from "../resources/didPool/schema";
import { regexProblem } from "../resources/numberPlans/schema";
import {
  DEFAULT_CLASSIFICATIONS,
  DEFAULT_ROUTE_NAME,
  NEW_ROUTE_CLASSIFICATIONS,
} from "../resources/outboundRouteBinding/schema";
import { minutesOf, rruleProblem } from "../resources/site/schema";

/** Type tokens of the project's dynamic resources. */
export const TYPES = {
  location: "pulumi-nodejs:dynamic/genesys:Location",
  site: "pulumi-nodejs:dynamic/genesys:Site",
  trunk: "pulumi-nodejs:dynamic/genesys:Trunk",
  binding: "pulumi-nodejs:dynamic/genesys:OutboundRouteBinding",
  numberPlans: "pulumi-nodejs:dynamic/genesys:NumberPlans",
  didPool: "pulumi-nodejs:dynamic/genesys:DidPool",
} as const;

/**
 * True for a value the engine does not know yet: one of its placeholders (`isPlaceholder`, the
 * resources' own test), or missing (a policy sees an input computed from an unknown as absent).
 */
export function isUnknown(v: unknown): boolean {
  return v === undefined || isPlaceholder(v);
}

/** What a rule sees of one resource. */
export interface ResourceView {
  /** Type token, e.g. `pulumi-nodejs:dynamic/genesys:Trunk`. */
  type: string;
  /** The resource's URN (violations point at it). */
  urn: string;
  /** Pulumi resource name. */
  name: string;
  /** Declared inputs (per resource) or the stack's final outputs (stack rules); raw, with placeholders. */
  props: Record<string, unknown>;
  /** The `protect` resource option. */
  protect?: boolean;
  /** The `additionalSecretOutputs` resource option. */
  additionalSecretOutputs?: string[];
  /** For each input, the URNs of the resources it was computed from (stack rules only). */
  propertyDependencies?: Record<string, string[]>;
}

/**
 * What the pack knows about the stack it runs for. The engine gives it the stack's config only
 * through a call the Node policy SDK ignores; the project's language host build passes it on in
 * the environment (see {@link stackFacts}). Empty when the host does not.
 */
export interface StackFacts {
  /** The stack's name. */
  stackName?: string;
  /** The stack's `namePrefix` config. */
  namePrefix?: string;
  /** Config keys (paths into objects included) that hold a password or secret in plain text. */
  plaintextSecrets?: string[];
}

const SECRET_NAME = /password|secret/i;

/** Paths inside a config value whose last segment names a password or secret and holds a string. */
function secretPaths(v: unknown, path: string): string[] {
  if (isRecord(v)) return Object.entries(v).flatMap(([k, x]) => secretPaths(x, `${path}.${k}`));
  const last = path.slice(path.lastIndexOf(".") + 1);
  return typeof v === "string" && v !== "" && SECRET_NAME.test(last) ? [path] : [];
}

/**
 * The stack facts from the environment the Node SDK reads config from: `PULUMI_CONFIG` (a JSON map
 * of `namespace:key` to value, objects as JSON text), `PULUMI_CONFIG_SECRET_KEYS` (keys whose value
 * holds a secret), `PULUMI_NODEJS_PROJECT` and `PULUMI_NODEJS_STACK`.
 */
export function stackFacts(env: Record<string, string | undefined>): StackFacts {
  let config: Record<string, string> = {};
  let secretKeys: string[] = [];
  try {
    config = JSON.parse(env.PULUMI_CONFIG ?? "{}") as Record<string, string>;
    secretKeys = JSON.parse(env.PULUMI_CONFIG_SECRET_KEYS ?? "[]") as string[];
  } catch {
    return {};
  }
  const project = env.PULUMI_NODEJS_PROJECT ?? "";
  const facts: StackFacts = { plaintextSecrets: [] };
  if (env.PULUMI_NODEJS_STACK) facts.stackName = env.PULUMI_NODEJS_STACK;
  const prefix = config[`${project}:namePrefix`];
  if (project !== "" && typeof prefix === "string") facts.namePrefix = prefix;
  for (const [key, raw] of Object.entries(config)) {
    if (secretKeys.includes(key)) continue;
    let value: unknown = raw;
    if (typeof raw === "string" && raw.startsWith("{")) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    }
    const colon = key.indexOf(":");
    const namespace = key.slice(0, colon);
    for (const path of secretPaths(value, key.slice(colon + 1)))
      facts.plaintextSecrets!.push(`${namespace}:${path}`);
  }
  return facts;
}

/** A violation a stack rule reports: the message and the resource it is about. */
export interface Violation {
  message: string;
  urn?: string;
}

/** The known string items of a list; [] when the list itself is unknown or not a list. */
const knownStrings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string" && !isUnknown(x)) : [];

const kindOf = (type: string): string => type.slice(type.lastIndexOf(":") + 1);
const label = (r: ResourceView): string => `${kindOf(r.type)} "${r.name}"`;

// ---------------------------------------------------------------------------------------------
// Resource rules: each returns the messages for one resource ([] when it complies).
// ---------------------------------------------------------------------------------------------

/**
 * The phone numbers a resource declares, as [field, value] pairs with known values only: a
 * Location's emergency number, a Site's caller id, a Trunk's calling address, a DidPool's ends.
 */
function phoneNumbers(r: ResourceView): [string, unknown][] {
  const p = r.props;
  const all: [string, unknown][] = [];
  if (r.type === TYPES.location && isRecord(p.emergencyNumber))
    all.push(["emergencyNumber.number", p.emergencyNumber.number]);
  if (r.type === TYPES.site && p.callerId !== "") all.push(["callerId", p.callerId]);
  if (r.type === TYPES.trunk && isRecord(p.outboundIdentity))
    all.push(["outboundIdentity.callingAddress", p.outboundIdentity.callingAddress]);
  if (r.type === TYPES.didPool)
    all.push(["startPhoneNumber", p.startPhoneNumber], ["endPhoneNumber", p.endPhoneNumber]);
  return all.filter(([, v]) => !isUnknown(v));
}

/**
 * Phone numbers are possible E.164 numbers (the resources' own `check`: a country code that
 * exists and a length its numbers have): a Location's emergency number, a Site's caller id, a
 * Trunk's calling address, and a DidPool's start and end, which also make a range (one country
 * code, as many digits, the start first).
 */
export function e164Numbers(r: ResourceView): string[] {
  const numbers = phoneNumbers(r);
  const out: string[] = [];
  for (const [field, v] of numbers) {
    const bad = e164(v, field);
    if (bad) out.push(bad);
  }
  if (r.type === TYPES.didPool && numbers.length === 2 && out.length === 0) {
    const bad = rangeProblem(numbers[0][1] as string, numbers[1][1] as string);
    if (bad) out.push(bad);
  }
  return out;
}

/**
 * Advisory: the phone numbers {@link e164Numbers} looks at are valid numbers of their country in
 * libphonenumber's metadata (an assigned range), and a DID pool's two ends are in one country.
 * The metadata changes with every libphonenumber-js release, which is why `check` does not refuse
 * such a number: it must not break the next preview of a deployed stack.
 */
export function phoneNumbersValidForCountry(r: ResourceView): string[] {
  const out: string[] = [];
  const possible = phoneNumbers(r).filter(([field, v]) => e164(v, field) === undefined) as [string, string][];
  for (const [field, v] of possible) {
    const bad = validForCountry(v, field);
    if (bad) out.push(bad);
  }
  if (r.type === TYPES.didPool && possible.length === 2 && out.length === 0) {
    const bad = rangeCountryProblem(possible[0][1], possible[1][1]);
    if (bad) out.push(bad);
  }
  return out;
}

/** A NumberPlans resource's regex plans have a `match` that compiles (the resource's own `check`). */
export function numberPlanRegex(r: ResourceView): string[] {
  const plans = r.props.plans;
  if (r.type !== TYPES.numberPlans || !Array.isArray(plans)) return [];
  const out: string[] = [];
  plans.forEach((plan, i) => {
    if (!isRecord(plan) || plan.matchType !== "regex" || typeof plan.match !== "string") return;
    const named = typeof plan.name === "string" && !isUnknown(plan.name) ? ` (plan "${plan.name}")` : "";
    const bad = regexProblem(plan.match, `plans[${i}].match${named}`);
    if (bad) out.push(bad);
  });
  return out;
}

/** A Trunk's SIP servers are well-formed `host[:port]`, and none is listed twice. */
export function sipServersWellFormed(r: ResourceView): string[] {
  if (r.type !== TYPES.trunk || isUnknown(r.props.sipServers)) return [];
  const servers = r.props.sipServers;
  if (!Array.isArray(servers) || servers.length === 0) {
    return ["sipServers needs at least one carrier SIP server as host[:port], e.g. sip.carrier.example:5061"];
  }
  const out: string[] = [];
  servers.forEach((s, i) => {
    if (isUnknown(s)) return;
    const bad = sipHostPort(s, `sipServers[${i}]`);
    if (bad) out.push(bad);
  });
  const seen = new Set<string>();
  for (const s of knownStrings(servers)) {
    const key = s.toLowerCase();
    if (seen.has(key)) out.push(`sipServers lists ${s} more than once; list each server once`);
    seen.add(key);
  }
  return out;
}

/** A Trunk's inbound SIP termination identifier is a DNS label (the first label of its SIP FQDN). */
export function terminationIdentifierWellFormed(r: ResourceView): string[] {
  const v = r.props.inboundSipTerminationIdentifier;
  if (r.type !== TYPES.trunk || isUnknown(v)) return [];
  const bad = dnsLabel(v, "inboundSipTerminationIdentifier");
  return bad ? [bad] : [];
}

/** True when a CIDR block admits every address of its family (prefix length 0). */
function openToTheWorld(entry: string): boolean {
  const [, bits] = entry.split("/");
  return bits !== undefined && Number(bits) === 0;
}

/** A Trunk's ACL allow list holds valid IPs or CIDR blocks and never the whole internet. */
export function aclAllowList(r: ResourceView): string[] {
  const list = r.props.aclAllowList;
  if (r.type !== TYPES.trunk || isUnknown(list)) return [];
  if (!Array.isArray(list)) return ["aclAllowList must be a list of IP addresses or CIDR blocks"];
  const out: string[] = [];
  list.forEach((entry, i) => {
    if (isUnknown(entry)) return;
    const bad = ipOrCidr(entry, `aclAllowList[${i}]`);
    if (bad) out.push(bad);
    else if (openToTheWorld(entry as string)) {
      out.push(
        `aclAllowList[${i}] "${entry}" opens the trunk to the whole internet; list the carrier's signalling addresses instead (e.g. 54.172.60.0/23)`,
      );
    }
  });
  return out;
}

/**
 * A Trunk with a SIP digest user name has a password, a password has a user name, and `digest`
 * (which holds the password) is kept secret: listed in `additionalSecretOutputs`, as the `Trunk`
 * class does. (The policy SDK hands rules the inputs with secrets already unwrapped, so the
 * resource option is what shows whether the password is encrypted in state.)
 */
export function digestCredentials(r: ResourceView, stack: StackFacts = {}): string[] {
  const d = r.props.digest;
  if (r.type !== TYPES.trunk || isUnknown(d) || d === null) return [];
  if (!isRecord(d)) return hasUnknown(d) ? [] : ["digest must be an object { username, password, realm? }"];
  const out: string[] = [];
  const hasUser = typeof d.username === "string" && d.username.trim() !== "";
  const hasPassword = typeof d.password === "string" && d.password !== "";
  if (!isPlaceholder(d.username) && !hasUser) {
    const bad = requiredString(d.username, "digest.username");
    out.push(`${bad ?? "digest.username is required"} (a digest password needs the user name it belongs to)`);
  }
  if (hasUser && !isPlaceholder(d.password) && !hasPassword) {
    out.push(
      `digest.username "${d.username as string}" has no password: set digest.password from a secret (pulumi config set --secret)`,
    );
  }
  const plain = (stack.plaintextSecrets ?? []).filter((k) => /password/i.test(k));
  if (plain.length) {
    out.push(
      `the stack config holds ${plain.join(", ")} in plain text: set it with 'pulumi config set --secret --path <key> <value>' ` +
        "so it is encrypted in Pulumi.<stack>.yaml",
    );
  }
  if (!(r.additionalSecretOutputs ?? []).includes("digest")) {
    out.push(
      "digest holds the SIP password but is not secret: declare the trunk with the Trunk class (it marks digest secret) " +
        'or add "digest" to additionalSecretOutputs and pass the password with pulumi.secret',
    );
  }
  return out;
}

/** Settings of {@link transportAllowed}. */
export interface TransportSettings {
  /** SIP transports a trunk may use. Default `["tls"]`. */
  allowedTransports: string[];
}
export const TRANSPORT_DEFAULTS: TransportSettings = { allowedTransports: ["tls"] };

/** A Trunk's SIP transport is one of the allowed set (an undeclared transport is the API default, udp). */
export function transportAllowed(r: ResourceView, settings: Partial<TransportSettings> = {}): string[] {
  const { allowedTransports } = { ...TRANSPORT_DEFAULTS, ...settings };
  const v = r.props.transport;
  if (r.type !== TYPES.trunk || (v !== undefined && isUnknown(v))) return [];
  const transport = typeof v === "string" ? v.toLowerCase() : "udp";
  if (allowedTransports.map((t) => t.toLowerCase()).includes(transport)) return [];
  return [
    `transport is ${v === undefined ? "not declared (the API default is udp)" : `"${transport}"`}; ` +
      `this stack allows ${allowedTransports.join(", ")}: set transport to ${JSON.stringify(allowedTransports[0] ?? "tls")}`,
  ];
}

/** Settings of {@link edgeUpdateWindow}. */
export interface WindowSettings {
  /** Earliest local start of the edge update window, `HH:mm`. Default `00:00`. */
  earliestStart: string;
  /** Latest local end of the edge update window, `HH:mm`. Default `06:00`. May be before the start (crossing midnight). */
  latestEnd: string;
}
export const WINDOW_DEFAULTS: WindowSettings = { earliestStart: "00:00", latestEnd: "06:00" };

/**
 * A Site's edge update window uses an IANA time zone and a daily or weekly rrule, and lies within
 * the allowed local hours. Windows and allowed hours may cross midnight.
 */
export function edgeUpdateWindow(r: ResourceView, settings: Partial<WindowSettings> = {}): string[] {
  const { earliestStart, latestEnd } = { ...WINDOW_DEFAULTS, ...settings };
  const w = r.props.edgeAutoUpdate;
  if (r.type !== TYPES.site || isUnknown(w) || w === null) return [];
  if (!isRecord(w)) return [];
  const out: string[] = [];
  if (!isUnknown(w.timeZone)) {
    const bad = ianaTimeZone(w.timeZone, "edgeAutoUpdate.timeZone");
    if (bad) out.push(bad);
  }
  if (!isUnknown(w.rrule)) {
    const bad = rruleProblem(w.rrule, "edgeAutoUpdate.rrule");
    if (bad) out.push(bad);
  }
  if (isUnknown(w.start) || isUnknown(w.end)) return out;
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  const from = minutesOf(earliestStart);
  const to = minutesOf(latestEnd);
  if (start === undefined || end === undefined) {
    out.push(
      `edgeAutoUpdate.start and .end must be local times HH:mm, got ${JSON.stringify([w.start, w.end])}`,
    );
    return out;
  }
  if (from === undefined || to === undefined) {
    out.push(
      `the policy's earliestStart/latestEnd must be HH:mm, got ${JSON.stringify([earliestStart, latestEnd])}`,
    );
    return out;
  }
  const day = 1440;
  const allowed = (to - from + day) % day || day;
  const offset = (start - from + day) % day;
  const length = (end - start + day) % day || day;
  if (offset + length > allowed) {
    out.push(
      `the edge update window ${w.start as string}–${w.end as string} (${w.timeZone as string}) is outside the allowed hours ` +
        `${earliestStart}–${latestEnd}: move edgeAutoUpdate.start/end inside them`,
    );
  }
  return out;
}

/** Settings of {@link namePrefix}. */
export interface PrefixSettings {
  /** The prefix every Genesys name must start with. Default `""`: the stack's `namePrefix` config when the host passes it, else no requirement. */
  prefix: string;
}
export const PREFIX_DEFAULTS: PrefixSettings = { prefix: "" };

/** Location, Site and Trunk names, and a binding's own route name, start with the configured prefix. */
export function namePrefix(
  r: ResourceView,
  settings: Partial<PrefixSettings> = {},
  stack: StackFacts = {},
): string[] {
  const prefix = settings.prefix || stack.namePrefix || PREFIX_DEFAULTS.prefix;
  if (prefix === "") return [];
  const field = r.type === TYPES.binding ? "routeName" : "name";
  if (![TYPES.location, TYPES.site, TYPES.trunk, TYPES.binding].includes(r.type as never)) return [];
  const v = r.props[field];
  if (isUnknown(v) || typeof v !== "string" || v.startsWith(prefix)) return [];
  return [
    `${field} "${v}" does not start with this stack's prefix "${prefix}" (set namePrefix in the stack config)`,
  ];
}

/** Settings of {@link protectInProduction}. */
export interface ProductionSettings {
  /** Treat this stack as production. Default false. */
  production: boolean;
  /** A stack tag that marks production stacks (with {@link productionTagValue}). Default `environment`. */
  productionTag: string;
  /** The value of {@link productionTag} on production stacks. Default `production`. */
  productionTagValue: string;
  /** Stack names that are production. Default `["prod", "production"]`. */
  productionStacks: string[];
}
export const PRODUCTION_DEFAULTS: ProductionSettings = {
  production: false,
  productionTag: "environment",
  productionTagValue: "production",
  productionStacks: [...PRODUCTION_STACKS],
};

/** Whether the stack is production: configured so, tagged so, or named so. */
export function isProduction(
  settings: Partial<ProductionSettings>,
  stackTags: ReadonlyMap<string, string> = new Map(),
  stack: StackFacts = {},
): boolean {
  const s = { ...PRODUCTION_DEFAULTS, ...settings };
  const named = stack.stackName !== undefined && s.productionStacks.includes(stack.stackName);
  return s.production || named || stackTags.get(s.productionTag) === s.productionTagValue;
}

/** On production stacks, Locations and Sites are protected against deletion (`protect: true`). */
export function protectInProduction(
  r: ResourceView,
  settings: Partial<ProductionSettings> = {},
  stackTags?: ReadonlyMap<string, string>,
  stack: StackFacts = {},
): string[] {
  if (r.type !== TYPES.location && r.type !== TYPES.site) return [];
  if (!isProduction(settings, stackTags, stack) || r.protect) return [];
  return [
    `${label(r)} is not protected on a production stack: add the resource option { protect: true } so it cannot be deleted by accident ` +
      `(this project's stack program: pulumi config set genesys-byoc:protect true)`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Stack rules: each looks at every resource of the stack (their final outputs).
// ---------------------------------------------------------------------------------------------

const ofType = (rs: ResourceView[], type: string) => rs.filter((r) => r.type === type);

/** The same value on two resources: one violation per later resource. */
function duplicates(
  rs: ResourceView[],
  values: (r: ResourceView) => string[],
  describe: (value: string, first: ResourceView, again: ResourceView) => string,
): Violation[] {
  const owner = new Map<string, ResourceView>();
  const out: Violation[] = [];
  for (const r of rs) {
    for (const v of new Set(values(r).map((x) => x.toLowerCase()))) {
      const first = owner.get(v);
      if (first && first.urn !== r.urn) out.push({ message: describe(v, first, r), urn: r.urn });
      else owner.set(v, r);
    }
  }
  return out;
}

/** No SIP server is used by two trunks of the stack. */
export function sipServersUnique(rs: ResourceView[]): Violation[] {
  return duplicates(
    ofType(rs, TYPES.trunk),
    (r) => knownStrings(r.props.sipServers),
    (v, a, b) =>
      `SIP server ${v} is listed by both ${label(a)} and ${label(b)}; each carrier server belongs to one trunk`,
  );
}

/** No two trunks of the stack share an inbound SIP termination identifier. */
export function terminationIdentifierUnique(rs: ResourceView[]): Violation[] {
  return duplicates(
    ofType(rs, TYPES.trunk),
    (r) => knownStrings([r.props.inboundSipTerminationIdentifier]),
    (v, a, b) =>
      `inboundSipTerminationIdentifier "${v}" is used by both ${label(a)} and ${label(b)}; Genesys requires it to be unique in the org's region`,
  );
}

/** The resource of `type` an input was computed from, when exactly one is. */
function dependency(
  r: ResourceView,
  input: string,
  type: string,
  byUrn: Map<string, ResourceView>,
): ResourceView | undefined {
  const deps = (r.propertyDependencies?.[input] ?? [])
    .map((u) => byUrn.get(u))
    .filter((d) => d?.type === type);
  return deps.length === 1 ? deps[0] : undefined;
}

/** A key for the site a binding is on: the Site resource it refers to, else its known site id. */
function siteKey(
  b: ResourceView,
  sites: ResourceView[],
  byUrn: Map<string, ResourceView>,
): string | undefined {
  const dep = dependency(b, "siteId", TYPES.site, byUrn);
  if (dep) return dep.urn;
  const id = b.props.siteId;
  if (isUnknown(id) || typeof id !== "string") return undefined;
  return sites.find((s) => s.props.siteId === id)?.urn ?? `id:${id}`;
}

/** Every trunk id a binding routes to is a Trunk of this stack. */
export function bindingTrunksInStack(rs: ResourceView[]): Violation[] {
  const trunkIds = new Set(
    ofType(rs, TYPES.trunk)
      .map((t) => t.props.trunkId)
      .filter((x) => !isUnknown(x)),
  );
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const out: Violation[] = [];
  for (const b of ofType(rs, TYPES.binding)) {
    const ids = b.props.trunkIds;
    if (!Array.isArray(ids)) continue;
    // Computed from a trunk of this stack whose id is not known yet (it is being created or
    // replaced): the id cannot be compared now; `pulumi up` checks it again.
    const pending = (b.propertyDependencies?.trunkIds ?? []).some((u) => {
      const t = byUrn.get(u);
      return t?.type === TYPES.trunk && isUnknown(t.props.trunkId);
    });
    ids.forEach((id, i) => {
      if (isUnknown(id) || trunkIds.has(id) || pending) return;
      out.push({
        message:
          `${label(b)}: trunkIds[${i}] ${JSON.stringify(id)} is not a Trunk of this stack; ` +
          "route only to trunks this stack manages (pass trunk.id), so a destroy or rename cannot strand the route",
        urn: b.urn,
      });
    });
  }
  return out;
}

/** No two bindings claim the same route, or the same classification, on one site. */
export function routeClaimsUnique(rs: ResourceView[]): Violation[] {
  const sites = ofType(rs, TYPES.site);
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const siteName = (key: string) => {
    const s = byUrn.get(key);
    return s ? label(s) : `site ${key.replace(/^id:/, "")}`;
  };
  const routes = new Map<string, ResourceView>();
  const classes = new Map<string, ResourceView>();
  const out: Violation[] = [];
  for (const b of ofType(rs, TYPES.binding)) {
    const site = siteKey(b, sites, byUrn);
    if (site === undefined) continue;
    const rn = b.props.routeName;
    if (!(rn !== undefined && isUnknown(rn))) {
      const route = typeof rn === "string" && rn !== "" ? rn : DEFAULT_ROUTE_NAME;
      const key = `${site}\u0000${route.toLowerCase()}`;
      const first = routes.get(key);
      if (first) {
        out.push({
          message: `${label(b)} and ${label(first)} both claim the route "${route}" on ${siteName(site)}; give one of them its own routeName`,
          urn: b.urn,
        });
      } else routes.set(key, b);
    }
    for (const c of new Set(knownStrings(b.props.classificationTypes))) {
      const key = `${site}\u0000${c.toLowerCase()}`;
      const first = classes.get(key);
      if (first && first.urn !== b.urn) {
        out.push({
          message: `${label(b)} and ${label(first)} both claim the classification "${c}" on ${siteName(site)}; a number class is served by one route`,
          urn: b.urn,
        });
      } else classes.set(key, b);
    }
  }
  return out;
}

/** Every Site of the stack has an outbound route binding, and every binding carries a trunk. */
export function siteRoutesHaveTrunks(rs: ResourceView[]): Violation[] {
  const sites = ofType(rs, TYPES.site);
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const out: Violation[] = [];
  const bound = new Set<string>();
  let unresolved = false;
  for (const b of ofType(rs, TYPES.binding)) {
    const site = siteKey(b, sites, byUrn);
    if (site === undefined) unresolved = true;
    else bound.add(site);
    const ids = b.props.trunkIds;
    if (Array.isArray(ids) && ids.length === 0) {
      out.push({
        message: `${label(b)} routes to no trunk: list at least one trunk id in trunkIds`,
        urn: b.urn,
      });
    }
  }
  if (unresolved) return out; // a binding on a site not known yet may be the one
  for (const s of sites) {
    if (bound.has(s.urn)) continue;
    out.push({
      message:
        `${label(s)} has no outbound route carrying a trunk: add an OutboundRouteBinding ` +
        "with siteId: site.id and the trunk's id, or outbound calls from the site have nowhere to go",
      urn: s.urn,
    });
  }
  return out;
}

/** The classification emergency calls are routed by. */
const EMERGENCY = "Emergency";

/**
 * On every Site of the stack, some binding with at least one trunk serves the `Emergency`
 * classification: declared in its `classificationTypes`, or kept by a default-route binding that
 * declares none (a new site's Default Outbound Route holds Emergency). After `up` the binding's
 * `classifications` output says what the route really serves. Skipped for a site while anything
 * that decides it is unknown (preview).
 */
export function emergencyRoute(rs: ResourceView[]): Violation[] {
  const sites = ofType(rs, TYPES.site);
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const served = new Set<string>();
  const undecided = new Set<string>();
  for (const b of ofType(rs, TYPES.binding)) {
    const site = siteKey(b, sites, byUrn);
    if (site === undefined) return []; // a binding on a site not known yet may be the one
    const ids = b.props.trunkIds;
    if (isUnknown(ids) || !Array.isArray(ids)) undecided.add(site);
    if (!Array.isArray(ids) || ids.length === 0) continue;
    const actual = b.props.classifications;
    const declared = b.props.classificationTypes;
    const list = Array.isArray(actual) ? actual : declared;
    if (Array.isArray(list)) {
      if (knownStrings(list).includes(EMERGENCY)) served.add(site);
      else if (knownStrings(list).length !== list.length) undecided.add(site);
    } else if (list !== undefined && isUnknown(list)) {
      undecided.add(site);
    } else {
      const rn = b.props.routeName;
      if (rn !== undefined && isUnknown(rn)) undecided.add(site);
      else if (typeof rn !== "string" || rn === "") served.add(site); // the default route keeps its own
    }
  }
  return sites
    .filter((s) => !served.has(s.urn) && !undecided.has(s.urn))
    .map((s) => ({
      message:
        `${label(s)} has no outbound route with a trunk that serves the "${EMERGENCY}" classification, so ` +
        `emergency calls from the site reach no carrier: add "${EMERGENCY}" to the classificationTypes of a ` +
        "binding with trunks (or leave them off the default-route binding, which keeps the route's own)",
      urn: s.urn,
    }));
}

/**
 * No two DID pools of the stack share a number (Genesys refuses the second at create). Each
 * overlap is reported once, on the pool whose range starts later.
 */
export function didPoolsDisjoint(rs: ResourceView[]): Violation[] {
  const ranges: [ResourceView, { startPhoneNumber: string; endPhoneNumber: string }][] = [];
  for (const pool of ofType(rs, TYPES.didPool)) {
    const { startPhoneNumber: start, endPhoneNumber: end } = pool.props;
    if (typeof start !== "string" || typeof end !== "string" || isUnknown(start) || isUnknown(end)) continue;
    if (e164(start, "") || e164(end, "") || rangeProblem(start, end)) continue; // e164-numbers says why
    ranges.push([pool, { startPhoneNumber: start, endPhoneNumber: end }]);
  }
  // By range, so the later pool is the one reported whatever order the engine lists them in.
  const key = ([, r]: (typeof ranges)[number]) => r.startPhoneNumber.slice(1).padStart(15, "0");
  ranges.sort((a, b) => key(a).localeCompare(key(b)) || a[0].name.localeCompare(b[0].name));
  const out: Violation[] = [];
  ranges.forEach(([pool, range], j) => {
    const first = ranges.slice(0, j).find(([, other]) => rangesOverlap(other, range));
    if (!first) return;
    out.push({
      message:
        `${label(pool)} ${showRange(range)} overlaps ${label(first[0])} ${showRange(first[1])}: ` +
        "a number can be in only one DID pool; change one of the ranges",
      urn: pool.urn,
    });
  });
  return out;
}

/** Classifications of internal numbers: dialled without an outbound route, so no route needs them. */
const INTERNAL_CLASSIFICATIONS: readonly string[] = ["Extension"];

/**
 * What the stack's bindings on each site serve: the classifications each binding's route has after
 * `up` (its `classifications` output), else those it declares, else a named route's
 * National and International or, for a default-route binding, a new site's default
 * classifications (what that route holds). A site where any of that is unknown (preview) is
 * `undecided`; `unresolved` when a binding's site is not known yet (it may be any site).
 */
function servedClassifications(
  rs: ResourceView[],
  sites: ResourceView[],
  byUrn: Map<string, ResourceView>,
): { served: Map<string, Set<string>>; undecided: Set<string>; unresolved: boolean } {
  const served = new Map<string, Set<string>>();
  const undecided = new Set<string>();
  for (const b of ofType(rs, TYPES.binding)) {
    const site = siteKey(b, sites, byUrn);
    if (site === undefined) return { served, undecided, unresolved: true };
    const set = served.get(site) ?? new Set<string>();
    served.set(site, set);
    const actual = b.props.classifications;
    const declared = b.props.classificationTypes;
    const list = Array.isArray(actual) ? actual : declared;
    const rn = b.props.routeName;
    if (Array.isArray(list)) {
      knownStrings(list).forEach((c) => set.add(c));
      if (knownStrings(list).length !== list.length) undecided.add(site);
    } else if ((list !== undefined && isUnknown(list)) || (rn !== undefined && isUnknown(rn))) {
      undecided.add(site);
    } else {
      const own = typeof rn === "string" && rn !== "" ? NEW_ROUTE_CLASSIFICATIONS : DEFAULT_CLASSIFICATIONS;
      own.forEach((c) => set.add(c));
    }
  }
  return { served, undecided, unresolved: false };
}

/**
 * Advisory: every classification a NumberPlans resource's plans give numbers is served by an
 * outbound route binding of the stack on that site (or is `Extension`, internal numbers). A plan
 * whose classification no route serves sends its numbers nowhere. Advisory because a route the
 * stack does not manage may serve it. Skipped for a site while what decides it is unknown.
 */
export function numberPlanClassificationsRouted(rs: ResourceView[]): Violation[] {
  const sites = ofType(rs, TYPES.site);
  const byUrn = new Map(rs.map((r) => [r.urn, r]));
  const { served, undecided, unresolved } = servedClassifications(rs, sites, byUrn);
  if (unresolved) return []; // a binding on a site not known yet may serve it
  const out: Violation[] = [];
  for (const n of ofType(rs, TYPES.numberPlans)) {
    const site = siteKey(n, sites, byUrn);
    const plans = n.props.plans;
    if (site === undefined || undecided.has(site) || !Array.isArray(plans)) continue;
    const where = byUrn.get(site) ? label(byUrn.get(site)!) : `site ${site.replace(/^id:/, "")}`;
    const reported = new Set<string>();
    plans.forEach((plan, i) => {
      const c = isRecord(plan) ? plan.classification : undefined;
      if (typeof c !== "string" || isUnknown(c) || INTERNAL_CLASSIFICATIONS.includes(c)) return;
      if (served.get(site)?.has(c) || reported.has(c)) return;
      reported.add(c);
      out.push({
        message:
          `${label(n)}: plans[${i}] classifies numbers as "${c}", but no outbound route binding of this stack ` +
          `on ${where} serves "${c}", so calls to those numbers have no route: add "${c}" to the ` +
          "classificationTypes of a binding on that site (or leave it to a route this stack does not manage)",
        urn: n.urn,
      });
    });
  }
  return out;
}
