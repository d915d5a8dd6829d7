/**
 * The emulator's state, API-shaped: the objects of each kind as Genesys returns them, and the
 * whole org (also the persisted snapshot format, see persistence.ts). Types only: the store
 * (store.ts) holds the state, the seed (seed.ts) makes the first one.
 */

/** `{ id, name?, selfUri }` reference to another entity. */
export interface Ref {
  id: string;
  name?: string;
  selfUri: string;
}

/** LocationDefinition [C model]. */
export interface Location {
  id: string;
  name: string;
  contactUser?: { id: string; selfUri: string };
  emergencyNumber?: { e164: string; number: string; type: string };
  address?: Record<string, string>;
  state: "active" | "deleted";
  notes?: string;
  version: number;
  path: string[];
  addressVerified: boolean;
  addressStored: boolean;
  selfUri: string;
}

/**
 * What every telephony object carries besides its own fields: its division and who changed it when (the model
 * fields `division, version, dateCreated, dateModified, createdBy, modifiedBy, createdByApp, modifiedByApp`).
 * The home division is used for everything [I]; `*By`/`*ByApp` hold the OAuth client id of the request, because a
 * client-credentials token acts for no user [U: the real values for such tokens are not documented].
 */
export interface Audited {
  division: Ref;
  version: number;
  dateCreated: string;
  dateModified: string;
  createdBy: string;
  modifiedBy: string;
  createdByApp: string;
  modifiedByApp: string;
}

/** edgeAutoUpdateConfig [C model]. */
export interface EdgeAutoUpdateConfig {
  timeZone: string;
  rrule: string;
  start: string;
  end: string;
}

/** Site [C model]; `location` is stored as a reference and rendered with its current name. */
export interface Site extends Audited {
  id: string;
  name: string;
  description?: string;
  state: "active" | "inactive" | "deleted";
  primarySites: Ref[];
  secondarySites: Ref[];
  edgeAutoUpdateConfig?: EdgeAutoUpdateConfig;
  mediaRegionsUseLatencyBased: boolean;
  location: Ref;
  managed: boolean;
  ntpSettings: { servers: string[] };
  mediaModel: "Premises" | "Cloud";
  coreSite: boolean;
  mediaRegions: string[];
  callerId?: string;
  callerName?: string;
  cloudProxyForceTurn?: boolean;
  selfUri: string;
}

/** TrunkBase [C model]; `properties` always in full form. */
export interface TrunkBase extends Audited {
  id: string;
  name: string;
  description?: string;
  state: "active" | "inactive" | "deleted";
  trunkMetabase: { id: string; name: string };
  properties: Record<string, unknown>;
  trunkType: "EXTERNAL" | "PHONE" | "EDGE";
  managed: boolean;
  site?: Ref;
  inboundSite?: Ref;
  selfUri: string;
}

/** OutboundRouteBase [C model] plus `siteId` (kept for the admin state; not sent by the API). */
export interface OutboundRoute extends Audited {
  id: string;
  siteId: string;
  name: string;
  description?: string;
  state: "active" | "inactive" | "deleted";
  classificationTypes: string[];
  enabled: boolean;
  distribution: "SEQUENTIAL" | "RANDOM";
  externalTrunkBases: Ref[];
  selfUri: string;
  /**
   * Emulator-only (never rendered): when a new site's "Default Outbound Route" takes its classifications
   * (ISO-8601 UTC). Absent once it has settled, or when a client PUT the route first. See `settleDefaultRoutes`.
   */
  settlesAt?: string;
}

/** NumberPlan [C model] plus `siteId` (kept for the admin state; the model has no site field). */
export interface NumberPlan extends Audited {
  id: string;
  siteId: string;
  name: string;
  description?: string;
  state: "active";
  classification: string;
  matchType: string;
  priority: number;
  numbers?: { start: string; end?: string }[];
  digitLength?: { start: string; end: string };
  match?: string;
  normalizedFormat?: string;
  selfUri: string;
}

/**
 * DIDPool [C model]: a range of the customer's own numbers. `name` is in the model but no client sends it
 * [C-code]; the emulator names the pool by its range when none is given [U].
 */
export interface DidPool extends Audited {
  id: string;
  name: string;
  description?: string;
  state: "active" | "deleted";
  startPhoneNumber: string;
  endPhoneNumber: string;
  comments?: string;
  provider?: string;
  selfUri: string;
}

/** Organization (subset of the model that clients read) [C fields]. */
export interface Organization {
  id: string;
  name: string;
  defaultLanguage: string;
  defaultCountryCode: string;
  thirdPartyOrgName: string;
  domain: string;
  version: number;
  state: string;
  /** Feature flags of the org [C model: map of booleans; which flags: I]. */
  features: Record<string, boolean>;
  /** The org's default site: a real org always has one [C-test]. */
  defaultSiteId: string;
  voicemailEnabled: boolean;
  productPlatform: string;
  selfUri: string;
}

/** The whole org, API-shaped. This is also the persisted snapshot format (plus a header). */
export interface EmulatorState {
  organization: Organization;
  locations: Location[];
  sites: Site[];
  trunkBases: TrunkBase[];
  outboundRoutes: OutboundRoute[];
  numberPlans: NumberPlan[];
  didPools: DidPool[];
}
