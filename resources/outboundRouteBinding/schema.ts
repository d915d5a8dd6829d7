/**
 * OutboundRouteBinding: plain input/output types and validation (no Pulumi import).
 */
import { DEFAULT_PLAN_NAMES } from "../numberPlans/schema";
import {
  CheckFailure,
  Failures,
  Label,
  arrayOf,
  displayName,
  idReference,
  idReferences,
  oneOf,
  optionalBoolean,
  optionalString,
} from "../common/validate";

/** Name of the route Genesys creates with every site. */
export const DEFAULT_ROUTE_NAME = "Default Outbound Route";

/**
 * The number-plan classifications every new site has: its default number plans, each named after
 * its classification (resources/numberPlans). Orgs can add custom ones through number plans.
 */
export const DEFAULT_CLASSIFICATIONS = DEFAULT_PLAN_NAMES;

/** Classifications for a named route when none are declared. */
export const NEW_ROUTE_CLASSIFICATIONS = ["National", "International"];

/** Declared inputs of an OutboundRouteBinding. */
export interface OutboundRouteBindingInputs {
  /** Id of the site whose outbound route carries the trunks. Changing it replaces the binding. */
  siteId: string;
  /** Ids of the trunks (EXTERNAL trunk bases) the route uses, in priority order when distribution is SEQUENTIAL. At least one. */
  trunkIds: string[];
  /**
   * Route name. Omitted (the default): bind the site's auto-created "Default Outbound Route",
   * remembering what it carried and restoring that on delete (the default route is never
   * deleted). Any other name: the binding creates a route of that name and deletes it on
   * destroy. Changing it replaces the binding.
   */
  routeName?: string;
  /**
   * Number-plan classifications the route serves (e.g. National, International); they must exist
   * on the site. Default: for the default route, the classifications it already has; for a named
   * route, National and International. A classification can be on only one route of a site, so
   * the binding takes each one it needs off the site's other routes, remembers where it came from
   * (`borrowed`) and gives it back when the binding is deleted or no longer needs it.
   */
  classificationTypes?: string[];
  /** `SEQUENTIAL` (default: trunks in the listed order) or `RANDOM`. */
  distribution?: "SEQUENTIAL" | "RANDOM";
  /** Whether the route is enabled. Default true. */
  enabled?: boolean;
  /** Route description. */
  description?: string;
  /**
   * Adopt an existing outbound route of the site with this id instead of creating one (`pulumi
   * import` does not work for dynamic resources); needs `routeName` (the site's Default Outbound
   * Route is always taken over, so omit adoptId for it). Read only at create: the adopted route is
   * updated to match the other inputs (written only where it differs), takes the classifications
   * it needs like a created route, and is deleted on destroy like any other named route. Changing
   * it later has no effect.
   */
  adoptId?: string;
}

/** What the default route carried before the binding took it over (restored on delete). */
export interface RouteSnapshot {
  classificationTypes: string[];
  enabled: boolean;
  distribution: string;
  description?: string;
  trunkIds: string[];
}

/** Classifications the binding took off another route of the site (given back on delete). */
export interface BorrowedClassifications {
  /** Id of the route they came from. */
  routeId: string;
  /** Name of that route when they were taken. */
  routeName: string;
  /** The classifications taken. */
  classificationTypes: string[];
}

/** Outputs: declared inputs plus the route id and, for an adopted route, its prior contents. */
export interface OutboundRouteBindingOutputs extends OutboundRouteBindingInputs {
  /** Genesys id of the route. The binding's own id is `<siteId>:<routeId>`. */
  routeId: string;
  /** The route's name in Genesys ("Default Outbound Route" for the default route). */
  name: string;
  /** The classifications the route serves now (declared, or kept from the default route). */
  classifications: string[];
  /** Set when the binding adopted an existing route: its contents before, restored on delete. */
  adoptedFrom?: RouteSnapshot;
  /** Classifications taken off the site's other routes, given back on delete. */
  borrowed?: BorrowedClassifications[];
}

/**
 * Inputs compared by diff (everything but `adoptId`, which only matters at create); changes to
 * `REPLACE_KEYS` replace the binding.
 */
export const DIFF_KEYS = [
  "siteId",
  "trunkIds",
  "routeName",
  "classificationTypes",
  "distribution",
  "enabled",
  "description",
] as const;
export const REPLACE_KEYS = ["siteId", "routeName"] as const;

/** Splits a binding id `<siteId>:<routeId>`. */
export function parseBindingId(id: string): { siteId: string; routeId: string } {
  const [siteId, routeId, ...rest] = id.split(":");
  if (!siteId || !routeId || rest.length) {
    throw new Error(
      `"${id}" is not an outbound route binding id: it is "<siteId>:<routeId>" (the site's id, a colon, the route's id)`,
    );
  }
  return { siteId, routeId };
}

export function checkBinding(
  news: Record<string, unknown>,
  label?: Label,
): {
  inputs: OutboundRouteBindingInputs;
  failures: CheckFailure[];
} {
  const f = new Failures(label);
  f.check("siteId", (w) => idReference(news.siteId, w, "site"));
  f.check("trunkIds", (w) => idReferences(news.trunkIds, w, "trunk"));
  if (typeof news.routeName === "string" && news.routeName.trim() === "") {
    f.check("routeName", (w) => `${w} must not be empty: omit it to bind the site's ${DEFAULT_ROUTE_NAME}`);
  } else if (news.routeName !== undefined) {
    f.check("routeName", (w) => displayName(news.routeName, w, 255));
  }
  if (news.classificationTypes !== undefined) {
    f.check("classificationTypes", (w) =>
      arrayOf(news.classificationTypes, w, (x, l) => displayName(x, l, 100), { min: 1, unique: true }),
    );
  }
  f.check("distribution", (w) => oneOf(news.distribution, ["SEQUENTIAL", "RANDOM"], w));
  f.check("enabled", (w) => optionalBoolean(news.enabled, w));
  f.check("description", (w) => optionalString(news.description, w, 500));
  f.check("adoptId", (w) => optionalString(news.adoptId, w, 64));
  const adoptId = typeof news.adoptId === "string" && news.adoptId !== "" ? news.adoptId : undefined;
  if (adoptId !== undefined && (news.routeName === undefined || news.routeName === DEFAULT_ROUTE_NAME)) {
    f.check(
      "adoptId",
      (w) =>
        `${w} needs routeName: the site's ${DEFAULT_ROUTE_NAME} is always taken over, so omit adoptId to bind it`,
    );
  }
  const inputs: OutboundRouteBindingInputs = {
    siteId: news.siteId as string,
    trunkIds: news.trunkIds as string[],
    ...(news.routeName !== undefined &&
      news.routeName !== DEFAULT_ROUTE_NAME && { routeName: news.routeName as string }),
    ...(news.classificationTypes !== undefined && {
      classificationTypes: news.classificationTypes as string[],
    }),
    distribution: (news.distribution as "SEQUENTIAL" | "RANDOM") ?? "SEQUENTIAL",
    enabled: (news.enabled as boolean) ?? true,
    ...(news.description !== undefined && { description: news.description as string }),
    ...(adoptId !== undefined && { adoptId }),
  };
  return { inputs, failures: f.list };
}
