/**
 * OutboundRouteBinding: pure mapping between declared inputs and route bodies, and the plans for
 * moving classifications between a site's routes (a classification is on at most one route of a
 * site).
 */
import type { Models } from "purecloud-platform-client-v2";
import { bodyOf } from "../../genesys/outboundRoutes";
import {
  BorrowedClassifications,
  DEFAULT_ROUTE_NAME,
  NEW_ROUTE_CLASSIFICATIONS,
  OutboundRouteBindingInputs,
  RouteSnapshot,
} from "./schema";

/** The route name the binding manages. */
export function routeNameOf(i: OutboundRouteBindingInputs): string {
  return i.routeName ?? DEFAULT_ROUTE_NAME;
}

/**
 * The classifications the route must serve: the declared ones; else, for the default route, the
 * ones it has now (`current`); else, for a named route, National and International.
 */
export function wantedClassifications(
  i: OutboundRouteBindingInputs,
  current?: Models.OutboundRouteBase,
): string[] {
  if (i.classificationTypes) return i.classificationTypes;
  if (i.routeName === undefined) return current?.classificationTypes ?? [];
  return NEW_ROUTE_CLASSIFICATIONS;
}

/**
 * The POST/PUT body that makes the route carry the declared trunks, settings and `classifications`.
 * For an existing route (`existing`, as just read), what the binding does not declare (its
 * description) stays as read.
 */
export function toRouteBody(
  i: OutboundRouteBindingInputs,
  classifications: string[],
  existing?: Models.OutboundRouteBase,
): Models.OutboundRouteBase {
  return {
    name: routeNameOf(i),
    classificationTypes: classifications,
    enabled: i.enabled ?? true,
    distribution: i.distribution ?? "SEQUENTIAL",
    externalTrunkBases: i.trunkIds.map((id) => ({ id })),
    description: i.description ?? existing?.description ?? "",
  };
}

/**
 * Whether PUTting `body` (from {@link toRouteBody}) would change the route as read (`route`):
 * false when it already has the same name, the same trunks in the same order, the same
 * classifications (in any order: order carries no meaning there), the same `enabled` and
 * distribution (empty = SEQUENTIAL), and the same description (empty = none; a body built with
 * the route as `existing` carries the route's own description when none is declared).
 */
export function needsWrite(route: Models.OutboundRouteBase, body: Models.OutboundRouteBase): boolean {
  const trunks = (r: Models.OutboundRouteBase) => (r.externalTrunkBases ?? []).map((t) => t.id);
  const have = trunks(route);
  const want = trunks(body);
  const had = new Set(route.classificationTypes ?? []);
  const wanted = new Set(body.classificationTypes ?? []);
  return !(
    route.name === body.name &&
    have.length === want.length &&
    have.every((id, i) => id === want[i]) &&
    had.size === wanted.size &&
    [...wanted].every((c) => had.has(c)) &&
    (route.enabled ?? false) === (body.enabled ?? false) &&
    (route.distribution || "SEQUENTIAL") === (body.distribution || "SEQUENTIAL") &&
    (route.description ?? "") === (body.description ?? "")
  );
}

/** What a route carries now, to restore later; never the binding's own trunks (`own`). */
export function snapshot(r: Models.OutboundRouteBase, own: readonly string[]): RouteSnapshot {
  return {
    classificationTypes: r.classificationTypes ?? [],
    enabled: r.enabled ?? false,
    distribution: r.distribution || "SEQUENTIAL",
    ...(r.description !== undefined && { description: r.description }),
    trunkIds: (r.externalTrunkBases ?? []).map((t) => t.id!).filter((id) => !own.includes(id)),
  };
}

/**
 * The PUT body that puts a snapshot back on the route (`current`, as just read), with only the
 * `classifications` and `trunkIds` that can go back (see the provider's delete). The description
 * goes back only when the binding declared one (`declaredDescription`); otherwise the binding
 * never changed it, and it stays as it is now (someone may have edited it since).
 */
export function restoreBody(
  current: Models.OutboundRouteBase,
  s: RouteSnapshot,
  classifications: string[],
  trunkIds: string[],
  declaredDescription: boolean,
): Models.OutboundRouteBase {
  return {
    ...bodyOf(current),
    classificationTypes: classifications,
    enabled: s.enabled,
    distribution: s.distribution,
    externalTrunkBases: trunkIds.map((id) => ({ id })),
    ...(declaredDescription && { description: s.description ?? "" }),
  };
}

/**
 * One route to change: classifications to take off it (`remove`) or give back to it (`add`).
 * A change, not a target list, so that after a version conflict it applies to the fresh copy of
 * the route and keeps whatever else changed there.
 */
export interface RouteChange {
  route: Models.OutboundRouteBase;
  remove: string[];
  add: string[];
}

/**
 * The PUT body applying `change` to `r` (as just read), everything else as read; undefined when
 * `r` already has the change.
 */
export function applyChange(
  r: Models.OutboundRouteBase,
  change: Pick<RouteChange, "remove" | "add">,
): Models.OutboundRouteBase | undefined {
  const now = r.classificationTypes ?? [];
  const next = [
    ...now.filter((c) => !change.remove.includes(c)),
    ...change.add.filter((c) => !now.includes(c)),
  ];
  if (next.length === now.length && next.every((c, i) => c === now[i])) return undefined;
  return { ...bodyOf(r), classificationTypes: next };
}

/**
 * Which of the site's other routes must give up classifications so that the route `ownId` (or a
 * new route) can serve `wanted`, and what to remember about each.
 */
export function planTakes(
  routes: readonly Models.OutboundRouteBase[],
  ownId: string | undefined,
  wanted: readonly string[],
): { changes: RouteChange[]; borrowed: BorrowedClassifications[] } {
  const changes: RouteChange[] = [];
  const borrowed: BorrowedClassifications[] = [];
  for (const r of routes) {
    if (r.id === ownId) continue;
    const taken = (r.classificationTypes ?? []).filter((c) => wanted.includes(c));
    if (!taken.length) continue;
    changes.push({ route: r, remove: taken, add: [] });
    borrowed.push({ routeId: r.id!, routeName: r.name ?? "", classificationTypes: taken });
  }
  return { changes, borrowed };
}

/**
 * Giving back borrowed classifications the binding no longer serves (`keep`: those it still
 * needs; none on delete). A classification goes back only to a route that still exists and only
 * while no other route holds it; what cannot go back is dropped from the record.
 */
export function planGiveBack(
  routes: readonly Models.OutboundRouteBase[],
  borrowed: readonly BorrowedClassifications[],
  keep: readonly string[],
): { changes: RouteChange[]; stillBorrowed: BorrowedClassifications[] } {
  const held = new Set(routes.flatMap((r) => r.classificationTypes ?? []));
  for (const c of keep) held.add(c);
  const changes = new Map<string, RouteChange>();
  const stillBorrowed: BorrowedClassifications[] = [];
  for (const b of borrowed) {
    const kept = b.classificationTypes.filter((c) => keep.includes(c));
    if (kept.length) stillBorrowed.push({ ...b, classificationTypes: kept });
    const back = b.classificationTypes.filter((c) => !keep.includes(c) && !held.has(c));
    const route = routes.find((r) => r.id === b.routeId);
    if (!route || !back.length) continue;
    const change = changes.get(b.routeId) ?? { route, remove: [], add: [] };
    change.add.push(...back);
    back.forEach((c) => held.add(c));
    changes.set(b.routeId, change);
  }
  return { changes: [...changes.values()], stillBorrowed };
}

/** The route as declared inputs (for drift detection). */
export function fromApi(
  siteId: string,
  r: Models.OutboundRouteBase,
  declared: OutboundRouteBindingInputs,
): OutboundRouteBindingInputs {
  return {
    siteId,
    trunkIds: (r.externalTrunkBases ?? []).map((t) => t.id!),
    ...(declared.routeName !== undefined && { routeName: r.name }),
    classificationTypes: r.classificationTypes ?? [],
    distribution: (r.distribution || "SEQUENTIAL") as "SEQUENTIAL" | "RANDOM",
    enabled: r.enabled ?? false,
    ...(r.description !== undefined && r.description !== "" && { description: r.description }),
  };
}
