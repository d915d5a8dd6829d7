/**
 * A new site's "Default Outbound Route" exists as soon as the site does, but Genesys gives it its
 * classifications a few seconds later, only those no other route holds by then. A binding that
 * planned against the empty route would keep nothing on it (a default-route binding without
 * classificationTypes) or take nothing off it (a named route, so nothing could go back on
 * destroy). So a binding's create first waits until the route has settled, and then works as on
 * any settled site.
 *
 * What the live API guarantees, and what is chosen here where it does not:
 * - Guaranteed (Genesys's acceptance tests): the default route is there at once, and a route can
 *   be POSTed or PUT on a site created moments before. Nothing is documented about when the
 *   classifications come: no settle time, no field or event that announces it.
 * - Genesys's own Terraform provider sleeps 5 s after creating a site before it reads the routes
 *   ("the default outbound routes won't be assigned yet if there isn't a wait"), and its
 *   acceptance tests pass against real orgs with that: so the settle is expected
 *   {@link EXPECTED_SETTLE_MS} after the site's creation (the emulator's default too).
 * - When the site was created: the moment this process's POST was answered (genesys/sites.ts
 *   `createdAt`: the site resource of the same deployment made it), on our own clock; else (a site
 *   made by an earlier run, moments ago) the default route's `dateCreated`, on Genesys's clock,
 *   trusted only as far as the clocks agree: the wait it gives is never longer than the whole
 *   expected settle.
 * - Chosen: one look at the routes (a settled site never waits); on a fresh site one wait until
 *   the expected settle, one look; only if Genesys is later than that, looks at growing pauses
 *   ({@link RECHECK_MS}), then the routes as they are. So a fresh site costs two GETs, and a
 *   binding writes about one round trip after the settle, instead of polling every second; the
 *   rate limit (per token, shared by the whole deployment) sees no burst.
 *
 * | function      | HTTP                                                                 |
 * |---------------|----------------------------------------------------------------------|
 * | settledRoutes | GET …/sites/{siteId}/outboundroutes; while unsettled: once more at the expected settle, then again after each of {@link RECHECK_MS} |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import * as api from "../../genesys/outboundRoutes";
import { createdAt } from "../../genesys/sites";
import { DEFAULT_ROUTE_NAME } from "./schema";

/**
 * When a new site's default route is expected to have its classifications: 5 s after the site is
 * created, what Genesys's own Terraform provider waits (and the emulator's default settle).
 */
export const EXPECTED_SETTLE_MS = 5_000;

/**
 * Pauses between the looks after the expected settle, while the route is still unsettled (ms):
 * growing, so a slow settle costs a few GETs, not one a second; 9.5 s in all, so a binding gives
 * up waiting at most 14.5 s after its site was created (and then works from the routes as they are).
 */
export const RECHECK_MS: readonly number[] = [500, 1_000, 2_000, 2_000, 2_000, 2_000];

/**
 * True for a default route Genesys has not given its classifications yet: it has none and was
 * never changed (version 1). A route that was changed and has none keeps none.
 */
export function unsettled(r: Models.OutboundRouteBase): boolean {
  return r.name === DEFAULT_ROUTE_NAME && (r.version ?? 1) <= 1 && !r.classificationTypes?.length;
}

/**
 * How long to wait (ms) before looking again at a fresh default route: until
 * {@link EXPECTED_SETTLE_MS} after the site's creation, never more than that in all, 0 when it has
 * passed.
 *
 * @param now The client's clock (epoch ms).
 * @param created When this process created the site (our clock), if it did.
 * @param routeCreated The default route's `dateCreated` (Genesys's clock), the fallback.
 */
export function waitForSettle(
  now: number,
  created: number | undefined,
  routeCreated: string | undefined,
): number {
  const from = created ?? (routeCreated ? Date.parse(routeCreated) : NaN);
  if (!Number.isFinite(from)) return EXPECTED_SETTLE_MS;
  return Math.min(EXPECTED_SETTLE_MS, Math.max(0, from + EXPECTED_SETTLE_MS - now));
}

/**
 * The site's routes once its default route has settled (see the module comment for when it looks),
 * waiting on the client's own clock (its retry policy's sleep, so tests never sleep); after the
 * last of {@link RECHECK_MS}, the routes as they are then.
 */
export async function settledRoutes(c: GenesysClient, siteId: string): Promise<Models.OutboundRouteBase[]> {
  let routes = await api.list(c, siteId);
  const fresh = routes.find(unsettled);
  if (!fresh) return routes;
  const first = waitForSettle(c.retryPolicy.now(), createdAt(siteId), fresh.dateCreated);
  for (const ms of first > 0 ? [first, ...RECHECK_MS] : RECHECK_MS) {
    await c.retryPolicy.sleep(ms);
    routes = await api.list(c, siteId);
    if (!routes.some(unsettled)) break;
  }
  return routes;
}
