/**
 * OutboundRouteBinding provider. The binding's id is `<siteId>:<routeId>`.
 *
 * | verb   | HTTP calls                                                                                 |
 * |--------|--------------------------------------------------------------------------------------------|
 * | check  | none                                                                                       |
 * | diff   | none                                                                                       |
 * | create | GET …/sites/{siteId}/outboundroutes (the site's routes; on a new site, again until its default route has its classifications, see ./settle) + [GET …/numberplans/classifications when classifications are declared] + one PUT per other route that gives up a classification + default route: PUT; named route: POST (after an ambiguous failure + GET by name) |
 * | read   | GET …/outboundroutes/{routeId} (1)                                                         |
 * | update | GET the site's routes + [GET …/numberplans/classifications when the declared classifications changed] + [takes as in create] + PUT the route + one PUT per route a no-longer-needed classification goes back to |
 * | delete | GET the site's routes; adopted default route: PUT back what it carried (+ GET per trunk it carried, to leave out trunks that are gone); named route: DELETE; then one PUT per route a borrowed classification goes back to |
 *
 * Every change to a site's routes runs under a per-site lock, so bindings of one stack created in
 * parallel never race for the same classifications.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import { GenesysClient, retryOnVersionConflict } from "../../genesys/client";
import { describeFailure, GenesysError, orUndefinedIfNotFound } from "../../genesys/errors";
import * as api from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { changedKeys } from "../common/diff";
import { client, configure, PartialCreateError, userFacing } from "../common/connection";
import {
  afterDuplicate,
  checkWith,
  createOrRecover,
  diffDeclared,
  explainDuplicate,
  restrictToDeclared,
} from "../common/lifecycle";
import { carriesTag, ownerOf, untagged, withTag } from "../common/ownership";
import {
  RouteChange,
  fromApi,
  planGiveBack,
  planTakes,
  restoreBody,
  routeNameOf,
  snapshot,
  toRouteBody,
  wantedClassifications,
  withClassifications,
} from "./mapping";
import {
  BorrowedClassifications,
  DIFF_KEYS,
  OutboundRouteBindingInputs,
  OutboundRouteBindingOutputs,
  REPLACE_KEYS,
  checkBinding,
  parseBindingId,
} from "./schema";
import { settledRoutes } from "./settle";

type In = OutboundRouteBindingInputs;
type Out = OutboundRouteBindingOutputs;

const siteLocks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier change to the routes of `siteId` in this process has finished. */
function underSiteLock<T>(siteId: string, fn: () => Promise<T>): Promise<T> {
  const previous = siteLocks.get(siteId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  siteLocks.set(
    siteId,
    run.catch(() => undefined),
  );
  return run;
}

/** Fails before any write when a declared classification does not exist on the site, listing those that do. */
async function requireClassificationsExist(c: GenesysClient, inputs: In): Promise<void> {
  if (!inputs.classificationTypes) return;
  const available = await sites.classifications(c, inputs.siteId);
  const missing = inputs.classificationTypes.filter((x) => !available.includes(x));
  if (missing.length) {
    throw new Error(
      `classificationTypes: ${missing.map((m) => `"${m}"`).join(", ")} ${missing.length > 1 ? "are not classifications" : "is not a classification"} ` +
        `of site ${inputs.siteId}; the site has: ${available.join(", ")}. Use those names (custom ones come from the site's number plans).`,
    );
  }
}

/** PUTs each route with its new classifications (re-reading on a version conflict). */
async function applyChanges(c: GenesysClient, siteId: string, changes: RouteChange[]): Promise<void> {
  for (const ch of changes) {
    let route = ch.route;
    await retryOnVersionConflict(async () => {
      try {
        await api.put(c, siteId, route.id!, withClassifications(route, ch.classificationTypes));
      } catch (err) {
        if (err instanceof GenesysError && err.isVersionConflict) {
          const fresh = await api.get(c, siteId, route.id!);
          if (fresh) route = fresh;
        }
        throw err;
      }
    });
  }
}

/** Rewrites a "classification already used" refusal into one naming the route that holds it. */
async function explainClassificationConflict(c: GenesysClient, err: unknown, inputs: In, wanted: string[]) {
  if (!(err instanceof GenesysError && err.code === "number.plan.type.usage.must.be.unique")) return err;
  const routes = await api.list(c, inputs.siteId).catch(() => []);
  const holders = routes
    .filter((r) => r.name !== routeNameOf(inputs))
    .flatMap((r) =>
      (r.classificationTypes ?? [])
        .filter((x) => wanted.includes(x))
        .map((x) => `"${x}" is on route "${r.name}" (${r.id})`),
    );
  return new Error(
    `Outbound route "${routeNameOf(inputs)}" on site ${inputs.siteId} could not take its classifications: ` +
      `${holders.length ? holders.join("; ") : "another route of the site holds one of them"}. A classification can be on only one ` +
      `route of a site: remove it from that route, or from classificationTypes. (${err.message})`,
  );
}

/** Gives back classifications taken for a route that was not made (best effort: the create fails anyway). */
async function giveBackQuietly(
  c: GenesysClient,
  siteId: string,
  borrowed: BorrowedClassifications[],
): Promise<void> {
  if (!borrowed.length) return;
  try {
    const routes = await api.list(c, siteId);
    await applyChanges(c, siteId, planGiveBack(routes, borrowed, []).changes);
  } catch {
    // The error of the create is the one to report.
  }
}

/** Merges new borrow records into the old ones (one record per source route). */
function mergeBorrowed(
  a: BorrowedClassifications[],
  b: BorrowedClassifications[],
): BorrowedClassifications[] | undefined {
  const out = new Map<string, BorrowedClassifications>();
  for (const x of [...a, ...b]) {
    const prev = out.get(x.routeId);
    out.set(x.routeId, {
      ...x,
      classificationTypes: [...new Set([...(prev?.classificationTypes ?? []), ...x.classificationTypes])],
    });
  }
  return out.size ? [...out.values()] : undefined;
}

/** The outputs for `inputs` once the route is `route` (serving `classifications`). */
function outputs(
  inputs: In,
  route: Models.OutboundRouteBase,
  classifications: string[],
  extra: Pick<Out, "adoptedFrom" | "borrowed">,
): Out {
  return {
    ...inputs,
    routeId: route.id!,
    name: routeNameOf(inputs),
    classifications,
    ...(extra.adoptedFrom && { adoptedFrom: extra.adoptedFrom }),
    ...(extra.borrowed?.length && { borrowed: extra.borrowed }),
  };
}

export const provider: pulumi.dynamic.ResourceProvider<In, Out> = userFacing({
  configure,

  check: checkWith(checkBinding),

  diff: diffDeclared<In>(DIFF_KEYS, REPLACE_KEYS),

  async create(inputs) {
    const c = client();
    const name = routeNameOf(inputs);
    await requireClassificationsExist(c, inputs);
    return underSiteLock(inputs.siteId, async () => {
      const routes = await settledRoutes(c, inputs.siteId); // a new site's default route settles first
      const existing = inputs.routeName === undefined ? routes.find((r) => r.name === name) : undefined;
      if (inputs.routeName === undefined && !existing) {
        throw new Error(`site ${inputs.siteId} has no "${name}"; set routeName to create a route instead`);
      }
      // A named route this binding made in a run that was interrupted (it carries the binding's
      // ownership tag, see ../common/ownership): take it over instead of failing on its name.
      const owner = ownerOf(inputs);
      const own =
        inputs.routeName !== undefined && owner
          ? routes.find((r) => r.name === name && carriesTag(r.description, owner))
          : undefined;
      const wanted = wantedClassifications(inputs, existing);
      const { changes, borrowed } = planTakes(routes, existing?.id ?? own?.id, wanted);
      try {
        await applyChanges(c, inputs.siteId, changes);
      } catch (err) {
        await giveBackQuietly(c, inputs.siteId, borrowed);
        throw await explainClassificationConflict(c, err, inputs, wanted);
      }
      if (existing) {
        // Adopt the site's default route and remember what it carried (never our own trunks).
        const before = snapshot(existing, inputs.trunkIds);
        const id = `${inputs.siteId}:${existing.id}`;
        const outs = outputs(inputs, existing, wanted, { adoptedFrom: before, borrowed });
        try {
          await api.put(c, inputs.siteId, existing.id!, toRouteBody(inputs, wanted, existing));
        } catch (err) {
          // The PUT may have taken effect: record the binding with what the route carried before,
          // so the next `up` finishes it (an update) and `destroy` gives the route back.
          const why = describeFailure(await explainClassificationConflict(c, err, inputs, wanted), c.target);
          throw new PartialCreateError(why, id, outs as unknown as Record<string, unknown>);
        }
        return { id, outs };
      }
      const body = toRouteBody(inputs, wanted);
      const tagged = { ...body, description: withTag(body.description || undefined, owner) ?? "" };
      if (own) {
        const route = await api.put(c, inputs.siteId, own.id!, { ...tagged, version: own.version });
        return { id: `${inputs.siteId}:${route.id}`, outs: outputs(inputs, route, wanted, { borrowed }) };
      }
      try {
        const route = await createOrRecover(
          () => api.create(c, inputs.siteId, tagged),
          () => api.findByName(c, inputs.siteId, name),
        );
        return { id: `${inputs.siteId}:${route.id}`, outs: outputs(inputs, route, wanted, { borrowed }) };
      } catch (err) {
        // No route was made: give back what was taken for it, so nothing is left half-done.
        await giveBackQuietly(c, inputs.siteId, borrowed);
        const explained = await explainClassificationConflict(c, err, inputs, wanted);
        const { found } = await afterDuplicate(
          explained,
          undefined,
          () => api.findByName(c, inputs.siteId, name),
          (r) => r.description,
        );
        throw explainDuplicate(explained, "Outbound route", name, found);
      }
    });
  },

  async read(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const found = await api.get(client(), siteId, routeId);
    if (!found) return {};
    const route = untagged(found, "description"); // see ../common/ownership
    const declared = props ?? ({ siteId, trunkIds: [] } as unknown as Out);
    const seen = restrictToDeclared(fromApi(siteId, route, declared), declared, DIFF_KEYS) as In;
    const inputs = { ...seen, siteId, trunkIds: seen.trunkIds ?? [] };
    return {
      id,
      props: outputs(inputs, route, route.classificationTypes ?? [], declared),
      inputs: inputs as Out,
    };
  },

  async update(id, olds, news) {
    const { siteId, routeId } = parseBindingId(id);
    const c = client();
    // Only a changed list needs checking against the site: the stored one was checked at create.
    if (changedKeys<In>(olds, news, ["classificationTypes"]).length)
      await requireClassificationsExist(c, news);
    return underSiteLock(siteId, async () => {
      const routes = await api.list(c, siteId);
      const own = routes.find((r) => r.id === routeId);
      const wanted = wantedClassifications(news, own);
      const { changes, borrowed } = planTakes(routes, routeId, wanted);
      try {
        await applyChanges(c, siteId, changes);
        const route = await api.put(c, siteId, routeId, toRouteBody(news, wanted, own));
        // Classifications borrowed earlier and no longer needed go back where they came from.
        const others = routes.filter((r) => r.id !== routeId);
        const back = planGiveBack(others, mergeBorrowed(olds.borrowed ?? [], borrowed) ?? [], wanted);
        await applyChanges(c, siteId, back.changes);
        return {
          outs: outputs(news, route, wanted, { adoptedFrom: olds.adoptedFrom, borrowed: back.stillBorrowed }),
        };
      } catch (err) {
        throw await explainClassificationConflict(c, err, news, wanted);
      }
    });
  },

  async delete(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const c = client();
    await underSiteLock(siteId, async () => {
      if (props.adoptedFrom) {
        // Never delete the default route: give it back what it carried, leaving out our own
        // trunks, trunks that no longer exist, and classifications another route holds now.
        const routes = await api.list(c, siteId);
        if (!routes.some((r) => r.id === routeId)) return;
        const before = props.adoptedFrom;
        const held = new Set(
          routes.filter((r) => r.id !== routeId).flatMap((r) => r.classificationTypes ?? []),
        );
        const trunkIds: string[] = [];
        for (const t of before.trunkIds) {
          if (!props.trunkIds.includes(t) && (await trunks.get(c, t))) trunkIds.push(t);
        }
        const classifications = before.classificationTypes.filter((x) => !held.has(x));
        await orUndefinedIfNotFound(() =>
          api.put(c, siteId, routeId, restoreBody(routeNameOf(props), before, classifications, trunkIds)),
        );
      } else {
        await api.remove(c, siteId, routeId);
      }
      if (props.borrowed?.length) {
        const routes = await api.list(c, siteId);
        await applyChanges(c, siteId, planGiveBack(routes, props.borrowed, []).changes);
      }
    });
  },
});
