/**
 * OutboundRouteBinding: pure mapping between declared inputs and route bodies.
 */
import type { Models } from "purecloud-platform-client-v2";
import { DEFAULT_ROUTE_NAME, OutboundRouteBindingInputs, RouteSnapshot } from "./schema";

/** Classifications for a route the binding creates, when none are declared. */
export const NEW_ROUTE_CLASSIFICATIONS = ["National", "International"];

/** The route name the binding manages. */
export function routeNameOf(i: OutboundRouteBindingInputs): string {
  return i.routeName ?? DEFAULT_ROUTE_NAME;
}

/** The POST/PUT body that makes the route carry the declared trunks and settings. */
export function toRouteBody(
  i: OutboundRouteBindingInputs,
  existing?: RouteSnapshot,
): Models.OutboundRouteBase {
  return {
    name: routeNameOf(i),
    classificationTypes: i.classificationTypes ?? existing?.classificationTypes ?? NEW_ROUTE_CLASSIFICATIONS,
    enabled: i.enabled ?? true,
    distribution: i.distribution ?? "SEQUENTIAL",
    externalTrunkBases: i.trunkIds.map((id) => ({ id })),
    description: i.description ?? existing?.description ?? "",
  };
}

/** What a route carries now, to restore later. */
export function snapshot(r: Models.OutboundRouteBase): RouteSnapshot {
  return {
    classificationTypes: r.classificationTypes ?? [],
    enabled: r.enabled ?? false,
    distribution: r.distribution || "SEQUENTIAL",
    ...(r.description !== undefined && { description: r.description }),
    trunkIds: (r.externalTrunkBases ?? []).map((t) => t.id!),
  };
}

/** The PUT body that puts a snapshot back. */
export function restoreBody(name: string, s: RouteSnapshot): Models.OutboundRouteBase {
  return {
    name,
    classificationTypes: s.classificationTypes,
    enabled: s.enabled,
    distribution: s.distribution,
    externalTrunkBases: s.trunkIds.map((id) => ({ id })),
    description: s.description ?? "",
  };
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
