/**
 * OutboundRouteBinding provider. The binding's id is `<siteId>:<routeId>`.
 *
 * | verb   | HTTP calls                                                                                 |
 * |--------|--------------------------------------------------------------------------------------------|
 * | check  | none                                                                                       |
 * | diff   | none                                                                                       |
 * | create | GET …/sites/{siteId}/outboundroutes (the site's routes; on a new site whose default route has no classifications yet, once more at its expected settle, 5 s after the site's creation, and only if Genesys is later, again at growing pauses: see ./settle) + [GET …/numberplans/classifications when classifications are declared] + one PUT per other route that gives up a classification + default route, or the named route adoptId names: PUT only when the route differs from what the binding declares (none when the org already matches: GETs only); named route: a route of that name already listed is taken back if this binding made it (its ownership tag: PUT only if it differs), else the create stops before any write, naming it and adoptId; POST (after an ambiguous failure or the name taken + GET by name, by the same rule; none found after an ambiguous failure: POST once more; ../common/lifecycle `createOwned`) |
 * | read   | GET …/outboundroutes/{routeId} (1)                                                         |
 * | update | GET the site's routes + [GET …/numberplans/classifications when the declared classifications changed] + [takes as in create] + PUT the route + one PUT per route a no-longer-needed classification goes back to |
 * | delete | GET the site's routes; adopted default route: PUT back what it carried (+ GET per trunk it carried, to leave out trunks that are gone); named route (created or adopted with adoptId): DELETE; then one PUT per route a borrowed classification goes back to |
 *
 * Every PUT of an existing route carries the version it was built from (the route as listed or
 * read) and changes only what the binding manages; on a version conflict the route is read again
 * (GET …/outboundroutes/{id}) and the same change applied to the fresh copy, a bounded number of
 * times (`update` in genesys/outboundRoutes.ts). Every change to a site's routes runs under a
 * per-site lock (../common/siteLock), so bindings of one stack created in parallel never race for
 * the same classifications, nor with a trunk's delete taking itself off a route.
 *
 * A failure never leaves a borrowed classification unrecorded: after some takes, a failed create
 * gives them back (and says exactly what to put back by hand if even that fails), and a failed
 * create or update of the default route is recorded as a partial state (with what it borrowed)
 * that the next `up` finishes and `destroy` undoes.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import { describeFailure, GenesysError, orUndefinedIfNotFound } from "../../genesys/errors";
import * as api from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { changedKeys } from "../common/diff";
import { client, configure, PartialStateError, userFacing } from "../common/connection";
import {
  adoptable,
  checkWith,
  createOwned,
  diffDeclared,
  goneOutsidePulumi,
  Ownership,
  ownOrRefuse,
  restrictToDeclared,
} from "../common/lifecycle";
import { ownerOf, untagged, withTag } from "../common/ownership";
import { underSiteLock } from "../common/siteLock";
import {
  RouteChange,
  applyChange,
  fromApi,
  needsWrite,
  planGiveBack,
  planTakes,
  restoreBody,
  routeNameOf,
  snapshot,
  toRouteBody,
  wantedClassifications,
} from "./mapping";
import {
  BorrowedClassifications,
  DEFAULT_ROUTE_NAME,
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

/** Applies each change to its route (read-modify-write with the version, see `api.update`). */
async function applyChanges(c: GenesysClient, siteId: string, changes: RouteChange[]): Promise<void> {
  for (const ch of changes) {
    await api.update(c, siteId, ch.route.id!, (r) => applyChange(r, ch), ch.route);
  }
}

/** The site's routes; none when the site is gone. */
async function routesOf(c: GenesysClient, siteId: string): Promise<Models.OutboundRouteBase[]> {
  return (await orUndefinedIfNotFound(() => api.list(c, siteId))) ?? [];
}

/** Two sentences as one line: `first`, a full stop unless it has one, then `second`. */
function andThen(first: string, second: string): string {
  return `${first}${first.endsWith(".") ? "" : "."} ${second}`;
}

/** "National, International" taken off route "X" (id); … */
function describeBorrowed(borrowed: readonly BorrowedClassifications[]): string {
  return borrowed
    .map((b) => `${b.classificationTypes.join(", ")} from route "${b.routeName}" (${b.routeId})`)
    .join("; ");
}

/**
 * Gives back classifications taken for a route that was then not made or changed. Returns
 * undefined when everything went back, else a sentence naming what did not and what to do.
 */
async function giveBackAfterFailure(
  c: GenesysClient,
  siteId: string,
  borrowed: BorrowedClassifications[],
): Promise<string | undefined> {
  if (!borrowed.length) return undefined;
  try {
    const routes = await api.list(c, siteId);
    await applyChanges(c, siteId, planGiveBack(routes, borrowed, []).changes);
    return undefined;
  } catch (err) {
    return (
      `The classifications taken off other routes for it could not be given back (${describeFailure(err, c.target)}): ` +
      `put ${describeBorrowed(borrowed)} back on those routes in Genesys Cloud (unless another route holds them now), ` +
      `then run \`pulumi up\` again.`
    );
  }
}

/** Rewrites a "classification already used" refusal into one naming the route that holds it. */
async function explainClassificationConflict(c: GenesysClient, err: unknown, inputs: In, wanted: string[]) {
  if (!(err instanceof GenesysError && err.code === "number.plan.type.usage.must.be.unique")) return err;
  const routes = await api.list(c, inputs.siteId).catch(() => []);
  const holders = routes
    .filter((r) => r.name !== routeNameOf(inputs) && r.id !== inputs.adoptId)
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

/**
 * The named route of the site an `adoptId` names, from the site's routes as listed; fails, naming
 * the id, when the site has none, and for the site's Default Outbound Route (bound without
 * routeName, and never deleted).
 */
async function adoptedRoute(
  routes: readonly Models.OutboundRouteBase[],
  siteId: string,
  id: string,
  owner: string | undefined,
): Promise<Models.OutboundRouteBase> {
  const found = await adoptable(
    "outbound route",
    id,
    async (x) => routes.find((r) => r.id === x),
    owner,
    `on site ${siteId}`,
  );
  if (found.name === DEFAULT_ROUTE_NAME) {
    throw new Error(
      `adoptId: route ${id} is the ${DEFAULT_ROUTE_NAME} of site ${siteId}, which is never deleted: ` +
        `omit adoptId and routeName to bind it`,
    );
  }
  return found;
}

/**
 * A route as `pulumi import` declares its binding (id `<siteId>:<routeId>`): everything the route
 * has. The site's Default Outbound Route is bound without `routeName`, and as it is now is what
 * the binding gives back on delete (like a default route the binding took over at create); any
 * other route is bound by its name, and deleted on delete.
 */
function importedBinding(siteId: string, route: Models.OutboundRouteBase): Out {
  const isDefault = route.name === DEFAULT_ROUTE_NAME;
  const all = fromApi(siteId, route, { siteId, trunkIds: [], routeName: route.name });
  return {
    ...all,
    ...(isDefault ? { routeName: undefined } : { routeName: route.name }),
    routeId: route.id!,
    name: route.name ?? DEFAULT_ROUTE_NAME,
    classifications: route.classificationTypes ?? [],
    ...(isDefault && { adoptedFrom: snapshot(route, all.trunkIds) }),
  };
}

/** Outputs as the plain record a partial state carries. */
function toRecord(outs: Out): Record<string, unknown> {
  return outs as unknown as Record<string, unknown>;
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
      const isDefault = inputs.routeName === undefined;
      // The route taken over as it is: the site's default route, or the named route adoptId names.
      const existing = inputs.adoptId
        ? await adoptedRoute(routes, inputs.siteId, inputs.adoptId, ownerOf(inputs))
        : isDefault
          ? routes.find((r) => r.name === name)
          : undefined;
      if (isDefault && !existing) {
        throw new Error(`site ${inputs.siteId} has no "${name}"; set routeName to create a route instead`);
      }
      // A named route of that name already on the site: taken back if this binding made it in a run
      // that was interrupted (its ownership tag, see ../common/ownership), else the create stops
      // here, before any write, naming it and adoptId.
      const owner = ownerOf(inputs);
      const ownership: Ownership<Models.OutboundRouteBase> = {
        kind: "outbound route",
        name,
        where: `on site ${inputs.siteId}`,
        owner,
        tagText: (r) => r.description,
      };
      const namesake = !isDefault && !existing ? routes.find((r) => r.name === name) : undefined;
      const own = namesake && (await ownOrRefuse(ownership, namesake));
      let wanted = wantedClassifications(inputs, existing);
      const { changes, borrowed } = planTakes(routes, existing?.id ?? own?.id, wanted);
      // A route taken over: what the binding records before its PUT (for the default route, what
      // it carried, never our own trunks; an adopted named route is simply managed from now on),
      // so a failure from here on is a partial create the next `up` finishes and `destroy` undoes.
      const adopted = existing && {
        id: `${inputs.siteId}:${existing.id}`,
        outs: (served: string[]) =>
          outputs(inputs, existing, served, {
            adoptedFrom: isDefault ? snapshot(existing, inputs.trunkIds) : undefined,
            borrowed,
          }),
      };
      try {
        await applyChanges(c, inputs.siteId, changes);
      } catch (err) {
        const why = describeFailure(await explainClassificationConflict(c, err, inputs, wanted), c.target);
        const notBack = await giveBackAfterFailure(c, inputs.siteId, borrowed);
        if (notBack && adopted) {
          // Recorded with what it borrowed: the next `up` finishes the binding, `destroy` gives them back.
          throw new PartialStateError(andThen(why, notBack), adopted.id, toRecord(adopted.outs(wanted)));
        }
        throw new Error(notBack ? andThen(why, notBack) : why);
      }
      if (existing && adopted) {
        let route: Models.OutboundRouteBase | undefined;
        try {
          route = await api.update(
            c,
            inputs.siteId,
            existing.id!,
            (r) => {
              wanted = wantedClassifications(inputs, r); // a fresh copy after a version conflict
              const body = toRouteBody(inputs, wanted, r); // no ownership tag: that would be a write
              return needsWrite(r, body) ? body : undefined; // already as declared: no PUT
            },
            existing,
          );
        } catch (err) {
          // The PUT may have taken effect: record the binding (with what the default route carried
          // before), so the next `up` finishes it (an update) and `destroy` gives the route back
          // (the default route) or deletes it (an adopted named route) and returns what it borrowed.
          const why = describeFailure(await explainClassificationConflict(c, err, inputs, wanted), c.target);
          throw new PartialStateError(why, adopted.id, toRecord(adopted.outs(wanted)));
        }
        if (!route && isDefault) throw goneOutsidePulumi("Site", undefined, inputs.siteId); // deleted meanwhile
        if (!route) {
          const why = `adoptId: outbound route ${existing.id} on site ${inputs.siteId} was deleted while being adopted`;
          const notBack = await giveBackAfterFailure(c, inputs.siteId, borrowed);
          throw new Error(notBack ? andThen(why, notBack) : why);
        }
        return { id: adopted.id, outs: outputs(inputs, route, wanted, adopted.outs(wanted)) };
      }
      const body = toRouteBody(inputs, wanted);
      const tagged = { ...body, description: withTag(body.description || undefined, owner) ?? "" };
      // This binding's own route (found before, or after a failed POST): written as declared and
      // tagged, unless it already is (what a lost POST made).
      const takeBack = async (r: Models.OutboundRouteBase) =>
        (await api.update(c, inputs.siteId, r.id!, (x) => (needsWrite(x, tagged) ? tagged : undefined), r)) ??
        Promise.reject(goneOutsidePulumi("Outbound route", name, r.id!));
      try {
        const route = own
          ? await takeBack(own)
          : await createOwned({
              ...ownership,
              create: () => api.create(c, inputs.siteId, tagged),
              find: () => api.findByName(c, inputs.siteId, name),
              adopt: takeBack,
            });
        return { id: `${inputs.siteId}:${route.id}`, outs: outputs(inputs, route, wanted, { borrowed }) };
      } catch (err) {
        // No route was made: give back what was taken for it, so nothing is left half-done.
        const failure = await explainClassificationConflict(c, err, inputs, wanted);
        const notBack = await giveBackAfterFailure(c, inputs.siteId, borrowed);
        throw notBack ? new Error(andThen(describeFailure(failure, c.target), notBack)) : failure;
      }
    });
  },

  async read(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const found = await api.get(client(), siteId, routeId);
    if (!found) return {};
    const route = untagged(found, "description"); // see ../common/ownership
    const declared = props ?? importedBinding(siteId, route);
    const seen = restrictToDeclared(fromApi(siteId, route, declared), declared, DIFF_KEYS) as In;
    const inputs = {
      ...seen,
      siteId,
      trunkIds: seen.trunkIds ?? [],
      ...(declared.adoptId && { adoptId: declared.adoptId }), // only matters at create; kept as declared
    };
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
      const routes = await routesOf(c, siteId);
      const own = routes.find((r) => r.id === routeId);
      if (!own) throw goneOutsidePulumi("Outbound route", olds.name ?? routeNameOf(olds), routeId);
      let wanted = wantedClassifications(news, own);
      const { changes, borrowed } = planTakes(routes, routeId, wanted);
      const allBorrowed = mergeBorrowed(olds.borrowed ?? [], borrowed);
      // Once a write was attempted, a failure is recorded as a partial state with everything
      // borrowed so far: the next `up` finishes the update, `destroy` gives them back.
      const partial = async (err: unknown, outs: Out) => {
        const why = describeFailure(await explainClassificationConflict(c, err, news, wanted), c.target);
        const { borrowed: _b, ...rest } = outs;
        return new PartialStateError(
          why,
          id,
          toRecord({ ...rest, ...(allBorrowed && { borrowed: allBorrowed }) }),
        );
      };
      try {
        await applyChanges(c, siteId, changes);
      } catch (err) {
        throw changes.length
          ? await partial(err, olds)
          : await explainClassificationConflict(c, err, news, wanted);
      }
      let route: Models.OutboundRouteBase | undefined;
      try {
        route = await api.update(
          c,
          siteId,
          routeId,
          (r) => {
            wanted = wantedClassifications(news, r); // a fresh copy after a version conflict
            return toRouteBody(news, wanted, r);
          },
          own,
        );
      } catch (err) {
        throw await partial(err, olds);
      }
      if (!route) throw goneOutsidePulumi("Outbound route", olds.name ?? routeNameOf(olds), routeId);
      const done = outputs(news, route, wanted, { adoptedFrom: olds.adoptedFrom });
      // Classifications borrowed earlier and no longer needed go back where they came from.
      const others = routes.filter((r) => r.id !== routeId);
      const back = planGiveBack(others, allBorrowed ?? [], wanted);
      try {
        await applyChanges(c, siteId, back.changes);
      } catch (err) {
        throw await partial(err, done);
      }
      return { outs: { ...done, ...(back.stillBorrowed.length && { borrowed: back.stillBorrowed }) } };
    });
  },

  async delete(id, props) {
    const { siteId, routeId } = parseBindingId(id);
    const c = client();
    await underSiteLock(siteId, async () => {
      if (props.adoptedFrom) {
        // Never delete the default route: give it back what it carried, leaving out our own
        // trunks, trunks that no longer exist, and classifications another route holds now.
        const routes = await routesOf(c, siteId);
        const current = routes.find((r) => r.id === routeId);
        if (!current) return; // the site (and its routes) went first
        const before = props.adoptedFrom;
        const held = new Set(
          routes.filter((r) => r.id !== routeId).flatMap((r) => r.classificationTypes ?? []),
        );
        const trunkIds: string[] = [];
        for (const t of before.trunkIds) {
          if (!props.trunkIds.includes(t) && (await trunks.get(c, t))) trunkIds.push(t);
        }
        const classifications = before.classificationTypes.filter((x) => !held.has(x));
        const declaredDescription = props.description !== undefined;
        await api.update(
          c,
          siteId,
          routeId,
          (r) => restoreBody(r, before, classifications, trunkIds, declaredDescription),
          current,
        );
      } else {
        await api.remove(c, siteId, routeId);
      }
      if (props.borrowed?.length) {
        const routes = await routesOf(c, siteId);
        try {
          await applyChanges(c, siteId, planGiveBack(routes, props.borrowed, []).changes);
        } catch (err) {
          throw new Error(
            `Outbound route "${props.name ?? routeNameOf(props)}" (${routeId}) was ` +
              `${props.adoptedFrom ? "given back" : "deleted"}, but returning the ` +
              `classifications it borrowed failed (${describeFailure(err, c.target)}). Run the destroy again to ` +
              `give back ${describeBorrowed(props.borrowed)}.`,
          );
        }
      }
    });
  },
});
