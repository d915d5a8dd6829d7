import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ownerInput, OWNER_KEY } from "../common/ownership";
import { ShellResource } from "../common/shell";
import type { BorrowedClassifications, OutboundRouteBindingInputs, RouteSnapshot } from "./schema";

export type { BorrowedClassifications, OutboundRouteBindingInputs, RouteSnapshot } from "./schema";
export { DEFAULT_ROUTE_NAME } from "./schema";

/** Arguments of an {@link OutboundRouteBinding}; every field is documented on {@link OutboundRouteBindingInputs}. */
export type OutboundRouteBindingArgs = Args<OutboundRouteBindingInputs>;

/**
 * Puts trunks on a site's outbound route. By default it takes over the site's auto-created
 * "Default Outbound Route" and gives it back its previous contents on delete; with `routeName` it
 * creates (and on delete removes) a route of its own, or with `adoptId` as well takes over an
 * existing route of the site (writing only what differs) and manages it from then on, removing it
 * on delete. Its id is `<siteId>:<routeId>`.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:OutboundRouteBinding`.
 */
export class OutboundRouteBinding extends ShellResource {
  /** Genesys id of the route. */
  declare readonly routeId: pulumi.Output<string>;
  /** The trunks on the route, in order. */
  declare readonly trunkIds: pulumi.Output<string[]>;
  /** The route's name in Genesys ("Default Outbound Route" for the site's default route). */
  declare readonly name: pulumi.Output<string>;
  /** The classifications the route serves (declared, or kept from the default route). */
  declare readonly classifications: pulumi.Output<string[]>;
  /** For the default route: what it carried before (restored on delete); never set for a named route. */
  declare readonly adoptedFrom: pulumi.Output<RouteSnapshot | undefined>;
  /** Classifications taken off the site's other routes; given back on delete. */
  declare readonly borrowed: pulumi.Output<BorrowedClassifications[] | undefined>;

  /**
   * @param name Pulumi resource name.
   * @param args The site, trunks and route settings; see {@link OutboundRouteBindingInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: OutboundRouteBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "outboundRouteBinding",
      "OutboundRouteBinding",
      name,
      {
        routeId: undefined,
        name: undefined,
        classifications: undefined,
        adoptedFrom: undefined,
        borrowed: undefined,
        ...args,
        [OWNER_KEY]: ownerInput("OutboundRouteBinding", name, opts),
      },
      opts,
    );
  }
}
