/**
 * The project's own stack program: one {@link ByocTelephony} built from the stack config, and the
 * stack outputs the program has always exported.
 *
 * Stacks created before the component existed hold the same resources at the stack's root, under
 * the names the program gave them then (`location`, `site`, `trunk`/`trunk-<key>`,
 * `outbound-route`/`route-<name>`). Each child gets an alias to that root name, so those stacks
 * move under the component with nothing created, replaced or deleted.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ByocTelephony,
  type CarrierOutputs,
  type DidPoolsOutputs,
  type EstateSiteOutputs,
  type RouteOutputs,
} from "../lib";
import { childNames } from "../settings";
import { StackConfig, telephonyArgs } from "./config";

/** The Pulumi name of the program's component (its children are named `byoc-…`). */
export const COMPONENT_NAME = "byoc";

/** The stack's outputs. */
export interface StackOutputs {
  locationId: pulumi.Output<string>;
  locationName: pulumi.Output<string>;
  siteId: pulumi.Output<string>;
  siteName: pulumi.Output<string>;
  /** Per carrier key (`sipTrunk` for the single-carrier form). */
  carriers: pulumi.Output<Record<string, CarrierOutputs>>;
  /** Per route: "default" for the site's Default Outbound Route, else the route's configured name. */
  routes: pulumi.Output<Record<string, RouteOutputs>>;
  /** Single-carrier form (`sipTrunk`): the trunk's id. */
  trunkId?: pulumi.Output<string>;
  /** Single-carrier form: the route's id. */
  outboundRouteId?: pulumi.Output<string>;
  /** Single-carrier form: the trunk's SIP termination FQDN. */
  sipTerminationFqdn?: pulumi.Output<string | undefined>;
  /** The DID pools, when `didPools` is set: by key (a list of pools: in its order). */
  didPools?: pulumi.Output<DidPoolsOutputs>;
}

/** The stack's outputs in the estate form (`sites`). */
export interface EstateOutputs {
  /** Per site key: its location and site ids, routes and number plan names. */
  sites: pulumi.Output<Record<string, EstateSiteOutputs>>;
  /** Per carrier key. */
  carriers: pulumi.Output<Record<string, CarrierOutputs>>;
  /** The DID pools, when `didPools` is set: by key (a list of pools: in its order). */
  didPools?: pulumi.Output<DidPoolsOutputs>;
}

/**
 * Each child's alias to the name it had at the stack's root before the component (the single-site
 * form only: the estate form came after it).
 */
export function rootNameAliases(cfg: StackConfig): Record<string, pulumi.Alias[]> {
  if (cfg.sites !== undefined) return {};
  const root = (name: string) => [{ name, parent: pulumi.rootStackResource }];
  return Object.fromEntries([
    [childNames.location, root("location")],
    [childNames.site, root("site")],
    ...cfg.carriers.map((c) => [childNames.trunk(c.key), root(c.resourceName)]),
    ...cfg.routes.map((r) => [childNames.route(r.name), root(r.resourceName)]),
  ]);
}

/**
 * The whole program for a checked config: the component and the stack outputs (none when the
 * component's preflight failed: it has reported why).
 */
export async function run(cfg: StackConfig): Promise<StackOutputs | EstateOutputs | Record<string, never>> {
  const telephony = new ByocTelephony(COMPONENT_NAME, telephonyArgs(cfg), {
    childAliases: rootNameAliases(cfg),
  });
  if (!(await telephony.ready)) return {};
  if (cfg.sites !== undefined)
    return {
      sites: telephony.sites,
      carriers: telephony.carriers,
      ...(cfg.didPools !== undefined && { didPools: telephony.didPools }),
    };
  const single = cfg.carriers.length === 1 && cfg.carriers[0].key === "sipTrunk";
  return {
    locationId: telephony.locationId,
    locationName: telephony.locationName,
    siteId: telephony.siteId,
    siteName: telephony.siteName,
    carriers: telephony.carriers,
    routes: telephony.routes,
    ...(cfg.didPools !== undefined && { didPools: telephony.didPools }),
    ...(single && {
      trunkId: telephony.carriers.apply((c) => c.sipTrunk.trunkId),
      sipTerminationFqdn: telephony.carriers.apply((c) => c.sipTrunk.sipTerminationFqdn),
      ...(cfg.routes.length === 1 && {
        outboundRouteId: telephony.routes.apply((r) => Object.values(r)[0].routeId),
      }),
    }),
  };
}
