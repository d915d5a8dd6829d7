/**
 * Trunk metabases: the property schema of each supported metabase, the template bag, and the
 * normalisation/validation of `properties` sent on POST/PUT.
 *
 * Full property form (templates and GET responses) [C-code]:
 *   `{ type, items?, enum?, pattern?, uniqueItems?, value: { default, instance }, required }`
 * Clients may send the reduced form `{ value: { instance } }` [C]; the emulator stores and returns the full form
 * with every metabase property present and defaults filled in [C-code].
 */
import { ApiError, validationError } from "./errors";
import { isObject, type Json } from "./validate";

type PropType = "string" | "boolean" | "integer" | "array";

/** The schema of one metabase property. */
export interface PropertySchema {
  type: PropType;
  default: unknown;
  enum?: string[];
  /** For arrays: the allowed item values, if restricted. */
  itemEnum?: string[];
  pattern?: string;
  uniqueItems?: boolean;
  required?: boolean;
}

/** A trunk metabase the emulator knows. */
export interface Metabase {
  id: string;
  name: string;
  type: "EXTERNAL" | "PHONE" | "EDGE";
  /** BYOC metabases require `inboundSite` [C]. */
  byoc: boolean;
  /** Only Genesys creates trunks on managed metabases (ours). */
  managedOnly: boolean;
  properties: Record<string, PropertySchema>;
}

const str = (dflt: string, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: "string",
  default: dflt,
  ...extra,
});
const bool = (dflt: boolean): PropertySchema => ({ type: "boolean", default: dflt });
const arr = (dflt: string[] | null, extra: Partial<PropertySchema> = {}): PropertySchema => ({
  type: "array",
  default: dflt,
  ...extra,
});

/** Property id of the inbound SIP termination identifier (unique org-wide when non-empty [I]). */
export const TERMINATION_URI = "trunk_sip_termination_uri";
/** Property whose instance follows the trunk name [C-code / I]. */
export const TRUNK_LABEL = "trunk_label";

/** Metabase id of the generic BYOC carrier trunk [C]. */
export const BYOC_CARRIER_METABASE_ID = "external_sip_pcv_byoc_carrier.json";
/** Metabase id of the managed "PureCloud Voice - AWS" trunk [C]. */
export const PCV_AWS_METABASE_ID = "external_sip_pcv_aws.json";

/**
 * The BYOC carrier property table (reference §8.3). Keys, types and the listed defaults are [C-code]; defaults
 * and enums marked "I" in the reference (protocolVariant, recording format, uui encoding, codec list) are ours.
 */
const BYOC_CARRIER: Metabase = {
  id: BYOC_CARRIER_METABASE_ID,
  name: "Generic BYOC Carrier",
  type: "EXTERNAL",
  byoc: true,
  managedOnly: false,
  properties: {
    trunk_type: str("external.pcv.byoc.carrier", { enum: ["external.pcv.byoc.carrier"] }),
    trunk_label: str("Generic BYOC Carrier"),
    trunk_enabled: bool(true),
    trunk_protocol: str("SIP", { enum: ["SIP"] }),
    trunk_transport_serverProxyList: arr(null, { uniqueItems: true, required: true }),
    trunk_transport_protocolVariant: str("udp", { enum: ["udp", "tcp", "tls"] }),
    trunk_access_acl_allowList: arr([]),
    trunk_sip_authentication_credentials_realm: str(""),
    trunk_sip_authentication_credentials_username: str(""),
    trunk_sip_authentication_credentials_password: str(""),
    trunk_outboundIdentity_callingName: str("", { pattern: "^[\\S ]{0,40}$" }),
    trunk_outboundIdentity_callingName_overrideMethod: str("Always", { enum: ["Always", "Unassigned DID"] }),
    trunk_outboundIdentity_callingAddress: str(""),
    trunk_outboundIdentity_callingAddress_overrideMethod: str("Always", {
      enum: ["Always", "Unassigned DID"],
    }),
    trunk_outboundIdentity_calledAddress_omitPlusPrefix: bool(false),
    trunk_outboundIdentity_callingAddress_omitPlusPrefix: bool(false),
    trunk_outboundIdentity_suppress_username_if_did_available: bool(false),
    trunk_outboundIdentity_suppress_username_if_no_did: bool(false),
    trunk_calling_id_priority: arr(["Source", "Trunk", "Site", "Extension"], {
      itemEnum: ["Source", "Trunk", "Site", "Extension"],
      uniqueItems: true,
    }),
    trunk_sip_termination_uri: str("", { required: false }),
    trunk_sip_routingAddress: str(""),
    trunk_routing_inbound_dnis_enabled: bool(false),
    trunk_routing_outbound_higher_capacity: bool(false),
    trunk_recording_enabled: bool(false),
    trunk_consult_recording_enabled: bool(false),
    trunk_recording_audioFormat: str("audio/opus", { enum: ["audio/opus", "audio/PCMU"] }),
    trunk_recording_levelControlEnabled: bool(false),
    trunk_recording_externalTransfersEnabled: bool(false),
    trunk_recording_dualChannel: bool(false),
    trunk_sip_conversationHeader: bool(false),
    trunk_sip_uuiEnabled: bool(false),
    trunk_sip_uuiHeader: str("User-to-User"),
    trunk_sip_uuiEncoding: str("Hex", { enum: ["Hex", "Ascii"] }),
    trunk_sip_uuiPd: str("00"),
    trunk_language: str("en-US"),
    trunk_transfer_takeback_enabled: bool(false),
    trunk_rlt_enabled: bool(false),
    trunk_maxDialTimeout: str("2m", { pattern: "^[0-9]+[smh]$" }),
    trunk_media_disconnectOnIdleRTP: bool(true),
    trunk_media_codec: arr(["audio/opus", "audio/pcmu", "audio/pcma"], {
      itemEnum: ["audio/opus", "audio/pcmu", "audio/pcma", "audio/g722", "audio/g729"],
      uniqueItems: true,
    }),
  },
};

/** The managed PCV trunk's metabase; its property list is [U], so a minimal plausible bag. */
const PCV_AWS: Metabase = {
  id: PCV_AWS_METABASE_ID,
  name: "PureCloud Voice - AWS",
  type: "EXTERNAL",
  byoc: false,
  managedOnly: true,
  properties: {
    trunk_type: str("external.pcv.aws", { enum: ["external.pcv.aws"] }),
    trunk_label: str("PureCloud Voice - AWS"),
    trunk_enabled: bool(true),
    trunk_maxDialTimeout: str("2m", { pattern: "^[0-9]+[smh]$" }),
    trunk_media_disconnectOnIdleRTP: bool(true),
    trunk_media_codec: arr(["audio/opus", "audio/pcmu", "audio/pcma"], { uniqueItems: true }),
  },
};

/**
 * Generic external SIP trunk (premises edges) [C id, EXTERNAL, needs no inboundSite, creatable with no properties:
 * TF acceptance tests]. Its property list is [I]: the carrier keys without the BYOC-only termination identifier.
 */
const { trunk_sip_termination_uri: _byocOnly, ...carrierProperties } = BYOC_CARRIER.properties;
const EXTERNAL_SIP: Metabase = {
  id: "external_sip.json",
  name: "Generic SIP",
  type: "EXTERNAL",
  byoc: false,
  managedOnly: false,
  properties: {
    ...carrierProperties,
    trunk_type: str("external.sip", { enum: ["external.sip"] }),
    trunk_label: str("Generic SIP"),
  },
};

/**
 * WebRTC phone trunk [C id, PHONE; snake-case keys `trunk_label`, `trunk_max_dial_timeout`,
 * `trunk_transport_sip_dscp_value` (integer), `trunk_media_disconnect_on_idle_rtp`, `trunk_media_codec`: TF
 * acceptance test]. Defaults [I].
 */
const PHONE_WEBRTC: Metabase = {
  id: "phone_connections_webrtc.json",
  name: "WebRTC",
  type: "PHONE",
  byoc: false,
  managedOnly: false,
  properties: {
    trunk_type: str("phone.connections.webrtc", { enum: ["phone.connections.webrtc"] }),
    trunk_label: str("WebRTC"),
    trunk_enabled: bool(true),
    trunk_max_dial_timeout: str("2m", { pattern: "^[0-9]+[smh]$" }),
    trunk_transport_sip_dscp_value: { type: "integer", default: 24 },
    trunk_media_disconnect_on_idle_rtp: bool(true),
    trunk_media_codec: arr(["audio/opus", "audio/pcmu", "audio/pcma"], {
      itemEnum: ["audio/opus", "audio/pcmu", "audio/pcma", "audio/g722", "audio/g729"],
      uniqueItems: true,
    }),
  },
};

/** Every metabase the emulator knows, by id. */
export const METABASES: Record<string, Metabase> = {
  [BYOC_CARRIER.id]: BYOC_CARRIER,
  [PCV_AWS.id]: PCV_AWS,
  [EXTERNAL_SIP.id]: EXTERNAL_SIP,
  [PHONE_WEBRTC.id]: PHONE_WEBRTC,
};

/** Looks up a metabase by id. */
export function getMetabase(id: string): Metabase | undefined {
  return Object.prototype.hasOwnProperty.call(METABASES, id) ? METABASES[id] : undefined;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** The full form of one property with a given instance. */
function fullProperty(s: PropertySchema, instance: unknown): Json {
  const p: Json = { type: s.type };
  if (s.type === "array")
    p.items = s.itemEnum ? { type: "string", enum: [...s.itemEnum] } : { type: "string" };
  if (s.enum) p.enum = [...s.enum];
  if (s.pattern) p.pattern = s.pattern;
  if (s.uniqueItems) p.uniqueItems = true;
  p.value = { default: clone(s.default), instance: clone(instance) };
  p.required = s.required === true;
  return p;
}

/** The template property bag: every property with `instance` = default. */
export function templateProperties(mb: Metabase): Json {
  const out: Json = {};
  for (const [k, s] of Object.entries(mb.properties)) out[k] = fullProperty(s, s.default);
  return out;
}

function checkValue(key: string, s: PropertySchema, v: unknown): void {
  const field = `properties.${key}`;
  switch (s.type) {
    case "string":
      if (typeof v !== "string") throw validationError(field, "must be a string");
      if (s.enum && !s.enum.includes(v)) throw validationError(field, `must be one of ${s.enum.join(", ")}`);
      if (s.pattern && !new RegExp(s.pattern).test(v))
        throw validationError(field, `must match ${s.pattern}`);
      return;
    case "boolean":
      if (typeof v !== "boolean") throw validationError(field, "must be a boolean");
      return;
    case "integer":
      if (typeof v !== "number" || !Number.isInteger(v)) throw validationError(field, "must be an integer");
      return;
    case "array": {
      if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
        throw validationError(field, "must be an array of strings");
      const items = v as string[];
      if (s.itemEnum) {
        const bad = items.find((x) => !s.itemEnum!.includes(x));
        if (bad !== undefined)
          throw validationError(field, `item '${bad}' must be one of ${s.itemEnum.join(", ")}`);
      }
      if (s.uniqueItems && new Set(items).size !== items.length)
        throw validationError(field, "items must be unique");
      return;
    }
  }
}

/**
 * Normalises and validates a `properties` object against a metabase.
 *
 * - each property may be `{ value: { instance } }` or the full form; a missing or null instance means the default;
 * - unknown keys are rejected (400 `validation.error`) [U: real behaviour unknown; strictest plausible];
 * - `trunk_label` follows the trunk name [I];
 * - `required: true` in a metabase is a form hint, not a rule: a BYOC carrier trunk created with no properties at
 *   all succeeds with every default filled in [C-test: TF `TestAccResourceExternalTrunkBaseSettingsInboundSite`].
 *
 * @returns the full property bag, every metabase property present.
 */
export function normalizeProperties(mb: Metabase, input: unknown, trunkName: string): Json {
  if (input !== undefined && input !== null && !isObject(input))
    throw validationError("properties", "must be an object keyed by property name");
  const given = (input ?? {}) as Json;
  for (const key of Object.keys(given)) {
    if (!Object.prototype.hasOwnProperty.call(mb.properties, key))
      throw validationError(`properties.${key}`, `is not a property of metabase ${mb.id}`);
  }
  const out: Json = {};
  for (const [key, s] of Object.entries(mb.properties)) {
    let instance: unknown = s.default;
    if (Object.prototype.hasOwnProperty.call(given, key)) {
      const p = given[key];
      if (!isObject(p) || !isObject(p.value))
        throw validationError(`properties.${key}`, "must be an object with a 'value' object");
      const v = p.value.instance;
      if (v !== undefined && v !== null) {
        checkValue(key, s, v);
        instance = v;
      }
    }
    if (key === TRUNK_LABEL) instance = trunkName;
    out[key] = fullProperty(s, instance);
  }
  return out;
}

/** The instance value of a property in a full bag. */
export function propertyInstance(props: Json | undefined, key: string): unknown {
  const p = props?.[key];
  return isObject(p) && isObject(p.value) ? p.value.instance : undefined;
}

/** Thrown when a metabase id is unknown or unsupported. */
export function unknownMetabase(id: string): ApiError {
  return new ApiError(
    400,
    "referenced.key.does.not.exist",
    `Unable to find entity that matches the key. Trunk metabase '${id}' is unknown to the emulator (supported: ${Object.keys(METABASES).join(", ")}).`,
    { id },
    [{ errorCode: "REFERENCED_KEY_DOES_NOT_EXIST", fieldName: "trunkMetabase.id", entityId: id }],
  );
}
