/**
 * Locations (`/api/v2/locations`): list, search, get, create, PATCH (partial), delete. Reference §6.
 * The write endpoints postdate the Swagger files we have, so most codes here are [U]/[I] and chosen strict.
 */
import {
  ApiError,
  badRequest,
  conflict,
  duplicateValue,
  invalidValue,
  notFound,
  referencedKeyMissing,
  requiredFieldMissing,
} from "./errors";
import { Collection } from "./collection";
import { paginate, sortByField } from "./paging";
import { clone, PATHS, sameName, type Location, type Store } from "./store";
import {
  bodyObject,
  isObject,
  optInt,
  optObject,
  optString,
  optStringArray,
  qList,
  qString,
  reqString,
  type Json,
  type Query,
} from "./validate";

const ADDRESS_FIELDS = ["city", "country", "countryName", "state", "street1", "street2", "zipcode"] as const;

/** Normalises a phone number to E.164, or undefined when it is not one. [I] simple syntactic rule. */
export function toE164(raw: string): string | undefined {
  const compact = raw.replace(/[\s\-().]/g, "");
  return /^\+[1-9]\d{6,14}$/.test(compact) ? compact : undefined;
}

/**
 * The locations of a store: 404 `not.found` when absent or deleted [I: 404 chosen over state=deleted]; a stale
 * version → 409 `general.conflict` [I directory style].
 */
function locationCollection(store: Store): Collection<"locations"> {
  return new Collection(store, "locations", {
    notFound: () => notFound(),
    conflict: (supplied, current) =>
      conflict(
        `The version supplied does not match the current version of the location (supplied ${supplied}, current ${current}).`,
      ),
    render: (l) => clone(l) as unknown as Json,
    audited: false,
  });
}

/** `GET /api/v2/locations/{id}`. */
export function getLocation(store: Store, id: string): Json {
  return locationCollection(store).get(id);
}

/** `GET /api/v2/locations` with `id` (repeated or comma-joined) and `sortOrder` (asc|desc) [C]. */
export function listLocations(store: Store, q: Query) {
  const ids = qList(q, "id");
  const order = (qString(q, "sortOrder") ?? "asc").toLowerCase();
  if (order !== "asc" && order !== "desc") throw invalidValue("sortOrder", order, "asc, desc");
  let items = locationCollection(store).live();
  if (ids) items = items.filter((l) => ids.includes(l.id));
  return paginate(sortByField(items, (l) => l.name, order).map(clone), q, "/api/v2/locations");
}

function checkNotes(body: Json): string | undefined {
  const notes = optString(body, "notes");
  // [C-code] PATCH notes:"" is rejected (TF sends " " to clear). Code/message [U]; same rule applied on create [I].
  if (notes === "") throw badRequest("The field 'notes' cannot be an empty string.");
  return notes;
}

function parseEmergencyNumber(
  store: Store,
  body: Json,
  selfId?: string,
): Location["emergencyNumber"] | null | undefined {
  const en = optObject(body, "emergencyNumber");
  if (en === undefined) return undefined;
  const number =
    optString(en, "number", "emergencyNumber.number") ?? optString(en, "e164", "emergencyNumber.e164");
  if (number === undefined || number === "") return null; // `{}` clears the number [C-code]
  const e164 = toE164(number);
  // [U] server behaviour for invalid E.164 unknown; strict: 400 invalid.value.
  if (!e164)
    throw invalidValue("emergencyNumber.number", number, "an E.164 phone number such as +13175550100");
  const type = optString(en, "type", "emergencyNumber.type") ?? "default";
  if (type !== "default" && type !== "elin")
    throw invalidValue("emergencyNumber.type", type, "default, elin");
  // [I] emergency numbers are unique across locations; duplicate → 400 duplicate.value.
  const dup = store.state.locations.find(
    (l) => l.id !== selfId && l.state !== "deleted" && l.emergencyNumber?.e164 === e164,
  );
  if (dup)
    throw duplicateValue(
      `The emergency number ${e164} is already assigned to another location.`,
      "emergencyNumber",
    );
  return { e164, number, type };
}

/** The address of a body: undefined when absent, null when empty (`{}` means no address). */
function parseAddress(body: Json): Record<string, string> | null | undefined {
  const a = optObject(body, "address");
  if (a === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const f of ADDRESS_FIELDS) {
    const v = optString(a, f, `address.${f}`);
    if (v !== undefined) out[f] = v;
  }
  // Unknown fields such as the tutorial's countryFullName are ignored [C-code].
  // [I] country is an ISO alpha-2 code ("[Required] Alpha-2 code format" [C]).
  if (out.country !== undefined && !/^[A-Za-z]{2}$/.test(out.country))
    throw invalidValue("address.country", out.country, "an ISO 3166-1 alpha-2 country code");
  if (out.country) out.country = out.country.toUpperCase();
  // An empty address is no address: the real API leaves `address: {}` out of the response [C-test].
  return Object.keys(out).length ? out : null;
}

function parsePath(store: Store, body: Json, selfId?: string): string[] | undefined {
  const path = optStringArray(body, "path");
  if (path === undefined) return undefined;
  for (const id of path) {
    const l = store.location(id);
    // [I] ancestors must exist (and not be the location itself).
    if (!l || l.state === "deleted" || id === selfId) throw referencedKeyMissing("path", id);
  }
  return [...path];
}

function parseContactUser(body: Json): Location["contactUser"] | undefined {
  const v = body.contactUser;
  if (v === undefined || v === null) return undefined;
  // LocationCreateDefinition.contactUser is a user-id string [C]; an `{id}` object is tolerated [I].
  const id = typeof v === "string" ? v : isObject(v) && typeof v.id === "string" ? v.id : undefined;
  if (!id) throw invalidValue("contactUser", JSON.stringify(v), "a user id");
  return { id, selfUri: `/api/v2/users/${id}` };
}

function checkNameUnique(store: Store, name: string, selfId?: string): void {
  // [U] duplicate location names: the directory service probably rejects them; strict: 400 duplicate.value.
  if (store.state.locations.some((l) => l.id !== selfId && l.state !== "deleted" && sameName(l.name, name)))
    throw duplicateValue("A location with this name already exists.", "name");
}

/** `POST /api/v2/locations` → 200 with the LocationDefinition [C: "successful operation"; 200 I]. */
export function createLocation(store: Store, raw: unknown): Json {
  const body = bodyObject(raw);
  const name = reqString(body, "name");
  checkNameUnique(store, name);
  const notes = checkNotes(body);
  const emergencyNumber = parseEmergencyNumber(store, body);
  const address = parseAddress(body);
  const path = parsePath(store, body) ?? [];
  const contactUser = parseContactUser(body);
  const id = store.newId();
  const loc: Location = {
    id,
    name,
    ...(contactUser ? { contactUser } : {}),
    ...(emergencyNumber ? { emergencyNumber } : {}),
    ...(address ? { address } : {}),
    state: "active",
    ...(notes !== undefined ? { notes } : {}),
    version: 1,
    path,
    addressVerified: false,
    addressStored: !!(address && emergencyNumber),
    selfUri: PATHS.location(id),
  };
  return locationCollection(store).insert(loc);
}

/**
 * `PATCH /api/v2/locations/{id}`: partial update [C-code]. `name` and `version` are required by the schema [C];
 * a stale version → 409 `general.conflict` [I directory style]; `notes: ""` → 400; `emergencyNumber: {}` clears
 * the number; `address` while the stored location or the request has an emergency number → 400 [C-code rule;
 * code/message U]; `path: []` clears the path.
 */
export function patchLocation(store: Store, id: string, raw: unknown): Json {
  const locations = locationCollection(store);
  const loc = locations.require(id);
  const body = bodyObject(raw);
  const version = optInt(body, "version");
  if (version === undefined) throw requiredFieldMissing("version");
  const name = reqString(body, "name");
  locations.checkVersion(loc, version);
  checkNameUnique(store, name, id);
  const notes = checkNotes(body);
  const emergencyNumber = parseEmergencyNumber(store, body, id);
  const address = parseAddress(body);
  if (address !== undefined && (loc.emergencyNumber || emergencyNumber))
    throw badRequest("The address cannot be changed while an emergency number is assigned to the location.");
  const path = parsePath(store, body, id);
  const contactUser = parseContactUser(body);

  const next: Location = { ...loc, name };
  if (notes !== undefined) next.notes = notes;
  if (emergencyNumber === null) delete next.emergencyNumber;
  else if (emergencyNumber) next.emergencyNumber = emergencyNumber;
  if (address === null) delete next.address;
  else if (address !== undefined) next.address = address;
  if (path !== undefined) next.path = path;
  if (contactUser) next.contactUser = contactUser;
  next.addressStored = !!(next.address && next.emergencyNumber);
  return locations.replace(loc, next);
}

/**
 * The answer to a DELETE of a location a site uses: 400 `bad.request` "The location is in use and cannot be
 * deleted.", naming no site [U: the live status, code and message are unknown; strictest plausible choice. TF's
 * fixed 8 s sleep before a location's delete, although that delete retries 409s, hints that the live answer is
 * not a 409 (reference §4.5.1), and the generic 400 code and a message naming no site leave a client nothing but
 * the references the location shows (the sites listed with `location.id`) to tell a site that still uses it from
 * one that was just deleted]. The same answer while a deleted site's use lingers (see ./lags): the live service
 * cannot tell the two apart either.
 */
const locationInUse = () => new ApiError(400, "bad.request", "The location is in use and cannot be deleted.");

/**
 * `DELETE /api/v2/locations/{id}` → 204 [U: 200 or 204]. A location used by a site, or for a while after its last
 * site was deleted or moved away (the `location` delete lag), cannot be deleted: see {@link locationInUse}
 * [C-code that it fails; shape U]. The ancestor of another location: 409 `general.conflict` [U].
 */
export function deleteLocation(store: Store, id: string): void {
  const locations = locationCollection(store);
  locations.require(id);
  const site = store.state.sites.find((s) => s.state !== "deleted" && s.location.id === id);
  if (site || store.lags.holding("location", id)) throw locationInUse();
  const child = store.state.locations.find((l) => l.state !== "deleted" && l.path.includes(id));
  if (child) throw conflict(`The location is the parent of location '${child.name}' and cannot be deleted.`);
  locations.remove(id);
}

type Criterion = { type: string; fields: string[]; values: string[] };

function fieldValue(loc: Location, field: string): string[] {
  let cur: unknown = loc;
  for (const part of field.split(".")) cur = isObject(cur) ? cur[part] : undefined;
  if (typeof cur === "string") return [cur];
  if (Array.isArray(cur)) return cur.filter((x): x is string => typeof x === "string");
  return [];
}

function parseCriteria(body: Json): { criteria: Criterion[]; or: boolean } {
  const query = body.query;
  if (query !== undefined && !Array.isArray(query))
    throw invalidValue("query", JSON.stringify(query), "an array");
  const criteria = (query ?? []).map((c: unknown, i: number): Criterion => {
    if (!isObject(c)) throw invalidValue(`query[${i}]`, JSON.stringify(c), "an object");
    const type = (optString(c, "type", `query[${i}].type`) ?? "EXACT").toUpperCase();
    const supported = ["EXACT", "CONTAINS", "STARTS_WITH", "MATCH_ALL", "TERM", "TERMS"];
    if (!supported.includes(type)) throw invalidValue(`query[${i}].type`, type, supported.join(", "));
    const fields = optStringArray(c, "fields", `query[${i}].fields`) ?? [];
    const value = optString(c, "value", `query[${i}].value`);
    const values = optStringArray(c, "values", `query[${i}].values`) ?? [];
    if (value !== undefined) values.push(value);
    if (type !== "MATCH_ALL" && (!fields.length || !values.length))
      throw requiredFieldMissing(`query[${i}].value`);
    return { type, fields, values };
  });
  const op = (optString(body, "operator") ?? "AND").toUpperCase();
  return { criteria, or: op === "OR" };
}

function matches(loc: Location, c: Criterion): boolean {
  if (c.type === "MATCH_ALL") return true;
  return c.fields.some((f) =>
    fieldValue(loc, f).some((fv) =>
      c.values.some((v) => {
        const a = fv.toLowerCase();
        const b = v.toLowerCase();
        switch (c.type) {
          case "EXACT":
            return fv === v; // [I] exact and case-sensitive (strict)
          case "STARTS_WITH":
            return a.startsWith(b);
          default:
            return a.includes(b);
        }
      }),
    ),
  );
}

/**
 * `POST /api/v2/locations/search` (and `GET ...?q64=`): the LocationsSearchResponse [C shape]. Supports
 * EXACT, CONTAINS, STARTS_WITH, TERM(S), MATCH_ALL on dotted field paths; other types → 400 (emulator limit).
 */
export function searchLocations(store: Store, raw: unknown) {
  const body = bodyObject(raw);
  const { criteria, or } = parseCriteria(body);
  const pageSize = optInt(body, "pageSize") ?? 25;
  const pageNumber = optInt(body, "pageNumber") ?? 1;
  if (pageSize < 1 || pageSize > 500) throw invalidValue("pageSize", pageSize, "an integer from 1 to 500");
  if (pageNumber < 1) throw invalidValue("pageNumber", pageNumber, "an integer >= 1");
  const order = (optString(body, "sortOrder") ?? "ASC").toLowerCase() === "desc" ? "desc" : "asc";
  const all = store.state.locations.filter(
    (l) =>
      l.state !== "deleted" &&
      (criteria.length === 0 ||
        (or ? criteria.some((c) => matches(l, c)) : criteria.every((c) => matches(l, c)))),
  );
  const sorted = sortByField(all, (l) => l.name, order);
  const pageCount = Math.ceil(sorted.length / pageSize);
  return {
    total: sorted.length,
    pageCount,
    pageSize,
    pageNumber,
    types: ["locations"],
    results: sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize).map(clone),
  };
}

/** `GET /api/v2/locations/search?q64=<base64 JSON>`. */
export function searchLocationsQ64(store: Store, q: Query) {
  const q64 = qString(q, "q64");
  if (!q64) throw requiredFieldMissing("q64");
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(q64, "base64").toString("utf8"));
  } catch {
    throw badRequest("q64 must be base64-encoded JSON.");
  }
  return searchLocations(store, parsed);
}
