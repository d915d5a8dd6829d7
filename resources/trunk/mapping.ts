/**
 * Trunk: pure mapping between declared inputs and Genesys trunk base bodies.
 *
 * Genesys stores every property of the metabase, as `{ type, …, value: { default, instance } }`,
 * and fills in defaults for those a client never sent. Everything here works on the declared
 * properties only: creation sends the reduced form `{ key: { value: { instance } } }` for them,
 * an update merges them into the full bag it just read (leaving every other property as it is),
 * and the drift view reads back only them.
 */
import { isDeepStrictEqual } from "node:util";
import type { Models } from "purecloud-platform-client-v2";
import {
  BYOC_METABASE_ID,
  DIFF_KEYS,
  DigestAuth,
  ExtraPropertyValue,
  OutboundIdentity,
  PROP,
  SipTransport,
  TrunkInputs,
} from "./schema";

/** A property as the API returns it (only the parts we read). */
interface ApiProperty {
  value?: { default?: unknown; instance?: unknown };
  [k: string]: unknown;
}

/** The property bag of a trunk base. */
export type PropertyBag = Record<string, ApiProperty>;

/** `outboundIdentity` field → metabase key. */
const IDENTITY_KEYS: Readonly<Record<keyof OutboundIdentity, string>> = {
  callingName: PROP.callingName,
  callingAddress: PROP.callingAddress,
  callingNameOverride: PROP.callingNameOverride,
  callingAddressOverride: PROP.callingAddressOverride,
  omitPlusPrefixCalled: PROP.omitPlusPrefixCalled,
  omitPlusPrefixCalling: PROP.omitPlusPrefixCalling,
};

/**
 * The metabase property instances the inputs declare, by key. `null` (an extra property declared
 * as "the metabase default") is kept so callers can resolve it. `trunk_label` is left to the API,
 * which keeps it equal to the trunk name.
 */
export function declaredInstances(i: Partial<TrunkInputs>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (i.enabled !== undefined) out[PROP.enabled] = i.enabled;
  if (i.sipServers !== undefined) out[PROP.sipServers] = i.sipServers;
  if (i.transport !== undefined) out[PROP.transport] = i.transport;
  if (i.inboundSipTerminationIdentifier !== undefined)
    out[PROP.termination] = i.inboundSipTerminationIdentifier;
  if (i.aclAllowList !== undefined) out[PROP.acl] = i.aclAllowList;
  if (i.digest) {
    if (i.digest.realm !== undefined) out[PROP.realm] = i.digest.realm;
    out[PROP.username] = i.digest.username;
    out[PROP.password] = i.digest.password;
  }
  for (const [field, key] of Object.entries(IDENTITY_KEYS)) {
    const v = i.outboundIdentity?.[field as keyof OutboundIdentity];
    if (v !== undefined) out[key] = v;
  }
  for (const [key, v] of Object.entries(i.extraProperties ?? {})) out[key] = v;
  return out;
}

/** The reduced property form for the declared instances (nulls left out: the API fills in defaults). */
export function toReducedProperties(i: TrunkInputs): Record<string, { value: { instance: unknown } }> {
  const out: Record<string, { value: { instance: unknown } }> = {};
  for (const [key, instance] of Object.entries(declaredInstances(i))) {
    if (instance !== null) out[key] = { value: { instance } };
  }
  return out;
}

/** The POST body for a new BYOC carrier trunk. */
export function toCreateBody(i: TrunkInputs): Models.TrunkBase {
  return {
    name: i.name,
    ...(i.description !== undefined && { description: i.description }),
    state: "active",
    trunkMetabase: { id: BYOC_METABASE_ID },
    trunkType: "EXTERNAL",
    managed: false,
    inboundSite: { id: i.inboundSiteId },
    ...(i.siteId !== undefined && { site: { id: i.siteId } }),
    properties: toReducedProperties(i),
  };
}

/** True when a password instance read from the API cannot be compared (masked, empty or absent). */
export function isMaskedPassword(v: unknown): boolean {
  return typeof v !== "string" || v === "" || /^[*•]+$/.test(v);
}

/** True when the trunk as read shows its password in plain text (so it can be compared). */
export function passwordVerifiable(t: Models.TrunkBase): boolean {
  return !isMaskedPassword(instanceOf(bagOf(t), PROP.password));
}

function bagOf(t: Models.TrunkBase): PropertyBag {
  return (t.properties ?? {}) as PropertyBag;
}

function instanceOf(bag: PropertyBag, key: string): unknown {
  return bag[key]?.value?.instance;
}

/** The value a property returns to when it is no longer declared: its metabase default. */
function defaultOf(bag: PropertyBag, key: string): unknown {
  const v = bag[key]?.value;
  return v && "default" in v ? v.default : null;
}

/**
 * The PUT body: the trunk as just read (`current`), with the declared instances of `next` merged
 * into its full property bag. Properties declared in `previous` but no longer in `next` go back to
 * their metabase default; properties never declared keep the value the API holds. A masked
 * password the inputs do not declare is left out rather than written back as asterisks.
 */
export function toPutBody(
  current: Models.TrunkBase,
  previous: Partial<TrunkInputs> | undefined,
  next: TrunkInputs,
): Models.TrunkBase {
  const bag: PropertyBag = {};
  for (const [k, p] of Object.entries(bagOf(current))) bag[k] = { ...p, value: { ...p.value } };
  const set = (key: string, instance: unknown) => {
    const p = bag[key] ?? {};
    bag[key] = { ...p, value: { ...p.value, instance } };
  };
  const wanted = declaredInstances(next);
  const before = previous ? declaredInstances(previous) : {};
  for (const key of Object.keys(before)) if (!(key in wanted)) set(key, defaultOf(bag, key));
  for (const [key, instance] of Object.entries(wanted))
    set(key, instance === null ? defaultOf(bag, key) : instance);
  if (!(PROP.password in wanted) && !(PROP.password in before)) {
    const pw = instanceOf(bag, PROP.password);
    if (typeof pw === "string" && pw !== "" && isMaskedPassword(pw)) delete bag[PROP.password];
  }
  if (bag[PROP.label]) set(PROP.label, next.name); // the API keeps it equal to the name anyway

  const description =
    next.description !== undefined
      ? next.description
      : previous?.description !== undefined
        ? ""
        : current.description;
  const site =
    next.siteId !== undefined
      ? { id: next.siteId }
      : previous?.siteId !== undefined
        ? undefined
        : current.site;
  return {
    id: current.id,
    name: next.name,
    ...(description !== undefined && { description }),
    version: current.version,
    state: current.state ?? "active",
    trunkMetabase: current.trunkMetabase ?? { id: BYOC_METABASE_ID },
    trunkType: current.trunkType ?? "EXTERNAL",
    managed: current.managed ?? false,
    inboundSite: { id: next.inboundSiteId },
    ...(site?.id && { site: { id: site.id } }),
    properties: bag,
  };
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * What `pulumi import` declares for a trunk (the `declared` of {@link fromApi}): its name, sites,
 * description, `enabled` and SIP servers, and each other typed input whose value differs from its
 * metabase default. The digest credentials only when Genesys shows the password (it may mask it:
 * then `digest` is declared by hand after the import, and the next `up` writes it). No
 * `extraProperties`: only properties declared are ever managed.
 */
export function importedDeclaration(t: Models.TrunkBase): Partial<TrunkInputs> {
  const bag = bagOf(t);
  const set = (key: string): unknown => {
    const v = instanceOf(bag, key);
    return v === undefined || v === null || v === "" || isDeepStrictEqual(v, defaultOf(bag, key))
      ? undefined
      : v;
  };
  const identity: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(IDENTITY_KEYS)) {
    if (set(key) !== undefined) identity[field] = set(key);
  }
  const username = str(instanceOf(bag, PROP.username));
  const password = instanceOf(bag, PROP.password);
  const realm = str(instanceOf(bag, PROP.realm));
  return {
    name: t.name ?? "",
    inboundSiteId: t.inboundSite?.id ?? "",
    ...(t.site?.id && { siteId: t.site.id }),
    ...(str(t.description) !== undefined && { description: t.description }),
    enabled: true,
    sipServers: [],
    ...(set(PROP.transport) !== undefined && { transport: "udp" }),
    ...(set(PROP.termination) !== undefined && { inboundSipTerminationIdentifier: "" }),
    ...(set(PROP.acl) !== undefined && { aclAllowList: [] }),
    ...(username !== undefined &&
      !isMaskedPassword(password) && {
        digest: { username, password: password as string, ...(realm && { realm }) },
      }),
    ...(Object.keys(identity).length && { outboundIdentity: identity as OutboundIdentity }),
  };
}

/**
 * The API object seen as declared inputs, restricted to what `declared` declares (top-level keys
 * and the fields of `digest`, `outboundIdentity` and `extraProperties`), so defaults the API
 * filled in never show as drift.
 *
 * The password: Genesys may return it masked or not at all. When the API value is masked, empty
 * or absent it cannot be compared, so the declared password is kept (no drift is reported); a
 * plain value that differs is reported as drift.
 *
 * An extra property declared as `null` (the metabase default) reads back as `null` while the
 * instance equals the property's default, and as the instance otherwise.
 */
export function fromApi(t: Models.TrunkBase, declared: Partial<TrunkInputs>): Partial<TrunkInputs> {
  const bag = bagOf(t);
  const get = (key: string) => instanceOf(bag, key);
  const full: Partial<TrunkInputs> = {
    name: t.name ?? "",
    inboundSiteId: t.inboundSite?.id ?? "",
    siteId: t.site?.id,
    description: str(t.description),
    enabled: get(PROP.enabled) as boolean | undefined,
    sipServers: (get(PROP.sipServers) as string[] | null | undefined) ?? [],
    transport: str(get(PROP.transport)) as SipTransport | undefined,
    inboundSipTerminationIdentifier: str(get(PROP.termination)),
    aclAllowList: (get(PROP.acl) as string[] | null | undefined) ?? [],
  };
  if (declared.digest) {
    const pw = get(PROP.password);
    const digest: DigestAuth = {
      username: (get(PROP.username) as string | undefined) ?? "",
      password: isMaskedPassword(pw) ? declared.digest.password : (pw as string),
    };
    const realm = str(get(PROP.realm));
    if (declared.digest.realm !== undefined && realm !== undefined) digest.realm = realm;
    full.digest = digest;
  }
  if (declared.outboundIdentity) {
    const oi: Record<string, unknown> = {};
    for (const [field, key] of Object.entries(IDENTITY_KEYS)) {
      if (declared.outboundIdentity[field as keyof OutboundIdentity] === undefined) continue;
      const v = get(key);
      if (v !== undefined && v !== null) oi[field] = v;
    }
    full.outboundIdentity = oi as OutboundIdentity;
  }
  if (declared.extraProperties) {
    const extra: Record<string, ExtraPropertyValue> = {};
    for (const [key, want] of Object.entries(declared.extraProperties)) {
      const v = get(key) as ExtraPropertyValue | undefined;
      if (want === null && (v === undefined || v === null || isDeepStrictEqual(v, defaultOf(bag, key))))
        extra[key] = null;
      else extra[key] = v === undefined ? null : v;
    }
    full.extraProperties = extra;
  }
  const out: Partial<TrunkInputs> = {};
  for (const k of DIFF_KEYS) {
    if (declared[k] !== undefined && full[k] !== undefined) (out as Record<string, unknown>)[k] = full[k];
  }
  return out;
}
