/**
 * A brownfield org, built through the API the way an admin leaves it by hand: sites on their
 * locations, BYOC carriers with TLS, two SIP servers, an ACL, digest credentials, a calling identity
 * and a property the stack does not declare, default routes carrying them, a named International
 * route taken off a default route, a custom number plan with a named route serving it, a DID pool.
 * The end-to-end tests of `npm run import` (and the README's import commands) import it.
 */
import type { Models } from "purecloud-platform-client-v2";
import { locationBody, siteBody, trunkBody, type SdkApis } from "./emulator";
import { UK_MOBILE_MATCH, US_POOL } from "./estate";

/** The digest passwords the admin gave the carriers (Genesys never shows them again). */
export const PASSWORDS = { us: "us-Digest-4417!", uk: "uk-Digest-9023!" };
/** London's custom number plan's match (the docs' estate's). */
export const UK_MOBILE = UK_MOBILE_MATCH;
/** The DID pool the admin made (the docs' estate's Indianapolis pool). */
export const POOL = US_POOL;

/** The carriers by the keys the import should give them. */
export type CarrierKey = "us-carrier" | "uk-carrier" | "intl-carrier";

/** The SIP servers of each carrier as the admin set them. */
export const SERVERS: Record<CarrierKey, string[]> = {
  "us-carrier": ["sip1.us-carrier.example:5061", "sip2.us-carrier.example:5061"],
  "uk-carrier": ["sip1.uk-carrier.example:5061", "sip2.uk-carrier.example:5062"],
  "intl-carrier": ["sip.intl-carrier.example:5061", "sip-backup.intl-carrier.example:5061"],
};

/** A carrier as the admin set it up. */
interface Carrier {
  name: string;
  termination: string;
  acl: string[];
  callingName: string;
  callingAddress: string;
  language: string;
  digest?: { realm: string; username: string; password: string };
}

const CARRIERS: Record<CarrierKey, Carrier> = {
  "us-carrier": {
    name: "US Carrier",
    termination: "acme-us",
    acl: ["203.0.113.0/24", "198.51.100.10"],
    callingName: "Acme US",
    callingAddress: "+13175550100",
    language: "es-US",
    digest: { realm: "us-carrier.example", username: "acme-us", password: PASSWORDS.us },
  },
  "uk-carrier": {
    name: "UK Carrier",
    termination: "acme-uk",
    acl: ["192.0.2.0/24"],
    callingName: "Acme UK",
    callingAddress: "+442071838750",
    language: "en-GB",
    digest: { realm: "uk-carrier.example", username: "acme-uk", password: PASSWORDS.uk },
  },
  "intl-carrier": {
    name: "Intl Carrier",
    termination: "acme-intl",
    acl: ["198.51.100.0/24"],
    callingName: "Acme",
    callingAddress: "+13175550101",
    language: "fr-FR",
  },
};

/** Indianapolis's part of the brownfield, by the keys the import should give it. */
export interface IndianapolisBrownfield {
  locations: { indianapolis: string };
  sites: { indianapolis: string };
  trunks: { "us-carrier": string; "intl-carrier": string };
  routes: { indianapolisDefault: string; international: string };
}

/** The whole brownfield (two sites, three carriers, a DID pool), by the keys the import should give it. */
export interface Brownfield {
  locations: { indianapolis: string; london: string };
  sites: { indianapolis: string; london: string };
  trunks: Record<CarrierKey, string>;
  routes: {
    indianapolisDefault: string;
    international: string;
    londonDefault: string;
    ukMobile: string;
  };
  pool: string;
}

export interface BrownfieldOptions {
  /** Put in front of every name the admin gave: locations, sites, trunks, named routes. Default "". */
  prefix?: string;
}

/** A BYOC carrier trunk with properties away from their defaults, one of them not a typed input. */
function carrierBody(inboundSiteId: string, c: Carrier, name: string, servers: string[]): Models.TrunkBase {
  const v = (instance: unknown) => ({ value: { instance } });
  return trunkBody(inboundSiteId, {
    name,
    properties: {
      trunk_transport_serverProxyList: v(servers),
      trunk_transport_protocolVariant: v("tls"),
      trunk_sip_termination_uri: v(c.termination),
      trunk_access_acl_allowList: v(c.acl),
      trunk_outboundIdentity_callingName: v(c.callingName),
      trunk_outboundIdentity_callingAddress: v(c.callingAddress),
      trunk_language: v(c.language),
      ...(c.digest && {
        trunk_sip_authentication_credentials_realm: v(c.digest.realm),
        trunk_sip_authentication_credentials_username: v(c.digest.username),
        trunk_sip_authentication_credentials_password: v(c.digest.password),
      }),
    },
  });
}

/** The pieces the two builders share, with names given the prefix. */
function builder(sdk: SdkApis, prefix: string) {
  const t = sdk.telephony;
  const refs = (...ids: string[]) => ids.map((id) => ({ id }));
  const defaultRoute = async (siteId: string) => {
    const routes = await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, {});
    return routes.entities!.find((r) => r.name === "Default Outbound Route")!;
  };
  return {
    async indianapolis() {
      const loc = await sdk.locations.postLocations(
        locationBody({
          name: `${prefix}Indianapolis`,
          emergencyNumber: { number: "+13175550100", type: "default" }, // the address: locationBody's
        }),
      );
      const site = await t.postTelephonyProvidersEdgesSites(
        siteBody(loc.id!, {
          name: `${prefix}Indianapolis`,
          edgeAutoUpdateConfig: {
            timeZone: "America/Indiana/Indianapolis",
            rrule: "FREQ=WEEKLY;BYDAY=SU",
            start: "2025-01-05T01:00:00.000",
            end: "2025-01-05T04:00:00.000",
          },
        }),
      );
      return { location: loc.id!, site: site.id! };
    },
    async london() {
      const loc = await sdk.locations.postLocations(
        locationBody({
          name: `${prefix}London`,
          emergencyNumber: { number: "+442071838750", type: "default" },
          address: { street1: "1 Poultry", city: "London", zipcode: "EC2R 8EJ", country: "GB" },
        }),
      );
      const site = await t.postTelephonyProvidersEdgesSites(
        siteBody(loc.id!, {
          name: `${prefix}London`,
          edgeAutoUpdateConfig: {
            timeZone: "Europe/London",
            rrule: "FREQ=DAILY",
            start: "2025-01-02T02:00:00.000",
            end: "2025-01-02T05:00:00.000",
          },
        }),
      );
      return { location: loc.id!, site: site.id! };
    },
    async carrier(key: CarrierKey, inboundSiteId: string) {
      const c = CARRIERS[key];
      const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(
        carrierBody(inboundSiteId, c, `${prefix}${c.name}`, SERVERS[key]),
      );
      return trunk.id!;
    },
    /** International off the default route first, then a route of its own holding it. */
    async indianapolisRoutes(siteId: string, us: string, intl: string) {
      const def = await defaultRoute(siteId);
      if (!def.classificationTypes?.includes("International"))
        throw new Error("a new site's default route should serve International");
      await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, def.id!, {
        ...def,
        classificationTypes: def.classificationTypes.filter((c) => c !== "International"),
        externalTrunkBases: refs(us, intl),
      });
      const international = await t.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
        name: `${prefix}International`,
        classificationTypes: ["International"],
        externalTrunkBases: refs(intl, us),
        distribution: "SEQUENTIAL",
      });
      return { indianapolisDefault: def.id!, international: international.id! };
    },
    /** A custom plan first, Genesys's defaults after it; a route serving its classification. */
    async londonRoutes(siteId: string, uk: string, us: string) {
      const plans = await t.getTelephonyProvidersEdgesSiteNumberplans(siteId);
      await t.putTelephonyProvidersEdgesSiteNumberplans(siteId, [
        {
          name: "UK Mobile",
          classification: "UK Mobile",
          matchType: "regex",
          match: UK_MOBILE,
          normalizedFormat: "$0",
        },
        ...plans,
      ] as Models.NumberPlan[]);
      const def = await defaultRoute(siteId);
      await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, def.id!, {
        ...def,
        externalTrunkBases: refs(uk),
      });
      const ukMobile = await t.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
        name: `${prefix}UK Mobile`,
        classificationTypes: ["UK Mobile"],
        externalTrunkBases: refs(uk, us),
        distribution: "SEQUENTIAL",
      });
      return { londonDefault: def.id!, ukMobile: ukMobile.id! };
    },
  };
}

/**
 * The whole brownfield: Indianapolis and London; the US, UK and Intl carriers (Intl serves only
 * Indianapolis's routes but takes its inbound calls on London); Indianapolis's default route with
 * US and Intl, its International route; London's UK Mobile plan and route, its default route with
 * UK; the DID pool. Returns the ids.
 */
export async function buildBrownfield(sdk: SdkApis, options: BrownfieldOptions = {}): Promise<Brownfield> {
  const b = builder(sdk, options.prefix ?? "");
  const indy = await b.indianapolis();
  const london = await b.london();
  const us = await b.carrier("us-carrier", indy.site);
  const uk = await b.carrier("uk-carrier", london.site);
  const intl = await b.carrier("intl-carrier", london.site);
  const indyRoutes = await b.indianapolisRoutes(indy.site, us, intl);
  const londonRoutes = await b.londonRoutes(london.site, uk, us);
  const pool = await sdk.telephony.postTelephonyProvidersEdgesDidpools(POOL as Models.DIDPool);
  return {
    locations: { indianapolis: indy.location, london: london.location },
    sites: { indianapolis: indy.site, london: london.site },
    trunks: { "us-carrier": us, "uk-carrier": uk, "intl-carrier": intl },
    routes: { ...indyRoutes, ...londonRoutes },
    pool: pool.id!,
  };
}

/**
 * Indianapolis alone (everything of it importable with `--site Indianapolis`): its location and
 * site, the US and Intl carriers (both taking inbound calls on it), its default route with them and
 * its International route. Returns the ids.
 */
export async function buildIndianapolisBrownfield(
  sdk: SdkApis,
  options: BrownfieldOptions = {},
): Promise<IndianapolisBrownfield> {
  const b = builder(sdk, options.prefix ?? "");
  const indy = await b.indianapolis();
  const us = await b.carrier("us-carrier", indy.site);
  const intl = await b.carrier("intl-carrier", indy.site);
  return {
    locations: { indianapolis: indy.location },
    sites: { indianapolis: indy.site },
    trunks: { "us-carrier": us, "intl-carrier": intl },
    routes: await b.indianapolisRoutes(indy.site, us, intl),
  };
}
