import * as pulumi from "@pulumi/pulumi";
import { Args, TOKEN_MODULE } from "../common/resource";
import { shellProvider } from "../common/shell";
import type { OutboundRouteBindingInputs, RouteSnapshot } from "./schema";

export type { OutboundRouteBindingInputs, RouteSnapshot } from "./schema";
export { DEFAULT_ROUTE_NAME } from "./schema";

/** Arguments of an {@link OutboundRouteBinding}; every field is documented on {@link OutboundRouteBindingInputs}. */
export type OutboundRouteBindingArgs = Args<OutboundRouteBindingInputs>;

/**
 * Puts trunks on a site's outbound route. By default it takes over the site's auto-created
 * "Default Outbound Route" and gives it back its previous contents on delete; with `routeName` it
 * creates (and on delete removes) a route of its own. Its id is `<siteId>:<routeId>`.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:OutboundRouteBinding`.
 */
export class OutboundRouteBinding extends pulumi.dynamic.Resource {
  /** Genesys id of the route. */
  declare readonly routeId: pulumi.Output<string>;
  /** The trunks on the route, in order. */
  declare readonly trunkIds: pulumi.Output<string[]>;
  /** For an adopted default route: what it carried before (restored on delete). */
  declare readonly adoptedFrom: pulumi.Output<RouteSnapshot | undefined>;

  /**
   * @param name Pulumi resource name.
   * @param args The site, trunks and route settings; see {@link OutboundRouteBindingInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: OutboundRouteBindingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      shellProvider("outboundRouteBinding"),
      name,
      { routeId: undefined, adoptedFrom: undefined, ...args },
      opts,
      TOKEN_MODULE,
      "OutboundRouteBinding",
    );
  }
}
