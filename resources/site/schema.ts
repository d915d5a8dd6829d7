/**
 * Site: plain input/output types, validation and normalisation. No Pulumi import, so the policy
 * pack and unit tests use it directly.
 */
import { isIP } from "node:net";
import {
  CheckFailure,
  Failures,
  Label,
  arrayOf,
  displayName,
  idReference,
  e164,
  ianaTimeZone,
  isDnsLabel,
  oneOf,
  optionalString,
  requiredString,
  toE164,
} from "../common/validate";

/** Where a site's media is handled: in Genesys Cloud (BYOC Cloud) or on premises edges. */
export type MediaModel = "Cloud" | "Premises";

/** The media models Genesys accepts. */
export const MEDIA_MODELS: readonly MediaModel[] = ["Cloud", "Premises"];

/**
 * When the site's edges may install software updates: a recurring local-time window.
 * Maps to `edgeAutoUpdateConfig`; start and end are sent as local date-times on a fixed anchor
 * date (see `mapping.ts`), never on today's date, so a second preview shows no change.
 */
export interface EdgeAutoUpdate {
  /** IANA time zone the window is in, e.g. `America/New_York`. Maps to `edgeAutoUpdateConfig.timeZone`. */
  timeZone: string;
  /**
   * Recurrence: `FREQ=DAILY`, or `FREQ=WEEKLY;BYDAY=SU,MO,…` with at least one day (SU MO TU WE TH
   * FR SA). Only daily and weekly are supported by Genesys. Maps to `edgeAutoUpdateConfig.rrule`.
   */
  rrule: string;
  /** Local start time `HH:mm` (24 h), e.g. `02:00`. Maps to `edgeAutoUpdateConfig.start`. */
  start: string;
  /**
   * Local end time `HH:mm`; the window must be at least 2 hours long and may cross midnight
   * (`22:00` → `02:00`). Maps to `edgeAutoUpdateConfig.end`.
   */
  end: string;
}

/** Declared inputs of a Site (the provider's view: plain values). */
export interface SiteInputs {
  /** Site name; unique in the org. Changing it renames in place (PUT). Maps to `name`. */
  name: string;
  /**
   * Id of the Location the site is in (the location must have an emergency number). Changing it
   * updates in place: the PUT carries the new location. Maps to `location.id`.
   */
  locationId: string;
  /**
   * Ids of the managed edge sites this site runs on first, in order; for BYOC Cloud the id of
   * "PureCloud Voice - AWS". At least one. Changing it updates in place. Maps to `primarySites`.
   */
  primarySiteIds: string[];
  /**
   * Ids of the fallback edge sites. Defaults to `primarySiteIds`. Changing it updates in place.
   * Maps to `secondarySites`.
   */
  secondarySiteIds?: string[];
  /**
   * `Cloud` (the default) or `Premises`. Genesys cannot change it on an existing site, so a
   * change **replaces** the site (deleted first, because the name must stay unique). Maps to
   * `mediaModel`.
   */
  mediaModel?: MediaModel;
  /** Edge auto-update window (see {@link EdgeAutoUpdate}). Removing it clears the window. */
  edgeAutoUpdate?: EdgeAutoUpdate;
  /**
   * NTP servers (host names or IP addresses) in priority order. Removing them clears the list.
   * Maps to `ntpSettings.servers`.
   */
  ntpServers?: string[];
  /** Outbound caller id in E.164, e.g. `+13175550100`. Removing it clears it. Maps to `callerId`. */
  callerId?: string;
  /** Outbound caller name. Removing it clears it. Maps to `callerName`. */
  callerName?: string;
  /** Free-text description. Removing it clears it. Maps to `description`. */
  description?: string;
  /**
   * Adopt an existing (unmanaged) site with this id instead of creating one (`pulumi import`
   * does not work for dynamic resources). Read only at create: the adopted site is updated to
   * match the other inputs (its media model must already match) and is deleted on destroy like
   * any other. Changing it later has no effect.
   */
  adoptId?: string;
}

/** Settings a PUT must send back because it replaces the whole site; kept as Genesys last reported them. */
export interface PreservedSettings {
  /** `description` as Genesys reported it (sent back when not declared). */
  description?: string;
  /** `callerId` as Genesys reported it (sent back when not declared). */
  callerId?: string;
  /** `callerName` as Genesys reported it (sent back when not declared). */
  callerName?: string;
  /** `ntpSettings.servers` as Genesys reported them (sent back when not declared). */
  ntpServers?: string[];
  /** `edgeAutoUpdateConfig` in API form (sent back when no window is declared). */
  edgeAutoUpdateConfig?: { timeZone: string; rrule: string; start: string; end: string };
  /** `mediaRegionsUseLatencyBased` (never declared here). */
  mediaRegionsUseLatencyBased?: boolean;
  /** `cloudProxyForceTurn` (never declared here). */
  cloudProxyForceTurn?: boolean;
}

/** Outputs: the declared inputs as last applied, plus what Genesys computed. */
export interface SiteOutputs extends SiteInputs {
  /** The Genesys site id (same as the resource id). */
  siteId: string;
  /** Genesys version of the site, sent with the next PUT (optimistic concurrency). */
  version: number;
  /** Media regions as Genesys reported them (it adds the org's home region); sent back on PUT. */
  mediaRegions: string[];
  /** Undeclared settings sent back unchanged on PUT (see {@link PreservedSettings}). */
  preserved: PreservedSettings;
}

/** The inputs compared by `diff` (everything but `adoptId`, which only matters at create). */
export const DIFF_KEYS = [
  "name",
  "locationId",
  "primarySiteIds",
  "secondarySiteIds",
  "mediaModel",
  "edgeAutoUpdate",
  "ntpServers",
  "callerId",
  "callerName",
  "description",
] as const;

/** Inputs whose change replaces the site. */
export const REPLACE_KEYS = ["mediaModel"] as const;

/** Shortest edge auto-update window Genesys accepts, in minutes. */
export const MIN_WINDOW_MINUTES = 120;

const MAX_NAME = 255;
const MAX_ID = 64;
const DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a `H:mm`/`HH:mm` time, or undefined when it is not one. */
export function minutesOf(time: unknown): number | undefined {
  if (typeof time !== "string") return undefined;
  const m = TIME.exec(time);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** `HH:mm` for minutes after midnight. */
export function formatTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** Length of the window from `start` to `end` (minutes after midnight); crossing midnight wraps. */
export function windowMinutes(start: number, end: number): number {
  return (end - start + 1440) % 1440;
}

/** A reason when `v` is not `FREQ=DAILY` or `FREQ=WEEKLY;BYDAY=…` with known, distinct days. */
export function rruleProblem(v: unknown, what: string): string | undefined {
  const how = `use FREQ=DAILY or FREQ=WEEKLY;BYDAY=SU,MO (days: ${DAYS.join(" ")}); Genesys supports only daily and weekly`;
  if (typeof v !== "string") return `${what} is required: ${how}`;
  const r = v.trim().toUpperCase();
  if (r === "FREQ=DAILY") return undefined;
  const weekly = /^FREQ=WEEKLY;BYDAY=(.*)$/.exec(r);
  if (!weekly) return `${what} "${v}" is not supported: ${how}`;
  const days = weekly[1].split(",");
  if (weekly[1] === "" || days.some((d) => !DAYS.includes(d))) {
    return `${what} "${v}": a weekly window needs at least one day from ${DAYS.join(" ")}, e.g. FREQ=WEEKLY;BYDAY=SU`;
  }
  if (new Set(days).size !== days.length) return `${what} "${v}" lists a day more than once`;
  return undefined;
}

/** A host name or IP address (no port, no scheme). */
export function hostOrIp(v: unknown, what: string): string | undefined {
  const bad = `${what} ${JSON.stringify(v)} is not a host name or IP address, e.g. time.example.com or 192.0.2.10`;
  if (typeof v !== "string" || v === "") return bad;
  if (isIP(v) !== 0) return undefined;
  const ok = v.length <= 253 && v.split(".").every(isDnsLabel);
  return ok ? undefined : bad;
}

function checkWindow(f: Failures, raw: unknown): EdgeAutoUpdate | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    f.check(
      "edgeAutoUpdate",
      (what) =>
        `${what} must be an object such as { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "02:00", end: "05:00" }`,
    );
    return undefined;
  }
  const w = raw as Record<string, unknown>;
  f.check("edgeAutoUpdate.timeZone", (what) => ianaTimeZone(w.timeZone, what));
  f.check("edgeAutoUpdate.rrule", (what) => rruleProblem(w.rrule, what));
  const start = minutesOf(w.start);
  const end = minutesOf(w.end);
  for (const [k, m] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (m === undefined) {
      f.check(
        `edgeAutoUpdate.${k}`,
        (what) => `${what} must be a local time HH:mm such as "02:00", got ${JSON.stringify(w[k])}`,
      );
    }
  }
  if (start !== undefined && end !== undefined && windowMinutes(start, end) < MIN_WINDOW_MINUTES) {
    f.add(
      "edgeAutoUpdate.end",
      `the edge auto-update window ${formatTime(start)}–${formatTime(end)} is ${windowMinutes(start, end)} minutes long; ` +
        `Genesys needs at least 2 hours (it may cross midnight, e.g. 23:00–02:00)`,
    );
  }
  return {
    timeZone: w.timeZone as string,
    rrule: typeof w.rrule === "string" ? w.rrule.trim().toUpperCase() : (w.rrule as string),
    start: start === undefined ? (w.start as string) : formatTime(start),
    end: end === undefined ? (w.end as string) : formatTime(end),
  };
}

const siteId = (x: unknown, label: string) => requiredString(x, label, MAX_ID);

/** Validates and normalises `news`; returns normalised inputs and the failures (no API call). */
export function checkSite(
  news: Record<string, unknown>,
  label?: Label,
): { inputs: SiteInputs; failures: CheckFailure[] } {
  const f = new Failures(label);
  const str = (v: unknown) => (typeof v === "string" ? v.trim() : (v as string));
  f.check("name", (w) => displayName(news.name, w, MAX_NAME));
  f.check("locationId", (w) => idReference(news.locationId, w, "location", undefined, MAX_ID));
  f.check("primarySiteIds", (w) => {
    const problem = arrayOf(news.primarySiteIds, w, siteId, { min: 1, unique: true });
    return problem && `${problem}: list managed edge site ids, e.g. the id of "PureCloud Voice - AWS"`;
  });
  f.check("secondarySiteIds", (w) => arrayOf(news.secondarySiteIds, w, siteId, { unique: true }));
  f.check("mediaModel", (w) => oneOf(news.mediaModel, MEDIA_MODELS, w));
  f.check("ntpServers", (w) => arrayOf(news.ntpServers, w, hostOrIp, { unique: true }));
  if (news.callerId !== undefined && news.callerId !== "") f.check("callerId", (w) => e164(news.callerId, w));
  f.check("callerName", (w) => optionalString(news.callerName, w, MAX_NAME));
  f.check("description", (w) => optionalString(news.description, w, 500));
  f.check("adoptId", (w) => optionalString(news.adoptId, w, MAX_ID));

  const primary = Array.isArray(news.primarySiteIds) ? (news.primarySiteIds as string[]) : [];
  const inputs: SiteInputs = {
    name: str(news.name),
    locationId: str(news.locationId),
    primarySiteIds: news.primarySiteIds as string[],
    secondarySiteIds: Array.isArray(news.secondarySiteIds) ? (news.secondarySiteIds as string[]) : primary,
    mediaModel: (news.mediaModel as MediaModel | undefined) ?? "Cloud",
  };
  if (news.edgeAutoUpdate !== undefined && news.edgeAutoUpdate !== null) {
    inputs.edgeAutoUpdate = checkWindow(f, news.edgeAutoUpdate);
  }
  if (Array.isArray(news.ntpServers) && news.ntpServers.length)
    inputs.ntpServers = news.ntpServers as string[];
  if (typeof news.callerId === "string" && news.callerId !== "") inputs.callerId = toE164(news.callerId);
  if (news.callerName !== undefined && news.callerName !== "") inputs.callerName = news.callerName as string;
  if (news.description !== undefined && news.description !== "")
    inputs.description = news.description as string;
  if (news.adoptId) inputs.adoptId = news.adoptId as string;
  return { inputs, failures: f.list };
}
