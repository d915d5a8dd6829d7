/**
 * The stack's settings, in one place: read from Pulumi config (mirroring the seed script's
 * input-template.json: location, site, sipTrunk, route; or several carriers and routes; or a whole
 * estate: several sites with their number plans and routes, and DID pools by key) and checked
 * before anything is planned, so bad config fails `pulumi preview` with one message naming every
 * stack config key to fix, and no API write.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ByocTelephonyArgs, EstateSiteArgs } from "../lib";
import type { DidPoolInputs } from "../resources/didPool/schema";
import { PRODUCTION_STACKS } from "../resources/common/environments";
import { DOCS } from "../resources/common/section";
import { isRecord } from "../resources/common/validate";
import {
  CARRIER,
  DID_POOL,
  DID_POOLS_SHAPE,
  LOCATION,
  MANY_CARRIERS,
  SITE,
  checkSettings,
  childNames,
  didPoolEntries,
  type DidPoolsSetting,
  type Issue,
  type LocationConfig,
  type Paths,
  type RouteConfig,
  type Section,
  type SipTrunkConfig,
  type SiteConfig,
} from "../settings";

export type { LocationConfig, RouteConfig, SipTrunkConfig, SiteConfig } from "../settings";

/** A carrier as the stack program builds it. */
export interface Carrier {
  /** The key under `carriers` (`sipTrunk` for the single-carrier form). */
  key: string;
  /** The Pulumi name its Trunk had at the stack's root before the component (kept as an alias). */
  resourceName: string;
  /** The stack config path of its settings (`sipTrunk` or `carriers.<key>`), for messages. */
  configPath: string;
  /** Its settings, without the password (and, in the estate form, its `inboundSite`). */
  trunk: Omit<SipTrunkConfig, "password"> & { inboundSite?: string };
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
  /** The single-site form's location and site (undefined with `sites`). */
  location?: LocationConfig;
  site?: SiteConfig;
  carriers: Carrier[];
  /** The single-site form's routes (empty with `sites`). */
  routes: Route[];
  /** The estate form: the sites by key. */
  sites?: Record<string, EstateSiteArgs>;
  /**
   * DID pools by key (`didPools.<key>`), or the list stacks were written with before keys (its
   * pools keep their names); with either site form.
   */
  didPools?: DidPoolsSetting<DidPoolInputs>;
}

/** The single-carrier form: `sipTrunk` and its `route`. */
const ONE_CARRIER: Paths = {
  carriers: "sipTrunk",
  carrier: () => "sipTrunk",
  routes: "route",
  route: () => "route",
};

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
  sites: unknown;
  didPools: unknown;
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
    sites: section("sites"),
    didPools: section("didPools"),
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

/**
 * The estate form (`sites`): the sites map and the carriers, or undefined with the problem
 * reported. It excludes the single-site keys.
 */
function estateOf(r: Read, issues: Issue[]): { sites: Raw; carriers: Raw | undefined } | undefined {
  const single = (["location", "site", "route", "routes"] as const).filter((k) => r[k] !== undefined);
  for (const k of single) {
    issues.push({
      key: k,
      message:
        `${k}: set either sites (several sites, each with its own location, site, numberPlans and routes) ` +
        `or location, site and route/routes (one site), not both`,
    });
  }
  if (r.sipTrunk !== undefined)
    issues.push({
      key: "sipTrunk",
      message:
        "sipTrunk: with sites, declare the carriers by key under carriers (the sites' routes name them)",
    });
  if (r.carriers !== undefined && !isRecord(r.carriers))
    issues.push({ key: "carriers", message: `carriers must be an object ${EXAMPLE}` });
  if (!isRecord(r.sites)) {
    issues.push({
      key: "sites",
      message: `sites must be a map from a site key to { location, site, numberPlans, routes } (see ${DOCS.estates})`,
    });
    return undefined;
  }
  return { sites: r.sites, carriers: isRecord(r.carriers) ? r.carriers : undefined };
}

/**
 * `didPools`, when set: a map by key, or a list (as written before keys); its entries are checked
 * with the rest.
 */
function didPoolsOf(v: unknown, issues: Issue[]): DidPoolsSetting<unknown> | undefined {
  if (v === undefined || Array.isArray(v) || isRecord(v)) return v;
  issues.push({ key: "didPools", message: DID_POOLS_SHAPE });
  return undefined;
}

/** Reads and checks the project config; throws one error listing every problem with its config key. */
export function loadConfig(config = new pulumi.Config()): StackConfig {
  const r = read(config);
  const issues: Issue[] = [];
  const estate = r.sites !== undefined ? estateOf(r, issues) : undefined;
  const isEstate = r.sites !== undefined;
  const location = isEstate ? undefined : required("location", r.location, issues);
  const site = isEstate ? undefined : required("site", r.site, issues);
  const protect = protectOf(r.protect, issues);
  const didPools = didPoolsOf(r.didPools, issues);
  const form = isEstate ? undefined : carriersAndRoutes(r, issues);
  const carriers = Object.fromEntries(
    Object.entries((isEstate ? estate?.carriers : form?.carriers) ?? {}).map(([k, c]) => [
      k,
      withServerList(c),
    ]),
  );
  const carrierPath = form?.paths.carrier ?? MANY_CARRIERS.carrier;
  const sections: [Section, unknown, string][] = [
    [LOCATION, location, "location"],
    [SITE, site, "site"],
    ...Object.entries(carriers).map(([k, c]): [Section, unknown, string] => [CARRIER, c, carrierPath(k)]),
    ...Object.entries(estate?.sites ?? {}).flatMap(([k, s]): [Section, unknown, string][] =>
      isRecord(s)
        ? [
            [LOCATION, s.location, `sites.${k}.location`],
            [SITE, s.site, `sites.${k}.site`],
          ]
        : [],
    ),
    ...didPoolEntries(didPools ?? []).map((p): [Section, unknown, string] => [DID_POOL, p.pool, p.path]),
  ];
  for (const [section, raw, path] of sections)
    if (isRecord(raw)) issues.push(...storedAsNumbers(section, raw, path));
  const skip = new Set(issues.map((i) => i.key));
  const all = isEstate
    ? estate && { sites: estate.sites, ...(estate.carriers !== undefined && { carriers }) }
    : form && { location, site, carriers, routes: form.routes };
  issues.push(
    ...checkSettings({ namePrefix: r.namePrefix, ...all, ...(didPools && { didPools }) }, form?.paths, skip),
  );

  if (issues.length) {
    throw new pulumi.RunError(
      `Missing or invalid stack configuration for project ${pulumi.getProject()}:\n` +
        [...new Set(issues.map((i) => i.message))].map((m) => `  - ${m}`).join("\n") +
        `\nSet each with 'pulumi config set --path <key> <value>'; use --type string for values made of ` +
        `digits (numbers, postal codes) and --secret for passwords (e.g. pulumi config set --path --type string location.number "+13175550100").`,
    );
  }

  // Passwords arrive inside the carrier objects; keep each only as a secret Output.
  const single = form?.paths === ONE_CARRIER;
  const secretSection = single
    ? config.getSecretObject<Raw>("sipTrunk")
    : config.getSecretObject<Record<string, Raw>>("carriers");
  const allKeys = Object.keys(carriers);
  return {
    namePrefix: r.namePrefix ?? "",
    protect: protect ?? PRODUCTION_STACKS.includes(pulumi.getStack()),
    ...(!isEstate && {
      location: location as unknown as LocationConfig,
      site: site as unknown as SiteConfig,
    }),
    ...(isEstate && { sites: estate!.sites as unknown as Record<string, EstateSiteArgs> }),
    ...(didPools && { didPools: didPools as StackConfig["didPools"] }),
    carriers: Object.entries(carriers).map(([key, raw]) => {
      const { password, ...trunk } = raw as SipTrunkConfig;
      return {
        key,
        resourceName: single ? "trunk" : childNames.trunk(key),
        configPath: carrierPath(key),
        trunk,
        ...(password !== undefined && {
          password: secretSection!.apply((s) =>
            String(single ? (s as Raw).password : (s as Record<string, Raw>)[key].password),
          ),
        }),
      };
    }),
    routes: ((form?.routes ?? []) as RouteConfig[]).map((route) => ({
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
    ...(cfg.sites === undefined
      ? {
          location: cfg.location,
          site: cfg.site,
          routes: cfg.routes.map(({ resourceName: _, ...route }) => route),
        }
      : { sites: cfg.sites }),
    carriers: Object.fromEntries(cfg.carriers.map((c) => [c.key, { ...c.trunk, password: c.password }])),
    ...(cfg.didPools !== undefined && { didPools: cfg.didPools }),
  };
}
