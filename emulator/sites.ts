/**
 * Telephony sites (`/api/v2/telephony/providers/edges/sites`): list, get, create, PUT, delete, number plans.
 * Reference §7 and Appendix B.
 */
import {
  ApiError,
  duplicateValue,
  entityNotFound,
  generalBadRequest,
  invalidValue,
  managedNotAllowed,
  referencedKeyMissing,
  requiredFieldMissing,
  telephonyVersionConflict,
} from "./errors";
import { Collection } from "./collection";
import { toE164 } from "./locations";
import { paginate } from "./paging";
import { DEFAULT_CLASSIFICATIONS, defaultNumberPlans, defaultRoute, HOME_REGION } from "./seed";
import {
  clone,
  nameMatches,
  PATHS,
  sameName,
  type EdgeAutoUpdateConfig,
  type Site,
  type Store,
} from "./store";
import {
  bodyObject,
  optBool,
  optEnum,
  optInt,
  optObject,
  optRefId,
  optRefIds,
  optString,
  optStringArray,
  qBool,
  qList,
  qString,
  reqString,
  requiredVersion,
  type Json,
  type Query,
} from "./validate";

const SITE_NOT_FOUND = "Unable to find a site with that id";

/** AWS regions Genesys Cloud media can use [I: derived from the region table, §2]. */
export const MEDIA_REGIONS = [
  "us-east-1",
  "us-east-2",
  "us-west-2",
  "ca-central-1",
  "sa-east-1",
  "eu-west-1",
  "eu-west-2",
  "eu-central-1",
  "eu-central-2",
  "me-central-1",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "mx-central-1",
];

/** The sites of a store: 404 `entity.not.found` [C] (deleted sites are gone [I]), 409 on a stale version [I]. */
export function siteCollection(store: Store): Collection<"sites"> {
  return new Collection(store, "sites", {
    notFound: () => entityNotFound(SITE_NOT_FOUND),
    conflict: telephonyVersionConflict,
    render: (s) => renderSite(store, s),
    audited: true,
  });
}

/** The site or 404 `entity.not.found` [C]. */
export function requireSite(store: Store, id: string): Site {
  return siteCollection(store).require(id);
}

/** The API view of a site: references carry current names; `expandLocation` embeds the full location. */
export function renderSite(store: Store, s: Site, expandLocation = false): Json {
  const out = clone(s) as unknown as Json;
  const loc = store.location(s.location.id);
  out.location = expandLocation && loc ? clone(loc) : store.locationRef(s.location.id);
  out.primarySites = s.primarySites.map((r) => store.siteRef(r.id));
  out.secondarySites = s.secondarySites.map((r) => store.siteRef(r.id));
  // Cloud (BYOC) sites run on Genesys's media servers, not on customer edges: no edges to list [I].
  out.primaryEdges = [];
  out.secondaryEdges = [];
  out.edges = [];
  return out;
}

/** `GET /sites/{id}`. */
export function getSite(store: Store, id: string): Json {
  return siteCollection(store).get(id);
}

/**
 * `GET /sites`: `name` (exact, or prefix with trailing `*`), `location.id` or `locationId` (repeated or comma-joined),
 * `managed=true|false` as a real filter [C], `sortBy` (name|dateCreated|dateModified), `sortOrder` (ASC|DESC),
 * `expand=location` embeds the full location [I].
 */
export function listSites(store: Store, q: Query) {
  const name = qString(q, "name");
  const locationIds = qList(q, "location.id", "locationId");
  const managed = qBool(q, "managed");
  const expand = qList(q, "expand") ?? [];
  const sortBy = qString(q, "sortBy") ?? "name";
  if (!["name", "dateCreated", "dateModified", "id"].includes(sortBy))
    throw invalidValue("sortBy", sortBy, "name, dateCreated, dateModified, id");
  const order = (qString(q, "sortOrder") ?? "ASC").toUpperCase();
  if (order !== "ASC" && order !== "DESC") throw invalidValue("sortOrder", order, "ASC, DESC");
  const live = siteCollection(store).live();
  const items = live
    .filter((s) => nameMatches(name, s.name))
    .filter((s) => !locationIds || locationIds.includes(s.location.id))
    .filter((s) => managed === undefined || s.managed === managed)
    .sort((a, b) => {
      const k = sortBy as "name" | "dateCreated" | "dateModified" | "id";
      const c = a[k].localeCompare(b[k], "en", { sensitivity: "base" });
      return order === "DESC" ? -c : c;
    });
  const page = paginate(items, q, "/api/v2/telephony/providers/edges/sites", {
    totalNumberOfEntities: live.length,
  });
  return { ...page, entities: page.entities.map((s) => renderSite(store, s, expand.includes("location"))) };
}

/** ISO local date-time: `yyyy-MM-ddTHH:mm`, optional `:ss`, optional 1–9 fraction digits, no zone [C: Java LocalDateTime]. */
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
const DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/**
 * Parses an ISO local date-time to epoch ms (as if UTC). The SDKs send 0 (Python), 3 (JS) or 6 fraction digits;
 * any ISO local date-time is accepted, anything else (a zone, a bad calendar date or time) → 400 `invalid.value`.
 */
export function parseLocalDateTime(v: string, field: string): number {
  const m = LOCAL_DATE_TIME.exec(v);
  const [y, mo, d, h, mi, sec] = m ? m.slice(1, 7).map((x) => Number(x ?? 0)) : [];
  const t = m ? Date.UTC(y, mo - 1, d, h, mi, sec) : NaN;
  if (!m || Number.isNaN(t) || new Date(t).getUTCDate() !== d || h > 23 || mi > 59 || sec > 59)
    throw invalidValue(
      field,
      v,
      "an ISO local date-time yyyy-MM-ddTHH:mm[:ss[.fraction]] with no zone, e.g. 2026-12-06T02:00:00",
    );
  return t + Number((m[7] ?? "0").padEnd(3, "0").slice(0, 3));
}

/** Validates `edgeAutoUpdateConfig` [C rules: daily/weekly only, weekly needs days, window ≥ 2 h]. */
function parseAutoUpdate(body: Json): EdgeAutoUpdateConfig | undefined {
  const c = optObject(body, "edgeAutoUpdateConfig");
  if (!c) return undefined;
  const f = (k: string) => {
    const v = optString(c, k, `edgeAutoUpdateConfig.${k}`);
    if (v === undefined || v === "") throw requiredFieldMissing(`edgeAutoUpdateConfig.${k}`);
    return v;
  };
  const timeZone = f("timeZone");
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
  } catch {
    throw invalidValue(
      "edgeAutoUpdateConfig.timeZone",
      timeZone,
      "an IANA time zone such as America/New_York",
    );
  }
  const rrule = f("rrule");
  const weekly = /^FREQ=WEEKLY;BYDAY=([A-Z]{2}(,[A-Z]{2})*)$/.exec(rrule);
  if (rrule !== "FREQ=DAILY" && !(weekly && weekly[1].split(",").every((d) => DAYS.includes(d))))
    throw invalidValue(
      "edgeAutoUpdateConfig.rrule",
      rrule,
      "FREQ=DAILY or FREQ=WEEKLY;BYDAY=<days, e.g. SU,MO>",
    );
  const start = f("start");
  const end = f("end");
  const s = parseLocalDateTime(start, "edgeAutoUpdateConfig.start");
  const e = parseLocalDateTime(end, "edgeAutoUpdateConfig.end");
  if (e - s < 2 * 3600 * 1000)
    throw generalBadRequest(
      "The edge auto update window must be at least 2 hours long.",
      "edgeAutoUpdateConfig",
    );
  return { timeZone, rrule, start, end };
}

/** Everything a POST or PUT body carries, validated. */
function parseSiteBody(store: Store, raw: unknown, selfId?: string) {
  const body = bodyObject(raw);
  const name = reqString(body, "name");
  if (store.state.sites.some((s) => s.id !== selfId && s.state !== "deleted" && sameName(s.name, name)))
    // [C] duplicate.value "At least one of the values in the request were a duplicate."; that it covers names [I].
    throw duplicateValue("At least one of the values in the request were a duplicate.", "name");
  const locationId = optRefId(body, "location");
  if (!locationId) throw requiredFieldMissing("location");
  const loc = store.location(locationId);
  if (!loc || loc.state === "deleted") throw referencedKeyMissing("location", locationId);
  if (!loc.emergencyNumber && locationId !== store.state.sites.find((s) => s.id === selfId)?.location.id)
    // [I] the API rejects a location without an emergency number (TF checks client-side).
    throw generalBadRequest(
      `The location '${loc.name}' does not have an emergency number; a site's location must have one.`,
      "location.emergencyNumber",
    );
  const refs = (field: string) => {
    const ids = optRefIds(body, field) ?? [];
    for (const id of ids) if (id !== selfId && !store.site(id)) throw referencedKeyMissing(field, id);
    return ids.map((id) => ({ id, selfUri: PATHS.site(id) }));
  };
  const mediaRegions = optStringArray(body, "mediaRegions") ?? [];
  for (const r of mediaRegions)
    if (!MEDIA_REGIONS.includes(r)) throw invalidValue("mediaRegions", r, MEDIA_REGIONS.join(", "));
  // The org's home region is appended [C].
  if (!mediaRegions.includes(HOME_REGION)) mediaRegions.push(HOME_REGION);
  const callerId = optString(body, "callerId");
  // [I] a non-empty callerId must be E.164; "" is accepted (TF sends it) [C-code].
  if (callerId && !toE164(callerId)) throw invalidValue("callerId", callerId, "an E.164 phone number");
  const ntp = optObject(body, "ntpSettings");
  if (optBool(body, "managed") === true)
    throw managedNotAllowed(400, "Not allowed to update managed property"); // [I] clients cannot create managed sites
  return {
    name,
    description: optString(body, "description"),
    version: optInt(body, "version"),
    locationId,
    primarySites: refs("primarySites"),
    secondarySites: refs("secondarySites"),
    edgeAutoUpdateConfig: parseAutoUpdate(body),
    mediaRegionsUseLatencyBased: optBool(body, "mediaRegionsUseLatencyBased") ?? false,
    // [I] default Premises when omitted (the model does not mark it required).
    mediaModel: optEnum(body, "mediaModel", ["Premises", "Cloud"] as const) ?? "Premises",
    ntpSettings: { servers: ntp ? (optStringArray(ntp, "servers", "ntpSettings.servers") ?? []) : [] },
    mediaRegions,
    callerId: callerId ?? "",
    callerName: optString(body, "callerName") ?? "",
    cloudProxyForceTurn: optBool(body, "cloudProxyForceTurn"),
  };
}

/**
 * `POST /sites` → 200 [C]. Creates the default number plans and a "Default Outbound Route" [C-code] (for every
 * media model [I]); appends the home media region [C]. The route exists at once [C-test] but takes its
 * classifications only after the store's `defaultRouteSettleMs` [C-test / I, reference §13].
 */
export function createSite(store: Store, raw: unknown): Json {
  const p = parseSiteBody(store, raw);
  const id = store.newId();
  const audit = store.created();
  const site: Site = {
    id,
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...audit,
    state: "active",
    primarySites: p.primarySites,
    secondarySites: p.secondarySites,
    ...(p.edgeAutoUpdateConfig ? { edgeAutoUpdateConfig: p.edgeAutoUpdateConfig } : {}),
    mediaRegionsUseLatencyBased: p.mediaRegionsUseLatencyBased,
    location: { id: p.locationId, selfUri: PATHS.location(p.locationId) },
    managed: false,
    ntpSettings: p.ntpSettings,
    mediaModel: p.mediaModel,
    coreSite: false,
    mediaRegions: p.mediaRegions,
    callerId: p.callerId,
    callerName: p.callerName,
    ...(p.cloudProxyForceTurn !== undefined ? { cloudProxyForceTurn: p.cloudProxyForceTurn } : {}),
    selfUri: PATHS.site(id),
  };
  store.state.numberPlans.push(
    ...defaultNumberPlans(
      id,
      DEFAULT_CLASSIFICATIONS.map(() => store.newId()),
      audit,
    ),
  );
  const settleMs = store.options.defaultRouteSettleMs;
  const settlesAt = settleMs > 0 ? new Date(store.options.now() + settleMs).toISOString() : undefined;
  store.state.outboundRoutes.push(defaultRoute(id, store.newId(), audit, settlesAt));
  return siteCollection(store).insert(site);
}

/**
 * `PUT /sites/{id}`: whole-object update; version rises by one. Managed site → 400 `managed.property.not.allowed`
 * [C]. `version` is required and must be the current one, checked before the body's other rules: a stale one →
 * 409 [I, §4.6]; a PUT without one → 400 `required.field.missing` [U: the model marks it optional and whether the
 * API accepts a PUT without it is unknown; strictest plausible choice, so a client that would overwrite the site
 * blindly is caught]. Changing `mediaModel` → 400 [U: strict choice].
 */
export function putSite(store: Store, id: string, raw: unknown): Json {
  const sites = siteCollection(store);
  const site = sites.require(id);
  if (site.managed) throw managedNotAllowed(400, "Not allowed to update managed property");
  sites.checkVersion(site, requiredVersion(raw));
  const p = parseSiteBody(store, raw, id);
  if (p.mediaModel !== site.mediaModel && bodyObject(raw).mediaModel !== undefined)
    throw generalBadRequest("The media model of a site cannot be changed.", "mediaModel");
  const next: Site = {
    ...site,
    name: p.name,
    primarySites: p.primarySites,
    secondarySites: p.secondarySites,
    mediaRegionsUseLatencyBased: p.mediaRegionsUseLatencyBased,
    location: { id: p.locationId, selfUri: PATHS.location(p.locationId) },
    ntpSettings: p.ntpSettings,
    mediaRegions: p.mediaRegions,
    callerId: p.callerId,
    callerName: p.callerName,
  };
  if (p.description !== undefined) next.description = p.description;
  if (p.edgeAutoUpdateConfig) next.edgeAutoUpdateConfig = p.edgeAutoUpdateConfig;
  else delete next.edgeAutoUpdateConfig;
  if (p.cloudProxyForceTurn !== undefined) next.cloudProxyForceTurn = p.cloudProxyForceTurn;
  const out = sites.replace(site, next);
  if (site.location.id !== p.locationId)
    store.lags.letGo("location", site.location.id, { kind: "site", id, name: site.name });
  return out;
}

/**
 * `DELETE /sites/{id}` → 200, no body [C]. Managed → 403 [C]; used by a trunk base (`site`/`inboundSite`) or as
 * another site's primary/secondary → 409 `resource.referenced.by.another` [C], naming the referrer in `details`
 * [I]; the same for a while after such a trunk base was deleted or moved to another site (the `site` delete lag,
 * see ./lags), naming that trunk base [I: the live service cannot tell the two apart; TF retries this delete on
 * 409 and 400, reference §4.5.1]; the org default site → 409 `general.conflict` [C]. The site's own routes and
 * number plans go with it [I]; the trunks those routes carried, and the site's location, then stay referenced for
 * their delete lags.
 */
export function deleteSite(store: Store, id: string): void {
  const sites = siteCollection(store);
  const site = sites.require(id);
  if (site.managed) throw managedNotAllowed(403, "Not allowed to delete a managed site.");
  const trunk = store.state.trunkBases.find(
    (t) => t.state !== "deleted" && (t.site?.id === id || t.inboundSite?.id === id),
  );
  const other = store.state.sites.find(
    (s) => s.id !== id && [...s.primarySites, ...s.secondarySites].some((r) => r.id === id),
  );
  const lingering = trunk || other ? undefined : store.lags.holding("site", id);
  const by = trunk
    ? { id: trunk.id, name: trunk.name }
    : other
      ? { id: other.id, name: other.name }
      : lingering?.by;
  if (by)
    throw new ApiError(
      409,
      "resource.referenced.by.another",
      "The site is referenced by another resource.",
      {},
      [{ errorCode: "RESOURCE_REFERENCED", entityId: by.id, entityName: by.name }],
    );
  if (store.state.organization.defaultSiteId === id)
    throw new ApiError(
      409,
      "general.conflict",
      "The site is being referenced or is set as the default site.",
    );
  const gone = { kind: "site" as const, id, name: site.name };
  for (const r of store.state.outboundRoutes.filter((x) => x.siteId === id && x.state !== "deleted"))
    for (const t of r.externalTrunkBases)
      store.lags.letGo("trunk", t.id, { kind: "route", id: r.id, name: r.name });
  store.lags.letGo("location", site.location.id, gone);
  store.state.outboundRoutes = store.state.outboundRoutes.filter((r) => r.siteId !== id);
  store.state.numberPlans = store.state.numberPlans.filter((n) => n.siteId !== id);
  sites.remove(id);
}
