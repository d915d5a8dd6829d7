/**
 * Site: pure mapping between declared inputs and Genesys API bodies.
 *
 * The edge auto-update window is declared as local `HH:mm` times; the API wants LocalDateTime
 * values (`yyyy-MM-ddTHH:mm:ss.SSS`, no zone). They are placed on a FIXED anchor date, with the
 * end on the next day when the window crosses midnight, so nothing depends on today's date and
 * a second preview shows no change. Only the time of day is read back.
 */
import type { Models } from "purecloud-platform-client-v2";
import { EdgeAutoUpdate, PreservedSettings, SiteInputs, minutesOf } from "./schema";

/** The date every window starts on (a Monday; no DST change happens on it anywhere). */
export const ANCHOR_DATE = "2024-01-01";
/** The day after {@link ANCHOR_DATE}, for windows that cross midnight. */
export const ANCHOR_NEXT_DATE = "2024-01-02";

const SITES_PATH = "/api/v2/telephony/providers/edges/sites";

/** API form of the edge auto-update window. */
export type ApiWindow = Models.EdgeAutoUpdateConfig;

/** The declared window as `edgeAutoUpdateConfig` on the anchor date. */
export function windowToApi(w: EdgeAutoUpdate): ApiWindow {
  const crosses = (minutesOf(w.end) ?? 0) <= (minutesOf(w.start) ?? 0);
  return {
    timeZone: w.timeZone,
    rrule: w.rrule,
    start: `${ANCHOR_DATE}T${w.start}:00.000`,
    end: `${crosses ? ANCHOR_NEXT_DATE : ANCHOR_DATE}T${w.end}:00.000`,
  };
}

/** The time of day (`HH:mm`) of a LocalDateTime such as `2024-01-01T02:00:00.000`. */
function timeOf(localDateTime: string | undefined): string {
  const m = /T(\d{2}):(\d{2})/.exec(localDateTime ?? "");
  return m ? `${m[1]}:${m[2]}` : (localDateTime ?? "");
}

/** `edgeAutoUpdateConfig` seen as a declared window (date parts dropped). */
export function windowFromApi(c: ApiWindow | undefined): EdgeAutoUpdate | undefined {
  if (!c?.rrule) return undefined;
  return { timeZone: c.timeZone, rrule: c.rrule, start: timeOf(c.start), end: timeOf(c.end) };
}

function refs(ids: readonly string[] | undefined): Models.DomainEntityRef[] {
  return (ids ?? []).map((id) => ({ id, selfUri: `${SITES_PATH}/${id}` }));
}

/** The POST body for a new site. */
export function toCreateBody(i: SiteInputs): Models.Site {
  return {
    name: i.name,
    ...(i.description !== undefined && { description: i.description }),
    location: { id: i.locationId },
    primarySites: refs(i.primarySiteIds),
    secondarySites: refs(i.secondarySiteIds ?? i.primarySiteIds),
    mediaModel: i.mediaModel ?? "Cloud",
    ...(i.edgeAutoUpdate && { edgeAutoUpdateConfig: windowToApi(i.edgeAutoUpdate) }),
    ntpSettings: { servers: i.ntpServers ?? [] },
    ...(i.callerId !== undefined && { callerId: i.callerId }),
    ...(i.callerName !== undefined && { callerName: i.callerName }),
  };
}

/** What a PUT starts from: the version and the undeclared settings Genesys holds. */
export interface PutBase {
  version: number;
  mediaRegions?: string[];
  preserved: PreservedSettings;
}

/**
 * The whole-object PUT body taking the site to `next`. Undeclared settings come from `base`,
 * except those in `removed` (declared before, not any more), which are cleared. Never carries
 * `primaryEdges`, `secondaryEdges` or `edges` (the PUT body limit is 512 KB).
 */
export function toPutBody(
  next: SiteInputs,
  base: PutBase,
  removed: readonly (keyof SiteInputs)[] = [],
): Models.Site {
  const p = base.preserved;
  const keep = <T>(key: keyof SiteInputs, declared: T | undefined, kept: T | undefined, cleared: T) =>
    declared !== undefined ? declared : removed.includes(key) ? cleared : kept;
  const window = next.edgeAutoUpdate
    ? windowToApi(next.edgeAutoUpdate)
    : removed.includes("edgeAutoUpdate")
      ? undefined
      : p.edgeAutoUpdateConfig;
  const description = keep("description", next.description, p.description, "");
  const callerId = keep("callerId", next.callerId, p.callerId, "");
  const callerName = keep("callerName", next.callerName, p.callerName, "");
  return {
    name: next.name,
    version: base.version,
    ...(description !== undefined && { description }),
    location: { id: next.locationId },
    primarySites: refs(next.primarySiteIds),
    secondarySites: refs(next.secondarySiteIds ?? next.primarySiteIds),
    mediaModel: next.mediaModel ?? "Cloud",
    ...(window && { edgeAutoUpdateConfig: window }),
    ntpSettings: { servers: keep("ntpServers", next.ntpServers, p.ntpServers, []) ?? [] },
    ...(callerId !== undefined && { callerId }),
    ...(callerName !== undefined && { callerName }),
    ...(base.mediaRegions && { mediaRegions: base.mediaRegions }),
    ...(p.mediaRegionsUseLatencyBased !== undefined && {
      mediaRegionsUseLatencyBased: p.mediaRegionsUseLatencyBased,
    }),
    ...(p.cloudProxyForceTurn !== undefined && { cloudProxyForceTurn: p.cloudProxyForceTurn }),
  };
}

/** The settings of `site` that a PUT must send back (see {@link PreservedSettings}). */
export function preservedFromApi(site: Models.Site): PreservedSettings {
  const c = site.edgeAutoUpdateConfig;
  return {
    ...(site.description !== undefined && { description: site.description }),
    ...(site.callerId !== undefined && { callerId: site.callerId }),
    ...(site.callerName !== undefined && { callerName: site.callerName }),
    ...(site.ntpSettings?.servers && { ntpServers: [...site.ntpSettings.servers] }),
    ...(c?.rrule && {
      edgeAutoUpdateConfig: { timeZone: c.timeZone, rrule: c.rrule, start: c.start, end: c.end },
    }),
    ...(site.mediaRegionsUseLatencyBased !== undefined && {
      mediaRegionsUseLatencyBased: site.mediaRegionsUseLatencyBased,
    }),
    ...(site.cloudProxyForceTurn !== undefined && { cloudProxyForceTurn: site.cloudProxyForceTurn }),
  };
}

/** The base for a PUT built from a fresh GET. */
export function putBaseFromApi(site: Models.Site): PutBase {
  return {
    version: site.version ?? 1,
    ...(site.mediaRegions && { mediaRegions: [...site.mediaRegions] }),
    preserved: preservedFromApi(site),
  };
}

const nonEmpty = (s: string | undefined) => (s !== undefined && s.trim() !== "" ? s : undefined);

/**
 * The API object seen as declared inputs (for drift detection on refresh). What the API adds by
 * itself (media regions, number plans, the location's name or embedding) is not part of it.
 */
export function fromApi(site: Models.Site): SiteInputs {
  const ids = (r: Models.DomainEntityRef[] | undefined) => (r ?? []).map((x) => x.id ?? "");
  const window = windowFromApi(site.edgeAutoUpdateConfig);
  const servers = site.ntpSettings?.servers ?? [];
  const description = nonEmpty(site.description);
  const callerId = nonEmpty(site.callerId);
  const callerName = nonEmpty(site.callerName);
  return {
    name: site.name ?? "",
    locationId: site.location?.id ?? "",
    primarySiteIds: ids(site.primarySites),
    secondarySiteIds: ids(site.secondarySites),
    mediaModel: (site.mediaModel as SiteInputs["mediaModel"]) ?? "Cloud",
    ...(window && { edgeAutoUpdate: window }),
    ...(servers.length && { ntpServers: [...servers] }),
    ...(callerId !== undefined && { callerId }),
    ...(callerName !== undefined && { callerName }),
    ...(description !== undefined && { description }),
  };
}
