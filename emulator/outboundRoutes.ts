/**
 * Site outbound routes (`/sites/{siteId}/outboundroutes`): list, get, create, PUT, delete. Reference §9.
 */
import {
  ApiError,
  duplicateValue,
  entityNotFound,
  generalBadRequest,
  invalidValue,
  managedNotAllowed,
  referencedKeyMissing,
  requiredFieldMissing,
  telephonyVersionConflict,
} from "./errors";
import { Collection } from "./collection";
import { paginate } from "./paging";
import { clone, nameMatches, PATHS, sameName, type OutboundRoute, type Store } from "./store";
import { siteClassifications } from "./numberPlans";
import { DEFAULT_ROUTE_CLASSIFICATIONS, SYSTEM_ACTOR } from "./seed";
import { requireSite } from "./sites";
import {
  bodyObject,
  optBool,
  optInt,
  optRefIds,
  optString,
  optStringArray,
  qList,
  qString,
  reqString,
  type Json,
  type Query,
} from "./validate";

/** The API view (OutboundRouteBase has no `site` [C]); trunk references carry current names. */
export function renderRoute(store: Store, r: OutboundRoute): Json {
  const { siteId: _siteId, settlesAt: _settlesAt, ...rest } = clone(r);
  return { ...rest, externalTrunkBases: r.externalTrunkBases.map((t) => store.trunkRef(t.id)) };
}

/** The outbound routes of a store: 404 when absent or deleted (TF needs 404) [I], 409 on a stale version [I]. */
function routeCollection(store: Store): Collection<"outboundRoutes"> {
  return new Collection(store, "outboundRoutes", {
    notFound: () => entityNotFound("Unable to find an outbound route with that id"),
    conflict: telephonyVersionConflict,
    render: (r) => renderRoute(store, r),
    audited: true,
  });
}

function requireRoute(store: Store, siteId: string, routeId: string): OutboundRoute {
  requireSite(store, siteId);
  // A route of another site is not found under this one [I].
  return routeCollection(store).require(routeId, (r) => r.siteId === siteId);
}

/** `GET /sites/{siteId}/outboundroutes/{id}`. */
export function getRoute(store: Store, siteId: string, routeId: string): Json {
  return renderRoute(store, requireRoute(store, siteId, routeId));
}

/**
 * `GET /sites/{siteId}/outboundroutes`: `name` (exact or `prefix*`), `externalTrunkBases.ids` or
 * `externalTrunkBasesIds` [C], `sortBy` (name).
 */
export function listRoutes(store: Store, siteId: string, q: Query) {
  requireSite(store, siteId);
  const name = qString(q, "name");
  const trunkIds = qList(q, "externalTrunkBases.ids", "externalTrunkBasesIds");
  const order = (qString(q, "sortOrder") ?? "ASC").toUpperCase() === "DESC" ? -1 : 1;
  const all = routeCollection(store).live();
  const items = all
    .filter((r) => r.siteId === siteId)
    .filter((r) => nameMatches(name, r.name))
    .filter((r) => !trunkIds || r.externalTrunkBases.some((t) => trunkIds.includes(t.id)))
    .sort((a, b) => order * a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
  const page = paginate(items, q, `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes`, {
    totalNumberOfEntities: all.length,
  });
  return { ...page, entities: page.entities.map((r) => renderRoute(store, r)) };
}

/** Org-wide `GET /api/v2/telephony/providers/edges/outboundroutes` (legacy OutboundRoute adds `site`, `managed`). */
export function listAllRoutes(store: Store, q: Query) {
  const siteIds = qList(q, "site.id", "siteId");
  const name = qString(q, "name");
  const trunkIds = qList(q, "externalTrunkBases.ids", "externalTrunkBasesIds");
  const all = routeCollection(store).live();
  const items = all
    .filter((r) => !siteIds || siteIds.includes(r.siteId))
    .filter((r) => nameMatches(name, r.name))
    .filter((r) => !trunkIds || r.externalTrunkBases.some((t) => trunkIds.includes(t.id)))
    .sort((a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
  const page = paginate(items, q, "/api/v2/telephony/providers/edges/outboundroutes", {
    totalNumberOfEntities: all.length,
  });
  return {
    ...page,
    entities: page.entities.map((r) => ({
      ...renderRoute(store, r),
      site: store.siteRef(r.siteId),
      managed: store.site(r.siteId)?.managed ?? false,
    })),
  };
}

function parseRouteBody(store: Store, siteId: string, raw: unknown, selfId?: string) {
  const body = bodyObject(raw);
  const name = reqString(body, "name");
  const classificationTypes = optStringArray(body, "classificationTypes");
  if (classificationTypes === undefined) throw requiredFieldMissing("classificationTypes");
  const siteRoutes = store.state.outboundRoutes.filter(
    (r) => r.siteId === siteId && r.id !== selfId && r.state !== "deleted",
  );
  if (siteRoutes.some((r) => sameName(r.name, name)))
    throw duplicateValue("An outbound route with this name already exists.", "name"); // [C]
  const available = siteClassifications(store, siteId);
  const missing = classificationTypes.find((c) => !available.includes(c));
  if (missing !== undefined)
    throw new ApiError(
      400,
      "address.classification.type.does.not.exist",
      selfId
        ? "One of the address classifications does not exist."
        : "The address classification does not exist.",
      { classification: missing },
      [{ errorCode: "ADDRESS_CLASSIFICATION_TYPE_DOES_NOT_EXIST", fieldName: "classificationTypes" }],
    ); // [C]
  const used = classificationTypes.find(
    (c, i) =>
      classificationTypes.indexOf(c) !== i || siteRoutes.some((r) => r.classificationTypes.includes(c)),
  );
  if (used !== undefined)
    throw new ApiError(
      400,
      "number.plan.type.usage.must.be.unique",
      "The number plan type usage must be unique.",
      { classification: used },
      [{ errorCode: "NUMBER_PLAN_TYPE_USAGE_MUST_BE_UNIQUE", fieldName: "classificationTypes" }],
    ); // [C]
  let distribution = optString(body, "distribution") ?? "SEQUENTIAL";
  if (distribution === "") distribution = "SEQUENTIAL"; // [I] "" was sent by a sample and accepted
  if (distribution !== "SEQUENTIAL" && distribution !== "RANDOM")
    throw invalidValue("distribution", distribution, "SEQUENTIAL, RANDOM");
  const trunkIds = optRefIds(body, "externalTrunkBases") ?? [];
  for (const id of trunkIds) {
    const t = store.trunkBase(id);
    if (!t || t.state === "deleted") throw referencedKeyMissing("externalTrunkBases", id);
    // [I] only EXTERNAL trunk bases may be used [C model text]; others → 400.
    if (t.trunkType !== "EXTERNAL")
      throw generalBadRequest(`Trunk base '${t.name}' is not of type EXTERNAL.`, "externalTrunkBases");
  }
  if (new Set(trunkIds).size !== trunkIds.length)
    throw generalBadRequest("externalTrunkBases contains duplicates.", "externalTrunkBases"); // [I]
  return {
    name,
    description: optString(body, "description") ?? "",
    version: optInt(body, "version"),
    classificationTypes,
    enabled: optBool(body, "enabled") ?? false, // [I] default false
    distribution: distribution as "SEQUENTIAL" | "RANDOM",
    externalTrunkBases: trunkIds.map((id) => ({ id, selfUri: PATHS.trunkBase(id) })),
  };
}

function requireUnmanagedSite(store: Store, siteId: string): void {
  // Routes of managed sites cannot be modified [C: TF docs]; code [I].
  if (requireSite(store, siteId).managed)
    throw managedNotAllowed(400, "Not allowed to modify the outbound routes of a managed site.");
}

/** `POST /sites/{siteId}/outboundroutes` → 200 [C]. */
export function createRoute(store: Store, siteId: string, raw: unknown): Json {
  requireUnmanagedSite(store, siteId);
  const p = parseRouteBody(store, siteId, raw);
  const id = store.newId();
  const route: OutboundRoute = {
    id,
    siteId,
    name: p.name,
    description: p.description,
    ...store.created(),
    state: "active",
    classificationTypes: p.classificationTypes,
    enabled: p.enabled,
    distribution: p.distribution,
    externalTrunkBases: p.externalTrunkBases,
    selfUri: PATHS.route(siteId, id),
  };
  return routeCollection(store).insert(route);
}

/**
 * `PUT /sites/{siteId}/outboundroutes/{id}`: a PUT without `version` is accepted [C-code: TF and the tutorial
 * never send one]; a stale one → 409 [I, §4.6], checked before the body's other rules (a stale writer is told
 * about the conflict, not about classifications or names it saw in an old copy) [I].
 * A default route PUT before it settled keeps what the PUT set: it takes no classifications later [I: Genesys's
 * acceptance test PUTs a new site's default route and reads back exactly the classifications it sent, reference §13].
 */
export function putRoute(store: Store, siteId: string, routeId: string, raw: unknown): Json {
  const route = requireRoute(store, siteId, routeId);
  requireUnmanagedSite(store, siteId);
  const routes = routeCollection(store);
  routes.checkVersion(route, optInt(bodyObject(raw), "version"));
  const p = parseRouteBody(store, siteId, raw, routeId);
  const { settlesAt: _settlesAt, ...settled } = route;
  const next: OutboundRoute = {
    ...settled,
    name: p.name,
    description: p.description,
    classificationTypes: p.classificationTypes,
    enabled: p.enabled,
    distribution: p.distribution,
    externalTrunkBases: p.externalTrunkBases,
  };
  const out = routes.replace(route, next, p.version);
  const kept = new Set(next.externalTrunkBases.map((t) => t.id));
  letGoOfTrunks(store, route, (id) => !kept.has(id));
  return out;
}

/**
 * `DELETE /sites/{siteId}/outboundroutes/{id}` → 200, no body [C]. The trunks it carried stay referenced for the
 * `trunk` delete lag (see ./lags).
 */
export function deleteRoute(store: Store, siteId: string, routeId: string): void {
  const route = requireRoute(store, siteId, routeId);
  requireUnmanagedSite(store, siteId);
  routeCollection(store).remove(routeId);
  letGoOfTrunks(store, route, () => true);
}

/** `route` no longer carries the trunks `which` accepts: each stays referenced for the `trunk` delete lag. */
function letGoOfTrunks(store: Store, route: OutboundRoute, which: (trunkId: string) => boolean): void {
  for (const t of route.externalTrunkBases)
    if (which(t.id)) store.lags.letGo("trunk", t.id, { kind: "route", id: route.id, name: route.name });
}

/**
 * Lets every new site's "Default Outbound Route" whose settle time has come take its classifications: the
 * default ones (all but Extension [I]) that the site still has and that no other route of the site holds by then
 * [C-test / I, reference §13: Genesys's acceptance test POSTs named routes with National, International and
 * Network on a site created moments before, and they succeed; its provider waits 5 s for the default route's
 * classifications]. The change is Genesys's own: the version rises, `dateModified` is the settle time and
 * `modifiedBy` the system actor. Runs before every request, on the emulator's clock, so tests move time instead of
 * waiting. Returns whether anything changed.
 */
export function settleDefaultRoutes(store: Store): boolean {
  const now = store.options.now();
  const due = store.state.outboundRoutes.filter(
    (r) => r.settlesAt !== undefined && Date.parse(r.settlesAt) <= now,
  );
  for (const route of due) {
    const held = new Set(
      store.state.outboundRoutes
        .filter((r) => r.siteId === route.siteId && r.id !== route.id && r.state !== "deleted")
        .flatMap((r) => r.classificationTypes),
    );
    const available = siteClassifications(store, route.siteId);
    const at = route.settlesAt!;
    delete route.settlesAt;
    Object.assign(route, {
      classificationTypes: DEFAULT_ROUTE_CLASSIFICATIONS.filter((c) => available.includes(c) && !held.has(c)),
      version: route.version + 1,
      dateModified: at,
      modifiedBy: SYSTEM_ACTOR,
      modifiedByApp: SYSTEM_ACTOR,
    });
  }
  if (due.length) store.touch();
  return due.length > 0;
}
