/**
 * DID pools API (the customer's own phone number ranges).
 *
 * | function    | HTTP                                                              |
 * |-------------|-------------------------------------------------------------------|
 * | get         | GET    /api/v2/telephony/providers/edges/didpools/{id}            |
 * | list        | GET    /api/v2/telephony/providers/edges/didpools (every page)    |
 * | findByRange | GET    /api/v2/telephony/providers/edges/didpools (every page)    |
 * | create      | POST   /api/v2/telephony/providers/edges/didpools                 |
 * | put         | PUT    /api/v2/telephony/providers/edges/didpools/{id}  (version) |
 * | remove      | DELETE /api/v2/telephony/providers/edges/didpools/{id}            |
 *
 * The listing has no filter by number (only by id), so a lookup by range reads every page, as
 * Genesys's own Terraform provider does.
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";

const PATH = "/api/v2/telephony/providers/edges/didpools";

/** The pool, or undefined when it is gone (404 or state `deleted`). */
export async function get(client: GenesysClient, id: string): Promise<Models.DIDPool | undefined> {
  const pool = await orUndefinedIfNotFound(() =>
    client.call<Models.DIDPool>(`GET ${PATH}/{id}`, (a) => a.edges.getTelephonyProvidersEdgesDidpool(id)),
  );
  return pool && pool.state !== "deleted" ? pool : undefined;
}

/** Every pool of the org that is not deleted, across all pages. */
export async function list(client: GenesysClient): Promise<Models.DIDPool[]> {
  const all = await client.listAll<Models.DIDPool>(`GET ${PATH}`, (a, pageNumber) =>
    a.edges.getTelephonyProvidersEdgesDidpools({ pageSize: 100, pageNumber }),
  );
  return all.filter((p) => p.state !== "deleted");
}

/** The pool with exactly this range, if any. */
export async function findByRange(
  client: GenesysClient,
  startPhoneNumber: string,
  endPhoneNumber: string,
): Promise<Models.DIDPool | undefined> {
  return (await list(client)).find(
    (p) => p.startPhoneNumber === startPhoneNumber && p.endPhoneNumber === endPhoneNumber,
  );
}

export function create(client: GenesysClient, body: Models.DIDPool): Promise<Models.DIDPool> {
  return client.call(`POST ${PATH}`, (a) => a.edges.postTelephonyProvidersEdgesDidpools(body));
}

export function put(client: GenesysClient, id: string, body: Models.DIDPool): Promise<Models.DIDPool> {
  return client.call(`PUT ${PATH}/{id}`, (a) => a.edges.putTelephonyProvidersEdgesDidpool(id, body));
}

/** Deletes the pool; a 404 counts as done. */
export async function remove(client: GenesysClient, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) => a.edges.deleteTelephonyProvidersEdgesDidpool(id)),
  );
}
