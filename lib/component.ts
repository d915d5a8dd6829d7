/**
 * `ByocTelephony`: a whole BYOC Cloud setup as one Pulumi component. It checks the org first
 * (the BYOC product, the managed edge site: ./org), then declares the graph
 * Location → Site → Trunk per carrier (inbound site = Site) → OutboundRouteBinding per route;
 * in the estate form (`sites`) that per site, with its NumberPlans, and the DID pools. Each
 * child's inputs come from its kind's settings (resources/<kind>/settings.ts), checked first by
 * settings/ as a whole.
 *
 * The project's own stack program (program/) is its first user; any Pulumi program can declare
 * it, several times with different names.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionSettings } from "../genesys/config";
import { DidPool, type DidPoolArgs } from "../resources/didPool";
import { didPoolEntries } from "../resources/didPool/settings";
import { Location, type LocationArgs } from "../resources/location";
import { type LocationConfig, locationInputs } from "../resources/location/settings";
import { NumberPlans, type NumberPlansArgs } from "../resources/numberPlans";
import { OutboundRouteBinding, type OutboundRouteBindingArgs } from "../resources/outboundRouteBinding";
import { type RouteConfig, bindingInputs } from "../resources/outboundRouteBinding/settings";
import { Site, type SiteArgs } from "../resources/site";
import { DEFAULT_EDGE_SITE, type SiteConfig, siteInputs } from "../resources/site/settings";
import { Trunk, type TrunkArgs } from "../resources/trunk";
import { trunkInputs } from "../resources/trunk/settings";
import { withoutDebugStacks } from "../resources/common/debugStacks";
import { UNKNOWN } from "../resources/common/validate";
import { checkSettings, childNames } from "../settings";
import type {
  ByocTelephonyArgs,
  ByocTelephonyOptions,
  CarrierOutputs,
  DidPoolRangeOutputs,
  DidPoolsOutputs,
  EstateSiteOutputs,
  RouteOutputs,
} from "./args";
import { type OrgFacts, preflight, programConnection, programFailure } from "./org";

/** The component's type token. */
export const BYOC_TELEPHONY_TYPE = "genesys-byoc:index:ByocTelephony";

/** A class of a child resource: its constructor, and the outputs the component reads from it. */
type ChildClass<A, R> = new (
  name: string,
  args: A,
  opts?: pulumi.CustomResourceOptions,
) => R & pulumi.Resource;

/**
 * The classes a {@link ByocTelephony} declares its children with: this package's dynamic
 * resources ({@link DYNAMIC_CHILDREN}), or, inside the provider plugin, the plugin's own custom
 * resources (the same inputs and outputs, the same provider code).
 */
export interface ChildClasses {
  Location: ChildClass<LocationArgs, Pick<Location, "id" | "name">>;
  Site: ChildClass<SiteArgs, Pick<Site, "id" | "name">>;
  Trunk: ChildClass<TrunkArgs, Pick<Trunk, "id" | "name" | "sipTerminationFqdn">>;
  OutboundRouteBinding: ChildClass<
    OutboundRouteBindingArgs,
    Pick<OutboundRouteBinding, "routeId" | "name" | "classifications">
  >;
  NumberPlans: ChildClass<NumberPlansArgs, Pick<NumberPlans, "plans">>;
  DidPool: ChildClass<DidPoolArgs, Pick<DidPool, "id" | "startPhoneNumber" | "endPhoneNumber">>;
}

/** The children as dynamic resources (TypeScript and JavaScript programs). */
export const DYNAMIC_CHILDREN: ChildClasses = {
  Location,
  Site,
  Trunk,
  OutboundRouteBinding,
  NumberPlans,
  DidPool,
};

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
 * checks (settings/). A value given as an Output is not known yet: the resource checks it
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
   * Where the preflight connects: the program's connection (its `genesys:*` config, else the
   * `GENESYS_CLOUD_*` environment). The provider plugin's component uses the plugin's own.
   */
  protected connection(): ConnectionSettings {
    return programConnection();
  }

  /** The classes of the children: the dynamic resources; the provider plugin's component uses its own. */
  protected childClasses(): ChildClasses {
    return DYNAMIC_CHILDREN;
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
      const settings = this.connection();
      try {
        for (const edge of edgeNames) org.set(edge, await preflight(settings, edge));
      } catch (err) {
        throw programFailure(err, settings);
      }
    } catch (err) {
      return reportFailure(err as Error);
    }
    // Without the runtime's debug stack traces: a third of a large estate's program time (see there).
    const built = withoutDebugStacks(() =>
      declareChildren(this, this.childClasses(), name!, args, org, opts?.childAliases ?? {}),
    );
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

/** The children of `parent` (of the classes `kinds`), named after `name`. */
function declareChildren(
  parent: ByocTelephony,
  kinds: ChildClasses,
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
    const loc = new kinds.Location(
      child(at(childNames.location)),
      locationInputs(location, p),
      opts(at(childNames.location), args.protect),
    );
    const edge = org.get(siteConfig.edgeSiteName ?? DEFAULT_EDGE_SITE)!;
    const site = new kinds.Site(
      child(at(childNames.site)),
      siteInputs<pulumi.Input<string>>(siteConfig, p, loc.id, edge.edgeSiteId),
      opts(at(childNames.site), args.protect),
    );
    return { location: loc, site };
  };

  const declareTrunks = (inboundSiteId: (key: string) => pulumi.Input<string>) => {
    const trunks = new Map<string, InstanceType<ChildClasses["Trunk"]>>();
    const carriers: Built["carriers"] = {};
    for (const [key, c] of Object.entries(args.carriers)) {
      const digest =
        c.password !== undefined && c.userName !== undefined
          ? pulumi
              .secret(c.password)
              .apply((password) => ({ realm: c.realm, username: c.userName!, password }))
          : undefined;
      const trunk = new kinds.Trunk(
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
    trunks: Map<string, InstanceType<ChildClasses["Trunk"]>>,
    at: (suffix: string) => string,
    plans?: { resource: InstanceType<ChildClasses["NumberPlans"]>; classifications: string[] },
  ) => {
    const routes: NonNullable<Built["routes"]> = {};
    for (const r of routesOf(routeList, args.carriers)) {
      const keys = r.carriers ?? Object.keys(args.carriers);
      const needsPlans =
        plans && (r.classificationTypes ?? []).some((c) => plans.classifications.includes(c));
      const binding = new kinds.OutboundRouteBinding(
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
      const resource = new kinds.DidPool(child(suffix), pool, {
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
      ? new kinds.NumberPlans(
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
