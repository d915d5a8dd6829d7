/**
 * Trunk base settings API (BYOC carrier trunks are trunk bases).
 *
 * | function   | HTTP                                                                        |
 * |------------|-----------------------------------------------------------------------------|
 * | get        | GET    /api/v2/telephony/providers/edges/trunkbasesettings/{id}             |
 * | findByName | GET    /api/v2/telephony/providers/edges/trunkbasesettings?name=… (paged)   |
 * | list       | GET    /api/v2/telephony/providers/edges/trunkbasesettings (every page)     |
 * | create     | POST   /api/v2/telephony/providers/edges/trunkbasesettings                  |
 * | put        | PUT    /api/v2/telephony/providers/edges/trunkbasesettings/{id}  (version)  |
 * | remove     | DELETE /api/v2/telephony/providers/edges/trunkbasesettings/{id}             |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";

const PATH = "/api/v2/telephony/providers/edges/trunkbasesettings";

/** The trunk base, or undefined when it is gone (404 or state `deleted`). */
export async function get(client: GenesysClient, id: string): Promise<Models.TrunkBase | undefined> {
  const trunk = await orUndefinedIfNotFound(() =>
    client.call<Models.TrunkBase>(`GET ${PATH}/{id}`, (a) =>
      a.edges.getTelephonyProvidersEdgesTrunkbasesetting(id),
    ),
  );
  return trunk && trunk.state !== "deleted" ? trunk : undefined;
}

/** The trunk base with exactly this name (listed without properties), if any. */
export async function findByName(client: GenesysClient, name: string): Promise<Models.TrunkBase | undefined> {
  const all = await client.listAll<Models.TrunkBase>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesTrunkbasesettings({ pageSize: 100, pageNumber, name }),
  );
  return all.find((t) => t.name === name && t.state !== "deleted");
}

/** Every trunk base of the org (managed ones included: check `managed`), without properties. */
export async function list(client: GenesysClient): Promise<Models.TrunkBase[]> {
  const all = await client.listAll<Models.TrunkBase>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesTrunkbasesettings({ pageSize: 100, pageNumber }),
  );
  return all.filter((t) => t.state !== "deleted");
}

export function create(client: GenesysClient, body: Models.TrunkBase): Promise<Models.TrunkBase> {
  return client.call(`POST ${PATH}`, (a) => a.edges.postTelephonyProvidersEdgesTrunkbasesettings(body));
}

export function put(client: GenesysClient, id: string, body: Models.TrunkBase): Promise<Models.TrunkBase> {
  return client.call(`PUT ${PATH}/{id}`, (a) => a.edges.putTelephonyProvidersEdgesTrunkbasesetting(id, body));
}

/** Deletes the trunk base; a 404 counts as done. */
export async function remove(client: GenesysClient, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) => a.edges.deleteTelephonyProvidersEdgesTrunkbasesetting(id)),
  );
}
