/**
 * Site provider.
 *
 * | verb   | HTTP calls                                                                              |
 * |--------|-----------------------------------------------------------------------------------------|
 * | check  | none                                                                                    |
 * | diff   | none                                                                                    |
 * | create | POST /sites (1); after an ambiguous failure (no answer, 5xx) or the name taken + GET /sites?name= (1 per page): this resource's own site (its description carries its ownership tag) is taken back (+ PUT only if it differs from the inputs), any other stops the create naming it and adoptId; none found after an ambiguous failure: POST once more (../common/lifecycle `createOwned`); adoptId: GET /sites/{id} (+ PUT only if it differs) |
 * | read   | GET /sites/{id} (1)                                                                     |
 * | update | PUT /sites/{id} (1), built from the inputs plus the version and undeclared settings kept in state; on a version conflict GET + PUT (at most 4 PUTs); gone → says to refresh, then up |
 * | delete | GET /sites/{id}/outboundroutes (1 per 100 routes; skipped without an owner URN, which no message could name) + DELETE /sites/{id} (1; 404 = done); once deleted, each route that went with it (Genesys deletes a site's routes with it) other than its Default Outbound Route and those carrying an ownership tag is said on the site in the engine's log; a failed listing is said there too and never stops the delete; refused (400/409): GET /trunkbasesettings + GET /sites + GET /organizations/me (who uses it): a trunk, site or the org's default still there → fails at once, naming it and what to retain or delete; none → DELETE again with backoff (Genesys catching up after the trunk's delete) within the call's deadline, see ../common/lifecycle deleteWhenUnreferenced |
 *
 * Update choice: a site PUT replaces the whole object, so it needs the current version and every
 * setting this stack does not declare. Both are kept in the outputs (`version`, `mediaRegions`,
 * `preserved`) and refreshed by every create/read/update, so an update is one PUT instead of
 * GET + PUT. If anything changed the site behind our back its version moved on, the PUT gets a
 * version conflict, and the provider re-reads the site and PUTs again from the fresh copy: what
 * others set outside the declared keys is never overwritten with stale values.
 *
 * Delete choice: Genesys deletes a site's outbound routes with the site, also a route made by hand
 * in Genesys Cloud. The stack's own named routes are deleted by their bindings earlier in a destroy
 * (and carry an ownership tag), and the Default Outbound Route is the site's own; any other route is
 * named on the site in the output, so the user knows what went. The delete warns rather than
 * refuses: `pulumi destroy` must tear a stack down in one run, and the site is the stack's (made or
 * adopted) to delete.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import { describeFailure, GenesysError, orUndefinedIfNotFound } from "../../genesys/errors";
import * as routes from "../../genesys/outboundRoutes";
import * as api from "../../genesys/sites";
import { client, configure, userFacing } from "../common/connection";
import { changedKeys } from "../common/diff";
import {
  checkWith,
  createNamed,
  deleteWhenUnreferenced,
  diffDeclared,
  readAsDeclared,
  restrictToDeclared,
  updateVersioned,
} from "../common/lifecycle";
import { tellEngine } from "../common/engineLog";
import { carriesAnyTag, ownerOf, untagged } from "../common/ownership";
import { DEFAULT_ROUTE_NAME } from "../outboundRouteBinding/schema";
import { PutBase, fromApi, preservedFromApi, putBaseFromApi, toCreateBody, toPutBody } from "./mapping";
import { DIFF_KEYS, REPLACE_KEYS, SiteInputs, SiteOutputs, checkSite } from "./schema";

function outputs(inputs: SiteInputs, site: Models.Site): SiteOutputs {
  return {
    ...inputs,
    siteId: site.id ?? "",
    version: site.version ?? 1,
    mediaRegions: site.mediaRegions ?? [],
    preserved: preservedFromApi(site),
  };
}

/**
 * PUTs `inputs` starting from `base` (its version and the undeclared settings); on a version
 * conflict re-reads the site and PUTs again from the fresh copy (bounded), so what others set
 * outside the declared keys is kept.
 */
async function putSite(
  c: GenesysClient,
  id: string,
  inputs: SiteInputs,
  base: PutBase,
  removed: readonly (keyof SiteInputs)[] = [],
): Promise<Models.Site> {
  return updateVersioned({
    kind: "Site",
    name: inputs.name,
    id,
    read: async () => {
      const fresh = await api.get(c, id); // someone else wrote: start from their copy
      return fresh && putBaseFromApi(fresh);
    },
    write: (from) => api.put(c, id, toPutBody(inputs, from, removed)),
    first: base,
  });
}

/** Makes an existing site (adopted or recovered) match `inputs`: one PUT, only if a declared key differs. */
async function reconcile(c: GenesysClient, site: Models.Site, inputs: SiteInputs): Promise<Models.Site> {
  const current = fromApi(untagged(site, "description"));
  if (current.mediaModel !== inputs.mediaModel) {
    throw new Error(
      `Site "${site.name}" (${site.id}) has media model ${current.mediaModel}, which Genesys cannot change; ` +
        `set mediaModel: "${current.mediaModel}" to adopt it, or adopt or create another site.`,
    );
  }
  const changed = changedKeys<SiteInputs>(current, inputs, DIFF_KEYS);
  return changed.length ? putSite(c, site.id!, inputs, putBaseFromApi(site)) : site;
}

/**
 * What deleting the site takes along that the user may not expect, as messages for the engine's
 * log: one per outbound route of the site (one listing) that is neither its Default Outbound Route
 * (Genesys makes it with the site) nor carries an ownership tag (made by a binding; this stack's
 * are deleted by their bindings before the site). A site already gone has none; a listing Genesys
 * refuses (or never answers) gives one message saying so instead of failing the delete (the routes
 * go either way).
 */
async function routesGoingWith(c: GenesysClient, siteId: string): Promise<string[]> {
  const sameFate = "Genesys deletes a site's routes with it";
  try {
    const all = (await orUndefinedIfNotFound(() => routes.list(c, siteId))) ?? [];
    return all
      .filter((r) => r.name !== DEFAULT_ROUTE_NAME && !carriesAnyTag(r.description))
      .map(
        (r) =>
          `deleting this site also deletes outbound route "${r.name}" (${r.id}), which this stack did not make: ${sameFate}`,
      );
  } catch (err) {
    if (!(err instanceof GenesysError)) throw err; // a bug is no failed listing
    return [
      `could not list this site's outbound routes before deleting it (${describeFailure(err, c.target)}); ` +
        `any route on it that this stack did not make goes with it all the same: ${sameFate}`,
    ];
  }
}

export const provider: pulumi.dynamic.ResourceProvider<SiteInputs, SiteOutputs> = userFacing({
  configure,

  check: checkWith(checkSite),

  diff: diffDeclared<SiteInputs>(DIFF_KEYS, REPLACE_KEYS),

  async create(inputs) {
    const c = client();
    const { id, object } = await createNamed({
      kind: "site",
      client: c,
      api,
      inputs,
      key: "description",
      body: toCreateBody(inputs),
      adopt: (existing) => {
        if (existing.managed) {
          throw new Error(
            `adoptId: site "${existing.name}" (${inputs.adoptId}) is managed by Genesys and cannot be adopted; ` +
              `pass its id in primarySiteIds instead`,
          );
        }
        return reconcile(c, existing, inputs);
      },
    });
    return { id, outs: outputs(inputs, object) };
  },

  read: (id, props) =>
    readAsDeclared({
      id,
      get: () => api.get(client(), id),
      declared: props && props.name !== undefined ? props : undefined,
      // Without stored state (`pulumi import`), everything the site has is declared.
      imported: (site) => fromApi(untagged(site, "description")),
      seen: (site, declared) => {
        const all = fromApi(untagged(site, "description"));
        return { ...restrictToDeclared(all, declared, DIFF_KEYS), name: all.name } as SiteInputs;
      },
      adoptId: props?.adoptId,
      outputs,
    }),

  async update(id, olds, news) {
    const changed = changedKeys<SiteInputs>(olds, news, DIFF_KEYS);
    if (!changed.length) return { outs: { ...olds, ...news } };
    const removed = changed.filter((k) => news[k] === undefined);
    const base: PutBase = {
      version: olds.version,
      mediaRegions: olds.mediaRegions,
      preserved: olds.preserved ?? {},
    };
    const site = await putSite(client(), id, news, base, removed);
    return { outs: outputs(news, site) };
  },

  async delete(id, props) {
    const c = client();
    // Listed before the DELETE (after it the routes are gone), said once the delete went through.
    const owner = ownerOf(props);
    const going = owner ? await routesGoingWith(c, id) : [];
    await deleteWhenUnreferenced(c, {
      kind: "site",
      id,
      what: `Site "${props.name}" (${id})`,
      remove: () => api.remove(c, id),
      fix: (by) =>
        by.some((r) => r.kind === "org")
          ? `Make another site the org's default site first, then run the destroy again.`
          : by.length
            ? `If a Trunk of this stack has retainOnDelete, set retainOnDelete on its Site and Location too ` +
              `(Genesys cannot delete a site a trunk still uses), or delete that trunk first, then run the destroy again.`
            : `Run the destroy again in a minute; if it keeps failing, find what uses the site in Genesys Cloud ` +
              `(Telephony > Trunks, and the sites that list it as primary or secondary) and remove that first.`,
    });
    for (const message of going) await tellEngine(owner, message);
  },
});
