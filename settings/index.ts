/**
 * The settings: what the `genesys-byoc:*` stack config (program/config.ts) and the arguments of
 * `ByocTelephony` (lib/component.ts) describe, checked in one place, with every failure named
 * by the key its user edits (`location.number`, `carriers.intl.sipServers[0]`, `routes[1].name`).
 *
 * Each resource kind declares its own section in resources/<kind>/settings.ts (the settings, how
 * they map to its inputs and back; see resources/common/section.ts); {@link SECTIONS} is the
 * registry of them. This module adds what is across sections: where each section sits (the
 * single-site form, the estate form `sites`, the carriers, the routes, `didPools`), the rules
 * across them (carriers against routes, names that must be unique) and the Pulumi names of the
 * component's children.
 *
 * Pure: no Pulumi import, and no import of the component (the component and the stack config hand
 * in plain values, an Output as the engine's unknown placeholder).
 */
import { checkDidPools, didPoolChildNames, DID_POOL } from "../resources/didPool/settings";
import { LOCATION } from "../resources/location/settings";
import { NUMBER_PLANS } from "../resources/numberPlans/settings";
import {
  DEFAULT_CLASSIFICATIONS,
  DEFAULT_ROUTE_NAME,
  NEW_ROUTE_CLASSIFICATIONS,
} from "../resources/outboundRouteBinding/schema";
import { ROUTE, type RouteConfig } from "../resources/outboundRouteBinding/settings";
import { SITE } from "../resources/site/settings";
import { CARRIER } from "../resources/trunk/settings";
import { DOCS, type Issue, type Raw, checkSection, known } from "../resources/common/section";
import { controlCharacters, isRecord, isUnknown } from "../resources/common/validate";

export {
  type Issue,
  type Raw,
  type Section,
  checkSection,
  prefixed,
  settingsOf,
} from "../resources/common/section";
export { DEFAULT_EDGE_SITE, SITE_DEFAULTS, type SiteConfig } from "../resources/site/settings";
export { type LocationConfig } from "../resources/location/settings";
export { type SipTrunkConfig } from "../resources/trunk/settings";
export { type RouteConfig } from "../resources/outboundRouteBinding/settings";
export {
  DID_POOL_KEY,
  DID_POOLS_SHAPE,
  type DidPoolEntry,
  type DidPoolsSetting,
  didPoolEntries,
} from "../resources/didPool/settings";

/**
 * The registry: every kind's settings section, each declared in its own folder
 * (resources/<kind>/settings.ts). A new kind with settings adds its line here.
 */
export const SECTIONS = {
  location: LOCATION,
  site: SITE,
  carrier: CARRIER,
  route: ROUTE,
  numberPlans: NUMBER_PLANS,
  didPool: DID_POOL,
} as const;

export { LOCATION, SITE, CARRIER, ROUTE, NUMBER_PLANS, DID_POOL };

/** The Pulumi name of each child of the component, relative to the component's name. */
export const childNames = {
  location: "location",
  site: "site",
  trunk: (key: string) => `trunk-${key}`,
  /** A route binding: `outbound-route` for the Default Outbound Route, else `route-<slug of its name>`. */
  route: (name: string | undefined) =>
    name === undefined ? "outbound-route" : `route-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`,
  /** A child of the estate form's site `key` (`<key>-location`, `<key>-site`, `<key>-route-…`). */
  ofSite: (key: string, child: string) => `${key}-${child}`,
  /** A site's NumberPlans (estate form), relative to the site: `<key>-numberplans`. */
  numberPlans: "numberplans",
  /** A DID pool of the keyed form: `didpool-<key>`. */
  didPool: didPoolChildNames.keyed,
  /** A DID pool of the list form: `didpool-<digits of its first number>`. */
  listedDidPool: didPoolChildNames.listed,
};

/** A carrier key: it names the Pulumi resource `trunk-<key>`. A site key (`<key>-site`, …) too. */
const CARRIER_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Where the carriers and routes are set: `carriers.<key>` and `routes[i]`, or the single-carrier form. */
export interface Paths {
  carriers: string;
  carrier: (key: string) => string;
  /** The list of routes (`routes`, `sites.<key>.routes`). */
  routes: string;
  route: (index: number) => string;
  /** The site's number plans (`sites.<key>.numberPlans`), in the estate form only. */
  plans?: string;
}

/** The several-carriers form (the component's arguments, and `carriers`/`routes` in the stack config). */
export const MANY_CARRIERS: Paths = {
  carriers: "carriers",
  carrier: (key) => `carriers.${key}`,
  routes: "routes",
  route: (i) => `routes[${i}]`,
};

/** The estate form's paths for the site `key`: its routes under `sites.<key>.routes`. */
export function sitePaths(key: string): Paths {
  return {
    ...MANY_CARRIERS,
    routes: `sites.${key}.routes`,
    route: (i) => `sites.${key}.routes[${i}]`,
    plans: `sites.${key}.numberPlans`,
  };
}

/** Every setting, as plain values (a value not known yet is the engine's unknown placeholder). */
export interface Settings {
  namePrefix?: unknown;
  /** Checked when present (the caller reports a missing section its own way). */
  location?: unknown;
  site?: unknown;
  /** The carriers by key (checked with the routes when present). */
  carriers?: Record<string, unknown>;
  /** The routes, in order (a route without carriers and name carries every carrier). */
  routes?: unknown[];
  /**
   * The estate form, instead of location, site and routes: the sites by key, each
   * `{ location, site, numberPlans?, routes? }`; its routes name the carriers by key.
   */
  sites?: Record<string, unknown>;
  /** DID pools by key, or (stacks written before keys) a list; with either site form. */
  didPools?: unknown;
}

/** Every problem with `s`, each naming its key; `skip` lists keys the caller reported already. */
export function checkSettings(
  s: Settings,
  paths: Paths = MANY_CARRIERS,
  skip?: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });

  let prefix = "";
  if (s.namePrefix !== undefined && !isUnknown(s.namePrefix)) {
    if (typeof s.namePrefix !== "string") add("namePrefix", "namePrefix must be a string, such as dev-");
    else {
      const bad = controlCharacters(s.namePrefix, "namePrefix");
      if (bad) add("namePrefix", bad);
      else prefix = s.namePrefix;
    }
  }

  for (const [name, section, raw] of [
    ["location", LOCATION, s.location],
    ["site", SITE, s.site],
  ] as const) {
    if (raw === undefined) continue;
    if (!isRecord(raw)) add(name, `${name} must be an object (see ${DOCS.component}, for an example)`);
    else issues.push(...checkSection(section, raw, name, prefix, skip));
  }

  if (s.sites !== undefined) issues.push(...checkEstate(s.sites, s.carriers, prefix, skip));
  else if (s.carriers !== undefined)
    issues.push(...checkCarriersAndRoutes(s.carriers, s.routes ?? [], prefix, paths, skip));
  if (s.didPools !== undefined) issues.push(...checkDidPools(s.didPools, prefix, skip));
  return issues;
}

/** The classifications a site's routes may use: the defaults and those of its declared plans. */
export function siteClassifications(numberPlans: unknown): string[] {
  const declared = Array.isArray(numberPlans)
    ? numberPlans.map((p) => (isRecord(p) ? p.classification : undefined)).filter(known)
    : [];
  return [...new Set([...DEFAULT_CLASSIFICATIONS, ...declared])];
}

/**
 * The estate form: every site (its location, site, number plans and routes), the carriers once,
 * and the references across them (routes → carriers, routes → the site's classifications,
 * `carriers.<key>.inboundSite` → sites).
 */
function checkEstate(
  sites: Record<string, unknown>,
  carriers: Record<string, unknown> | undefined,
  prefix: string,
  skip?: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });
  const siteKeys = Object.keys(sites);
  if (!siteKeys.length) add("sites", "sites is empty: declare at least one site (or use location and site)");
  let carrierKeys: string[] | undefined;
  if (carriers === undefined) add("carriers", "carriers is required with sites: declare the carriers by key");
  else {
    const checked = checkCarriers(carriers, prefix, MANY_CARRIERS, skip);
    issues.push(...checked.issues);
    carrierKeys = checked.keys;
  }

  const valid: [string, Raw][] = [];
  for (const [key, raw] of Object.entries(sites)) {
    const path = `sites.${key}`;
    if (!CARRIER_KEY.test(key)) {
      add(
        path,
        `${path}: a site key is letters, digits, "-" and "_" (it names the Pulumi resources <key>-site, …)`,
      );
      continue;
    }
    if (!isRecord(raw)) {
      add(
        path,
        `${path} must be an object with location, site, numberPlans and routes (see ${DOCS.estates})`,
      );
      continue;
    }
    valid.push([key, raw]);
    for (const [name, section] of [
      ["location", LOCATION],
      ["site", SITE],
    ] as const) {
      const at = `${path}.${name}`;
      if (raw[name] === undefined) {
        if (!skip?.has(at))
          add(at, `${at} is required (an object with the keys of ${name}; see ${DOCS.estates})`);
      } else if (!isRecord(raw[name]))
        add(at, `${at} must be an object with the keys of ${name} (see ${DOCS.estates})`);
      else issues.push(...checkSection(section, raw[name], at, prefix, skip));
    }
    if (raw.numberPlans !== undefined) issues.push(...checkSection(NUMBER_PLANS, raw, path, prefix, skip));
    if (raw.routes !== undefined && !Array.isArray(raw.routes)) {
      add(`${path}.routes`, `${path}.routes must be a list of routes, e.g. [{ carriers: [uk] }]`);
    } else if (carrierKeys !== undefined) {
      const routes = (raw.routes as unknown[] | undefined)?.length ? (raw.routes as unknown[]) : [{}];
      issues.push(
        ...checkRoutes(
          routes,
          carrierKeys,
          prefix,
          sitePaths(key),
          siteClassifications(raw.numberPlans),
          skip,
        ),
      );
    }
  }

  // Names Genesys keeps unique in the org.
  for (const name of ["location", "site"] as const) {
    const seen = new Map<string, string>();
    for (const [key, raw] of valid) {
      const v = isRecord(raw[name]) ? raw[name].name : undefined;
      if (!known(v)) continue;
      const path = `sites.${key}.${name}.name`;
      const first = seen.get(v.trim().toLowerCase());
      if (first) add(path, `${path} repeats ${first} ("${v}"): each site needs its own ${name} name`);
      else seen.set(v.trim().toLowerCase(), path);
    }
  }

  for (const [key, raw] of Object.entries(carriers ?? {})) {
    const site = isRecord(raw) ? raw.inboundSite : undefined;
    if (site === undefined || isUnknown(site)) continue;
    const path = `carriers.${key}.inboundSite`;
    if (typeof site !== "string" || !siteKeys.includes(site))
      add(
        path,
        `${path}: ${JSON.stringify(site)} is not a key under sites (${siteKeys.join(", ")}): name one of them`,
      );
  }
  return issues;
}

/** The carriers and the routes, each on its own and against each other. */
function checkCarriersAndRoutes(
  all: Record<string, unknown>,
  routeList: unknown[],
  prefix: string,
  paths: Paths,
  skip?: ReadonlySet<string>,
): Issue[] {
  const { issues, keys } = checkCarriers(all, prefix, paths, skip);
  if (keys === undefined) return issues;
  return [...issues, ...checkRoutes(routeList, keys, prefix, paths, DEFAULT_CLASSIFICATIONS, skip)];
}

/** The carriers, each on its own and against each other; `keys` undefined when there is none. */
function checkCarriers(
  all: Record<string, unknown>,
  prefix: string,
  paths: Paths,
  skip?: ReadonlySet<string>,
): { issues: Issue[]; keys?: string[] } {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });
  const carriers: [string, Raw][] = [];
  for (const [key, raw] of Object.entries(all)) {
    const path = paths.carrier(key);
    if (!CARRIER_KEY.test(key)) {
      add(
        path,
        `${path}: a carrier key is letters, digits, "-" and "_" (it names the Pulumi resource trunk-<key>)`,
      );
    } else if (!isRecord(raw)) {
      add(path, `${path} must be an object like sipTrunk (see ${DOCS.carriers})`);
    } else {
      carriers.push([key, raw]);
      issues.push(...checkSection(CARRIER, raw, path, prefix, skip));
    }
  }
  // With no carrier, no route can be judged.
  if (!Object.keys(all).length) {
    add(paths.carriers, "carriers is empty: declare at least one carrier");
    return { issues };
  }
  const unique = (setting: string, why: string) => {
    const seen = new Map<string, string>();
    for (const [key, raw] of carriers) {
      const v = raw[setting];
      if (!known(v)) continue;
      const path = `${paths.carrier(key)}.${setting}`;
      const first = seen.get(v.trim().toLowerCase());
      if (first) add(path, `${path} repeats ${first} ("${v}"): ${why}`);
      else seen.set(v.trim().toLowerCase(), path);
    }
  };
  unique("externalTrunkName", "trunk names must be unique in the org");
  unique(
    "inboundSipTerminationIdentifier",
    "each carrier needs its own inbound SIP termination identifier (unique in the org's region)",
  );

  return { issues, keys: carriers.map(([k]) => k) };
}

/**
 * The routes of one site, each on its own, against the carriers (`keys`) and the classifications
 * the site's number plans define, and against each other.
 */
function checkRoutes(
  routeList: unknown[],
  keys: string[],
  prefix: string,
  paths: Paths,
  classifications: readonly string[],
  skip?: ReadonlySet<string>,
): Issue[] {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });
  const routes: [string, RouteConfig][] = [];
  routeList.forEach((raw, i) => {
    const path = paths.route(i);
    if (!isRecord(raw)) {
      add(path, `${path} must be an object with carriers and, for a named route, name`);
      return;
    }
    const r = raw as RouteConfig;
    routes.push([path, r]);
    const uses = r.carriers ?? (r.name === undefined ? keys : undefined);
    if (!Array.isArray(uses) || uses.length === 0) {
      add(
        `${path}.carriers`,
        `${path}.carriers: list the carriers (keys under carriers) the route uses, in order`,
      );
    } else {
      for (const k of uses) {
        if (!keys.includes(k))
          add(
            `${path}.carriers`,
            `${path}.carriers: "${k}" is not a key under carriers (${keys.join(", ")})`,
          );
      }
      if (new Set(uses).size !== uses.length)
        add(`${path}.carriers`, `${path}.carriers lists a carrier more than once`);
    }
    if (known(r.name) && r.name.trim().toLowerCase() === DEFAULT_ROUTE_NAME.toLowerCase()) {
      add(`${path}.name`, `${path}.name: omit name to bind the site's "${DEFAULT_ROUTE_NAME}"`);
    }
    for (const c of Array.isArray(r.classificationTypes) ? r.classificationTypes : []) {
      if (known(c) && !classifications.includes(c)) {
        const use = classifications.map((d) => `"${d}"`).join(", ");
        add(
          `${path}.classificationTypes`,
          paths.plans === undefined
            ? `${path}.classificationTypes: "${c}" is not a classification of a new site; use ${use}`
            : `${path}.classificationTypes: "${c}" is not a classification of the site's number plans; use ${use}, ` +
                `or declare a plan with classification "${c}" under ${paths.plans}`,
        );
      }
    }
    issues.push(...checkSection(ROUTE, raw, path, prefix, skip));
  });
  if (routes.filter(([, r]) => r.name === undefined).length > 1) {
    add(
      paths.routes,
      `${paths.routes}: only one entry may omit name (it binds the site's Default Outbound Route)`,
    );
  }
  // Each route's binding is named after the route (route-<slug>): names that differ only in case
  // or punctuation would be the same Pulumi resource.
  const byResource = new Map<string, string>();
  for (const [path, r] of routes) {
    if (!known(r.name)) continue;
    const resource = childNames.route(r.name);
    const first = byResource.get(resource);
    if (first) {
      add(
        `${path}.name`,
        `${path}.name "${r.name}" and ${first} differ only in case or punctuation, so both would be the Pulumi ` +
          `resource ${resource}: give the routes names that differ in letters or digits`,
      );
    } else byResource.set(resource, `${path}.name "${r.name}"`);
  }
  // A classification can be on one route of a site: named routes (and a default route that
  // declares its own) must not claim the same one, or they would take it from each other.
  const claimed = new Map<string, string>();
  for (const [path, r] of routes) {
    const cls = r.classificationTypes ?? (r.name === undefined ? [] : NEW_ROUTE_CLASSIFICATIONS);
    for (const c of Array.isArray(cls) ? cls.filter(known) : []) {
      const other = claimed.get(c);
      if (other) {
        add(
          path,
          `${path} and ${other} both serve "${c}": a classification can be on only one route of a site (set classificationTypes on both)`,
        );
      } else claimed.set(c, path);
    }
  }
  return issues;
}
