/**
 * A site's number plans API. The site's plans are one list: a PUT replaces it whole (plans with
 * an `id` are updated, those without are new, those left out are removed; reference §7.3).
 *
 * | function        | HTTP                                                                           |
 * |-----------------|--------------------------------------------------------------------------------|
 * | list            | GET /api/v2/telephony/providers/edges/sites/{siteId}/numberplans               |
 * | put             | PUT /api/v2/telephony/providers/edges/sites/{siteId}/numberplans (the whole list) |
 * | replace         | list (unless already read) + put built from it; on a version conflict both again |
 * | classifications | GET /api/v2/telephony/providers/edges/sites/{siteId}/numberplans/classifications |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";
import { orUndefinedIfNotFound } from "./errors";
import { writeWithVersion } from "./retry";

const PATH = "/api/v2/telephony/providers/edges/sites/{siteId}/numberplans";

/** Plans in priority order (lowest `priority` first; the API's own order where equal). */
export function byPriority(plans: readonly Models.NumberPlan[]): Models.NumberPlan[] {
  return plans
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.priority ?? a.i + 1) - (b.p.priority ?? b.i + 1) || a.i - b.i)
    .map((x) => x.p);
}

/** The site's plans in priority order, or undefined when the site is gone. */
export async function list(client: GenesysClient, siteId: string): Promise<Models.NumberPlan[] | undefined> {
  const plans = await orUndefinedIfNotFound(() =>
    client.call<Models.NumberPlan[]>(`GET ${PATH}`, (a) =>
      a.edges.getTelephonyProvidersEdgesSiteNumberplans(siteId),
    ),
  );
  return plans && byPriority(Array.isArray(plans) ? plans.filter((p) => p.state !== "deleted") : []);
}

/** Replaces the site's plans with `body` (the whole list); returns the new list. */
export function put(
  client: GenesysClient,
  siteId: string,
  body: Models.NumberPlan[],
): Promise<Models.NumberPlan[]> {
  return client.call(`PUT ${PATH}`, (a) => a.edges.putTelephonyProvidersEdgesSiteNumberplans(siteId, body));
}

/**
 * Changes the site's plans, read-modify-write. `change(current)` returns the whole new list built
 * from the plans as read (each existing plan with its `id` and the `version` read), or undefined
 * when nothing needs writing. On a version conflict (someone else wrote in between) the plans are
 * read again and `change` applied to the fresh copy (see {@link writeWithVersion}), so what the
 * other writer set is kept. `first` is the list as already read (saves the first GET).
 *
 * Returns the plans as written (in priority order), or as read when nothing was written, or
 * undefined when the site is gone.
 */
export function replace(
  client: GenesysClient,
  siteId: string,
  change: (current: Models.NumberPlan[]) => Models.NumberPlan[] | undefined,
  first?: Models.NumberPlan[],
): Promise<Models.NumberPlan[] | undefined> {
  return writeWithVersion(
    `The number plans of site ${siteId}`,
    () => list(client, siteId),
    async (current) => {
      if (!current) return undefined;
      const body = change(current);
      if (!body) return current;
      const written = await orUndefinedIfNotFound(() => put(client, siteId, body));
      return written && byPriority(written);
    },
    first,
  );
}

/** The number-plan classifications the site's routes may use (e.g. National, International). */
export async function classifications(client: GenesysClient, siteId: string): Promise<string[]> {
  const list = await client.call<string[]>(`GET ${PATH}/classifications`, (a) =>
    a.edges.getTelephonyProvidersEdgesSiteNumberplansClassifications(siteId),
  );
  return Array.isArray(list) ? list : [];
}
