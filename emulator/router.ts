/**
 * The URL table: method + path pattern → one call into the store modules. No semantics here.
 * Paths are exactly those the official SDK calls (reference §6–§9).
 */
import * as loc from "./locations";
import { getOrganization, getProducts } from "./org";
import * as routes from "./outboundRoutes";
import * as sites from "./sites";
import type { Store } from "./store";
import * as tb from "./trunkBases";
import type { Query } from "./validate";

/** What a handler sees. */
export interface RouteContext {
  store: Store;
  /** Path parameters in pattern order. */
  params: string[];
  query: Query;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
}

/** One row of the table. */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Segments; `:name` is a parameter. */
  pattern: string;
  /** Returns the JSON body; `undefined` means "no body". */
  handler: (c: RouteContext) => unknown;
  /** Success status (200 unless stated). */
  status?: number;
}

const EDGES = "/api/v2/telephony/providers/edges";

/** Every implemented endpoint. Literal segments win over parameters (e.g. `template` before `:id`). */
export const ROUTES: Route[] = [
  { method: "GET", pattern: "/api/v2/authorization/products", handler: (c) => getProducts(c.store) },
  { method: "GET", pattern: "/api/v2/organizations/me", handler: (c) => getOrganization(c.store) },

  { method: "GET", pattern: "/api/v2/locations", handler: (c) => loc.listLocations(c.store, c.query) },
  { method: "POST", pattern: "/api/v2/locations", handler: (c) => loc.createLocation(c.store, c.body) },
  {
    method: "POST",
    pattern: "/api/v2/locations/search",
    handler: (c) => loc.searchLocations(c.store, c.body),
  },
  {
    method: "GET",
    pattern: "/api/v2/locations/search",
    handler: (c) => loc.searchLocationsQ64(c.store, c.query),
  },
  { method: "GET", pattern: "/api/v2/locations/:id", handler: (c) => loc.getLocation(c.store, c.params[0]) },
  {
    method: "PATCH",
    pattern: "/api/v2/locations/:id",
    handler: (c) => loc.patchLocation(c.store, c.params[0], c.body),
  },
  {
    method: "DELETE",
    pattern: "/api/v2/locations/:id",
    handler: (c) => loc.deleteLocation(c.store, c.params[0]),
    status: 204, // [U] 200 or 204; "no content" wording
  },

  { method: "GET", pattern: `${EDGES}/sites`, handler: (c) => sites.listSites(c.store, c.query) },
  { method: "POST", pattern: `${EDGES}/sites`, handler: (c) => sites.createSite(c.store, c.body) },
  { method: "GET", pattern: `${EDGES}/sites/:id`, handler: (c) => sites.getSite(c.store, c.params[0]) },
  {
    method: "PUT",
    pattern: `${EDGES}/sites/:id`,
    handler: (c) => sites.putSite(c.store, c.params[0], c.body),
  },
  { method: "DELETE", pattern: `${EDGES}/sites/:id`, handler: (c) => sites.deleteSite(c.store, c.params[0]) },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans`,
    handler: (c) => sites.listNumberPlans(c.store, c.params[0]),
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans/classifications`,
    handler: (c) => sites.listClassifications(c.store, c.params[0], c.query),
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans/:planId`,
    handler: (c) => sites.getNumberPlan(c.store, c.params[0], c.params[1]),
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/outboundroutes`,
    handler: (c) => routes.listRoutes(c.store, c.params[0], c.query),
  },
  {
    method: "POST",
    pattern: `${EDGES}/sites/:id/outboundroutes`,
    handler: (c) => routes.createRoute(c.store, c.params[0], c.body),
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/outboundroutes/:routeId`,
    handler: (c) => routes.getRoute(c.store, c.params[0], c.params[1]),
  },
  {
    method: "PUT",
    pattern: `${EDGES}/sites/:id/outboundroutes/:routeId`,
    handler: (c) => routes.putRoute(c.store, c.params[0], c.params[1], c.body),
  },
  {
    method: "DELETE",
    pattern: `${EDGES}/sites/:id/outboundroutes/:routeId`,
    handler: (c) => routes.deleteRoute(c.store, c.params[0], c.params[1]),
  },
  {
    method: "GET",
    pattern: `${EDGES}/outboundroutes`,
    handler: (c) => routes.listAllRoutes(c.store, c.query),
  },

  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings`,
    handler: (c) => tb.listTrunkBases(c.store, c.query),
  },
  {
    method: "POST",
    pattern: `${EDGES}/trunkbasesettings`,
    handler: (c) => tb.createTrunkBase(c.store, c.body),
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/template`,
    handler: (c) => tb.trunkBaseTemplate(c.query),
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/availablemetabases`,
    handler: (c) => tb.availableMetabases(c.query),
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.getTrunkBase(c.store, c.params[0]),
  },
  {
    method: "PUT",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.putTrunkBase(c.store, c.params[0], c.body),
  },
  {
    method: "DELETE",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.deleteTrunkBase(c.store, c.params[0]),
  },
];

const compiled = ROUTES.map((r) => ({ route: r, segs: r.pattern.split("/") }));

/** Finds the route for a method and path; `params` are URL-decoded. */
export function matchRoute(method: string, path: string): { route: Route; params: string[] } | undefined {
  const segs = path.split("/");
  let best: { route: Route; params: string[]; literals: number } | undefined;
  for (const { route, segs: pat } of compiled) {
    if (route.method !== method || pat.length !== segs.length) continue;
    const params: string[] = [];
    let literals = 0;
    let ok = true;
    for (let i = 0; i < pat.length && ok; i++) {
      if (pat[i].startsWith(":")) {
        if (segs[i] === "") ok = false;
        else params.push(safeDecode(segs[i]));
      } else if (pat[i] === segs[i]) literals++;
      else ok = false;
    }
    if (ok && (!best || literals > best.literals)) best = { route, params, literals };
  }
  return best && { route: best.route, params: best.params };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
