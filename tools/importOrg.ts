/**
 * What `npm run import` reads and what it makes of it: the chosen sites of an org (each with its
 * location, number plans and outbound routes), the BYOC carrier trunks those routes use and, on
 * request, the DID pools (keyed by their descriptions), read with GETs only and turned into the
 * stack config of the estate form (settings/), each object with its id as `adoptId`. With
 * those ids the first `pulumi up` takes every object over, comparing it with the config, and
 * writes nothing where they agree.
 *
 * The settings come from each kind's own settings section (resources/<kind>/settings.ts: the
 * resource's reader `fromApi` through the section's table read backwards, `settingsOf`), so what
 * is written is exactly what the resources compare. Only what
 * differs from Genesys's defaults is written (site window, transport, number plans, ...). Managed
 * objects (the managed edge site, its trunk) are never imported.
 *
 * | what                 | HTTP calls (GET only)                                                   |
 * |----------------------|-------------------------------------------------------------------------|
 * | sites                | /telephony/providers/edges/sites (paged), then /sites/{id} per chosen site |
 * | per site             | /locations/{id}, …/sites/{id}/numberplans, …/sites/{id}/outboundroutes (paged) |
 * | trunks               | /telephony/providers/edges/trunkbasesettings/{id} per trunk the routes carry |
 * | DID pools (optional) | /telephony/providers/edges/didpools (paged)                             |
 */
import { isDeepStrictEqual } from "node:util";
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../genesys/client";
import * as didPools from "../genesys/didPools";
import * as locations from "../genesys/locations";
import * as numberPlans from "../genesys/numberPlans";
import * as routes from "../genesys/outboundRoutes";
import * as sites from "../genesys/sites";
import * as trunks from "../genesys/trunks";
import { didPoolSettings } from "../resources/didPool/settings";
import { locationSettings } from "../resources/location/settings";
import { sameName } from "../resources/numberPlans/schema";
import { declaredPlans } from "../resources/numberPlans/settings";
import { DEFAULT_ROUTE_NAME } from "../resources/outboundRouteBinding/schema";
import { untagged } from "../resources/common/ownership";
import { fromApi as siteFromApi } from "../resources/site/mapping";
import { DEFAULT_EDGE_SITE, SITE_DEFAULTS, siteSettings } from "../resources/site/settings";
import { BYOC_METABASE_ID } from "../resources/trunk/schema";
import { carrierSettings } from "../resources/trunk/settings";
import { checkSettings } from "../settings";

/** What to import. */
export interface ImportOptions {
  /** Site names as the org has them, or without `prefix`; empty with `allSites`. */
  sites: string[];
  /** Every site (with `prefix`: every site whose name starts with it). */
  allSites: boolean;
  /** Every DID pool of the org too. */
  didPools: boolean;
  /** The stack's `namePrefix`: stripped from every name (which must start with it). Default "". */
  prefix: string;
}

/** What an import found. */
export interface Imported {
  /** The `genesys-byoc:*` settings by key (`sites`, `carriers`, `didPools`, `namePrefix`). */
  config: Record<string, unknown>;
  /** The stack config paths of the SIP passwords to set (`carriers.<key>.password`). */
  passwords: string[];
  /** One line per object imported (`site london: "London" (id), …`). */
  summary: string[];
  /** What the user should know: what was left out, and what the first `up` will change. */
  notes: string[];
}

/** Why nothing can be imported as asked: one line (or a few) naming what to change. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

type Raw = Record<string, unknown>;
const q = (o: { name?: string; id?: string }) => `"${o.name ?? ""}" (${o.id})`;

/** A name as a key: lowercase, each run of other characters than a-z0-9 made one "-", trimmed. */
function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 56)
    .replace(/^-+|-+$/g, "");
}

/**
 * Stable, unique keys from names: lowercase, each run of other characters than a-z0-9 made one
 * "-", trimmed (`"Carrier A"` → `carrier-a`); a repeat gets `-2`, `-3`, … in the order given.
 */
export function keysFor(names: readonly string[], fallback: string): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = slug(name) || fallback;
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return key;
  });
}

/**
 * Keys for DID pools, which have no name: the pool's description as a key (`"Indianapolis
 * main"` → `indianapolis-main`), else `pool-<digits of its first number>`. A DID pool key starts
 * with a letter, so `pool-` goes in front of a description that starts with a digit.
 */
export function didPoolKeys(
  pools: readonly Pick<Models.DIDPool, "description" | "startPhoneNumber">[],
): string[] {
  return keysFor(
    pools.map((p) => {
      const s = slug(p.description ?? "");
      if (/^[a-z]/.test(s)) return s;
      return `pool-${s || (p.startPhoneNumber ?? "").replace(/\D/g, "")}`;
    }),
    "pool",
  );
}

/** Reads the org (GETs only) and builds the stack config for `o`; throws an ImportError when it cannot. */
export async function importOrg(c: GenesysClient, o: ImportOptions): Promise<Imported> {
  const notes: string[] = [];
  const problems: string[] = [];
  const short = (kind: string, obj: { name?: string; id?: string }) => {
    const name = obj.name ?? "";
    if (name.startsWith(o.prefix)) return name.slice(o.prefix.length);
    problems.push(`${kind} ${q(obj)} does not start with the prefix "${o.prefix}"`);
    return name;
  };

  const allSites = await sites.list(c);
  const chosen = chooseSites(allSites, o, c.target);
  const siteKeys = keysFor(
    chosen.map((s) => short("site", s)),
    "site",
  );
  const keyOfSite = new Map(chosen.map((s, i) => [s.id!, siteKeys[i]]));
  const edgeNames = new Map(allSites.filter((s) => s.managed).map((s) => [s.id!, s.name ?? ""]));

  // Each site (read by id: a listing may leave fields out) with its location, plans and routes.
  const read = await Promise.all(
    chosen.map(async (listed) => ({
      site: (await sites.get(c, listed.id!)) ?? listed,
      location: listed.location?.id ? await locations.get(c, listed.location.id) : undefined,
      plans: (await numberPlans.list(c, listed.id!)) ?? [],
      routes: (await routes.list(c, listed.id!)).sort(
        (a, b) => Number(b.name === DEFAULT_ROUTE_NAME) - Number(a.name === DEFAULT_ROUTE_NAME),
      ),
    })),
  );

  // The trunks the routes carry, in the order first met; each must be a BYOC carrier trunk.
  const trunkIds = [
    ...new Set(read.flatMap((r) => r.routes.flatMap((x) => (x.externalTrunkBases ?? []).map((t) => t.id!)))),
  ];
  const trunkList = await Promise.all(trunkIds.map((id) => trunks.get(c, id)));
  const byoc = new Map<string, Models.TrunkBase>();
  for (const r of read) {
    for (const route of r.routes) {
      for (const ref of route.externalTrunkBases ?? []) {
        const t = trunkList[trunkIds.indexOf(ref.id!)];
        if (!t)
          problems.push(
            `route ${q(route)} of site ${q(r.site)} carries trunk ${ref.id}, which does not exist`,
          );
        else if (t.managed || t.trunkMetabase?.id !== BYOC_METABASE_ID)
          problems.push(
            `route ${q(route)} of site ${q(r.site)} carries trunk ${q(t)}, which is not a BYOC carrier trunk ` +
              `(only those can be imported): take it off the route in Genesys Cloud, or leave the site out`,
          );
        else if (!keyOfSite.has(t.inboundSite?.id ?? ""))
          problems.push(
            `trunk ${q(t)} takes inbound calls on site ${t.inboundSite?.name ? q(t.inboundSite) : (t.inboundSite?.id ?? "(none)")}, ` +
              `which is not imported: add --site "${t.inboundSite?.name ?? ""}"`,
          );
        else byoc.set(t.id!, t);
      }
    }
  }
  const carrierList = [...byoc.values()];
  const carrierKeys = keysFor(
    carrierList.map((t) => short("trunk", t)),
    "carrier",
  );
  const keyOfTrunk = new Map(carrierList.map((t, i) => [t.id!, carrierKeys[i]]));
  const carriers: Record<string, Raw> = {};
  carrierList.forEach((t, i) => {
    carriers[carrierKeys[i]] = carrierSettings(t, short("trunk", t), keyOfSite.get(t.inboundSite!.id!)!);
  });

  const sitesConfig: Record<string, Raw> = {};
  const summary: string[] = [];
  for (const { site, location, plans, routes: siteRoutes } of read) {
    const key = keyOfSite.get(site.id!)!;
    if (!location) {
      problems.push(`site ${q(site)} has no location`);
      continue;
    }
    const loc = locationSettings(location);
    if (location.path?.length)
      notes.push(
        `location ${q(location)} has parent locations (path): the first \`pulumi up\` clears them (the stack does not manage them)`,
      );
    const inputs = siteFromApi(untagged(site, "description"));
    const { edgeAutoUpdate } = inputs;
    const edge = edgeNames.get(inputs.primarySiteIds[0] ?? "");
    if (!edgeAutoUpdate)
      notes.push(
        `site ${q(site)} has no edge update window: the first \`pulumi up\` sets the default one ` +
          `(${SITE_DEFAULTS.windowStart}-${SITE_DEFAULTS.windowEnd} ${SITE_DEFAULTS.timeZone}, ${SITE_DEFAULTS.rrule})`,
      );
    if (
      !edge ||
      inputs.primarySiteIds.length !== 1 ||
      !isDeepStrictEqual(inputs.secondarySiteIds ?? inputs.primarySiteIds, inputs.primarySiteIds)
    )
      notes.push(
        `site ${q(site)} does not run on one managed edge site as primary and secondary: the first \`pulumi up\` ` +
          `sets both to "${edge ?? DEFAULT_EDGE_SITE}"`,
      );
    const siteConfig = siteSettings(inputs, edge);

    const routeConfigs: Raw[] = [];
    for (const route of siteRoutes) {
      const isDefault = route.name === DEFAULT_ROUTE_NAME;
      const refs = route.externalTrunkBases ?? [];
      const carried = refs.map((t) => keyOfTrunk.get(t.id!)).filter((k) => k);
      const classifications = route.classificationTypes ?? [];
      if (carried.length < refs.length) continue; // a trunk it carries cannot be imported: reported above
      if (!carried.length) {
        if (isDefault)
          problems.push(
            `site ${q(site)}: its "${DEFAULT_ROUTE_NAME}" carries no trunk, and the stack binds each site's default ` +
              `route to carriers: put a BYOC trunk on it in Genesys Cloud, or leave the site out`,
          );
        else notes.push(`route ${q(route)} of site ${q(site)} carries no trunk: not imported`);
        continue;
      }
      if (!isDefault && !classifications.length) {
        notes.push(`route ${q(route)} of site ${q(site)} serves no classification: not imported`);
        continue;
      }
      routeConfigs.push({
        ...(!isDefault && { name: short("route", route), adoptId: route.id }),
        carriers: carried,
        ...(classifications.length && { classificationTypes: classifications }),
        ...(route.distribution === "RANDOM" && { distribution: "RANDOM" }),
        ...(route.enabled === false && { enabled: false }),
      });
    }
    const declared = declaredPlans(plans);
    sitesConfig[key] = {
      location: { ...loc, name: short("location", location), adoptId: location.id },
      site: { ...siteConfig, name: short("site", site), adoptId: site.id },
      ...(declared.length && { numberPlans: declared }),
      routes: routeConfigs,
    };
    summary.push(
      `site ${key}: ${q(site)}, location ${q(location)}, ${routeConfigs.length} route(s)` +
        (declared.length ? `, ${declared.length} number plan(s)` : ""),
    );
  }
  for (const [key, t] of Object.entries(carriers))
    summary.push(`carrier ${key}: trunk "${o.prefix}${String(t.externalTrunkName)}" (${String(t.adoptId)})`);

  let pools: Record<string, Raw> | undefined;
  if (o.didPools) {
    const all = (await didPools.list(c))
      .sort((a, b) => (a.startPhoneNumber ?? "").localeCompare(b.startPhoneNumber ?? ""))
      .map((p) => untagged(p, "description"));
    const keys = didPoolKeys(all);
    pools = Object.fromEntries(all.map((p, i) => [keys[i], { ...didPoolSettings(p), adoptId: p.id }]));
    if (!all.length) {
      notes.push("the org has no DID pool (--did-pools): none imported");
      pools = undefined;
    }
    for (const [key, p] of Object.entries(pools ?? {}))
      summary.push(
        `DID pool ${key}: ${String(p.startPhoneNumber)}..${String(p.endPhoneNumber)} (${String(p.adoptId)})`,
      );
  }

  if (problems.length) throw new ImportError([...new Set(problems)].join("\n"));
  const config: Record<string, unknown> = {
    ...(o.prefix && { namePrefix: o.prefix }),
    carriers,
    sites: sitesConfig,
    ...(pools && { didPools: pools }),
  };
  // The same checks `pulumi preview` runs: what is written must be a valid stack config.
  const issues = checkSettings({
    namePrefix: o.prefix,
    sites: sitesConfig,
    carriers,
    ...(pools && { didPools: pools }),
  });
  if (issues.length)
    throw new ImportError(
      `the org's objects do not make a valid stack config: ${[...new Set(issues.map((i) => i.message))].join("; ")}`,
    );
  const passwords = Object.entries(carriers)
    .filter(([, t]) => t.userName !== undefined)
    .map(([key]) => `carriers.${key}.password`);
  return { config, passwords, summary, notes };
}

/** The sites `o` names (each must exist and be the org's own), or every site with the prefix. */
function chooseSites(all: readonly Models.Site[], o: ImportOptions, target: string): Models.Site[] {
  const own = all.filter((s) => !s.managed);
  const byName = (a: Models.Site, b: Models.Site) => (a.name ?? "").localeCompare(b.name ?? "");
  if (o.allSites) {
    const found = own.filter((s) => (s.name ?? "").startsWith(o.prefix)).sort(byName);
    if (!found.length)
      throw new ImportError(
        `nothing to import: the org at ${target} has no site of its own` +
          (o.prefix ? ` whose name starts with "${o.prefix}"` : "") +
          ` (managed sites such as "${DEFAULT_EDGE_SITE}" are never imported)`,
      );
    return found;
  }
  const chosen = new Map<string, Models.Site>();
  for (const name of o.sites) {
    const match = (s: Models.Site) => sameName(s.name, name) || sameName(s.name, o.prefix + name);
    const managed = all.find((s) => s.managed && match(s));
    if (managed)
      throw new ImportError(
        `site ${q(managed)} is managed by Genesys (the edge site BYOC Cloud sites run on): it is never imported; name one of your own sites`,
      );
    // The org's name as given (when it has the prefix) first, then the name with the prefix added,
    // so an unprefixed namesake is never taken instead of the prefixed site.
    const site =
      own.find((s) => sameName(s.name, name) && (s.name ?? "").startsWith(o.prefix)) ??
      own.find((s) => sameName(s.name, o.prefix + name)) ??
      own.find(match);
    if (!site) {
      const names = own.map((s) => `"${s.name}"`).slice(0, 10);
      throw new ImportError(
        `no site named "${name}"${o.prefix ? ` or "${o.prefix}${name}"` : ""} in the org at ${target}` +
          (names.length
            ? ` (its sites: ${names.join(", ")}${own.length > 10 ? ", …" : ""})`
            : " (it has no site of its own)"),
      );
    }
    chosen.set(site.id!, site);
  }
  return [...chosen.values()].sort(byName);
}
