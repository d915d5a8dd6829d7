/**
 * Trunk base settings (`/api/v2/telephony/providers/edges/trunkbasesettings`): list, get, create, PUT, delete,
 * template, available metabases. Reference §8.
 */
import {
  ApiError,
  duplicateValue,
  entityNotFound,
  generalBadRequest,
  invalidValue,
  managedNotAllowed,
  referencedKeyMissing,
  requiredFieldMissing,
  telephonyVersionConflict,
} from "./errors";
import { Collection } from "./collection";
import {
  getMetabase,
  METABASES,
  normalizeProperties,
  propertyInstance,
  templateProperties,
  TERMINATION_URI,
  unknownMetabase,
  type Metabase,
} from "./metabases";
import { paginate } from "./paging";
import { clone, nameMatches, PATHS, sameName, type Ref, type Store, type TrunkBase } from "./store";
import {
  bodyObject,
  optBool,
  optEnum,
  optInt,
  optObject,
  optRefId,
  optString,
  qBool,
  qList,
  qString,
  reqString,
  requiredVersion,
  type Json,
  type Query,
} from "./validate";

const TRUNK_TYPES = ["EXTERNAL", "PHONE", "EDGE"] as const;

/** The API view; `withProperties=false` leaves `properties` out (list without `expand=properties`) [I]. */
export function renderTrunkBase(store: Store, t: TrunkBase, withProperties = true): Json {
  const out = clone(t) as unknown as Json;
  if (t.site) out.site = store.siteRef(t.site.id);
  if (t.inboundSite) out.inboundSite = store.siteRef(t.inboundSite.id);
  if (!withProperties) delete out.properties;
  return out;
}

/** The trunk bases of a store: 404 "The requested entity was not found." [C], 409 on a stale version [I]. */
function trunkCollection(store: Store): Collection<"trunkBases"> {
  return new Collection(store, "trunkBases", {
    notFound: () => entityNotFound("The requested entity was not found."),
    conflict: telephonyVersionConflict,
    render: (t) => renderTrunkBase(store, t),
    audited: true,
  });
}

/** `GET /trunkbasesettings/{id}` (`ignoreHidden` accepted and ignored). Full property bag [C-code]. */
export function getTrunkBase(store: Store, id: string): Json {
  return trunkCollection(store).get(id);
}

/**
 * `GET /trunkbasesettings`: `name` (`prefix*` or exact [C-code]), `managed=true|false` filter, `recordingEnabled=true`
 * keeps trunks with recording on (false = no filter, because the Go SDK always sends false [C]) [I],
 * `expand=properties` [I: properties omitted unless expanded], `sortBy` name, `sortOrder`.
 */
export function listTrunkBases(store: Store, q: Query) {
  const name = qString(q, "name");
  const managed = qBool(q, "managed");
  const recording = qBool(q, "recordingEnabled");
  qBool(q, "ignoreHidden"); // validated, no hidden trunks in the emulator
  const expand = qList(q, "expand") ?? [];
  const order = (qString(q, "sortOrder") ?? "ASC").toUpperCase();
  if (order !== "ASC" && order !== "DESC") throw invalidValue("sortOrder", order, "ASC, DESC");
  const sortBy = qString(q, "sortBy") ?? "name";
  if (sortBy !== "name") throw invalidValue("sortBy", sortBy, "name");
  const all = trunkCollection(store).live();
  const items = all
    .filter((t) => nameMatches(name, t.name))
    .filter((t) => managed === undefined || t.managed === managed)
    .filter((t) => recording !== true || propertyInstance(t.properties, "trunk_recording_enabled") === true)
    .sort(
      (a, b) => (order === "DESC" ? -1 : 1) * a.name.localeCompare(b.name, "en", { sensitivity: "base" }),
    );
  const page = paginate(items, q, "/api/v2/telephony/providers/edges/trunkbasesettings", {
    totalNumberOfEntities: all.length,
  });
  const withProps = expand.includes("properties");
  return { ...page, entities: page.entities.map((t) => renderTrunkBase(store, t, withProps)) };
}

/** `GET /trunkbasesettings/template?trunkMetabaseId=` → a TrunkBase without id [C-code]. */
export function trunkBaseTemplate(q: Query): Json {
  const id = qString(q, "trunkMetabaseId");
  if (!id) throw requiredFieldMissing("trunkMetabaseId");
  const mb = getMetabase(id);
  if (!mb) throw entityNotFound(`Unable to find a trunk metabase with id ${id}.`); // [I]
  return {
    name: mb.name,
    state: "active",
    trunkMetabase: { id: mb.id, name: mb.name },
    properties: templateProperties(mb),
    trunkType: mb.type,
    managed: false,
  };
}

/** `GET /trunkbasesettings/availablemetabases?type=` (metabases clients may create trunks on). */
export function availableMetabases(q: Query) {
  const type = qString(q, "type");
  if (type !== undefined && !(TRUNK_TYPES as readonly string[]).includes(type))
    throw invalidValue("type", type, TRUNK_TYPES.join(", "));
  const items = Object.values(METABASES)
    .filter((m) => !m.managedOnly && (!type || m.type === type))
    .map((m) => ({
      id: m.id,
      name: m.name,
      type: m.type,
      selfUri: `/api/v2/telephony/providers/edges/trunkbasesettings/template?trunkMetabaseId=${m.id}`,
    }));
  return paginate(items, q, "/api/v2/telephony/providers/edges/trunkbasesettings/availablemetabases", {
    totalNumberOfEntities: items.length,
  });
}

function siteRef(store: Store, body: Json, field: "site" | "inboundSite"): Ref | undefined {
  const id = optRefId(body, field);
  if (!id) return undefined;
  const s = store.site(id);
  if (!s || s.state === "deleted") throw referencedKeyMissing(`${field}Id`, id);
  return { id, selfUri: PATHS.site(id) };
}

function parseTrunkBody(store: Store, raw: unknown, existing?: TrunkBase) {
  const body = bodyObject(raw);
  const name = reqString(body, "name");
  const mbId = optRefId(body, "trunkMetabase");
  if (!mbId) throw requiredFieldMissing("trunkMetabase");
  const mb: Metabase | undefined = getMetabase(mbId);
  if (!mb) throw unknownMetabase(mbId);
  if (existing && existing.trunkMetabase.id !== mb.id)
    throw generalBadRequest("The trunk metabase of a trunk base cannot be changed.", "trunkMetabase"); // [I]
  if (!existing && mb.managedOnly)
    throw managedNotAllowed(400, `Trunk bases on metabase ${mb.id} are managed by Genesys Cloud.`); // [I]
  const trunkType = optEnum(body, "trunkType", TRUNK_TYPES);
  if (!trunkType) throw requiredFieldMissing("trunkType"); // required [C]
  if (trunkType !== mb.type)
    throw generalBadRequest(
      `trunkType ${trunkType} does not match metabase ${mb.id} (${mb.type}).`,
      "trunkType",
    );
  if (optBool(body, "managed") === true && !existing?.managed)
    throw managedNotAllowed(400, "Not allowed to update managed property"); // [I]
  const inboundSite = siteRef(store, body, "inboundSite");
  // BYOC metabases require inboundSite [C: TF#657 message and detail]; others must not set it [C-code: TF].
  if (mb.byoc && !inboundSite) throw requiredFieldMissing("inboundSiteId");
  if (!mb.byoc && inboundSite)
    throw generalBadRequest("inboundSite may only be set on BYOC trunk bases.", "inboundSiteId"); // [I]
  const site = siteRef(store, body, "site");
  if (
    store.state.trunkBases.some(
      (t) => t.id !== existing?.id && t.state !== "deleted" && sameName(t.name, name),
    )
  )
    throw duplicateValue("A trunk with that name already exists.", "name"); // [C]
  const properties = normalizeProperties(mb, optObject(body, "properties"), name);
  const termination = propertyInstance(properties, TERMINATION_URI);
  if (typeof termination === "string" && termination !== "") {
    // [I] the inbound SIP termination identifier is unique org-wide (case-insensitive); code/message [U].
    const clash = store.state.trunkBases.find((t) => {
      const other = propertyInstance(t.properties, TERMINATION_URI);
      return (
        t.id !== existing?.id &&
        t.state !== "deleted" &&
        typeof other === "string" &&
        other.toLowerCase() === termination.toLowerCase()
      );
    });
    if (clash)
      throw new ApiError(
        400,
        "duplicate.value",
        `The inbound SIP termination identifier '${termination}' is already used by trunk '${clash.name}'.`,
        { value: termination },
        [{ errorCode: "DUPLICATE_VALUE", fieldName: `properties.${TERMINATION_URI}`, entityId: clash.id }],
      );
  }
  const state = optEnum(body, "state", ["active", "inactive"] as const);
  return {
    name,
    mb,
    trunkType,
    inboundSite,
    site,
    properties,
    description: optString(body, "description"),
    version: optInt(body, "version"),
    state: state ?? "active",
  };
}

/** `POST /trunkbasesettings` → 200 [C]. */
export function createTrunkBase(store: Store, raw: unknown): Json {
  const p = parseTrunkBody(store, raw);
  const id = store.newId();
  const t: TrunkBase = {
    id,
    name: p.name,
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...store.created(),
    state: p.state,
    trunkMetabase: { id: p.mb.id, name: p.mb.name },
    properties: p.properties,
    trunkType: p.trunkType,
    managed: false,
    ...(p.site ? { site: p.site } : {}),
    ...(p.inboundSite ? { inboundSite: p.inboundSite } : {}),
    selfUri: PATHS.trunkBase(id),
  };
  return trunkCollection(store).insert(t);
}

/**
 * `PUT /trunkbasesettings/{id}`: whole-object update; omitted properties return to their defaults [I]. Version
 * rises on every PUT [C-code]. Managed → 400 [I]. `version` is required and must be the current one, checked
 * before the body's other rules: a stale one → 409 [I, §4.6]; a PUT without one → 400 `required.field.missing`
 * [U: optional in the model, and whether the API accepts a PUT without it is unknown; TF always sends it; strictest
 * plausible choice, so a client that would overwrite the trunk blindly is caught].
 */
export function putTrunkBase(store: Store, id: string, raw: unknown): Json {
  const trunks = trunkCollection(store);
  const t = trunks.require(id);
  if (t.managed) throw managedNotAllowed(400, "Not allowed to update managed property");
  trunks.checkVersion(t, requiredVersion(raw));
  const p = parseTrunkBody(store, raw, t);
  const next: TrunkBase = {
    ...t,
    name: p.name,
    state: p.state,
    properties: p.properties,
  };
  if (p.description !== undefined) next.description = p.description;
  if (p.site) next.site = p.site;
  else delete next.site;
  if (p.inboundSite) next.inboundSite = p.inboundSite;
  else delete next.inboundSite;
  const out = trunks.replace(t, next, p.version);
  const still = new Set([next.site?.id, next.inboundSite?.id]);
  for (const siteId of sitesOf(t)) if (!still.has(siteId)) letGoOfSite(store, t, siteId);
  return out;
}

/** The sites a trunk base refers to (`site`, `inboundSite`), each once. */
function sitesOf(t: TrunkBase): string[] {
  return [...new Set([t.site?.id, t.inboundSite?.id].filter((x): x is string => !!x))];
}

/** `t` no longer refers to site `siteId`: the site stays referenced for its delete lag (see ./lags). */
function letGoOfSite(store: Store, t: TrunkBase, siteId: string): void {
  store.lags.letGo("site", siteId, { kind: "trunk", id: t.id, name: t.name });
}

/**
 * `DELETE /trunkbasesettings/{id}` → 200, no body [C]. Used by an outbound route → 400 `delete.referenced.entity`
 * "The trunk is being referenced." [C], naming the route in `details` [I]; the same for a while after it left its
 * last route (the `trunk` delete lag, see ./lags), naming that route [I: the live service cannot tell the two
 * apart; TF retries any 400 on this delete for 50 s, reference §4.5.1, §8.4]. Managed → 403
 * `managed.property.not.allowed` [I]. Its `site` and `inboundSite` then stay referenced for the `site` delete lag.
 */
export function deleteTrunkBase(store: Store, id: string): void {
  const trunks = trunkCollection(store);
  const t = trunks.require(id);
  if (t.managed) throw managedNotAllowed(403, "Not allowed to delete a managed trunk base.");
  const route = store.state.outboundRoutes.find(
    (r) => r.state !== "deleted" && r.externalTrunkBases.some((x) => x.id === id),
  );
  const by = route ? { id: route.id, name: route.name } : store.lags.holding("trunk", id)?.by;
  if (by)
    throw new ApiError(400, "delete.referenced.entity", "The trunk is being referenced.", {}, [
      { errorCode: "DELETE_REFERENCED_ENTITY", entityId: by.id, entityName: by.name },
    ]);
  trunks.remove(id);
  for (const siteId of sitesOf(t)) letGoOfSite(store, t, siteId);
}
