/**
 * The site's settings section (`site`, `sites.<key>.site`): the settings, their defaults, how they
 * map to a Site's inputs, and back (what `npm run import` writes for a site it read).
 */
import { type Raw, type Section, prefixed, settingsOf, withoutDefaults } from "../common/section";
import { UNKNOWN } from "../common/validate";
import { type SiteInputs, checkSite } from "./schema";

/** The managed edge site BYOC Cloud sites run on. */
export const DEFAULT_EDGE_SITE = "PureCloud Voice - AWS";

/** Site defaults (the edge auto-update window). */
export const SITE_DEFAULTS = {
  timeZone: "America/New_York",
  rrule: "FREQ=DAILY",
  windowStart: "02:00",
  windowEnd: "05:00",
  mediaModel: "Cloud",
} as const;

/** The BYOC Cloud site. */
export interface SiteConfig {
  /** Site name (`namePrefix` is added in front). */
  name: string;
  /** Free-text description. */
  description?: string;
  /** IANA time zone of the edge auto-update window. Default `America/New_York`. */
  timeZone?: string;
  /** Window recurrence: `FREQ=DAILY` (default) or `FREQ=WEEKLY;BYDAY=…`. */
  rrule?: string;
  /** Window start, local `HH:mm`. Default `02:00`. */
  windowStart?: string;
  /** Window end, local `HH:mm` (at least two hours after the start). Default `05:00`. */
  windowEnd?: string;
  /** NTP servers (host names or IPs). */
  ntpServers?: string[];
  /** Caller id (E.164) for calls from the site. */
  callerId?: string;
  /** Caller name for calls from the site. */
  callerName?: string;
  /** Name of the managed edge site the site runs on. Default `PureCloud Voice - AWS`. */
  edgeSiteName?: string;
  /**
   * `Cloud` (default, BYOC Cloud) or `Premises`. Changing it replaces the site, and with it the
   * trunks and route bindings that refer to it.
   */
  mediaModel?: "Cloud" | "Premises";
  /** Take over the existing site with this id instead of creating one (written by `npm run import`); read only at create. */
  adoptId?: string;
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

/** The `site` section. */
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

/**
 * A site read from the API (its inputs, see ./mapping `fromApi`) as its settings, on the managed
 * edge site named `edge` (without its id and the name prefix), defaults left out.
 */
export function siteSettings(inputs: SiteInputs, edge: string | undefined): Raw {
  return withoutDefaults(
    { ...settingsOf(SITE, inputs), ...(edge && { edgeSiteName: edge }) },
    { ...SITE_DEFAULTS, edgeSiteName: DEFAULT_EDGE_SITE },
  );
}
