/**
 * Telephony sites API.
 *
 * | function   | HTTP                                                              |
 * |------------|-------------------------------------------------------------------|
 * | get        | GET    /api/v2/telephony/providers/edges/sites/{id}               |
 * | findByName | GET    /api/v2/telephony/providers/edges/sites?name=… (paged)     |
 * | list       | GET    /api/v2/telephony/providers/edges/sites (every page)       |
 * | inLocation | GET    /api/v2/telephony/providers/edges/sites?location.id=… (every page) |
 * | create     | POST   /api/v2/telephony/providers/edges/sites (records when it was made, see createdAt) |
 * | put        | PUT    /api/v2/telephony/providers/edges/sites/{id}  (version)    |
 * | remove     | DELETE /api/v2/telephony/providers/edges/sites/{id}               |
 * | classifications | see ./numberPlans                                  |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";
import { findSiteByName } from "./org";

const PATH = "/api/v2/telephony/providers/edges/sites";

/** The site, or undefined when it is gone (404 or state `deleted`). */
export async function get(client: GenesysClient, id: string): Promise<Models.Site | undefined> {
  const site = await orUndefinedIfNotFound(() =>
    client.call<Models.Site>(`GET ${PATH}/{id}`, (a) => a.edges.getTelephonyProvidersEdgesSite(id)),
  );
  return site && site.state !== "deleted" ? site : undefined;
}

export const findByName = findSiteByName;

/** Every site of the org (managed ones included: check `managed`), across all pages. */
export async function list(client: GenesysClient): Promise<Models.Site[]> {
  const all = await client.listAll<Models.Site>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesSites({ pageSize: 100, pageNumber, sortBy: "name" }),
  );
  return all.filter((s) => s.state !== "deleted");
}

/** The sites whose location is `locationId` (managed ones included), across all pages. */
export async function inLocation(client: GenesysClient, locationId: string): Promise<Models.Site[]> {
  const all = await client.listAll<Models.Site>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesSites({ pageSize: 100, pageNumber, locationId }),
  );
  return all.filter((s) => s.state !== "deleted" && s.location?.id === locationId);
}

/** When each site this process created was made: its id → the client's clock when Genesys answered the POST. */
const created = new Map<string, number>();

/**
 * Creates the site, and records when (see {@link createdAt}): the one call that makes a site, so
 * every site a deployment creates is recorded, whichever resource asked for it.
 */
export async function create(client: GenesysClient, body: Models.Site): Promise<Models.Site> {
  const site = await client.call<Models.Site>(`POST ${PATH}`, (a) =>
    a.edges.postTelephonyProvidersEdgesSites(body),
  );
  if (site.id) created.set(site.id, client.retryPolicy.now());
  return site;
}

/**
 * When this process created the site (epoch ms on the client's clock, the moment Genesys answered
 * its POST, so at or just after the site came to be), or undefined for a site it did not create.
 * A deployment's provider process serves every resource of the stack, so a binding on a site the
 * same `up` created finds it here, with no clock of Genesys's involved.
 *
 * @param siteId The site's id.
 */
export function createdAt(siteId: string): number | undefined {
  return created.get(siteId);
}

export function put(client: GenesysClient, id: string, body: Models.Site): Promise<Models.Site> {
  return client.call(`PUT ${PATH}/{id}`, (a) => a.edges.putTelephonyProvidersEdgesSite(id, body));
}

/** Deletes the site; a 404 counts as done. */
export async function remove(client: GenesysClient, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) => a.edges.deleteTelephonyProvidersEdgesSite(id)),
  );
}

/** The number-plan classifications of a site (kept here for callers of this module). */
export { classifications } from "./numberPlans";
