/**
 * Locations API.
 *
 * | function   | HTTP                                                 |
 * |------------|------------------------------------------------------|
 * | get        | GET    /api/v2/locations/{id}                        |
 * | findByName | POST   /api/v2/locations/search (EXACT on name)      |
 * | list       | GET    /api/v2/locations (every page)                |
 * | create     | POST   /api/v2/locations                             |
 * | patch      | PATCH  /api/v2/locations/{id}  (version required)    |
 * | remove     | DELETE /api/v2/locations/{id}                        |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";

const PATH = "/api/v2/locations";

/** The location, or undefined when it is gone (404 or state `deleted`). */
export async function get(client: GenesysClient, id: string): Promise<Models.LocationDefinition | undefined> {
  const loc = await orUndefinedIfNotFound(() =>
    client.call<Models.LocationDefinition>(`GET ${PATH}/{id}`, (a) => a.locations.getLocation(id)),
  );
  return loc && loc.state !== "deleted" ? loc : undefined;
}

/** The active location with exactly this name, if any. */
export async function findByName(
  client: GenesysClient,
  name: string,
): Promise<Models.LocationDefinition | undefined> {
  const res = await client.call<Models.LocationsSearchResponse>(`POST ${PATH}/search`, (a) =>
    a.locations.postLocationsSearch({
      pageSize: 25,
      query: [{ type: "EXACT", fields: ["name"], value: name }],
    } as Models.LocationSearchRequest),
  );
  return (res.results ?? []).find((l) => l.name === name && l.state !== "deleted");
}

/** Every active location of the org, across all pages. */
export async function list(client: GenesysClient): Promise<Models.LocationDefinition[]> {
  const all = await client.listAll<Models.LocationDefinition>(`GET ${PATH}`, (a, pageNumber) =>
    a.locations.getLocations({ pageSize: 100, pageNumber }),
  );
  return all.filter((l) => l.state !== "deleted");
}

export function create(
  client: GenesysClient,
  body: Models.LocationCreateDefinition,
): Promise<Models.LocationDefinition> {
  return client.call(`POST ${PATH}`, (a) => a.locations.postLocations(body));
}

export function patch(
  client: GenesysClient,
  id: string,
  body: Models.LocationUpdateDefinition,
): Promise<Models.LocationDefinition> {
  return client.call(`PATCH ${PATH}/{id}`, (a) => a.locations.patchLocation(id, body));
}

/** Deletes the location; a 404 counts as done. */
export async function remove(client: GenesysClient, id: string): Promise<void> {
  await orUndefinedIfNotFound(() =>
    client.call(`DELETE ${PATH}/{id}`, (a) => a.locations.deleteLocation(id)),
  );
}
