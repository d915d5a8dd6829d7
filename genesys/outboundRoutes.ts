/**
 * Site outbound routes API.
 *
 * | function   | HTTP                                                                        |
 * |------------|-----------------------------------------------------------------------------|
 * | get        | GET    /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes/{id} |
 * | findByName | GET    /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes?name=… |
 * | list       | GET    /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes (paged) |
 * | usingTrunk | GET    /api/v2/telephony/providers/edges/outboundroutes?externalTrunkBases.ids= (org-wide, paged) |
 * | create     | POST   /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes      |
 * | put        | PUT    /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes/{id} |
 * | remove     | DELETE /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes/{id} |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";

const PATH = "/api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes";

/** The route, or undefined when it (or its site) is gone. */
export async function get(
  client: GenesysClient,
  siteId: string,
  id: string,
): Promise<Models.OutboundRouteBase | undefined> {
  const route = await orUndefinedIfNotFound(() =>
    client.call<Models.OutboundRouteBase>(`GET ${PATH}/{id}`, (a) =>
      a.edges.getTelephonyProvidersEdgesSiteOutboundroute(siteId, id),
    ),
  );
  return route && route.state !== "deleted" ? route : undefined;
}

/** The site's route with exactly this name, if any. */
export async function findByName(
  client: GenesysClient,
  siteId: string,
  name: string,
): Promise<Models.OutboundRouteBase | undefined> {
  const all = await client.listAll<Models.OutboundRouteBase>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, { pageSize: 100, pageNumber, name }),
  );
  return all.find((r) => r.name === name && r.state !== "deleted");
}

/** Every route of the site (deleted ones left out). */
export async function list(client: GenesysClient, siteId: string): Promise<Models.OutboundRouteBase[]> {
  const all = await client.listAll<Models.OutboundRouteBase>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, { pageSize: 100, pageNumber }),
  );
  return all.filter((r) => r.state !== "deleted");
}

/** Every route in the org, on any site, whose trunks include `trunkId`. */
export async function usingTrunk(client: GenesysClient, trunkId: string): Promise<Models.OutboundRoute[]> {
  const all = await client.listAll<Models.OutboundRoute>(
    "GET /api/v2/telephony/providers/edges/outboundroutes",
    (a, pageNumber) =>
      a.edges.getTelephonyProvidersEdgesOutboundroutes({
        pageSize: 100,
        pageNumber,
        externalTrunkBasesIds: trunkId,
      }),
  );
  return all.filter((r) => r.state !== "deleted" && r.externalTrunkBases?.some((t) => t.id === trunkId));
}

export function create(
  client: GenesysClient,
  siteId: string,
  body: Models.OutboundRouteBase,
): Promise<Models.OutboundRouteBase> {
  return client.call(`POST ${PATH}`, (a) =>
    a.edges.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, body),
  );
}

export function put(
  client: GenesysClient,
  siteId: string,
  id: string,
  body: Models.OutboundRouteBase,
): Promise<Models.OutboundRouteBase> {
  return client.call(`PUT ${PATH}/{id}`, (a) =>
    a.edges.putTelephonyProvidersEdgesSiteOutboundroute(siteId, id, body),
  );
}

/** Deletes the route; a 404 counts as done. */
export async function remove(client: GenesysClient, siteId: string, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) =>
      a.edges.deleteTelephonyProvidersEdgesSiteOutboundroute(siteId, id),
    ),
  );
}
