/**
 * What a `ByocTelephony` takes and reports: its arguments (the settings of each kind, from
 * resources/<kind>/settings.ts, with the secrets as Inputs), its options and its outputs.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DidPoolArgs } from "../resources/didPool";
import type { NumberPlanSpec } from "../resources/numberPlans";
import type { LocationConfig } from "../resources/location/settings";
import type { RouteConfig } from "../resources/outboundRouteBinding/settings";
import type { SiteConfig } from "../resources/site/settings";
import type { SipTrunkConfig } from "../resources/trunk/settings";

/** A carrier as the component takes it: a trunk's settings, the password as a (secret) Input. */
export interface CarrierArgs extends Omit<SipTrunkConfig, "password"> {
  /**
   * SIP digest password (set together with `userName`); pass a secret, e.g. `config.requireSecret(...)`.
   * @secret
   */
  password?: pulumi.Input<string>;
  /**
   * Estate form only: the key under `sites` of the site whose number plans classify the trunk's
   * inbound calls. Default: the first site (in key order) whose routes use the carrier, else the
   * first site.
   */
  inboundSite?: string;
}

/** One site of the estate form (`sites`): its location, site, number plans and routes. */
export interface EstateSiteArgs {
  /** The location (emergency number and address) the site uses. */
  location: LocationConfig;
  /** The BYOC Cloud site. */
  site: SiteConfig;
  /**
   * The site's own number plans, in priority order, before Genesys's default plans (which are
   * kept). A plan's `classification` is then one the site's routes may serve. Default: none.
   */
  numberPlans?: NumberPlanSpec[];
  /**
   * The site's routes; carriers are named by their key under `carriers`. At most one entry omits
   * `name` (the site's Default Outbound Route). Default: the Default Outbound Route with every
   * carrier, in key order.
   */
  routes?: RouteConfig[];
}

/** Arguments of a `ByocTelephony`: what a stack's `genesys-byoc:*` config describes. */
export interface ByocTelephonyArgs {
  /** Added in front of every Genesys name, so several stacks can share one org (e.g. `dev-`). Default `""`. */
  namePrefix?: string;
  /** The location (emergency number and address) the site uses. Required unless `sites` is set. */
  location?: LocationConfig;
  /** The BYOC Cloud site. Required unless `sites` is set. */
  site?: SiteConfig;
  /**
   * The estate form, instead of `location`, `site` and `routes`: several sites by a key of your
   * choice (it names the Pulumi resources `<component>-<key>-location`, `-<key>-site`,
   * `-<key>-numberplans`, `-<key>-outbound-route` and `-<key>-route-<slug>`). Carriers are shared:
   * each route names the ones it uses. Default: not used.
   */
  sites?: Record<string, EstateSiteArgs>;
  /**
   * DID pools (ranges of the org's own numbers), with either site form, by a key of your choice: a
   * letter, then letters, digits, `-` and `_`. The key names the Pulumi resource
   * `<component>-didpool-<key>`, so any change of a pool, its range included, updates it in place.
   * Ranges must not overlap. Default: none.
   *
   * A list of pools (the form before keys) is still accepted: each is then the resource
   * `<component>-didpool-<digits of its first number>`, as it always was, so moving its start
   * would replace it. A keyed pool whose `startPhoneNumber` (a plain string) is where a list-form
   * pool started keeps that resource (an alias to its name): convert the list to keys without
   * moving any range, run `pulumi up`, then move ranges.
   */
  didPools?: Record<string, DidPoolArgs> | DidPoolArgs[];
  /** The carriers, by a key of your choice (it names the Pulumi resource `<component>-trunk-<key>`). At least one. */
  carriers: Record<string, CarrierArgs>;
  /**
   * The site's routes. At most one entry omits `name`: it binds the site's Default Outbound Route.
   * Default: the Default Outbound Route with every carrier, in key order. Not with `sites`.
   */
  routes?: RouteConfig[];
  /**
   * Protects the Location and the Site (each site's, in the estate form) (Pulumi's `protect`): no `pulumi destroy` or replacement
   * can delete them until it is set back to false and applied with `pulumi up`. Default false.
   */
  protect?: boolean;
}

/** Options of a `ByocTelephony`: Pulumi's component options, and aliases for its children. */
export interface ByocTelephonyOptions extends pulumi.ComponentResourceOptions {
  /**
   * Aliases for children that existed before under another name or parent (e.g. declared at the
   * stack's root), keyed by the child's name relative to the component: `location`, `site`,
   * `trunk-<key>`, `outbound-route`, `route-<route name slug>`. With them an existing stack moves
   * those resources under the component instead of replacing them. Default: none.
   */
  childAliases?: Record<string, pulumi.Input<pulumi.URN | pulumi.Alias>[]>;
}

/** What the component reports for one carrier. */
export interface CarrierOutputs {
  /** The trunk's id. */
  trunkId: string;
  /** The trunk's name in Genesys, with the prefix. */
  name: string;
  /** Where the carrier sends calls: `<inbound SIP termination identifier>.byoc.<domain>`. */
  sipTerminationFqdn?: string;
}

/** What the component reports for one route. */
export interface RouteOutputs {
  /** The route's id. */
  routeId: string;
  /** The route's name in Genesys ("Default Outbound Route", or the prefixed name). */
  name: string;
  /** The classifications the route serves. */
  classifications: string[];
  /** The carriers (keys) on the route, in order. */
  carriers: string[];
}

/** What the component reports for one site of the estate form. */
export interface EstateSiteOutputs {
  /** The location's id. */
  locationId: string;
  /** The site's id. */
  siteId: string;
  /** Per route: `default` for the Default Outbound Route, else the route's declared name. */
  routes: Record<string, RouteOutputs>;
  /** The names of the site's declared number plans, in priority order (empty when none). */
  numberPlans: string[];
}

/** What the component reports for one DID pool. */
export interface DidPoolRangeOutputs {
  /** The pool's id. */
  id: string;
  /** First number of the range (E.164). */
  startPhoneNumber: string;
  /** Last number of the range (E.164). */
  endPhoneNumber: string;
}

/** The DID pools the component reports: by key, or in the declared order when they were given as a list. */
export type DidPoolsOutputs = Record<string, DidPoolRangeOutputs> | DidPoolRangeOutputs[];
