/**
 * Trunk (BYOC carrier trunk base): plain input/output types, validation and normalisation. No
 * Pulumi import, so the policy pack and unit tests use it directly.
 */
import {
  CheckFailure,
  Failures,
  Label,
  arrayOf,
  displayName,
  dnsLabel,
  idReference,
  e164,
  ipOrCidr,
  isRecord,
  oneOf,
  optionalBoolean,
  optionalString,
  requiredString,
  sipHostPort,
  toE164,
} from "../common/validate";

/** SIP transport of the trunk. */
export type SipTransport = "udp" | "tcp" | "tls";

/** When Genesys replaces the caller's name or number with the trunk's outbound identity. */
export type OverrideMethod = "Always" | "Unassigned DID";

/** The value of one metabase property set through {@link TrunkInputs.extraProperties}. */
export type ExtraPropertyValue = string | number | boolean | string[] | null;

/** SIP digest authentication the carrier uses to challenge Genesys Cloud. */
export interface DigestAuth {
  /** Digest realm. Maps to `trunk_sip_authentication_credentials_realm`. Optional; removing it resets it to the API default (`""`). */
  realm?: string;
  /** Digest user name. Maps to `trunk_sip_authentication_credentials_username`. Required when `digest` is set. */
  username: string;
  /**
   * Digest password (a secret: the resource marks `digest` secret in outputs and inputs). Maps to
   * `trunk_sip_authentication_credentials_password`. Required when `digest` is set. If the API
   * returns it masked or not at all, `refresh` cannot see a change made behind our back and
   * reports none.
   * @secret
   */
  password: string;
}

/** How outbound calls present themselves to the carrier. Every field is optional; only fields set are managed. */
export interface OutboundIdentity {
  /** Calling name, at most 40 characters, no tabs or line breaks (`^[\S ]{0,40}$`). Maps to `trunk_outboundIdentity_callingName`. */
  callingName?: string;
  /** Calling number in E.164 form, e.g. `+13175550100`. Maps to `trunk_outboundIdentity_callingAddress`. */
  callingAddress?: string;
  /** When the calling name applies: `"Always"` (API default) or `"Unassigned DID"`. Maps to `trunk_outboundIdentity_callingName_overrideMethod`. */
  callingNameOverride?: OverrideMethod;
  /** When the calling number applies: `"Always"` (API default) or `"Unassigned DID"`. Maps to `trunk_outboundIdentity_callingAddress_overrideMethod`. */
  callingAddressOverride?: OverrideMethod;
  /** Send the called number without its leading `+` (API default false). Maps to `trunk_outboundIdentity_calledAddress_omitPlusPrefix`. */
  omitPlusPrefixCalled?: boolean;
  /** Send the calling number without its leading `+` (API default false). Maps to `trunk_outboundIdentity_callingAddress_omitPlusPrefix`. */
  omitPlusPrefixCalling?: boolean;
}

/** The fields of {@link OutboundIdentity}, in order. */
export const OUTBOUND_IDENTITY_FIELDS = [
  "callingName",
  "callingAddress",
  "callingNameOverride",
  "callingAddressOverride",
  "omitPlusPrefixCalled",
  "omitPlusPrefixCalling",
] as const satisfies readonly (keyof OutboundIdentity)[];

/** Declared inputs of a Trunk (the provider's view: plain values). Nothing replaces the trunk: every change is a PUT. */
export interface TrunkInputs {
  /** Trunk name; unique in the org. Changing it renames in place (Genesys keeps `trunk_label` equal to it). Maps to `name`. */
  name: string;
  /** Id of the site inbound calls are routed to (the "number plan site"); required for BYOC trunks. Changes in place. Maps to `inboundSite.id`. */
  inboundSiteId: string;
  /** Id of the media site (media regions and dial plan). Optional; removing it clears it. Changes in place. Maps to `site.id`. */
  siteId?: string;
  /** Free-text description; removing it clears it. Maps to `description`. */
  description?: string;
  /** Whether the trunk is in service. Defaults to true (always managed). Maps to `trunk_enabled`. */
  enabled?: boolean;
  /** The carrier's SIP servers or proxies as `host[:port]`, at least one, no repeats; order is kept. Maps to `trunk_transport_serverProxyList`. */
  sipServers: string[];
  /** SIP transport: `"udp"`, `"tcp"` or `"tls"`. Optional (API default udp); removing it resets it to the API default. Maps to `trunk_transport_protocolVariant`. */
  transport?: SipTransport;
  /**
   * Inbound SIP termination identifier: the first label of the SIP FQDN the carrier sends calls
   * to; unique in the org's region. A DNS label (letters, digits, inner hyphens, ≤ 63). Maps to
   * `trunk_sip_termination_uri`; removing it resets it to the API default (`""`).
   */
  inboundSipTerminationIdentifier?: string;
  /** IP addresses or CIDR blocks allowed to send SIP to the trunk, no repeats. Removing it resets it to the API default (`[]`). Maps to `trunk_access_acl_allowList`. */
  aclAllowList?: string[];
  /**
   * SIP digest credentials (see {@link DigestAuth}); secret. Removing it resets realm, username and password to the API defaults.
   * @secret
   */
  digest?: DigestAuth;
  /** Outbound identity (see {@link OutboundIdentity}); fields removed later reset to their API defaults. */
  outboundIdentity?: OutboundIdentity;
  /**
   * Any other property of the `external_sip_pcv_byoc_carrier.json` metabase by key, e.g.
   * `{ trunk_language: "en-GB", trunk_recording_enabled: true }`. `null` means "the metabase
   * default". Keys the typed fields own are refused (the failure names the field to use). Keys
   * removed later reset to their API defaults; keys never declared are never touched.
   */
  extraProperties?: Record<string, ExtraPropertyValue>;
  /**
   * Adopt an existing trunk with this id instead of creating one (`pulumi import` does not work
   * for dynamic resources). Read only at create: the adopted trunk is updated to match the other
   * inputs and is deleted on destroy like any other. Changing it later has no effect.
   */
  adoptId?: string;
}

/** Outputs: the declared inputs as last applied, plus what Genesys computed. Never the API property bag. */
export interface TrunkOutputs extends TrunkInputs {
  /** Genesys id of the trunk base (same as the resource id). */
  trunkId: string;
  /** Genesys version of the trunk base. */
  version: number;
  /** `<inboundSipTerminationIdentifier>.byoc.<org domain>`, when an identifier is declared. */
  sipTerminationFqdn?: string;
}

/** The inputs compared by `diff` (everything but `adoptId`, which only matters at create). */
export const DIFF_KEYS = [
  "name",
  "inboundSiteId",
  "siteId",
  "description",
  "enabled",
  "sipServers",
  "transport",
  "inboundSipTerminationIdentifier",
  "aclAllowList",
  "digest",
  "outboundIdentity",
  "extraProperties",
] as const satisfies readonly (keyof TrunkInputs)[];

/** The metabase every trunk of this resource uses. */
export const BYOC_METABASE_ID = "external_sip_pcv_byoc_carrier.json";

/** Metabase property keys, by the typed input that owns them. */
export const PROP = {
  label: "trunk_label",
  enabled: "trunk_enabled",
  sipServers: "trunk_transport_serverProxyList",
  transport: "trunk_transport_protocolVariant",
  termination: "trunk_sip_termination_uri",
  acl: "trunk_access_acl_allowList",
  realm: "trunk_sip_authentication_credentials_realm",
  username: "trunk_sip_authentication_credentials_username",
  password: "trunk_sip_authentication_credentials_password",
  callingName: "trunk_outboundIdentity_callingName",
  callingNameOverride: "trunk_outboundIdentity_callingName_overrideMethod",
  callingAddress: "trunk_outboundIdentity_callingAddress",
  callingAddressOverride: "trunk_outboundIdentity_callingAddress_overrideMethod",
  omitPlusPrefixCalled: "trunk_outboundIdentity_calledAddress_omitPlusPrefix",
  omitPlusPrefixCalling: "trunk_outboundIdentity_callingAddress_omitPlusPrefix",
  type: "trunk_type",
} as const;

/** For each property key a typed input owns: the input to use instead (named in check failures). */
export const OWNED_KEYS: Readonly<Record<string, string>> = {
  [PROP.label]: "name",
  [PROP.enabled]: "enabled",
  [PROP.sipServers]: "sipServers",
  [PROP.transport]: "transport",
  [PROP.termination]: "inboundSipTerminationIdentifier",
  [PROP.acl]: "aclAllowList",
  [PROP.realm]: "digest.realm",
  [PROP.username]: "digest.username",
  [PROP.password]: "digest.password",
  [PROP.callingName]: "outboundIdentity.callingName",
  [PROP.callingNameOverride]: "outboundIdentity.callingNameOverride",
  [PROP.callingAddress]: "outboundIdentity.callingAddress",
  [PROP.callingAddressOverride]: "outboundIdentity.callingAddressOverride",
  [PROP.omitPlusPrefixCalled]: "outboundIdentity.omitPlusPrefixCalled",
  [PROP.omitPlusPrefixCalling]: "outboundIdentity.omitPlusPrefixCalling",
  [PROP.type]: "(none: the BYOC carrier metabase fixes it)",
};

const MAX_NAME = 255;
const MAX_DESCRIPTION = 500;
const MAX_ID = 64;
const OVERRIDES: readonly OverrideMethod[] = ["Always", "Unassigned DID"];
const TRANSPORTS: readonly SipTransport[] = ["udp", "tcp", "tls"];
const CALLING_NAME = /^[\S ]{0,40}$/;
const PROPERTY_KEY = /^[A-Za-z][A-Za-z0-9_.]*$/;

function checkDigest(v: unknown, f: Failures): DigestAuth | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    f.check(
      "digest",
      (w) =>
        `${w} must be an object such as { username: "trunk-user", password: <secret>, realm?: "carrier" }`,
    );
    return undefined;
  }
  f.check("digest.realm", (w) => optionalString(v.realm, w));
  f.check("digest.username", (w) => requiredString(v.username, w));
  // Never echo the password in a reason: it is a secret.
  const password = v.password;
  if (typeof password !== "string" || password === "") {
    f.check("digest.password", (w) => `${w} is required: set a non-empty string (ideally a Pulumi secret)`);
  } else if (password.length > 255) {
    f.check("digest.password", (w) => `${w} is ${password.length} characters long; the limit is 255`);
  }
  return {
    ...(v.realm !== undefined && v.realm !== "" && { realm: v.realm as string }),
    username: v.username as string,
    password: v.password as string,
  };
}

function checkOutboundIdentity(v: unknown, f: Failures): OutboundIdentity | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    f.check(
      "outboundIdentity",
      (w) => `${w} must be an object such as { callingName: "ACME", callingAddress: "+13175550100" }`,
    );
    return undefined;
  }
  const out: OutboundIdentity = {};
  const name = v.callingName;
  if (name !== undefined) {
    f.check("outboundIdentity.callingName", (w) => {
      if (typeof name !== "string") return `${w} must be a string, got ${typeof name}`;
      if (name.length > 40) return `${w} is ${name.length} characters long; the limit is 40`;
      return CALLING_NAME.test(name) ? undefined : `${w} may not contain tabs or line breaks`;
    });
    out.callingName = name as string;
  }
  if (v.callingAddress !== undefined) {
    const bad = e164(v.callingAddress, f.label("outboundIdentity.callingAddress"));
    f.add("outboundIdentity.callingAddress", bad);
    out.callingAddress = bad ? (v.callingAddress as string) : toE164(v.callingAddress as string);
  }
  for (const k of ["callingNameOverride", "callingAddressOverride"] as const) {
    f.check(`outboundIdentity.${k}`, (w) => oneOf(v[k], OVERRIDES, w));
    if (v[k] !== undefined) out[k] = v[k] as OverrideMethod;
  }
  for (const k of ["omitPlusPrefixCalled", "omitPlusPrefixCalling"] as const) {
    f.check(`outboundIdentity.${k}`, (w) => optionalBoolean(v[k], w));
    if (v[k] !== undefined) out[k] = v[k] as boolean;
  }
  const known = new Set<string>(OUTBOUND_IDENTITY_FIELDS);
  for (const k of Object.keys(v)) {
    if (!known.has(k))
      f.add(
        `outboundIdentity.${k}`,
        `${f.label("outboundIdentity")} has no field "${k}"; known: ${[...known].join(", ")}`,
      );
  }
  return Object.keys(out).length ? out : undefined;
}

function checkExtraProperties(v: unknown, f: Failures): Record<string, ExtraPropertyValue> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isRecord(v)) {
    f.check(
      "extraProperties",
      (w) => `${w} must be an object keyed by metabase property, e.g. { trunk_language: "en-GB" }`,
    );
    return undefined;
  }
  const out: Record<string, ExtraPropertyValue> = {};
  for (const [key, value] of Object.entries(v)) {
    const where = `extraProperties.${key}`;
    const what = `${f.label("extraProperties")}.${key}`;
    const owner = OWNED_KEYS[key];
    if (owner !== undefined) {
      f.add(where, `${key} is set through the typed input ${owner}; remove it from extraProperties`);
      continue;
    }
    if (!PROPERTY_KEY.test(key)) {
      f.add(where, `"${key}" is not a metabase property key (such as trunk_language)`);
      continue;
    }
    const ok =
      value === null ||
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value)) ||
      (Array.isArray(value) && value.every((x) => typeof x === "string"));
    if (!ok) {
      f.add(
        where,
        `${what} must be a string, number, boolean, list of strings or null (the metabase default)`,
      );
      continue;
    }
    out[key] = value as ExtraPropertyValue;
  }
  return Object.keys(out).length ? out : undefined;
}

/** Validates and normalises `news`; returns normalised inputs or the failures. Makes no API call. */
export function checkTrunk(
  news: Record<string, unknown>,
  label?: Label,
): { inputs: TrunkInputs; failures: CheckFailure[] } {
  const f = new Failures(label);
  f.check("name", (w) => displayName(news.name, w, MAX_NAME));
  f.check("inboundSiteId", (w) =>
    idReference(news.inboundSiteId, w, "site", "set it to the id of the site inbound calls go to", MAX_ID),
  );
  f.check("siteId", (w) => optionalString(news.siteId, w, MAX_ID));
  f.check("description", (w) => optionalString(news.description, w, MAX_DESCRIPTION));
  f.check("enabled", (w) => optionalBoolean(news.enabled, w));
  f.check("sipServers", (w) => arrayOf(news.sipServers, w, sipHostPort, { min: 1, unique: true }));
  const transport = typeof news.transport === "string" ? news.transport.toLowerCase() : news.transport;
  f.check("transport", (w) => oneOf(transport, TRANSPORTS, w));
  const term = news.inboundSipTerminationIdentifier;
  if (term !== undefined) f.check("inboundSipTerminationIdentifier", (w) => dnsLabel(term, w));
  f.check("aclAllowList", (w) => arrayOf(news.aclAllowList, w, ipOrCidr, { unique: true }));
  const digest = checkDigest(news.digest, f);
  const outboundIdentity = checkOutboundIdentity(news.outboundIdentity, f);
  const extraProperties = checkExtraProperties(news.extraProperties, f);
  f.check("adoptId", (w) => optionalString(news.adoptId, w, MAX_ID));

  const str = (v: unknown) => (typeof v === "string" ? v.trim() : (v as string));
  const inputs: TrunkInputs = {
    name: str(news.name),
    inboundSiteId: str(news.inboundSiteId),
    ...(typeof news.siteId === "string" && news.siteId !== "" && { siteId: news.siteId }),
    ...(typeof news.description === "string" && news.description !== "" && { description: news.description }),
    enabled: news.enabled === undefined ? true : (news.enabled as boolean),
    sipServers: news.sipServers as string[],
    ...(transport !== undefined && { transport: transport as SipTransport }),
    ...(term !== undefined && term !== "" && { inboundSipTerminationIdentifier: term as string }),
    ...(Array.isArray(news.aclAllowList) && { aclAllowList: news.aclAllowList as string[] }),
    ...(digest && { digest }),
    ...(outboundIdentity && { outboundIdentity }),
    ...(extraProperties && { extraProperties }),
    ...(typeof news.adoptId === "string" && news.adoptId !== "" && { adoptId: news.adoptId }),
  };
  return { inputs, failures: f.list };
}
