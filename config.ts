/**
 * The stack's settings, in one place: read from Pulumi config (mirroring the seed script's
 * input-template.json: location, site, sipTrunk, route; or several carriers and routes) and checked
 * before anything is planned, so bad config fails `pulumi preview` with one message naming every
 * stack config key to fix, and no API write.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ByocTelephonyArgs, LocationConfig, RouteConfig, SipTrunkConfig, SiteConfig } from "./component";
import { PRODUCTION_STACKS } from "./resources/common/environments";
import { isRecord } from "./resources/common/validate";
import {
  CARRIER,
  LOCATION,
  MANY_CARRIERS,
  SITE,
  checkSettings,
  childNames,
  type Issue,
  type Paths,
  type Section,
} from "./settingsSchema";

export type { LocationConfig, RouteConfig, SipTrunkConfig, SiteConfig } from "./component";

/** A carrier as the stack program builds it. */
export interface Carrier {
  /** The key under `carriers` (`sipTrunk` for the single-carrier form). */
  key: string;
  /** The Pulumi name its Trunk had at the stack's root before the component (kept as an alias). */
  resourceName: string;
  /** The stack config path of its settings (`sipTrunk` or `carriers.<key>`), for messages. */
  configPath: string;
  /** Its settings, without the password. */
  trunk: Omit<SipTrunkConfig, "password">;
  /** The SIP digest password, kept as a secret Output. */
  password?: pulumi.Output<string>;
}

/** A route as the stack program builds it. */
export interface Route extends RouteConfig {
  /** The Pulumi name its OutboundRouteBinding had at the stack's root before the component (kept as an alias). */
  resourceName: string;
  /** The carriers (keys) the route uses, in order. */
  carriers: string[];
}

/** Everything the stack program needs. */
export interface StackConfig {
  /** Added in front of every Genesys name so several stacks can share one org. Default "". */
  namePrefix: string;
  /** `protect` on the Location and the Site. Default: true on production stacks (named prod or production). */
  protect: boolean;
  location: LocationConfig;
  site: SiteConfig;
  carriers: Carrier[];
  routes: Route[];
}

/** The single-carrier form: `sipTrunk` and its `route`. */
const ONE_CARRIER: Paths = { carriers: "sipTrunk", carrier: () => "sipTrunk", route: () => "route" };

/** How to set a section that is missing. */
const EXAMPLE = "(an object; see Pulumi.dev.yaml for an example)";

type Raw = Record<string, unknown>;

/** The config's sections as read, before any check. */
interface Read {
  namePrefix: string | undefined;
  protect: string | undefined;
  location: unknown;
  site: unknown;
  sipTrunk: unknown;
  route: unknown;
  carriers: unknown;
  routes: unknown;
}

/**
 * Reads every `genesys-byoc:*` key. Pulumi.yaml gives the optional sections an empty default
 * (`{}` or `[]`): empty means not set.
 */
function read(config: pulumi.Config): Read {
  const section = (key: string) => {
    const v = config.getObject<unknown>(key);
    const empty = Array.isArray(v) ? v.length === 0 : isRecord(v) && Object.keys(v).length === 0;
    return empty ? undefined : v;
  };
  return {
    namePrefix: config.get("namePrefix"),
    protect: config.get("protect"),
    location: section("location"),
    site: section("site"),
    sipTrunk: section("sipTrunk"),
    route: section("route"),
    carriers: section("carriers"),
    routes: section("routes"),
  };
}

/** A required section: the object, or undefined with the problem reported. */
function required(key: string, v: unknown, issues: Issue[]): Raw | undefined {
  if (v === undefined) issues.push({ key, message: `${key} ${EXAMPLE}` });
  else if (!isRecord(v))
    issues.push({ key, message: `${key} must be an object (see Pulumi.dev.yaml for an example)` });
  else return v;
  return undefined;
}

/**
 * Settings stored as numbers where strings belong: `pulumi config set --path` stores digit-only
 * values as numbers, which drops the "+" of an E.164 number and leading zeros of a postal code.
 */
function storedAsNumbers(section: Section, raw: Raw, path: string): Issue[] {
  return Object.entries(section.digitStrings ?? {})
    .filter(([k]) => typeof raw[k] === "number")
    .map(([k, example]) => ({
      key: `${path}.${k}`,
      message:
        `${path}.${k} was stored as the number ${raw[k] as number}; set it as a string: ` +
        `pulumi config set --path --type string ${path}.${k} "${example}"`,
    }));
}

/** Which form the carriers and routes take: one `sipTrunk` (with `route`), or `carriers` (with `routes`). */
function carriersAndRoutes(
  r: Read,
  issues: Issue[],
): { paths: Paths; carriers: Record<string, unknown>; routes: unknown[] } | undefined {
  const problem = (key: string, message: string) => {
    issues.push({ key, message });
    return undefined;
  };
  if (r.sipTrunk !== undefined && r.carriers !== undefined)
    return problem("sipTrunk", "set either sipTrunk (one carrier) or carriers (several), not both");
  if (r.sipTrunk === undefined && r.carriers === undefined)
    return problem("sipTrunk", `sipTrunk ${EXAMPLE}, or carriers for several`);
  if (r.routes !== undefined && r.carriers === undefined)
    return problem("routes", "routes names carriers by key: use it with carriers (for sipTrunk, use route)");
  if (r.route !== undefined && r.carriers !== undefined)
    return problem("route", "route applies to sipTrunk; with carriers, list the routes under routes");
  if (r.sipTrunk !== undefined) {
    if (!isRecord(r.sipTrunk)) return problem("sipTrunk", `sipTrunk must be an object ${EXAMPLE}`);
    if (r.route !== undefined && !isRecord(r.route))
      return problem("route", `route must be an object ${EXAMPLE}`);
    return {
      paths: ONE_CARRIER,
      carriers: { sipTrunk: r.sipTrunk },
      routes: [{ ...(r.route as Raw | undefined), carriers: ["sipTrunk"] }],
    };
  }
  if (!isRecord(r.carriers)) return problem("carriers", `carriers must be an object ${EXAMPLE}`);
  if (r.routes !== undefined && !Array.isArray(r.routes)) {
    return problem(
      "routes",
      "routes must be a list, e.g. [{ carriers: [primary, failover] }, { name: International, carriers: [intl], classificationTypes: [International] }]",
    );
  }
  return { paths: MANY_CARRIERS, carriers: r.carriers, routes: (r.routes as unknown[] | undefined) ?? [{}] };
}

/** `protect`, when set: true or false (the default is decided by the stack's name). */
function protectOf(v: string | undefined, issues: Issue[]): boolean | undefined {
  if (v === undefined || v === "true" || v === "false") return v === undefined ? undefined : v === "true";
  issues.push({ key: "protect", message: `protect must be true or false, got ${JSON.stringify(v)}` });
  return undefined;
}

/** A YAML convenience: one SIP server may be given as a string. */
function withServerList(carrier: unknown): unknown {
  return isRecord(carrier) && typeof carrier.sipServers === "string"
    ? { ...carrier, sipServers: [carrier.sipServers] }
    : carrier;
}

/** Reads and checks the project config; throws one error listing every problem with its config key. */
export function loadConfig(config = new pulumi.Config()): StackConfig {
  const r = read(config);
  const issues: Issue[] = [];
  const location = required("location", r.location, issues);
  const site = required("site", r.site, issues);
  const protect = protectOf(r.protect, issues);
  const form = carriersAndRoutes(r, issues);
  const carriers = Object.fromEntries(
    Object.entries(form?.carriers ?? {}).map(([k, c]) => [k, withServerList(c)]),
  );
  const sections: [Section, unknown, string][] = [
    [LOCATION, location, "location"],
    [SITE, site, "site"],
    ...Object.entries(carriers).map(([k, c]): [Section, unknown, string] => [
      CARRIER,
      c,
      form!.paths.carrier(k),
    ]),
  ];
  for (const [section, raw, path] of sections)
    if (isRecord(raw)) issues.push(...storedAsNumbers(section, raw, path));
  const skip = new Set(issues.map((i) => i.key));
  const all = form && { carriers, routes: form.routes };
  issues.push(...checkSettings({ namePrefix: r.namePrefix, location, site, ...all }, form?.paths, skip));

  if (issues.length) {
    throw new pulumi.RunError(
      `Missing or invalid stack configuration for project ${pulumi.getProject()}:\n` +
        [...new Set(issues.map((i) => i.message))].map((m) => `  - ${m}`).join("\n") +
        `\nSet each with 'pulumi config set --path <key> <value>'; use --type string for values made of ` +
        `digits (numbers, postal codes) and --secret for passwords (e.g. pulumi config set --path --type string location.number "+13175550100").`,
    );
  }

  // Passwords arrive inside the carrier objects; keep each only as a secret Output.
  const single = form!.paths === ONE_CARRIER;
  const secretSection = single
    ? config.getSecretObject<Raw>("sipTrunk")
    : config.getSecretObject<Record<string, Raw>>("carriers");
  const allKeys = Object.keys(carriers);
  return {
    namePrefix: r.namePrefix ?? "",
    protect: protect ?? PRODUCTION_STACKS.includes(pulumi.getStack()),
    location: location as unknown as LocationConfig,
    site: site as unknown as SiteConfig,
    carriers: Object.entries(carriers).map(([key, raw]) => {
      const { password, ...trunk } = raw as SipTrunkConfig;
      return {
        key,
        resourceName: single ? "trunk" : childNames.trunk(key),
        configPath: form!.paths.carrier(key),
        trunk,
        ...(password !== undefined && {
          password: secretSection!.apply((s) =>
            String(single ? (s as Raw).password : (s as Record<string, Raw>)[key].password),
          ),
        }),
      };
    }),
    routes: (form!.routes as RouteConfig[]).map((route) => ({
      ...route,
      carriers: route.carriers ?? allKeys,
      resourceName: single ? "outbound-route" : childNames.route(route.name),
    })),
  };
}

/** The component's arguments for a checked stack config (the carriers by key, the routes in order). */
export function telephonyArgs(cfg: StackConfig): ByocTelephonyArgs {
  return {
    namePrefix: cfg.namePrefix,
    protect: cfg.protect,
    location: cfg.location,
    site: cfg.site,
    carriers: Object.fromEntries(cfg.carriers.map((c) => [c.key, { ...c.trunk, password: c.password }])),
    routes: cfg.routes.map(({ resourceName: _, ...route }) => route),
  };
}
