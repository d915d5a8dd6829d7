/**
 * A new site's "Default Outbound Route" exists as soon as the site does, but Genesys gives it its
 * classifications a few seconds later, only those no other route holds by then (reference §13:
 * Genesys's own Terraform provider waits 5 s for them). A binding that planned against the empty
 * route would keep nothing on it (a default-route binding without classificationTypes) or take
 * nothing off it (a named route, so nothing could go back on destroy). So a binding's create
 * first waits, bounded, until the route has settled, and then works as on any settled site.
 *
 * | function      | HTTP                                                                 |
 * |---------------|----------------------------------------------------------------------|
 * | settledRoutes | GET …/sites/{siteId}/outboundroutes; while unsettled, again every 1 s, at most 10 times |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import * as api from "../../genesys/outboundRoutes";
import { DEFAULT_ROUTE_NAME } from "./schema";

/** Pause between two looks at an unsettled default route (ms). */
export const SETTLE_POLL_MS = 1_000;
/** Looks after the first one: 10 s in all, twice what Genesys's own provider waits. */
export const SETTLE_POLLS = 10;

/**
 * True for a default route Genesys has not given its classifications yet: it has none and was
 * never changed (version 1). A route that was changed and has none keeps none.
 */
export function unsettled(r: Models.OutboundRouteBase): boolean {
  return r.name === DEFAULT_ROUTE_NAME && (r.version ?? 1) <= 1 && !r.classificationTypes?.length;
}

/**
 * The site's routes once its default route has settled, waiting (the client's own wait, so tests
 * never sleep) while it has not; after {@link SETTLE_POLLS} looks, the routes as they are then.
 */
export async function settledRoutes(c: GenesysClient, siteId: string): Promise<Models.OutboundRouteBase[]> {
  let routes = await api.list(c, siteId);
  for (let i = 0; i < SETTLE_POLLS && routes.some(unsettled); i++) {
    await c.retryPolicy.sleep(SETTLE_POLL_MS);
    routes = await api.list(c, siteId);
  }
  return routes;
}
