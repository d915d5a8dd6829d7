/**
 * A route's settings section (`route`, `routes[i]`, `sites.<key>.routes[i]`): the settings and how
 * they map to an OutboundRouteBinding's inputs.
 */
import { type Section, prefixed } from "../common/section";
import { UNKNOWN } from "../common/validate";
import { checkBinding } from "./schema";

/** An outbound route of the site. */
export interface RouteConfig {
  /** Omit to use the site's Default Outbound Route; set to create a route of this name (`namePrefix` is added). */
  name?: string;
  /** The keys of the carriers the route uses, in priority order. Default (the default route only): every carrier, in key order. */
  carriers?: string[];
  /** Classifications the route serves. Default: the default route keeps its own; a named route serves National and International. */
  classificationTypes?: string[];
  /** `SEQUENTIAL` (default: carriers in the listed order) or `RANDOM`. */
  distribution?: "SEQUENTIAL" | "RANDOM";
  /** Whether the route is enabled. Default true. */
  enabled?: boolean;
  /** A named route only: take over the site's existing route with this id instead of creating one (written by `npm run import`); read only at create. */
  adoptId?: string;
}

/** The OutboundRouteBinding's inputs for a route's settings. */
export function bindingInputs<Id>(r: RouteConfig, prefix: string, siteId: Id, trunkIds: Id[]) {
  return {
    siteId,
    trunkIds,
    routeName: r.name === undefined ? undefined : prefixed(prefix, r.name),
    classificationTypes: r.classificationTypes,
    distribution: r.distribution,
    enabled: r.enabled,
    adoptId: r.adoptId,
  };
}

/** A route's section. */
export const ROUTE: Section = {
  required: [],
  keys: {
    routeName: "name",
    classificationTypes: "classificationTypes",
    distribution: "distribution",
    enabled: "enabled",
    adoptId: "adoptId",
  },
  check: (raw, prefix, label) =>
    checkBinding(bindingInputs(raw as RouteConfig, prefix, UNKNOWN, [UNKNOWN]), label),
};
