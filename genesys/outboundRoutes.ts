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
 * | update     | GET …/outboundroutes/{id} (unless already read) + PUT with the version read; on a version conflict both again |
 * | removeTrunks | as update, taking trunks off the route                                    |
 * | remove     | DELETE /api/v2/telephony/providers/edges/sites/{siteId}/outboundroutes/{id} |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";
import { writeWithVersion } from "./retry";

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

/**
 * A route's whole PUT body as read, with the version read: where every change starts, so the
 * fields the change does not touch go back exactly as they are.
 */
export function bodyOf(r: Models.OutboundRouteBase): Models.OutboundRouteBase {
  return {
    name: r.name!,
    description: r.description ?? "",
    classificationTypes: r.classificationTypes ?? [],
    enabled: r.enabled,
    distribution: r.distribution || "SEQUENTIAL",
    externalTrunkBases: (r.externalTrunkBases ?? []).map((t) => ({ id: t.id })),
    version: r.version,
  };
}

/**
 * Changes one route, read-modify-write. `change(route)` returns the PUT body with the caller's
 * change applied to the route as read (start from {@link bodyOf}), or undefined when the route
 * needs no write. The PUT carries the version read; on a version conflict the route is read
 * again and `change` applied to the fresh copy (see {@link writeWithVersion}), so what another
 * writer set in between is kept. `first` is the route as already read (saves the first GET).
 *
 * Returns the route as written (or as read, when nothing was written), or undefined when the
 * route or its site is gone.
 */
export function update(
  client: GenesysClient,
  siteId: string,
  id: string,
  change: (route: Models.OutboundRouteBase) => Models.OutboundRouteBase | undefined,
  first?: Models.OutboundRouteBase,
): Promise<Models.OutboundRouteBase | undefined> {
  let name = first?.name;
  return writeWithVersion(
    () => `Outbound route ${name ? `"${name}" ` : ""}(${id}) on site ${siteId}`,
    () => get(client, siteId, id),
    async (route) => {
      if (!route) return undefined;
      name = route.name;
      const body = change(route);
      if (!body) return route;
      return orUndefinedIfNotFound(() => put(client, siteId, id, { ...body, version: route.version }));
    },
    first,
  );
}

/**
 * Takes `trunkIds` off the route (read-modify-write, see {@link update}); nothing else changes.
 * Returns the route as left, or undefined when it is gone, and whether this call wrote it
 * (false when the route, as read, carried none of them any more).
 */
export async function removeTrunks(
  client: GenesysClient,
  siteId: string,
  id: string,
  trunkIds: readonly string[],
  first?: Models.OutboundRouteBase,
): Promise<{ route?: Models.OutboundRouteBase; edited: boolean }> {
  let edited = false;
  const route = await update(
    client,
    siteId,
    id,
    (r) => {
      const keep = (r.externalTrunkBases ?? []).filter((t) => !trunkIds.includes(t.id!));
      edited = keep.length !== (r.externalTrunkBases ?? []).length;
      return edited ? { ...bodyOf(r), externalTrunkBases: keep.map((t) => ({ id: t.id })) } : undefined;
    },
    first,
  );
  return { route, edited: edited && route !== undefined };
}

/** Deletes the route; a 404 counts as done. */
export async function remove(client: GenesysClient, siteId: string, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) =>
      a.edges.deleteTelephonyProvidersEdgesSiteOutboundroute(siteId, id),
    ),
  );
}
