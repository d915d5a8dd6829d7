/**
 * A carrier's settings section (`sipTrunk`, `carriers.<key>`): the settings, how they map to a
 * Trunk's inputs, and back (what `npm run import` writes for a BYOC trunk it read).
 */
import { isDeepStrictEqual } from "node:util";
import type { Models } from "purecloud-platform-client-v2";
import { type Raw, type Section, prefixed, settingsOf } from "../common/section";
import { UNKNOWN } from "../common/validate";
import { OUTBOUND_IDENTITY_FIELDS, OWNED_KEYS, PROP, type TrunkInputs, checkTrunk } from "./schema";

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

/** The Trunk's inputs for a carrier's settings; `digest` is built by the caller (it holds the secret). */
export function trunkInputs<Id, D>(
  c: Omit<SipTrunkConfig, "password">,
  prefix: string,
  inboundSiteId: Id,
  digest: D | undefined,
) {
  return {
    name: prefixed(prefix, c.externalTrunkName),
    inboundSiteId,
    sipServers: c.sipServers,
    transport: c.transport,
    inboundSipTerminationIdentifier: c.inboundSipTerminationIdentifier,
    aclAllowList: c.aclAllowList,
    digest,
    outboundIdentity: outboundIdentityOf(c),
    enabled: c.enabled,
    extraProperties: c.extraProperties,
    adoptId: c.adoptId,
  };
}

/** The carrier settings of a trunk's outbound identity: named as the Trunk's `outboundIdentity` fields. */
const IDENTITY_SETTINGS = OUTBOUND_IDENTITY_FIELDS;

function outboundIdentityOf(c: Omit<SipTrunkConfig, "password">) {
  const set = IDENTITY_SETTINGS.filter((k) => c[k] !== undefined);
  return set.length ? Object.fromEntries(set.map((k) => [k, c[k]])) : undefined;
}

/** A carrier's section. */
export const CARRIER: Section = {
  required: ["externalTrunkName", "sipServers", "inboundSipTerminationIdentifier"],
  keys: {
    name: "externalTrunkName",
    sipServers: "sipServers",
    transport: "transport",
    inboundSipTerminationIdentifier: "inboundSipTerminationIdentifier",
    aclAllowList: "aclAllowList",
    "digest.realm": "realm",
    "digest.username": "userName",
    "digest.password": "password",
    ...Object.fromEntries(IDENTITY_SETTINGS.map((k) => [`outboundIdentity.${k}`, k])),
    enabled: "enabled",
    extraProperties: "extraProperties",
    adoptId: "adoptId",
  },
  digitStrings: { callingAddress: "+13175550100" },
  // An adopted trunk (adoptId) may name its user without the password: its credentials stay as
  // they are in Genesys until the password is set.
  rules: (raw, path) =>
    (raw.userName === undefined) !== (raw.password === undefined) &&
    !(raw.adoptId !== undefined && raw.password === undefined)
      ? [
          {
            key: `${path}.userName`,
            message:
              `${path}.userName and ${path}.password go together (SIP digest authentication): set both, ` +
              `the password with 'pulumi config set --secret --path ${path}.password <password>', or neither`,
          },
        ]
      : [],
  check: (raw, prefix, label) => {
    const c = raw as unknown as SipTrunkConfig;
    const digest =
      c.userName !== undefined && c.password !== undefined
        ? { realm: c.realm, username: c.userName, password: c.password }
        : undefined;
    return checkTrunk(trunkInputs(c, prefix, UNKNOWN, digest), label);
  },
};

/** A property of a trunk's bag as read. */
type Property = { value?: { default?: unknown; instance?: unknown } };

/**
 * A BYOC trunk as carrier settings: the typed settings and, in `extraProperties`, every other
 * property whose value differs from its metabase default. The SIP password is never readable:
 * `userName` (and `realm`) are written, the password is left for the user to set.
 */
export function carrierSettings(t: Models.TrunkBase, name: string, inboundSite: string): Raw {
  const bag = (t.properties ?? {}) as Record<string, Property>;
  const value = (key: string) => bag[key]?.value?.instance;
  /** Set, and not the metabase default. */
  const changed = (key: string) => {
    const v = value(key);
    return (
      v !== undefined &&
      v !== null &&
      v !== "" &&
      !(Array.isArray(v) && v.length === 0) &&
      !isDeepStrictEqual(v, bag[key]?.value?.default)
    );
  };
  const some = <T>(key: string) => (changed(key) ? (value(key) as T) : undefined);
  const identity = {
    callingName: some<string>(PROP.callingName),
    callingAddress: some<string>(PROP.callingAddress),
    callingNameOverride: some<"Always">(PROP.callingNameOverride),
    callingAddressOverride: some<"Always">(PROP.callingAddressOverride),
    omitPlusPrefixCalled: some<boolean>(PROP.omitPlusPrefixCalled),
    omitPlusPrefixCalling: some<boolean>(PROP.omitPlusPrefixCalling),
  };
  const userName = some<string>(PROP.username);
  const extra = Object.keys(bag)
    .filter((k) => OWNED_KEYS[k] === undefined && changed(k))
    .sort();
  const inputs: Partial<TrunkInputs> = {
    name,
    sipServers: (value(PROP.sipServers) as string[] | undefined) ?? [],
    inboundSipTerminationIdentifier: some<string>(PROP.termination),
    transport: some<TrunkInputs["transport"]>(PROP.transport),
    aclAllowList: some<string[]>(PROP.acl),
    ...(value(PROP.enabled) === false && { enabled: false }),
    ...(userName !== undefined && {
      digest: { username: userName, realm: some<string>(PROP.realm) } as TrunkInputs["digest"],
    }),
    outboundIdentity: identity,
    ...(extra.length && {
      extraProperties: Object.fromEntries(extra.map((k) => [k, value(k)])) as TrunkInputs["extraProperties"],
    }),
  };
  return { ...settingsOf(CARRIER, inputs), inboundSite, adoptId: t.id };
}
