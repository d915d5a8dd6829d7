/**
 * `ByocTelephony`: a whole BYOC Cloud setup as one Pulumi component. It checks the org first
 * (the BYOC product, the managed edge site), then declares the graph
 * Location → Site → Trunk per carrier (inbound site = Site) → OutboundRouteBinding per route;
 * in the estate form (`sites`) that per site, with its NumberPlans, and the DID pools.
 *
 * The project's own stack program (index.ts) is its first user; any Pulumi program can declare
 * it, several times with different names.
 */
import * as pulumi from "@pulumi/pulumi";
import { clientFor, clientKey } from "./genesys/client";
import { readCommandCache, writeCommandCache } from "./genesys/commandCache";
import { withoutDebugStacks } from "./resources/common/debugStacks";
import { ConfigSource, ConfigurationError, ConnectionSettings, resolveConnection } from "./genesys/config";
import { describeFailure } from "./genesys/errors";
import { findSiteByName, hasProduct } from "./genesys/org";
import { DidPool, type DidPoolArgs } from "./resources/didPool";
import { Location } from "./resources/location";
import { NumberPlans, type NumberPlanSpec } from "./resources/numberPlans";
import { OutboundRouteBinding } from "./resources/outboundRouteBinding";
import { Site } from "./resources/site";
import { Trunk } from "./resources/trunk";
import { UNKNOWN } from "./resources/common/validate";
import {
  DEFAULT_EDGE_SITE,
  bindingInputs,
  checkSettings,
  childNames,
  didPoolEntries,
  locationInputs,
  siteInputs,
  trunkInputs,
} from "./settingsSchema";

export { DEFAULT_EDGE_SITE, childNames } from "./settingsSchema";

/** The component's type token. */
export const BYOC_TELEPHONY_TYPE = "genesys-byoc:index:ByocTelephony";

/** The Location every site needs: its name, emergency number and address. */
export interface LocationConfig {
  /** Location name (`namePrefix` is added in front). */
  name: string;
  /** Emergency number, E.164 (e.g. `+13175550100`). */
  number: string;
  /** The emergency number's type: `default` (the default) or `elin` (Emergency Location Identification Number). */
  numberType?: "default" | "elin";
  /** First street line. */
  street1: string;
  /** Second street line. */
  street2?: string;
  /** City. */
  city: string;
  /** State, province or region. */
  state?: string;
  /** Postal code. */
  zipcode?: string;
  /** ISO 3166-1 alpha-2 country code (e.g. `US`). */
  country: string;
  /** Free-text notes. */
  notes?: string;
  /** Take over the existing location with this id instead of creating one (written by `npm run import`); read only at create. */
  adoptId?: string;
}

/** The BYOC Cloud site. */
export interface SiteConfig {
  /** Site name (`namePrefix` is added in front). */
  name: string;
  /** Free-text description. */
  description?: string;
  /** IANA time zone of the edge auto-update window. Default `America/New_York`. */
  timeZone?: string;
  /** Window recurrence: `FREQ=DAILY` (default) or `FREQ=WEEKLY;BYDAY=…`. */
  rrule?: string;
  /** Window start, local `HH:mm`. Default `02:00`. */
  windowStart?: string;
  /** Window end, local `HH:mm` (at least two hours after the start). Default `05:00`. */
  windowEnd?: string;
  /** NTP servers (host names or IPs). */
  ntpServers?: string[];
  /** Caller id (E.164) for calls from the site. */
  callerId?: string;
  /** Caller name for calls from the site. */
  callerName?: string;
  /** Name of the managed edge site the site runs on. Default `PureCloud Voice - AWS`. */
  edgeSiteName?: string;
  /**
   * `Cloud` (default, BYOC Cloud) or `Premises`. Changing it replaces the site, and with it the
   * trunks and route bindings that refer to it.
   */
  mediaModel?: "Cloud" | "Premises";
  /** Take over the existing site with this id instead of creating one (written by `npm run import`); read only at create. */
  adoptId?: string;
}

/** One BYOC carrier trunk. */
export interface SipTrunkConfig {
  /** Trunk name (`namePrefix` is added in front). */
  externalTrunkName: string;
  /** Carrier SIP servers or proxies, `host[:port]`. */
  sipServers: string[];
  /** Inbound SIP termination identifier, unique in the org's region (a DNS label). */
  inboundSipTerminationIdentifier: string;
  /** Transport: `udp`, `tcp` or `tls`. Default: Genesys's (`udp`). */
  transport?: "udp" | "tcp" | "tls";
  /** IPs or CIDR blocks the carrier signals from. */
  aclAllowList?: string[];
  /** SIP digest realm. */
  realm?: string;
  /** SIP digest user name (set together with `password`). */
  userName?: string;
  /** SIP digest password (set together with `userName`). Kept secret in state and output. */
  password?: string;
  /** Outbound calling name. */
  callingName?: string;
  /** Outbound calling number (E.164). */
  callingAddress?: string;
  /** When the calling name applies: `Always` (Genesys's default) or `Unassigned DID`. */
  callingNameOverride?: "Always" | "Unassigned DID";
  /** When the calling number applies: `Always` (Genesys's default) or `Unassigned DID`. */
  callingAddressOverride?: "Always" | "Unassigned DID";
  /** Send the called number without its leading `+`. Default false. */
  omitPlusPrefixCalled?: boolean;
  /** Send the calling number without its leading `+`. Default false. */
  omitPlusPrefixCalling?: boolean;
  /** Whether the trunk is in service. Default true. */
  enabled?: boolean;
  /**
   * Other properties of the BYOC carrier metabase by key (e.g. `{ trunk_language: "en-GB" }`);
   * see the Trunk resource's `extraProperties`. Default: none.
   */
  extraProperties?: Record<string, string | number | boolean | string[] | null>;
  /**
   * Take over the existing trunk with this id instead of creating one (written by `npm run
   * import`); read only at create. With it, `userName` may be set without `password`: the digest
   * credentials are then left as they are in Genesys until the password is set.
   */
  adoptId?: string;
}

/** A carrier as the component takes it: a trunk's settings, the password as a (secret) Input. */
export interface CarrierArgs extends Omit<SipTrunkConfig, "password"> {
  /** SIP digest password (set together with `userName`); pass a secret, e.g. `config.requireSecret(...)`. */
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

/** Arguments of a {@link ByocTelephony}: what a stack's `genesys-byoc:*` config describes. */
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

/** Options of a {@link ByocTelephony}: Pulumi's component options, and aliases for its children. */
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

/** What the preflight learned about the org. */
export interface OrgFacts {
  /** Id of the managed edge site the new site runs on. */
  edgeSiteId: string;
}

/** The program's stack config as the client layer reads it (`genesys:region`, `genesys:clientSecret`, …). */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/**
 * The connection settings of the running program (its `genesys:*` config, else the
 * `GENESYS_CLOUD_*` environment), a bad setting reported as one plain line.
 */
export function programConnection(): ConnectionSettings {
  try {
    return resolveConnection(programConfig);
  } catch (err) {
    throw err instanceof ConfigurationError ? new pulumi.RunError(err.message) : err;
  }
}

/** `err` as the user reads it: one line naming the host or setting to fix, never a stack trace. */
export function programFailure(err: unknown, settings: ConnectionSettings): Error {
  return err instanceof pulumi.RunError
    ? err
    : new pulumi.RunError(describeFailure(err, clientFor(settings).target));
}

/**
 * Checks the org before anything is planned: BYOC must be enabled and the managed edge site must
 * exist. Fails with a clear message, so nothing is created, otherwise. The two look-ups run in
 * parallel; what they found is kept for the rest of the same CLI command (see
 * genesys/commandCache.ts), so the update pass of `pulumi up` does not ask again.
 *
 * @param settings Where the org is and how to log in.
 * @param edgeSiteName The managed edge site to look for.
 */
export async function preflight(
  settings: ConnectionSettings,
  edgeSiteName = DEFAULT_EDGE_SITE,
): Promise<OrgFacts> {
  const key = `preflight\n${edgeSiteName}\n${clientKey(settings)}`;
  const cached = readCommandCache<OrgFacts>(key);
  if (cached?.edgeSiteId) return cached;

  const client = clientFor(settings);
  const [byoc, edge] = await Promise.allSettled([
    hasProduct(client, "byoc"),
    findSiteByName(client, edgeSiteName),
  ]);
  if (byoc.status === "rejected") throw byoc.reason;
  if (!byoc.value) {
    throw new pulumi.RunError(
      `The Genesys Cloud org at ${client.target} does not have the "byoc" product, so BYOC Cloud trunks cannot ` +
        `be created there. Ask Genesys to enable BYOC Cloud for the org, or point the stack at another org.`,
    );
  }
  if (edge.status === "rejected") throw edge.reason;
  if (!edge.value?.id) {
    throw new pulumi.RunError(
      `The org at ${client.target} has no site named "${edgeSiteName}" (the managed edge site BYOC Cloud ` +
        `sites run on). Check site.edgeSiteName in the stack config.`,
    );
  }
  const facts = { edgeSiteId: edge.value.id };
  writeCommandCache(key, facts);
  return facts;
}

/** The routes as declared, or the default: the Default Outbound Route with every carrier. */
function routesOf(routes: RouteConfig[] | undefined, carriers: Record<string, unknown>): RouteConfig[] {
  return routes?.length ? routes : [{ carriers: Object.keys(carriers) }];
}

/**
 * The site key (estate form) each carrier's trunk takes inbound calls on: its `inboundSite`, else
 * the first site (in key order) whose routes use it, else the first site.
 */
export function inboundSites(args: ByocTelephonyArgs): Record<string, string> {
  const sites = Object.entries(args.sites ?? {});
  return Object.fromEntries(
    Object.entries(args.carriers).map(([key, c]) => {
      const using = sites.find(([, s]) =>
        routesOf(s.routes, args.carriers).some((r) =>
          (r.carriers ?? Object.keys(args.carriers)).includes(key),
        ),
      );
      return [key, c.inboundSite ?? using?.[0] ?? sites[0]?.[0]];
    }),
  );
}

/** `v` with each Output or promise in it (a value not known until the program runs) as the engine's unknown. */
function withUnknowns(v: unknown): unknown {
  if (pulumi.Output.isInstance(v) || v instanceof Promise) return UNKNOWN;
  if (Array.isArray(v)) return v.map(withUnknowns);
  if (typeof v === "object" && v !== null)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withUnknowns(x)]));
  return v;
}

/**
 * The arguments' problems, each naming the argument as the stack config would (`location.number`,
 * `carriers.<key>.sipServers[0]`, `routes[1].name`): the same schema and the resources' own
 * checks (settingsSchema.ts). A value given as an Output is not known yet: the resource checks it
 * once it is.
 */
export function checkArgs(args: ByocTelephonyArgs): string[] {
  const a = withUnknowns(args) as ByocTelephonyArgs;
  const estate = a.sites !== undefined;
  const missing = (estate ? (["carriers"] as const) : (["location", "site", "carriers"] as const))
    .filter((k) => a[k] === undefined)
    .map((k) => `${k} is required (see ByocTelephonyArgs)`);
  if (estate) {
    const both = (["location", "site", "routes"] as const).filter((k) => a[k] !== undefined);
    if (both.length)
      return [
        `${both.join(", ")} and sites are exclusive: declare each site's location, site and routes under sites.<key>`,
      ];
  }
  const issues = checkSettings({
    namePrefix: a.namePrefix,
    ...(estate
      ? { sites: a.sites, carriers: a.carriers }
      : {
          location: a.location,
          site: a.site,
          ...(a.carriers !== undefined && { carriers: a.carriers, routes: routesOf(a.routes, a.carriers) }),
        }),
    ...(a.didPools !== undefined && { didPools: a.didPools }),
  });
  return [...missing, ...new Set(issues.map((i) => i.message))];
}

/** `T` with each field an Input. */
type InputsOf<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** What `initialize` builds: the outputs, with the children's Outputs inside. */
interface Built {
  /** Single-site form only (undefined in the estate form), like the site's name and ids. */
  locationId?: pulumi.Output<string>;
  locationName?: pulumi.Output<string>;
  siteId?: pulumi.Output<string>;
  siteName?: pulumi.Output<string>;
  carriers: Record<string, InputsOf<CarrierOutputs>>;
  routes?: Record<string, InputsOf<RouteOutputs>>;
  /** Estate form only. */
  sites?: Record<string, InputsOf<Omit<EstateSiteOutputs, "routes">> & { routes: Built["routes"] }>;
  /** Only when `didPools` is set, so a stack without pools keeps the component's outputs it had. */
  didPools?: Record<string, InputsOf<DidPoolRangeOutputs>> | InputsOf<DidPoolRangeOutputs>[];
}

/**
 * A Genesys Cloud BYOC Cloud setup: a Location, a Site on the managed edge site, a BYOC carrier
 * Trunk per carrier and the site's outbound routes bound to them, after a preflight of the org.
 *
 * Children are named `<name>-location`, `<name>-site`, `<name>-trunk-<key>`,
 * `<name>-outbound-route` (the Default Outbound Route), `<name>-route-<route name>` and
 * `<name>-didpool-<key>`. The
 * connection comes from the program's `genesys:*` config or the `GENESYS_CLOUD_*` environment.
 *
 * Type token: `genesys-byoc:index:ByocTelephony`.
 *
 * @example
 * const telephony = new ByocTelephony("byoc", {
 *   namePrefix: "dev-",
 *   location: { name: "HQ", number: "+13175550100", street1: "7601 Interactive Way", city: "Indianapolis", country: "US" },
 *   site: { name: "Cloud Site" },
 *   carriers: { primary: { externalTrunkName: "Carrier", sipServers: ["sip.carrier.example"], inboundSipTerminationIdentifier: "acme-dev" } },
 * });
 * export const siteId = telephony.siteId;
 */
export class ByocTelephony extends pulumi.ComponentResource<Built | undefined> {
  /** The location's id. */
  declare readonly locationId: pulumi.Output<string>;
  /** The location's name in Genesys, with the prefix. */
  declare readonly locationName: pulumi.Output<string>;
  /** The site's id. */
  declare readonly siteId: pulumi.Output<string>;
  /** The site's name in Genesys, with the prefix. */
  declare readonly siteName: pulumi.Output<string>;
  /** Per carrier key: its trunk's id, name and SIP termination FQDN. */
  declare readonly carriers: pulumi.Output<Record<string, CarrierOutputs>>;
  /** Per route: `default` for the Default Outbound Route, else the route's declared name. */
  declare readonly routes: pulumi.Output<Record<string, RouteOutputs>>;
  /** Estate form: per site key, its location and site ids, routes and number plan names. */
  declare readonly sites: pulumi.Output<Record<string, EstateSiteOutputs>>;
  /**
   * The DID pools (undefined when `didPools` is not set): by key, or, when `didPools` is a list, in
   * its order.
   */
  declare readonly didPools: pulumi.Output<DidPoolsOutputs>;
  /**
   * Resolves once the preflight is done: `true` when the children are declared, `false` when the
   * preflight or the arguments failed. The failure is reported as the program's error either
   * way (one line, and the command fails); a program that exports the outputs only when this is
   * `true` avoids Pulumi's "Undefined value" warnings after it.
   */
  declare readonly ready: Promise<boolean>;

  /**
   * @param name The component's Pulumi name; its children's names start with it.
   * @param args What to build; see {@link ByocTelephonyArgs}.
   * @param opts Standard Pulumi component options, and aliases for the children.
   */
  constructor(name: string, args: ByocTelephonyArgs, opts?: ByocTelephonyOptions) {
    super(BYOC_TELEPHONY_TYPE, name, args, opts);
    this.ready = this.getData().then((d) => d !== undefined);
    // After a failure (reported by `initialize`) the outputs are undefined rather than rejected.
    const field = <T>(pick: (d: Built) => pulumi.Input<T>) =>
      pulumi.output(this.getData().then((d) => (d === undefined ? undefined : pick(d)))) as pulumi.Output<T>;
    this.locationId = field<string>((d) => d.locationId!);
    this.locationName = field<string>((d) => d.locationName!);
    this.siteId = field<string>((d) => d.siteId!);
    this.siteName = field<string>((d) => d.siteName!);
    this.carriers = field((d) => pulumi.output(d.carriers)) as pulumi.Output<Record<string, CarrierOutputs>>;
    this.routes = field((d) => pulumi.output(d.routes)) as pulumi.Output<Record<string, RouteOutputs>>;
    this.sites = field((d) => pulumi.output(d.sites)) as pulumi.Output<Record<string, EstateSiteOutputs>>;
    this.didPools = field((d) => pulumi.output(d.didPools)) as pulumi.Output<DidPoolsOutputs>;
  }

  /**
   * Checks the arguments and the org, then declares the children. Runs once, from the
   * constructor (see `getData`). A failure is reported, not thrown: see {@link reportFailure}.
   */
  protected override async initialize(
    argsIn: pulumi.Inputs,
    opts?: ByocTelephonyOptions,
    name?: string,
  ): Promise<Built | undefined> {
    const args = argsIn as ByocTelephonyArgs;
    const problems = checkArgs(args);
    if (problems.length) {
      return reportFailure(
        new pulumi.RunError(
          `ByocTelephony "${name}": invalid arguments:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
        ),
      );
    }
    // One preflight per managed edge site the sites run on.
    const edgeNames = [
      ...new Set(
        (args.sites ? Object.values(args.sites).map((s) => s.site) : [args.site!]).map(
          (s) => s.edgeSiteName ?? DEFAULT_EDGE_SITE,
        ),
      ),
    ];
    const org = new Map<string, OrgFacts>();
    try {
      const settings = programConnection();
      try {
        for (const edge of edgeNames) org.set(edge, await preflight(settings, edge));
      } catch (err) {
        throw programFailure(err, settings);
      }
    } catch (err) {
      return reportFailure(err as Error);
    }
    // Without the runtime's debug stack traces: a third of a large estate's program time (see there).
    const built = withoutDebugStacks(() => declareChildren(this, name!, args, org, opts?.childAliases ?? {}));
    this.registerOutputs(built);
    return built;
  }
}

/**
 * Reports `err` as the program's failure, as one line (its stack hidden) and a failed command,
 * through Node's unhandled-rejection event, which Pulumi's runtime turns into the program's
 * error. The component's outputs are not rejected with it: a stack output whose Output rejects
 * keeps Pulumi's Node.js runtime (3.248) busy for about 40 s, growing to gigabytes, before it
 * reports anything.
 */
function reportFailure(err: Error): undefined {
  err.stack = err.message;
  void Promise.reject(err);
  return undefined;
}

/** The children of `parent`, named after `name`. */
function declareChildren(
  parent: ByocTelephony,
  name: string,
  args: ByocTelephonyArgs,
  org: Map<string, OrgFacts>,
  aliases: NonNullable<ByocTelephonyOptions["childAliases"]>,
): Built {
  const p = args.namePrefix ?? "";
  const child = (suffix: string) => `${name}-${suffix}`;
  const opts = (suffix: string, protect?: boolean): pulumi.CustomResourceOptions => ({
    parent,
    aliases: aliases[suffix],
    ...(protect && { protect }),
  });

  /** A location and its site; `at` turns a child's suffix into the site's (`london-site`). */
  const declareSite = (location: LocationConfig, siteConfig: SiteConfig, at: (suffix: string) => string) => {
    const loc = new Location(
      child(at(childNames.location)),
      locationInputs(location, p),
      opts(at(childNames.location), args.protect),
    );
    const edge = org.get(siteConfig.edgeSiteName ?? DEFAULT_EDGE_SITE)!;
    const site = new Site(
      child(at(childNames.site)),
      siteInputs<pulumi.Input<string>>(siteConfig, p, loc.id, edge.edgeSiteId),
      opts(at(childNames.site), args.protect),
    );
    return { location: loc, site };
  };

  const declareTrunks = (inboundSiteId: (key: string) => pulumi.Input<string>) => {
    const trunks = new Map<string, Trunk>();
    const carriers: Built["carriers"] = {};
    for (const [key, c] of Object.entries(args.carriers)) {
      const digest =
        c.password !== undefined && c.userName !== undefined
          ? pulumi
              .secret(c.password)
              .apply((password) => ({ realm: c.realm, username: c.userName!, password }))
          : undefined;
      const trunk = new Trunk(
        child(childNames.trunk(key)),
        trunkInputs(c, p, inboundSiteId(key), digest),
        opts(childNames.trunk(key)),
      );
      trunks.set(key, trunk);
      carriers[key] = { trunkId: trunk.id, name: trunk.name, sipTerminationFqdn: trunk.sipTerminationFqdn };
    }
    return { trunks, carriers };
  };

  /** A site's route bindings; a route serving a classification of `plans` waits for them. */
  const declareRoutes = (
    routeList: RouteConfig[] | undefined,
    siteId: pulumi.Output<string>,
    trunks: Map<string, Trunk>,
    at: (suffix: string) => string,
    plans?: { resource: NumberPlans; classifications: string[] },
  ) => {
    const routes: NonNullable<Built["routes"]> = {};
    for (const r of routesOf(routeList, args.carriers)) {
      const keys = r.carriers ?? Object.keys(args.carriers);
      const needsPlans =
        plans && (r.classificationTypes ?? []).some((c) => plans.classifications.includes(c));
      const binding = new OutboundRouteBinding(
        child(at(childNames.route(r.name))),
        bindingInputs<pulumi.Input<string>>(
          r,
          p,
          siteId,
          keys.map((k) => trunks.get(k)!.id),
        ),
        { ...opts(at(childNames.route(r.name))), ...(needsPlans && { dependsOn: [plans.resource] }) },
      );
      routes[r.name ?? "default"] = {
        routeId: binding.routeId,
        name: binding.name,
        classifications: binding.classifications,
        carriers: keys,
      };
    }
    return routes;
  };

  /** The pools by key (a list: in its order); a keyed pool keeps a list-form pool of its start by an alias. */
  const declarePools = (): NonNullable<Built["didPools"]> => {
    const declared = didPoolEntries(args.didPools ?? []).map(({ key, child: suffix, formerChild, pool }) => {
      const own = opts(suffix);
      const former = formerChild === undefined ? [] : [{ name: child(formerChild) }];
      const resource = new DidPool(child(suffix), pool, {
        ...own,
        aliases: [...(own.aliases ?? []), ...former],
      });
      const out = {
        id: resource.id,
        startPhoneNumber: resource.startPhoneNumber,
        endPhoneNumber: resource.endPhoneNumber,
      };
      return [key, out] as const;
    });
    return Array.isArray(args.didPools)
      ? declared.map(([, out]) => out)
      : Object.fromEntries(declared.map(([key, out]) => [key!, out]));
  };

  if (args.sites === undefined) {
    const same = (suffix: string) => suffix;
    const { location, site } = declareSite(args.location!, args.site!, same);
    const { trunks, carriers } = declareTrunks(() => site.id);
    const routes = declareRoutes(args.routes, site.id, trunks, same);
    return {
      locationId: location.id,
      locationName: location.name,
      siteId: site.id,
      siteName: site.name,
      carriers,
      routes,
      ...(args.didPools !== undefined && { didPools: declarePools() }),
    };
  }

  const declared = Object.entries(args.sites).map(([key, s]) => {
    const at = (suffix: string) => childNames.ofSite(key, suffix);
    const { location, site } = declareSite(s.location, s.site, at);
    const plans = s.numberPlans?.length
      ? new NumberPlans(
          child(at(childNames.numberPlans)),
          { siteId: site.id, plans: s.numberPlans },
          opts(at(childNames.numberPlans)),
        )
      : undefined;
    return { key, s, at, location, site, plans };
  });
  const inbound = inboundSites(args);
  const siteIds = new Map(declared.map((d) => [d.key, d.site.id]));
  const { trunks, carriers } = declareTrunks((key) => siteIds.get(inbound[key])!);
  const sites: NonNullable<Built["sites"]> = {};
  for (const d of declared) {
    const declaredClassifications = (d.s.numberPlans ?? []).map((x) => x.classification);
    sites[d.key] = {
      locationId: d.location.id,
      siteId: d.site.id,
      routes: declareRoutes(
        d.s.routes,
        d.site.id,
        trunks,
        d.at,
        d.plans && { resource: d.plans, classifications: declaredClassifications },
      ),
      numberPlans: d.plans ? d.plans.plans.apply((ps) => (ps ?? []).map((x) => x.name)) : [],
    };
  }
  return { carriers, sites, ...(args.didPools !== undefined && { didPools: declarePools() }) };
}
