/**
 * The stack program: preflight against the org, then the resource graph
 * Location → Site → Trunk (inbound site = Site) → OutboundRouteBinding (Site's route carries Trunk).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { clientFor, clientKey } from "./genesys/client";
import { readCommandCache, writeCommandCache } from "./genesys/commandCache";
import { ConfigSource, ConfigurationError, ConnectionSettings, resolveConnection } from "./genesys/config";
import { findSiteByName, hasProduct } from "./genesys/org";
import { Location } from "./resources/location";
import { OutboundRouteBinding } from "./resources/outboundRouteBinding";
import { Site } from "./resources/site";
import { Trunk } from "./resources/trunk";

/** The managed edge site BYOC Cloud sites run on. */
export const DEFAULT_EDGE_SITE = "PureCloud Voice - AWS";

/** What the preflight learned about the org. */
export interface OrgFacts {
  /** Id of the managed edge site the new site runs on. */
  edgeSiteId: string;
  /** The domain for the SIP termination FQDN (e.g. mypurecloud.com, or the emulator's host). */
  sipDomain: string;
}

/** Stack config as the client layer reads it (`genesys:region`, `genesys:clientSecret`, …). */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/**
 * Checks the org before anything is planned: BYOC must be enabled and the managed edge site must
 * exist. Fails with a clear message, so nothing is created, otherwise. The two look-ups run in
 * parallel; what they found is kept for the rest of the same CLI command (see
 * genesys/commandCache.ts), so the update pass of `pulumi up` does not ask again.
 */
export async function preflight(
  settings: ConnectionSettings,
  edgeSiteName = DEFAULT_EDGE_SITE,
): Promise<OrgFacts> {
  const sipDomain = settings.domain ?? new URL(settings.apiUrl!).hostname;
  const key = `preflight\n${edgeSiteName}\n${clientKey(settings)}`;
  const cached = readCommandCache<OrgFacts>(key);
  if (cached?.edgeSiteId && cached.sipDomain === sipDomain) return cached;

  const client = clientFor(settings);
  const [byoc, edge] = await Promise.allSettled([
    hasProduct(client, "byoc"),
    findSiteByName(client, edgeSiteName),
  ]);
  if (byoc.status === "rejected") throw byoc.reason;
  if (!byoc.value) {
    throw new pulumi.RunError(
      `The Genesys Cloud org at ${client.target} does not have the "byoc" product, so BYOC Cloud trunks cannot ` +
        `be created there. Ask Genesys to enable BYOC Cloud for the org, or point the stack at another org.`,
    );
  }
  if (edge.status === "rejected") throw edge.reason;
  if (!edge.value?.id) {
    throw new pulumi.RunError(
      `The org at ${client.target} has no site named "${edgeSiteName}" (the managed edge site BYOC Cloud ` +
        `sites run on). Check site.edgeSiteName in the stack config.`,
    );
  }
  const facts = { edgeSiteId: edge.value.id, sipDomain };
  writeCommandCache(key, facts);
  return facts;
}

/** The stack's outputs. */
export interface StackOutputs {
  locationId: pulumi.Output<string>;
  siteId: pulumi.Output<string>;
  trunkId: pulumi.Output<string>;
  outboundRouteId: pulumi.Output<string>;
  /** Where the carrier sends calls: `<inbound SIP termination identifier>.byoc.<domain>`. */
  sipTerminationFqdn: pulumi.Output<string>;
}

/** Declares the resource graph for `cfg` in an org described by `org`. */
export function buildStack(cfg: StackConfig, org: OrgFacts): StackOutputs {
  const p = cfg.namePrefix;
  const location = new Location("location", {
    name: p + cfg.location.name,
    emergencyNumber: { number: cfg.location.number },
    address: {
      street1: cfg.location.street1,
      street2: cfg.location.street2,
      city: cfg.location.city,
      state: cfg.location.state,
      zipcode: cfg.location.zipcode,
      country: cfg.location.country,
    },
    notes: cfg.location.notes,
  });

  const site = new Site("site", {
    name: p + cfg.site.name,
    locationId: location.id,
    primarySiteIds: [org.edgeSiteId],
    secondarySiteIds: [org.edgeSiteId],
    mediaModel: cfg.site.mediaModel ?? "Cloud",
    edgeAutoUpdate: {
      timeZone: cfg.site.timeZone ?? "America/New_York",
      rrule: cfg.site.rrule ?? "FREQ=DAILY",
      start: cfg.site.windowStart ?? "02:00",
      end: cfg.site.windowEnd ?? "05:00",
    },
    ntpServers: cfg.site.ntpServers,
    callerId: cfg.site.callerId,
    callerName: cfg.site.callerName,
    description: cfg.site.description,
  });

  const t = cfg.sipTrunk;
  // loadConfig guarantees the user name and the password come together.
  const digest =
    cfg.sipPassword && t.userName !== undefined
      ? cfg.sipPassword.apply((password) => ({ realm: t.realm, username: t.userName!, password }))
      : undefined;
  const trunk = new Trunk("trunk", {
    name: p + t.externalTrunkName,
    inboundSiteId: site.id,
    sipServers: t.sipServers,
    transport: t.transport,
    inboundSipTerminationIdentifier: t.inboundSipTerminationIdentifier,
    aclAllowList: t.aclAllowList,
    digest,
    outboundIdentity:
      t.callingName !== undefined || t.callingAddress !== undefined
        ? { callingName: t.callingName, callingAddress: t.callingAddress }
        : undefined,
  });

  const binding = new OutboundRouteBinding("outbound-route", {
    siteId: site.id,
    trunkIds: [trunk.id],
    routeName: cfg.route.name === undefined ? undefined : p + cfg.route.name,
    classificationTypes: cfg.route.classificationTypes,
    distribution: cfg.route.distribution,
  });

  return {
    locationId: location.id,
    siteId: site.id,
    trunkId: trunk.id,
    outboundRouteId: binding.routeId,
    sipTerminationFqdn: pulumi.output(`${t.inboundSipTerminationIdentifier}.byoc.${org.sipDomain}`),
  };
}

/** The whole program: settings, preflight, graph. */
export async function run(cfg: StackConfig): Promise<StackOutputs> {
  let settings: ConnectionSettings;
  try {
    settings = resolveConnection(programConfig);
  } catch (err) {
    throw err instanceof ConfigurationError ? new pulumi.RunError(err.message) : err;
  }
  const org = await preflight(settings, cfg.site.edgeSiteName);
  return buildStack(cfg, org);
}
