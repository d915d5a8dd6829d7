/**
 * The seeded org: what a fresh BYOC/PCV org contains before anyone touches it [C: reference §10], with fixed ids
 * and dates so that tests and snapshots are deterministic.
 */
import { getMetabase, PCV_AWS_METABASE_ID, templateProperties } from "./metabases";
import type { Audited, EmulatorState, NumberPlan, Organization, OutboundRoute, Ref } from "./state";

/** Fixed ids of the seeded objects (documented in emulator/README.md). */
export const SEED_IDS = {
  organization: "00000000-0000-4000-8000-000000000001",
  defaultPcvLocation: "00000000-0000-4000-8000-000000000010",
  pcvSite: "00000000-0000-4000-8000-000000000020",
  pcvTrunkBase: "00000000-0000-4000-8000-000000000030",
  pcvDefaultRoute: "00000000-0000-4000-8000-000000000040",
} as const;

/** The home division [I: every org has one named "Home"; fixed id here]. */
export const HOME_DIVISION_ID = "00000000-0000-4000-8000-000000000002";
/** Who made the seeded objects (Genesys itself); fixed id [I]. */
export const SYSTEM_ACTOR = "00000000-0000-4000-8000-0000000000ff";

/** A reference to the home division. */
export function homeDivisionRef(): Ref {
  return {
    id: HOME_DIVISION_ID,
    name: "Home",
    selfUri: `/api/v2/authorization/divisions/${HOME_DIVISION_ID}`,
  };
}

/** Names of the seeded objects [C]. */
export const SEED_NAMES = {
  pcvSite: "PureCloud Voice - AWS",
  pcvTrunkBase: "PureCloud Voice - AWS",
  defaultPcvLocation: "Default PCV Location",
  defaultRoute: "Default Outbound Route",
} as const;

/** The org's home media region [I]. */
export const HOME_REGION = "us-east-1";

/** The default number-plan classifications [C] (TF `defaultPlans`). */
export const DEFAULT_CLASSIFICATIONS = [
  "Emergency",
  "Extension",
  "National",
  "International",
  "Network",
  "Suicide Prevention",
] as const;

/** Classification types of a new site's Default Outbound Route: defaults minus Extension [I]. */
export const DEFAULT_ROUTE_CLASSIFICATIONS = DEFAULT_CLASSIFICATIONS.filter((c) => c !== "Extension");

const SEED_DATE = "2024-01-01T00:00:00.000Z";

/** The audit fields of the seeded objects: made by Genesys (the system actor) on a fixed date. */
function seeded(): Audited {
  return {
    division: homeDivisionRef(),
    version: 1,
    dateCreated: SEED_DATE,
    dateModified: SEED_DATE,
    createdBy: SYSTEM_ACTOR,
    modifiedBy: SYSTEM_ACTOR,
    createdByApp: SYSTEM_ACTOR,
    modifiedByApp: SYSTEM_ACTOR,
  };
}

/**
 * The default number plans of a site (US values [C-code: TF exporter, EXPORT]; exact match rules [I]).
 * @param ids six ids, one per plan, in {@link DEFAULT_CLASSIFICATIONS} order.
 * @param audit the audit fields of the site's creation.
 */
export function defaultNumberPlans(siteId: string, ids: string[], audit: Audited): NumberPlan[] {
  const base = (i: number, classification: string, matchType: string): NumberPlan => ({
    id: ids[i],
    siteId,
    name: classification,
    ...audit,
    state: "active",
    classification,
    matchType,
    priority: i + 1,
    selfUri: `/api/v2/telephony/providers/edges/sites/${siteId}/numberplans/${ids[i]}`,
  });
  return [
    { ...base(0, "Emergency", "numberList"), numbers: [{ start: "911", end: "911" }] },
    { ...base(1, "Extension", "digitLength"), digitLength: { start: "4", end: "6" } },
    { ...base(2, "National", "intraCountryCode") },
    { ...base(3, "International", "interCountryCode") },
    { ...base(4, "Network", "regex"), match: "^([^@\\:]+@)([^@ ]+)?$", normalizedFormat: "sip:$1$2" },
    { ...base(5, "Suicide Prevention", "regex"), match: "^988$", normalizedFormat: "+18002738255" },
  ];
}

/**
 * A site's "Default Outbound Route" as created with the site [C-code]; initial contents are [I] (reference §10):
 * defaults minus Extension, disabled, SEQUENTIAL, no trunk bases. With `settlesAt` it starts with no
 * classifications and takes them at that time (reference §13, see `settleDefaultRoutes` in outboundRoutes.ts).
 */
export function defaultRoute(siteId: string, id: string, audit: Audited, settlesAt?: string): OutboundRoute {
  return {
    id,
    siteId,
    name: SEED_NAMES.defaultRoute,
    description: "",
    ...audit,
    state: "active",
    classificationTypes: settlesAt ? [] : [...DEFAULT_ROUTE_CLASSIFICATIONS],
    enabled: false,
    distribution: "SEQUENTIAL",
    externalTrunkBases: [],
    selfUri: `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes/${id}`,
    ...(settlesAt ? { settlesAt } : {}),
  };
}

/**
 * The seeded organization. `defaultSiteId` is the managed PCV site [C-test: a real org always has one; which site
 * is I]; `features`, `voicemailEnabled`, `productPlatform` are plausible values [I].
 */
export function seedOrganization(): Organization {
  return {
    id: SEED_IDS.organization,
    name: "Emulated BYOC Org",
    defaultLanguage: "en-us",
    defaultCountryCode: "US",
    thirdPartyOrgName: "emulated-byoc-org",
    domain: "emulated-byoc-org",
    version: 1,
    state: "active",
    features: { purecloudVoice: true, hipaa: false, pciCompliance: false, realtimeCIC: false },
    defaultSiteId: SEED_IDS.pcvSite,
    voicemailEnabled: true,
    productPlatform: "PureCloud",
    selfUri: "/api/v2/organizations/me",
  };
}

/**
 * Brings a snapshot written by an older emulator up to date: missing organization fields and audit fields take
 * the seeded values, number plans' old `numberList` field becomes `numbers` (the model's name), and a snapshot
 * without DID pools gets an empty list.
 */
export function upgradeState(state: EmulatorState): EmulatorState {
  state.organization = { ...seedOrganization(), ...state.organization };
  state.didPools ??= []; // snapshots written before the emulator had DID pools
  const telephony = [
    ...state.sites,
    ...state.trunkBases,
    ...state.outboundRoutes,
    ...state.numberPlans,
    ...state.didPools,
  ];
  for (const e of telephony as unknown as Record<string, unknown>[]) {
    for (const [k, v] of Object.entries(seeded())) if (e[k] === undefined) e[k] = v;
    if ("numberList" in e) {
      e.numbers = e.numberList;
      delete e.numberList;
    }
  }
  return state;
}

/** A fresh copy of the seeded org. */
export function seedState(): EmulatorState {
  const { defaultPcvLocation, pcvSite, pcvTrunkBase, pcvDefaultRoute } = SEED_IDS;
  const sitePath = `/api/v2/telephony/providers/edges/sites/${pcvSite}`;
  const trunkPath = `/api/v2/telephony/providers/edges/trunkbasesettings/${pcvTrunkBase}`;
  const pcvMetabase = getMetabase(PCV_AWS_METABASE_ID)!;
  const pcvProps = templateProperties(pcvMetabase);
  (pcvProps.trunk_label as { value: { instance: string } }).value.instance = SEED_NAMES.pcvTrunkBase;
  const route: OutboundRoute = {
    ...defaultRoute(pcvSite, pcvDefaultRoute, seeded()),
    // [I] a real PCV org shows these four classifications and the PCV trunk on its default route (EXPORT).
    classificationTypes: ["Emergency", "National", "Network", "International"],
    enabled: true,
    externalTrunkBases: [{ id: pcvTrunkBase, name: SEED_NAMES.pcvTrunkBase, selfUri: trunkPath }],
  };
  const planIds = DEFAULT_CLASSIFICATIONS.map(
    (_, i) => `00000000-0000-4000-8000-0000000001${String(i).padStart(2, "0")}`,
  );
  return {
    organization: seedOrganization(),
    locations: [
      {
        id: defaultPcvLocation,
        name: SEED_NAMES.defaultPcvLocation,
        state: "active",
        notes: "Default location used for PureCloud Voice Site",
        version: 1,
        path: [],
        addressVerified: false,
        addressStored: false,
        selfUri: `/api/v2/locations/${defaultPcvLocation}`,
      },
    ],
    sites: [
      {
        id: pcvSite,
        name: SEED_NAMES.pcvSite,
        description: "",
        ...seeded(),
        state: "active",
        primarySites: [],
        secondarySites: [],
        mediaRegionsUseLatencyBased: false,
        location: {
          id: defaultPcvLocation,
          name: SEED_NAMES.defaultPcvLocation,
          selfUri: `/api/v2/locations/${defaultPcvLocation}`,
        },
        managed: true,
        ntpSettings: { servers: [] },
        mediaModel: "Cloud",
        coreSite: false,
        mediaRegions: [HOME_REGION],
        callerId: "",
        callerName: "",
        selfUri: sitePath,
      },
    ],
    trunkBases: [
      {
        id: pcvTrunkBase,
        name: SEED_NAMES.pcvTrunkBase,
        description: "",
        ...seeded(),
        state: "active",
        trunkMetabase: { id: pcvMetabase.id, name: pcvMetabase.name },
        properties: pcvProps,
        trunkType: "EXTERNAL",
        managed: true,
        selfUri: trunkPath,
      },
    ],
    outboundRoutes: [route],
    numberPlans: defaultNumberPlans(pcvSite, planIds, seeded()),
    didPools: [],
  };
}
