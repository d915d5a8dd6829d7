/**
 * The stack's settings, in one place: read from Pulumi config (mirroring the seed script's
 * input-template.json: location, site, sipTrunk, route; or several carriers and routes) and checked
 * before anything is planned, so bad config fails `pulumi preview` with one message naming every
 * stack config key to fix, and no API write.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  childNames,
  type ByocTelephonyArgs,
  type LocationConfig,
  type RouteConfig,
  type SipTrunkConfig,
  type SiteConfig,
} from "./component";
import { checkLocation } from "./resources/location/schema";
import {
  DEFAULT_CLASSIFICATIONS,
  DEFAULT_ROUTE_NAME,
  NEW_ROUTE_CLASSIFICATIONS,
  checkBinding,
} from "./resources/outboundRouteBinding/schema";
import { checkSite } from "./resources/site/schema";
import { checkTrunk } from "./resources/trunk/schema";
import { PRODUCTION_STACKS } from "./resources/common/environments";
import { CheckFailure, controlCharacters, displayName } from "./resources/common/validate";

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

/** Where each resource input's failures are reported in the stack config. */
const LOCATION_KEYS: Record<string, string> = {
  name: "name",
  "emergencyNumber.number": "number",
  "address.street1": "street1",
  "address.street2": "street2",
  "address.city": "city",
  "address.state": "state",
  "address.zipcode": "zipcode",
  "address.country": "country",
  notes: "notes",
};
const SITE_KEYS: Record<string, string> = {
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
};
const TRUNK_KEYS: Record<string, string> = {
  name: "externalTrunkName",
  sipServers: "sipServers",
  transport: "transport",
  inboundSipTerminationIdentifier: "inboundSipTerminationIdentifier",
  aclAllowList: "aclAllowList",
  "digest.realm": "realm",
  "digest.username": "userName",
  "digest.password": "password",
  "outboundIdentity.callingName": "callingName",
  "outboundIdentity.callingAddress": "callingAddress",
};
const ROUTE_KEYS: Record<string, string> = {
  routeName: "name",
  classificationTypes: "classificationTypes",
  distribution: "distribution",
};

/** Stands for ids that only exist once the resources are created. */
const PENDING_ID = "pending-id";

/**
 * Re-labels a resource's check failures with stack config keys: `emergencyNumber.number` becomes
 * `location.number`, in the property and in the reason.
 */
function relabel(failures: CheckFailure[], section: string, keys: Record<string, string>): string[] {
  return failures.map((f) => {
    const prop = Object.keys(keys)
      .filter((k) => f.property === k || f.property.startsWith(`${k}.`) || f.property.startsWith(`${k}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (prop === undefined) return `${section}: ${f.reason}`;
    const key = `${section}.${keys[prop]}`;
    // The reason names the input it is about (`emergencyNumber.number`, `sipServers[0]`): name the config key instead.
    const label = new RegExp(`(?<![\\w.])${prop.replace(/[.[\]]/g, "\\$&")}(?=[\\s\\[:."]|$)`, "g");
    const reason = f.reason.replace(label, key);
    return reason.startsWith(key) ? reason : `${key}: ${reason}`;
  });
}

/** `prefix + name`, or the bare name when it is empty (so the check reports it missing, not the prefix). */
function prefixed(prefix: string, name: unknown): unknown {
  return typeof name === "string" && name.trim() !== "" ? prefix + name : name;
}

type Raw = Record<string, unknown>;

const isEmptyObject = (v: unknown) =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/** Reads and checks the project config; throws one error listing every problem with its config key. */
export function loadConfig(config = new pulumi.Config()): StackConfig {
  const problems: string[] = [];
  const obj = (key: string, required: boolean): Raw | undefined => {
    const v = config.getObject<unknown>(key);
    // Pulumi.yaml gives the optional sections an empty default: empty means not set.
    if (v === undefined || (isEmptyObject(v) && !required)) {
      if (required) problems.push(`${key} (an object; see Pulumi.dev.yaml for an example)`);
      return undefined;
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      problems.push(`${key} must be an object (see Pulumi.dev.yaml for an example)`);
      return undefined;
    }
    return v as Raw;
  };
  const missing: string[] = [];
  const need = (section: string, o: Raw, keys: string[]) => {
    for (const k of keys) {
      if (o[k] === undefined) {
        problems.push(`${section}.${k} is required`);
        missing.push(`${section}.${k}`);
      }
    }
  };
  /** Check failures, minus those about keys already reported missing. */
  const report = (messages: string[]) =>
    problems.push(...messages.filter((m) => !missing.some((k) => m.startsWith(`${k} `))));
  // `pulumi config set --path` stores digit-only values as numbers, which drops the "+" of an
  // E.164 number and leading zeros of a postal code.
  const mustBeString = (section: string, o: Raw, key: string, example: string) => {
    if (typeof o[key] === "number") {
      problems.push(
        `${section}.${key} was stored as the number ${o[key]}; set it as a string: ` +
          `pulumi config set --path --type string ${section}.${key} "${example}"`,
      );
      o[key] = String(o[key]);
    }
  };

  const namePrefix = config.get("namePrefix") ?? "";
  const prefixProblem = controlCharacters(namePrefix, "namePrefix");
  if (prefixProblem) problems.push(prefixProblem);
  const prefix = prefixProblem ? "" : namePrefix;

  const location = obj("location", true) ?? {};
  const site = obj("site", true) ?? {};
  if (Object.keys(location).length)
    need("location", location, ["name", "number", "street1", "city", "country"]);
  if (Object.keys(site).length) need("site", site, ["name"]);
  mustBeString("location", location, "number", "+13175550100");
  mustBeString("location", location, "zipcode", "02134");
  mustBeString("site", site, "callerId", "+13175550100");

  // Carriers: one `sipTrunk`, or a map `carriers` of several.
  const single = obj("sipTrunk", false);
  const many = obj("carriers", false);
  const carrierRaw: { key: string; resourceName: string; path: string; raw: Raw }[] = [];
  if (single && many) {
    problems.push("set either sipTrunk (one carrier) or carriers (several), not both");
  } else if (single) {
    carrierRaw.push({ key: "sipTrunk", resourceName: "trunk", path: "sipTrunk", raw: single });
  } else if (many) {
    for (const [key, raw] of Object.entries(many)) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(key)) {
        problems.push(
          `carriers.${key}: a carrier key is letters, digits, "-" and "_" (it names the Pulumi resource trunk-<key>)`,
        );
      } else if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        problems.push(`carriers.${key} must be an object like sipTrunk (see the README)`);
      } else {
        carrierRaw.push({ key, resourceName: `trunk-${key}`, path: `carriers.${key}`, raw: raw as Raw });
      }
    }
    if (!carrierRaw.length && !problems.length)
      problems.push("carriers is empty: declare at least one carrier");
  } else {
    problems.push("sipTrunk (an object; see Pulumi.dev.yaml for an example), or carriers for several");
  }
  for (const c of carrierRaw) {
    need(c.path, c.raw, ["externalTrunkName", "sipServers", "inboundSipTerminationIdentifier"]);
    mustBeString(c.path, c.raw, "callingAddress", "+13175550100");
    if (typeof c.raw.sipServers === "string") c.raw.sipServers = [c.raw.sipServers];
    if ((c.raw.userName === undefined) !== (c.raw.password === undefined)) {
      problems.push(
        `${c.path}.userName and ${c.path}.password go together (SIP digest authentication): set both, ` +
          `the password with 'pulumi config set --secret --path ${c.path}.password <password>', or neither`,
      );
    }
  }
  const unique = (what: string, values: [string, unknown][]) => {
    const seen = new Map<string, string>();
    for (const [path, v] of values) {
      if (typeof v !== "string") continue;
      const k = v.trim().toLowerCase();
      const first = seen.get(k);
      if (first) problems.push(`${path} repeats ${first} ("${v}"): ${what}`);
      else seen.set(k, path);
    }
  };
  unique(
    "trunk names must be unique in the org",
    carrierRaw.map((c) => [`${c.path}.externalTrunkName`, c.raw.externalTrunkName]),
  );
  unique(
    "each carrier needs its own inbound SIP termination identifier (unique in the org's region)",
    carrierRaw.map((c) => [
      `${c.path}.inboundSipTerminationIdentifier`,
      c.raw.inboundSipTerminationIdentifier,
    ]),
  );

  // Routes: `route` for the single carrier, or a list `routes` naming carriers by key.
  const routes: Route[] = [];
  const listed = config.getObject<unknown>("routes");
  const routesRaw = Array.isArray(listed) && listed.length === 0 ? undefined : listed;
  const routeSingle = obj("route", false);
  if (routesRaw !== undefined && !many) {
    problems.push("routes names carriers by key: use it with carriers (for sipTrunk, use route)");
  } else if (routeSingle && many) {
    problems.push("route applies to sipTrunk; with carriers, list the routes under routes");
  } else if (many) {
    const list = routesRaw === undefined ? [{}] : routesRaw;
    if (!Array.isArray(list)) {
      problems.push(
        "routes must be a list, e.g. [{ carriers: [primary, failover] }, { name: International, carriers: [intl], classificationTypes: [International] }]",
      );
    } else {
      list.forEach((r: unknown, i) => {
        const path = `routes[${i}]`;
        if (typeof r !== "object" || r === null || Array.isArray(r)) {
          problems.push(`${path} must be an object with carriers and, for a named route, name`);
          return;
        }
        const route = r as RouteConfig;
        const keys = route.carriers ?? (route.name === undefined ? carrierRaw.map((c) => c.key) : undefined);
        if (!Array.isArray(keys) || keys.length === 0) {
          problems.push(`${path}.carriers: list the carriers (keys under carriers) the route uses, in order`);
        } else {
          for (const k of keys) {
            if (!carrierRaw.some((c) => c.key === k)) {
              problems.push(
                `${path}.carriers: "${k}" is not a key under carriers (${carrierRaw.map((c) => c.key).join(", ")})`,
              );
            }
          }
          if (new Set(keys).size !== keys.length)
            problems.push(`${path}.carriers lists a carrier more than once`);
        }
        routes.push({
          ...route,
          carriers: Array.isArray(keys) ? keys : [],
          resourceName: childNames.route(typeof route.name === "string" ? route.name : undefined),
        });
      });
    }
  } else if (single) {
    routes.push({ ...(routeSingle as RouteConfig), carriers: ["sipTrunk"], resourceName: "outbound-route" });
  }
  if (routes.filter((r) => r.name === undefined).length > 1) {
    problems.push("routes: only one entry may omit name (it binds the site's Default Outbound Route)");
  }
  routes.forEach((r, i) => {
    const path = many ? `routes[${i}]` : "route";
    if (typeof r.name === "string" && r.name.trim().toLowerCase() === DEFAULT_ROUTE_NAME.toLowerCase()) {
      problems.push(`${path}.name: omit name to bind the site's "${DEFAULT_ROUTE_NAME}"`);
    }
    for (const c of r.classificationTypes ?? []) {
      if (!(DEFAULT_CLASSIFICATIONS as readonly string[]).includes(c)) {
        problems.push(
          `${path}.classificationTypes: "${c}" is not a classification of a new site; use ${DEFAULT_CLASSIFICATIONS.map((d) => `"${d}"`).join(", ")}`,
        );
      }
    }
  });
  // Each route's binding is named after the route (route-<slug>): names that differ only in case
  // or punctuation would be the same Pulumi resource.
  const byResource = new Map<string, string>();
  routes.forEach((r, i) => {
    if (typeof r.name !== "string") return;
    const path = `${many ? `routes[${i}]` : "route"}.name`;
    const resource = childNames.route(r.name);
    const first = byResource.get(resource);
    if (first) {
      problems.push(
        `${path} "${r.name}" and ${first} differ only in case or punctuation, so both would be the Pulumi ` +
          `resource ${resource}: give the routes names that differ in letters or digits`,
      );
    } else byResource.set(resource, `${path.replace(/\.name$/, "")}.name "${r.name}"`);
  });
  // A classification can be on one route of a site: named routes (and a default route that
  // declares its own) must not claim the same one, or they would take it from each other.
  const claimed = new Map<string, string>();
  routes.forEach((r, i) => {
    const cls = r.classificationTypes ?? (r.name === undefined ? [] : NEW_ROUTE_CLASSIFICATIONS);
    const path = many ? `routes[${i}]` : "route";
    for (const c of cls) {
      const other = claimed.get(c);
      if (other)
        problems.push(
          `${path} and ${other} both serve "${c}": a classification can be on only one route of a site (set classificationTypes on both)`,
        );
      else claimed.set(c, path);
    }
  });

  // The values themselves, through the same checks the resources run at preview.
  const nameProblem = (path: string, v: unknown) => {
    const p = displayName(v, path);
    if (p && !missing.includes(path)) problems.push(p);
    return p !== undefined;
  };
  if (Object.keys(location).length) {
    const bad = nameProblem("location.name", location.name);
    const { failures } = checkLocation({
      name: bad ? "x" : prefixed(prefix, location.name),
      emergencyNumber: { number: location.number },
      address: {
        street1: location.street1,
        street2: location.street2,
        city: location.city,
        state: location.state,
        zipcode: location.zipcode,
        country: location.country,
      },
      notes: location.notes,
    });
    report(relabel(failures, "location", LOCATION_KEYS));
  }
  if (Object.keys(site).length) {
    const bad = nameProblem("site.name", site.name);
    const { failures } = checkSite({
      name: bad ? "x" : prefixed(prefix, site.name),
      locationId: PENDING_ID,
      primarySiteIds: [PENDING_ID],
      mediaModel: site.mediaModel,
      edgeAutoUpdate: {
        timeZone: site.timeZone ?? "America/New_York",
        rrule: site.rrule ?? "FREQ=DAILY",
        start: site.windowStart ?? "02:00",
        end: site.windowEnd ?? "05:00",
      },
      ntpServers: site.ntpServers,
      callerId: site.callerId,
      callerName: site.callerName,
      description: site.description,
    });
    report(relabel(failures, "site", SITE_KEYS));
  }
  for (const c of carrierRaw) {
    const t = c.raw;
    const bad = nameProblem(`${c.path}.externalTrunkName`, t.externalTrunkName);
    const { failures } = checkTrunk({
      name: bad ? "x" : prefixed(prefix, t.externalTrunkName),
      inboundSiteId: PENDING_ID,
      sipServers: t.sipServers,
      transport: t.transport,
      inboundSipTerminationIdentifier: t.inboundSipTerminationIdentifier,
      aclAllowList: t.aclAllowList,
      ...(t.userName !== undefined &&
        t.password !== undefined && {
          digest: { realm: t.realm, username: t.userName, password: t.password },
        }),
      ...((t.callingName !== undefined || t.callingAddress !== undefined) && {
        outboundIdentity: { callingName: t.callingName, callingAddress: t.callingAddress },
      }),
    });
    report(relabel(failures, c.path, TRUNK_KEYS));
  }
  routes.forEach((r, i) => {
    const path = many ? `routes[${i}]` : "route";
    if (r.name !== undefined && nameProblem(`${path}.name`, r.name)) return;
    const { failures } = checkBinding({
      siteId: PENDING_ID,
      trunkIds: [PENDING_ID],
      ...(r.name !== undefined && { routeName: prefixed(prefix, r.name) }),
      classificationTypes: r.classificationTypes,
      distribution: r.distribution,
    });
    report(relabel(failures, path, ROUTE_KEYS));
  });

  if (problems.length) {
    throw new pulumi.RunError(
      `Missing or invalid stack configuration for project ${pulumi.getProject()}:\n` +
        [...new Set(problems)].map((m) => `  - ${m}`).join("\n") +
        `\nSet each with 'pulumi config set --path <key> <value>'; use --type string for values made of ` +
        `digits (numbers, postal codes) and --secret for passwords (e.g. pulumi config set --path --type string location.number "+13175550100").`,
    );
  }

  // Passwords arrive inside the carrier objects; keep each only as a secret Output.
  const secretSection = single
    ? config.getSecretObject<Raw>("sipTrunk")
    : config.getSecretObject<Record<string, Raw>>("carriers");
  const carriers: Carrier[] = carrierRaw.map((c) => {
    const { password, ...trunk } = c.raw as unknown as SipTrunkConfig;
    return {
      key: c.key,
      resourceName: c.resourceName,
      configPath: c.path,
      trunk,
      ...(password !== undefined && {
        password: secretSection!.apply((s) =>
          String(single ? (s as Raw).password : ((s as Record<string, Raw>)[c.key].password as string)),
        ),
      }),
    };
  });
  return {
    namePrefix,
    protect: config.getBoolean("protect") ?? PRODUCTION_STACKS.includes(pulumi.getStack()),
    location: location as unknown as LocationConfig,
    site: site as unknown as SiteConfig,
    carriers,
    routes,
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
