/**
 * The URL table: method + path pattern → one call into the store modules. No semantics here.
 * Paths are exactly those the official SDK calls (reference §6–§9).
 */
import * as dp from "./didPools";
import * as loc from "./locations";
import * as plans from "./numberPlans";
import { getMediaRegions, getOrganization, getProducts, putOrganization } from "./org";
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
  /**
   * The response's model in the official SDK's typings (`Site`, `Array<NumberPlan>`, …); none when there is no
   * body. The contract test checks every response against it.
   */
  model?: string;
}

const EDGES = "/api/v2/telephony/providers/edges";

/** Every implemented endpoint. Literal segments win over parameters (e.g. `template` before `:id`). */
export const ROUTES: Route[] = [
  {
    method: "GET",
    pattern: "/api/v2/authorization/products",
    handler: (c) => getProducts(c.store),
    model: "OrganizationProductEntityListing",
  },
  {
    method: "GET",
    pattern: "/api/v2/organizations/me",
    handler: (c) => getOrganization(c.store),
    model: "Organization",
  },
  {
    method: "GET",
    pattern: "/api/v2/locations",
    handler: (c) => loc.listLocations(c.store, c.query),
    model: "LocationEntityListing",
  },
  {
    method: "POST",
    pattern: "/api/v2/locations",
    handler: (c) => loc.createLocation(c.store, c.body),
    model: "LocationDefinition",
  },
  {
    method: "POST",
    pattern: "/api/v2/locations/search",
    handler: (c) => loc.searchLocations(c.store, c.body),
    model: "LocationsSearchResponse",
  },
  {
    method: "GET",
    pattern: "/api/v2/locations/search",
    handler: (c) => loc.searchLocationsQ64(c.store, c.query),
    model: "LocationsSearchResponse",
  },
  {
    method: "GET",
    pattern: "/api/v2/locations/:id",
    handler: (c) => loc.getLocation(c.store, c.params[0]),
    model: "LocationDefinition",
  },
  {
    method: "PATCH",
    pattern: "/api/v2/locations/:id",
    handler: (c) => loc.patchLocation(c.store, c.params[0], c.body),
    model: "LocationDefinition",
  },
  {
    method: "DELETE",
    pattern: "/api/v2/locations/:id",
    handler: (c) => loc.deleteLocation(c.store, c.params[0]),
    status: 204, // [U] 200 or 204; "no content" wording
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites`,
    handler: (c) => sites.listSites(c.store, c.query),
    model: "SiteEntityListing",
  },
  {
    method: "POST",
    pattern: `${EDGES}/sites`,
    handler: (c) => sites.createSite(c.store, c.body),
    model: "Site",
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id`,
    handler: (c) => sites.getSite(c.store, c.params[0]),
    model: "Site",
  },
  {
    method: "PUT",
    pattern: `${EDGES}/sites/:id`,
    handler: (c) => sites.putSite(c.store, c.params[0], c.body),
    model: "Site",
  },
  { method: "DELETE", pattern: `${EDGES}/sites/:id`, handler: (c) => sites.deleteSite(c.store, c.params[0]) },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans`,
    handler: (c) => plans.listNumberPlans(c.store, c.params[0]),
    model: "Array<NumberPlan>",
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans/classifications`,
    handler: (c) => plans.listClassifications(c.store, c.params[0], c.query),
    model: "Array<string>",
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/numberplans/:planId`,
    handler: (c) => plans.getNumberPlan(c.store, c.params[0], c.params[1]),
    model: "NumberPlan",
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/outboundroutes`,
    handler: (c) => routes.listRoutes(c.store, c.params[0], c.query),
    model: "OutboundRouteBaseEntityListing",
  },
  {
    method: "POST",
    pattern: `${EDGES}/sites/:id/outboundroutes`,
    handler: (c) => routes.createRoute(c.store, c.params[0], c.body),
    model: "OutboundRouteBase",
  },
  {
    method: "GET",
    pattern: `${EDGES}/sites/:id/outboundroutes/:routeId`,
    handler: (c) => routes.getRoute(c.store, c.params[0], c.params[1]),
    model: "OutboundRouteBase",
  },
  {
    method: "PUT",
    pattern: `${EDGES}/sites/:id/outboundroutes/:routeId`,
    handler: (c) => routes.putRoute(c.store, c.params[0], c.params[1], c.body),
    model: "OutboundRouteBase",
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
    model: "OutboundRouteEntityListing",
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings`,
    handler: (c) => tb.listTrunkBases(c.store, c.query),
    model: "TrunkBaseEntityListing",
  },
  {
    method: "POST",
    pattern: `${EDGES}/trunkbasesettings`,
    handler: (c) => tb.createTrunkBase(c.store, c.body),
    model: "TrunkBase",
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/template`,
    handler: (c) => tb.trunkBaseTemplate(c.query),
    model: "TrunkBase",
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/availablemetabases`,
    handler: (c) => tb.availableMetabases(c.query),
    model: "TrunkMetabaseEntityListing",
  },
  {
    method: "GET",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.getTrunkBase(c.store, c.params[0]),
    model: "TrunkBase",
  },
  {
    method: "PUT",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.putTrunkBase(c.store, c.params[0], c.body),
    model: "TrunkBase",
  },
  {
    method: "DELETE",
    pattern: `${EDGES}/trunkbasesettings/:id`,
    handler: (c) => tb.deleteTrunkBase(c.store, c.params[0]),
  },
  {
    method: "GET",
    pattern: `${EDGES}/didpools`,
    handler: (c) => dp.listDidPools(c.store, c.query),
    model: "DIDPoolEntityListing",
  },
  {
    method: "POST",
    pattern: `${EDGES}/didpools`,
    handler: (c) => dp.createDidPool(c.store, c.body),
    model: "DIDPool",
  },
  {
    method: "GET",
    pattern: `${EDGES}/didpools/:id`,
    handler: (c) => dp.getDidPool(c.store, c.params[0]),
    model: "DIDPool",
  },
  {
    method: "PUT",
    pattern: `${EDGES}/didpools/:id`,
    handler: (c) => dp.putDidPool(c.store, c.params[0], c.body),
    model: "DIDPool",
  },
  {
    method: "DELETE",
    pattern: `${EDGES}/didpools/:id`,
    handler: (c) => dp.deleteDidPool(c.store, c.params[0]),
  },
  {
    method: "PUT",
    pattern: "/api/v2/organizations/me",
    handler: (c) => putOrganization(c.store, c.body),
    model: "Organization",
  },
  {
    method: "GET",
    pattern: "/api/v2/telephony/mediaregions",
    handler: () => getMediaRegions(),
    model: "MediaRegions",
  },
  {
    method: "PUT",
    pattern: `${EDGES}/sites/:id/numberplans`,
    handler: (c) => plans.putNumberPlans(c.store, c.params[0], c.body),
    model: "Array<NumberPlan>",
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
