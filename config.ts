/**
 * The stack's settings, in one place: read from Pulumi config (mirroring the seed script's
 * input-template.json: location, site, sipTrunk) and checked before anything is planned, so a
 * missing value fails `pulumi preview` with one message naming every key to fix.
 */
import * as pulumi from "@pulumi/pulumi";

/** `location` config: the Location every site needs (emergency number and address). */
export interface LocationConfig {
  /** Location name (the per-stack prefix is added). */
  name: string;
  /** Emergency number, E.164 (e.g. +13175550100). */
  number: string;
  street1: string;
  street2?: string;
  city: string;
  state?: string;
  zipcode?: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  notes?: string;
}

/** `site` config: the BYOC Cloud site. */
export interface SiteConfig {
  /** Site name (the per-stack prefix is added). */
  name: string;
  description?: string;
  /** IANA time zone of the edge auto-update window. Default America/New_York. */
  timeZone?: string;
  /** Window recurrence: FREQ=DAILY (default) or FREQ=WEEKLY;BYDAY=… */
  rrule?: string;
  /** Window start, local "HH:mm". Default 02:00. */
  windowStart?: string;
  /** Window end, local "HH:mm" (at least two hours after the start). Default 05:00. */
  windowEnd?: string;
  ntpServers?: string[];
  callerId?: string;
  callerName?: string;
  /** Name of the managed edge site the site runs on. Default "PureCloud Voice - AWS". */
  edgeSiteName?: string;
  /** `Cloud` (default, BYOC Cloud) or `Premises`. Changing it replaces the site, and with it the trunk and route binding that refer to it. */
  mediaModel?: "Cloud" | "Premises";
}

/** `sipTrunk` config: the BYOC carrier trunk. `password` must be set with --secret. */
export interface SipTrunkConfig {
  /** Trunk name (the per-stack prefix is added). */
  externalTrunkName: string;
  /** Carrier SIP servers or proxies, host[:port]. */
  sipServers: string[];
  /** Inbound SIP termination identifier, unique in the org's region. */
  inboundSipTerminationIdentifier: string;
  /** Transport: udp, tcp or tls. */
  transport?: "udp" | "tcp" | "tls";
  /** IPs/CIDRs the carrier signals from. */
  aclAllowList?: string[];
  realm?: string;
  userName?: string;
  /** Digest password: `pulumi config set --secret --path sipTrunk.password …`. */
  password?: string;
  callingName?: string;
  callingAddress?: string;
}

/** `route` config (optional): which outbound route carries the trunk. */
export interface RouteConfig {
  /** Omit to use the site's Default Outbound Route; set to create a route of this name. */
  name?: string;
  classificationTypes?: string[];
  distribution?: "SEQUENTIAL" | "RANDOM";
}

/** Everything the stack program needs. */
export interface StackConfig {
  /** Added in front of every Genesys name so several stacks can share one org. Default "". */
  namePrefix: string;
  location: LocationConfig;
  site: SiteConfig;
  sipTrunk: SipTrunkConfig;
  /** The SIP digest password, kept as a secret Output. */
  sipPassword?: pulumi.Output<string>;
  route: RouteConfig;
}

/** Reads and checks the project config; throws one error listing every missing key. */
export function loadConfig(config = new pulumi.Config()): StackConfig {
  const missing: string[] = [];
  const obj = <T>(key: string): T => {
    const v = config.getObject<T>(key);
    if (v === undefined) missing.push(`${key} (an object; see Pulumi.dev.yaml for an example)`);
    return (v ?? {}) as T;
  };
  const location = obj<LocationConfig>("location");
  const site = obj<SiteConfig>("site");
  const sipTrunk = obj<SipTrunkConfig>("sipTrunk");
  const need = (section: string, o: object, keys: string[]) => {
    for (const k of keys) {
      if ((o as Record<string, unknown>)[k] === undefined) missing.push(`${section}.${k}`);
    }
  };
  if (config.getObject("location"))
    need("location", location, ["name", "number", "street1", "city", "country"]);
  if (config.getObject("site")) need("site", site, ["name"]);
  if (config.getObject("sipTrunk")) {
    need("sipTrunk", sipTrunk, ["externalTrunkName", "sipServers", "inboundSipTerminationIdentifier"]);
  }
  // `pulumi config set --path` stores digit-only values as numbers, which drops the "+" of an
  // E.164 number and leading zeros of a postal code.
  const mustBeString = (section: string, o: object, key: string, example: string) => {
    const v = (o as Record<string, unknown>)[key];
    if (typeof v === "number") {
      missing.push(
        `${section}.${key} was stored as the number ${v}; set it as a string: ` +
          `pulumi config set --path --type string ${section}.${key} "${example}"`,
      );
    }
  };
  mustBeString("location", location, "number", "+13175550100");
  mustBeString("location", location, "zipcode", "02134");
  mustBeString("sipTrunk", sipTrunk, "callingAddress", "+13175550100");
  if ((sipTrunk.userName === undefined) !== (sipTrunk.password === undefined)) {
    missing.push(
      "sipTrunk.userName and sipTrunk.password go together (SIP digest authentication): set both, " +
        "the password with 'pulumi config set --secret --path sipTrunk.password <password>', or neither",
    );
  }
  if (missing.length) {
    throw new pulumi.RunError(
      `Missing or invalid stack configuration for project ${pulumi.getProject()}:\n` +
        missing.map((m) => `  - ${m}`).join("\n") +
        `\nSet them with 'pulumi config set --path <key> <value>' (e.g. --path location.name "HQ").`,
    );
  }
  // The password arrives inside the sipTrunk object; keep it only as a secret Output.
  const secretTrunk = config.getSecretObject<SipTrunkConfig>("sipTrunk");
  const { password, ...trunkWithoutPassword } = sipTrunk;
  return {
    namePrefix: config.get("namePrefix") ?? "",
    location,
    site,
    sipTrunk: {
      ...trunkWithoutPassword,
      sipServers: typeof sipTrunk.sipServers === "string" ? [sipTrunk.sipServers] : sipTrunk.sipServers,
    },
    sipPassword: password === undefined ? undefined : secretTrunk!.apply((t) => t.password!),
    route: config.getObject<RouteConfig>("route") ?? {},
  };
}
