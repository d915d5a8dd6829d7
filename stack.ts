/**
 * The stack program: preflight against the org, then the resource graph
 * Location → Site → Trunk (inbound site = Site) → OutboundRouteBinding (Site's route carries Trunk).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config";
import { clientFor, clientKey } from "./genesys/client";
import { readCommandCache, writeCommandCache } from "./genesys/commandCache";
import { ConfigSource, ConfigurationError, ConnectionSettings, resolveConnection } from "./genesys/config";
import { describeFailure } from "./genesys/errors";
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
  const key = `preflight\n${edgeSiteName}\n${clientKey(settings)}`;
  const cached = readCommandCache<OrgFacts>(key);
  if (cached?.edgeSiteId) return cached;

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
  const facts = { edgeSiteId: edge.value.id };
  writeCommandCache(key, facts);
  return facts;
}

/** What the stack exports for one carrier. */
export interface CarrierOutputs {
  trunkId: pulumi.Output<string>;
  /** The trunk's name in Genesys, with the prefix. */
  name: pulumi.Output<string>;
  /** Where the carrier sends calls: `<inbound SIP termination identifier>.byoc.<domain>`. */
  sipTerminationFqdn: pulumi.Output<string | undefined>;
}

/** What the stack exports for one route. */
export interface RouteOutputs {
  routeId: pulumi.Output<string>;
  /** The route's name in Genesys ("Default Outbound Route", or the prefixed name). */
  name: pulumi.Output<string>;
  classifications: pulumi.Output<string[]>;
  /** The carriers (keys) on the route, in order. */
  carriers: string[];
}

/** The stack's outputs. */
export interface StackOutputs {
  locationId: pulumi.Output<string>;
  locationName: pulumi.Output<string>;
  siteId: pulumi.Output<string>;
  siteName: pulumi.Output<string>;
  /** Per carrier key (`sipTrunk` for the single-carrier form). */
  carriers: Record<string, CarrierOutputs>;
  /** Per route: "default" for the site's Default Outbound Route, else the route's configured name. */
  routes: Record<string, RouteOutputs>;
  /** Single-carrier form (`sipTrunk`): the trunk's id. */
  trunkId?: pulumi.Output<string>;
  /** Single-carrier form: the route's id. */
  outboundRouteId?: pulumi.Output<string>;
  /** Single-carrier form: the trunk's SIP termination FQDN. */
  sipTerminationFqdn?: pulumi.Output<string | undefined>;
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

  const trunks = new Map<string, Trunk>();
  for (const c of cfg.carriers) {
    const t = c.trunk;
    // loadConfig guarantees the user name and the password come together.
    const digest =
      c.password && t.userName !== undefined
        ? c.password.apply((password) => ({ realm: t.realm, username: t.userName!, password }))
        : undefined;
    trunks.set(
      c.key,
      new Trunk(c.resourceName, {
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
      }),
    );
  }

  const routes: Record<string, RouteOutputs> = {};
  const bindings: OutboundRouteBinding[] = [];
  for (const r of cfg.routes) {
    const binding = new OutboundRouteBinding(r.resourceName, {
      siteId: site.id,
      trunkIds: r.carriers.map((k) => trunks.get(k)!.id),
      routeName: r.name === undefined ? undefined : p + r.name,
      classificationTypes: r.classificationTypes,
      distribution: r.distribution,
    });
    bindings.push(binding);
    routes[r.name ?? "default"] = {
      routeId: binding.routeId,
      name: binding.name,
      classifications: binding.classifications,
      carriers: r.carriers,
    };
  }

  const carriers: Record<string, CarrierOutputs> = {};
  for (const [key, trunk] of trunks) {
    carriers[key] = { trunkId: trunk.id, name: trunk.name, sipTerminationFqdn: trunk.sipTerminationFqdn };
  }
  const single =
    cfg.carriers.length === 1 && cfg.carriers[0].key === "sipTrunk" ? trunks.get("sipTrunk") : undefined;
  return {
    locationId: location.id,
    locationName: location.name,
    siteId: site.id,
    siteName: site.name,
    carriers,
    routes,
    ...(single && {
      trunkId: single.id,
      sipTerminationFqdn: single.sipTerminationFqdn,
      ...(bindings.length === 1 && { outboundRouteId: bindings[0].routeId }),
    }),
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
  let org: OrgFacts;
  try {
    org = await preflight(settings, cfg.site.edgeSiteName);
  } catch (err) {
    // One line naming the host or setting to fix, never a stack trace or an SDK dump.
    throw err instanceof pulumi.RunError
      ? err
      : new pulumi.RunError(describeFailure(err, clientFor(settings).target));
  }
  return buildStack(cfg, org);
}
