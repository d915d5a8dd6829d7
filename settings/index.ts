/**
 * The settings' schema: what the `genesys-byoc:*` stack config (program/config.ts) and the arguments of
 * `ByocTelephony` (package/component.ts) describe, checked in one place, with every failure named by the
 * key its user edits (`location.number`, `carriers.intl.sipServers[0]`, `routes[1].name`).
 *
 * One entry per section (location, site, a carrier, a route): the settings it requires, how they
 * map to the resource's inputs, and, per resource input, the setting it comes from. The values
 * are checked by the resources' own checks (resources/<kind>/schema.ts), which name each input
 * through that table (a {@link Label}), so no message text is ever parsed or rewritten. Rules
 * across sections (carriers against routes, names that must be unique) follow the sections.
 *
 * Pure: no Pulumi import (the component and the stack config hand in plain values, an Output as
 * the engine's unknown placeholder). The estate form (`sites`: several sites, each with its own
 * location, site, number plans and routes) and `didPools` use the same sections under their paths.
 *
 * DID pools come in two forms: by a key of the user's choosing (`didPools.<key>`, the documented
 * one, named `didpool-<key>`), or as the list stacks were written with before keys existed
 * (`didPools[i]`, named after the digits of the pool's first number, as they always were). A keyed
 * pool that starts where a list-form pool started takes that resource over through an alias, so
 * converting a stack from the list to keys replaces nothing ({@link didPoolEntries}).
 */
import type { LocationConfig, RouteConfig, SipTrunkConfig, SiteConfig } from "../package/component";
import { checkDidPool, rangesOverlap, showRange } from "../resources/didPool/schema";
import { checkLocation } from "../resources/location/schema";
import { checkNumberPlans } from "../resources/numberPlans/schema";
import {
  DEFAULT_CLASSIFICATIONS,
  DEFAULT_ROUTE_NAME,
  NEW_ROUTE_CLASSIFICATIONS,
  checkBinding,
} from "../resources/outboundRouteBinding/schema";
import { checkSite } from "../resources/site/schema";
import { OUTBOUND_IDENTITY_FIELDS, checkTrunk } from "../resources/trunk/schema";
import {
  type CheckFailure,
  type Label,
  UNKNOWN,
  controlCharacters,
  isRecord,
  isUnknown,
  knownFailures,
  topKey,
} from "../resources/common/validate";

/** One problem with the settings: the key to fix and the line that says how. */
export interface Issue {
  /** The setting's key, e.g. `location.number` or `routes[1]` (to tell problems about one key apart). */
  key: string;
  /** One line, starting with the key. */
  message: string;
}

type Raw = Record<string, unknown>;

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
  didPool: (key: string) => `didpool-${key}`,
  /**
   * A DID pool of the list form (stacks written before keys): `didpool-<digits of its first
   * number>`; also the alias of a keyed pool that starts there.
   */
  listedDidPool: (startPhoneNumber: string) => `didpool-${startPhoneNumber.replace(/\D/g, "")}`,
};

/** The managed edge site BYOC Cloud sites run on. */
export const DEFAULT_EDGE_SITE = "PureCloud Voice - AWS";

/** A carrier key: it names the Pulumi resource `trunk-<key>`. A site key (`<key>-site`, …) too. */
const CARRIER_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/**
 * A DID pool key: it names the Pulumi resource `didpool-<key>`. It starts with a letter, so it is
 * never the digits that name a pool of the list form (`didpool-13175550100`).
 */
export const DID_POOL_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Site defaults (the edge auto-update window). */
export const SITE_DEFAULTS = {
  timeZone: "America/New_York",
  rrule: "FREQ=DAILY",
  windowStart: "02:00",
  windowEnd: "05:00",
  mediaModel: "Cloud",
} as const;

/** `prefix + name`, or the bare name when it is empty (so the check reports it missing, not the prefix). */
export function prefixed<T>(prefix: string, name: T): T | string {
  return typeof name === "string" && name.trim() !== "" && !isUnknown(name) ? prefix + name : name;
}

// ---------------------------------------------------------------------------------------------
// Settings → resource inputs (the component declares its children with the same mappings).
// ---------------------------------------------------------------------------------------------

/** The Location's inputs for the `location` settings. */
export function locationInputs(l: LocationConfig, prefix: string) {
  return {
    name: prefixed(prefix, l.name),
    emergencyNumber: { number: l.number, ...(l.numberType !== undefined && { type: l.numberType }) },
    address: {
      street1: l.street1,
      street2: l.street2,
      city: l.city,
      state: l.state,
      zipcode: l.zipcode,
      country: l.country,
    },
    notes: l.notes,
    adoptId: l.adoptId,
  };
}

/** The Site's inputs for the `site` settings, on the location and managed edge site given. */
export function siteInputs<Id>(s: SiteConfig, prefix: string, locationId: Id, edgeSiteId: Id) {
  return {
    name: prefixed(prefix, s.name),
    locationId,
    primarySiteIds: [edgeSiteId],
    secondarySiteIds: [edgeSiteId],
    mediaModel: s.mediaModel ?? SITE_DEFAULTS.mediaModel,
    edgeAutoUpdate: {
      timeZone: s.timeZone ?? SITE_DEFAULTS.timeZone,
      rrule: s.rrule ?? SITE_DEFAULTS.rrule,
      start: s.windowStart ?? SITE_DEFAULTS.windowStart,
      end: s.windowEnd ?? SITE_DEFAULTS.windowEnd,
    },
    ntpServers: s.ntpServers,
    callerId: s.callerId,
    callerName: s.callerName,
    description: s.description,
    adoptId: s.adoptId,
  };
}

/** The Trunk's inputs for a carrier's settings; `digest` is built by the caller (it holds the secret). */
export function trunkInputs<Id, D>(
  c: Omit<SipTrunkConfig, "password">,
  prefix: string,
  inboundSiteId: Id,
  digest: D | undefined,
) {
  return {
    name: prefixed(prefix, c.externalTrunkName),
    inboundSiteId,
    sipServers: c.sipServers,
    transport: c.transport,
    inboundSipTerminationIdentifier: c.inboundSipTerminationIdentifier,
    aclAllowList: c.aclAllowList,
    digest,
    outboundIdentity: outboundIdentityOf(c),
    enabled: c.enabled,
    extraProperties: c.extraProperties,
    adoptId: c.adoptId,
  };
}

/** The carrier settings of a trunk's outbound identity: named as the Trunk's `outboundIdentity` fields. */
const IDENTITY_SETTINGS = OUTBOUND_IDENTITY_FIELDS;

function outboundIdentityOf(c: Omit<SipTrunkConfig, "password">) {
  const set = IDENTITY_SETTINGS.filter((k) => c[k] !== undefined);
  return set.length ? Object.fromEntries(set.map((k) => [k, c[k]])) : undefined;
}

/** The OutboundRouteBinding's inputs for a route's settings. */
export function bindingInputs<Id>(r: RouteConfig, prefix: string, siteId: Id, trunkIds: Id[]) {
  return {
    siteId,
    trunkIds,
    routeName: r.name === undefined ? undefined : prefixed(prefix, r.name),
    classificationTypes: r.classificationTypes,
    distribution: r.distribution,
    enabled: r.enabled,
    adoptId: r.adoptId,
  };
}

// ---------------------------------------------------------------------------------------------
// The sections.
// ---------------------------------------------------------------------------------------------

/** One section of the settings, checked on its own. */
export interface Section {
  /** Settings that must be present (each missing one is reported once, as `<key> is required`). */
  required: readonly string[];
  /** For each resource input path the resource's check reports on: the setting it comes from. */
  keys: Readonly<Record<string, string>>;
  /**
   * Settings made of digits that must stay strings (`pulumi config set --path` stores `+1…` as a
   * number otherwise), each with an example value.
   */
  digitStrings?: Readonly<Record<string, string>>;
  /** Rules across the section's own settings (`path` is where the section is, e.g. `carriers.intl`). */
  rules?: (raw: Raw, path: string) => Issue[];
  /** The resource's own check on the inputs the settings map to, ids not known yet as unknowns. */
  check: (raw: Raw, prefix: string, label: Label) => { inputs: unknown; failures: CheckFailure[] };
}

export const LOCATION: Section = {
  required: ["name", "number", "street1", "city", "country"],
  keys: {
    name: "name",
    "emergencyNumber.number": "number",
    "emergencyNumber.type": "numberType",
    "address.street1": "street1",
    "address.street2": "street2",
    "address.city": "city",
    "address.state": "state",
    "address.zipcode": "zipcode",
    "address.country": "country",
    notes: "notes",
    adoptId: "adoptId",
  },
  digitStrings: { number: "+13175550100", zipcode: "02134" },
  check: (raw, prefix, label) =>
    checkLocation(locationInputs(raw as unknown as LocationConfig, prefix), label),
};

export const SITE: Section = {
  required: ["name"],
  keys: {
    name: "name",
    description: "description",
    "edgeAutoUpdate.timeZone": "timeZone",
    "edgeAutoUpdate.rrule": "rrule",
    "edgeAutoUpdate.start": "windowStart",
    "edgeAutoUpdate.end": "windowEnd",
    ntpServers: "ntpServers",
    callerId: "callerId",
    callerName: "callerName",
    mediaModel: "mediaModel",
    adoptId: "adoptId",
  },
  digitStrings: { callerId: "+13175550100" },
  check: (raw, prefix, label) =>
    checkSite(siteInputs(raw as unknown as SiteConfig, prefix, UNKNOWN, UNKNOWN), label),
};

export const CARRIER: Section = {
  required: ["externalTrunkName", "sipServers", "inboundSipTerminationIdentifier"],
  keys: {
    name: "externalTrunkName",
    sipServers: "sipServers",
    transport: "transport",
    inboundSipTerminationIdentifier: "inboundSipTerminationIdentifier",
    aclAllowList: "aclAllowList",
    "digest.realm": "realm",
    "digest.username": "userName",
    "digest.password": "password",
    ...Object.fromEntries(IDENTITY_SETTINGS.map((k) => [`outboundIdentity.${k}`, k])),
    enabled: "enabled",
    extraProperties: "extraProperties",
    adoptId: "adoptId",
  },
  digitStrings: { callingAddress: "+13175550100" },
  // An adopted trunk (adoptId) may name its user without the password: its credentials stay as
  // they are in Genesys until the password is set.
  rules: (raw, path) =>
    (raw.userName === undefined) !== (raw.password === undefined) &&
    !(raw.adoptId !== undefined && raw.password === undefined)
      ? [
          {
            key: `${path}.userName`,
            message:
              `${path}.userName and ${path}.password go together (SIP digest authentication): set both, ` +
              `the password with 'pulumi config set --secret --path ${path}.password <password>', or neither`,
          },
        ]
      : [],
  check: (raw, prefix, label) => {
    const c = raw as unknown as SipTrunkConfig;
    const digest =
      c.userName !== undefined && c.password !== undefined
        ? { realm: c.realm, username: c.userName, password: c.password }
        : undefined;
    return checkTrunk(trunkInputs(c, prefix, UNKNOWN, digest), label);
  },
};

export const ROUTE: Section = {
  required: [],
  keys: {
    routeName: "name",
    classificationTypes: "classificationTypes",
    distribution: "distribution",
    enabled: "enabled",
    adoptId: "adoptId",
  },
  check: (raw, prefix, label) =>
    checkBinding(bindingInputs(raw as RouteConfig, prefix, UNKNOWN, [UNKNOWN]), label),
};

/** A site's number plans (estate form): the section is the site entry, its `numberPlans` the plans. */
export const NUMBER_PLANS: Section = {
  required: [],
  keys: { "": "numberPlans", plans: "numberPlans" },
  check: (raw, _prefix, label) => checkNumberPlans({ siteId: UNKNOWN, plans: raw.numberPlans }, label),
};

/** One DID pool (`didPools.<key>`, or `didPools[i]` in the list form). */
export const DID_POOL: Section = {
  required: ["startPhoneNumber", "endPhoneNumber"],
  keys: {
    startPhoneNumber: "startPhoneNumber",
    endPhoneNumber: "endPhoneNumber",
    description: "description",
    comments: "comments",
    adoptId: "adoptId",
  },
  digitStrings: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
  check: (raw, _prefix, label) =>
    checkDidPool(
      {
        startPhoneNumber: raw.startPhoneNumber,
        endPhoneNumber: raw.endPhoneNumber,
        description: raw.description,
        comments: raw.comments,
        adoptId: raw.adoptId,
      },
      label,
    ),
};

/** The DID pools as declared: by key (the documented form), or a list (stacks written before keys). */
export type DidPoolsSetting<P> = Record<string, P> | P[];

/** One declared DID pool, and the Pulumi name it gets. */
export interface DidPoolEntry<P> {
  /** Where it is set: `didPools.<key>`, or `didPools[i]` in the list form. */
  path: string;
  /** Its key (the keyed form only). */
  key?: string;
  /**
   * Its name relative to the component: `didpool-<key>`, or in the list form
   * `didpool-<digits of its first number>`, the name such a pool has always had.
   */
  child: string;
  /**
   * The keyed form: the name a list-form pool with the same first number had, kept as an alias, so
   * a stack converted from the list to keys keeps that pool (undefined while the start is not known).
   */
  formerChild?: string;
  /** Its settings. */
  pool: P;
}

/** Each declared DID pool with its path and Pulumi name, in the declared order (a map's in key order). */
export function didPoolEntries<P>(pools: DidPoolsSetting<P>): DidPoolEntry<P>[] {
  const startOf = (pool: P) => {
    const start = isRecord(pool) ? pool.startPhoneNumber : undefined;
    return known(start) ? start : undefined;
  };
  if (Array.isArray(pools))
    return pools.map((pool, i) => ({
      path: `didPools[${i}]`,
      child: childNames.listedDidPool(startOf(pool) ?? ""),
      pool,
    }));
  return Object.entries(pools).map(([key, pool]) => {
    const start = startOf(pool);
    return {
      path: `didPools.${key}`,
      key,
      child: childNames.didPool(key),
      ...(start !== undefined && { formerChild: childNames.listedDidPool(start) }),
      pool,
    };
  });
}

/**
 * The settings of `section` that map to the resource inputs `inputs`: its `keys` table read
 * backwards (`emergencyNumber.number` → `number`), what `npm run import` writes for an object it
 * read. Inputs without a setting (ids of other objects) are left out.
 */
export function settingsOf(section: Section, inputs: object): Raw {
  const out: Raw = {};
  for (const [property, setting] of Object.entries(section.keys)) {
    let v: unknown = inputs;
    for (const part of property.split(".")) v = isRecord(v) ? v[part] : undefined;
    if (property !== "" && v !== undefined) out[setting] = v;
  }
  return out;
}

/**
 * The problems of one section at `path`: missing settings, the section's own rules, then the
 * resource's check, each failure named by its setting. `skip` lists keys already reported.
 */
export function checkSection(
  section: Section,
  raw: Raw,
  path: string,
  prefix: string,
  skip: ReadonlySet<string> = new Set(),
): Issue[] {
  const key = (setting: string) => `${path}.${setting}`;
  const missing = section.required.filter((k) => raw[k] === undefined).map(key);
  const issues: Issue[] = missing.map((k) => ({ key: k, message: `${k} is required` }));
  issues.push(...(section.rules?.(raw, path) ?? []));
  // An input path under a mapped input keeps its tail: `plans[0].match` → `numberPlans[0].match`.
  const setting = (property: string) => {
    const top = topKey(property);
    if (section.keys[property] !== undefined) return section.keys[property];
    return section.keys[top] !== undefined ? section.keys[top] + property.slice(top.length) : property;
  };
  const label: Label = (property) => key(setting(property));
  const { inputs, failures } = section.check(raw, prefix, label);
  const done = new Set([...skip, ...missing]);
  for (const f of knownFailures(inputs as Raw, failures)) {
    const k = label(f.property);
    if (done.has(k)) continue;
    issues.push({ key: k, message: f.reason.startsWith(k) ? f.reason : `${k}: ${f.reason}` });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// The whole: sections, and the rules across them.
// ---------------------------------------------------------------------------------------------

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

/** A string's problems with its value known: unknown values and non-strings are left to the checks. */
const known = (v: unknown): v is string => typeof v === "string" && !isUnknown(v);

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
    if (!isRecord(raw)) add(name, `${name} must be an object (see the README for an example)`);
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
      add(path, `${path} must be an object with location, site, numberPlans and routes (see the README)`);
      continue;
    }
    valid.push([key, raw]);
    for (const [name, section] of [
      ["location", LOCATION],
      ["site", SITE],
    ] as const) {
      const at = `${path}.${name}`;
      if (raw[name] === undefined) {
        if (!skip?.has(at)) add(at, `${at} is required (an object with the keys of ${name}; see the README)`);
      } else if (!isRecord(raw[name]))
        add(at, `${at} must be an object with the keys of ${name} (see the README)`);
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

/** The message for a `didPools` that is neither a map nor a list. */
export const DID_POOLS_SHAPE =
  "didPools must be a map from a key of your choice to { startPhoneNumber, endPhoneNumber, description, comments } (see the README)";

/** The DID pools, each on its own (with its key, in the keyed form), and no number in two of them. */
function checkDidPools(pools: unknown, prefix: string, skip?: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });
  if (!Array.isArray(pools) && !isRecord(pools)) {
    add("didPools", DID_POOLS_SHAPE);
    return issues;
  }
  const ranges: [string, { startPhoneNumber: string; endPhoneNumber: string }][] = [];
  for (const { path, key, pool: raw } of didPoolEntries<unknown>(pools)) {
    if (key !== undefined && !DID_POOL_KEY.test(key)) {
      add(
        path,
        `${path}: a DID pool key is letters, digits, "-" and "_", starting with a letter, e.g. indianapolis ` +
          `(it names the Pulumi resource didpool-<key>)`,
      );
      continue;
    }
    if (!isRecord(raw)) {
      add(path, `${path} must be an object with startPhoneNumber and endPhoneNumber`);
      continue;
    }
    if (key === undefined && isUnknown(raw.startPhoneNumber))
      add(
        `${path}.startPhoneNumber`,
        `${path}.startPhoneNumber: a pool of the list form is named after its first number, which must be ` +
          `known when the program runs; declare the pools by key instead (didPools: { <key>: { … } })`,
      );
    const own = checkSection(DID_POOL, raw, path, prefix, skip);
    issues.push(...own);
    const { startPhoneNumber: start, endPhoneNumber: end } = raw;
    if (!own.length && known(start) && known(end))
      ranges.push([path, { startPhoneNumber: start, endPhoneNumber: end }]);
  }
  ranges.forEach(([path, r], j) => {
    const other = ranges.slice(0, j).find(([, o]) => rangesOverlap(o, r));
    if (other)
      add(
        `${path}.startPhoneNumber`,
        `${path}.startPhoneNumber..endPhoneNumber ${showRange(r)} overlaps ${other[0]} ${showRange(other[1])}: ` +
          `a number can be in only one DID pool; change one of the ranges`,
      );
  });
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
      add(path, `${path} must be an object like sipTrunk (see the README)`);
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
