/**
 * DID pools (`/api/v2/telephony/providers/edges/didpools`): list, get, create, PUT, delete. Reference §13.1.
 * The error codes of these endpoints are in no source we have: each is tagged, and chosen strict.
 */
import {
  ApiError,
  entityNotFound,
  generalBadRequest,
  invalidValue,
  telephonyVersionConflict,
} from "./errors";
import { Collection } from "./collection";
import { paginate } from "./paging";
import { clone, PATHS, type DidPool, type Store } from "./store";
import {
  bodyObject,
  optEnum,
  optInt,
  optString,
  qList,
  qString,
  reqString,
  type Json,
  type Query,
} from "./validate";

const NOT_FOUND = "Unable to find a DID pool with that id";

/** Providers a pool may name [C-code: the Terraform provider's allowed values; it sends "" when none is set]. */
export const POOL_PROVIDERS = ["PURE_CLOUD", "PURE_CLOUD_VOICE"] as const;

/** Listing sort keys. [U] the API's list is not documented; the number and the audit dates are our choice. */
const SORT_KEYS = ["startPhoneNumber", "endPhoneNumber", "name", "dateCreated", "dateModified"] as const;

/** The pools of a store: 404 `entity.not.found` [I: telephony style]; a stale version → 409 [I: telephony style]. */
function poolCollection(store: Store): Collection<"didPools"> {
  return new Collection(store, "didPools", {
    notFound: () => entityNotFound(NOT_FOUND),
    conflict: telephonyVersionConflict,
    render: (p) => clone(p) as unknown as Json,
    audited: true,
  });
}

/** `GET /didpools/{id}`. */
export function getDidPool(store: Store, id: string): Json {
  return poolCollection(store).get(id);
}

/** The digits of an E.164 number as an integer. */
const digits = (n: string) => BigInt(n.slice(1));

/**
 * `GET /didpools` [C: `pageSize`, `pageNumber`, `sortBy`, `id` (repeated) in the SDK]. `id` filters (repeated or
 * comma-joined); `sortBy` one of {@link SORT_KEYS}, `""` or absent sorting by start number [U]; anything else →
 * 400 `invalid.value` [U, strict].
 */
export function listDidPools(store: Store, q: Query) {
  const ids = qList(q, "id");
  const sortBy = qString(q, "sortBy") || "startPhoneNumber";
  if (!(SORT_KEYS as readonly string[]).includes(sortBy))
    throw invalidValue("sortBy", sortBy, SORT_KEYS.join(", "));
  let items = poolCollection(store).live();
  if (ids) items = items.filter((p) => ids.includes(p.id));
  const key = sortBy as (typeof SORT_KEYS)[number];
  const sorted = [...items].sort((a, b) =>
    key === "startPhoneNumber" || key === "endPhoneNumber"
      ? a[key].length - b[key].length ||
        (digits(a[key]) < digits(b[key]) ? -1 : digits(a[key]) > digits(b[key]) ? 1 : 0)
      : a[key].localeCompare(b[key]),
  );
  return paginate(sorted.map(clone), q, "/api/v2/telephony/providers/edges/didpools", {
    totalNumberOfEntities: sorted.length,
  });
}

/**
 * A number of a pool: E.164 exactly (`+`, country code, up to 15 digits; no spaces or dashes). [U] what the API
 * does with other forms; Genesys's Terraform provider refuses any number not already in E.164 form before it
 * calls [C-code], so the emulator refuses them: 400 `invalid.value`.
 */
function poolNumber(body: Json, field: "startPhoneNumber" | "endPhoneNumber"): string {
  const n = reqString(body, field);
  if (!/^\+[1-9]\d{1,14}$/.test(n))
    throw invalidValue(field, n, "an E.164 phone number such as +13175550100");
  return n;
}

interface ParsedPool {
  startPhoneNumber: string;
  endPhoneNumber: string;
  name?: string;
  description?: string;
  comments?: string;
  provider?: string;
}

/**
 * The fields of a POST or PUT body. Both numbers required [C model]; a range whose ends differ in length or whose
 * end is below its start → 400 `general.bad.request` [U code, I rule]; `provider` "" or absent means none
 * [C-code]; another value than {@link POOL_PROVIDERS} → 400 `invalid.value` [I].
 */
function parsePool(raw: unknown): ParsedPool {
  const body = bodyObject(raw);
  const startPhoneNumber = poolNumber(body, "startPhoneNumber");
  const endPhoneNumber = poolNumber(body, "endPhoneNumber");
  if (startPhoneNumber.length !== endPhoneNumber.length)
    throw generalBadRequest(
      `The start and end phone numbers of a DID pool must have the same number of digits (${startPhoneNumber}, ${endPhoneNumber}).`,
      "endPhoneNumber",
    );
  if (digits(startPhoneNumber) > digits(endPhoneNumber))
    throw generalBadRequest(
      `The end phone number ${endPhoneNumber} of a DID pool must not be lower than its start phone number ${startPhoneNumber}.`,
      "endPhoneNumber",
    );
  const provider = optString(body, "provider");
  if (provider) optEnum(body, "provider", POOL_PROVIDERS);
  return {
    startPhoneNumber,
    endPhoneNumber,
    name: optString(body, "name") || undefined,
    description: optString(body, "description"),
    comments: optString(body, "comments"),
    provider: provider || undefined,
  };
}

/**
 * No number may be in two pools. [I] the Terraform acceptance test deletes any pool with its range before it
 * creates one, so a second pool with the same range is refused; [U] whether a partial overlap is refused and with
 * which code: the emulator refuses both with 400 `duplicate.value`, naming the other pool in `details`.
 */
function checkNoOverlap(store: Store, p: ParsedPool, selfId?: string): void {
  const other = poolCollection(store)
    .live()
    .find(
      (o) =>
        o.id !== selfId &&
        o.startPhoneNumber.length === p.startPhoneNumber.length &&
        digits(o.startPhoneNumber) <= digits(p.endPhoneNumber) &&
        digits(p.startPhoneNumber) <= digits(o.endPhoneNumber),
    );
  if (!other) return;
  throw new ApiError(
    400,
    "duplicate.value",
    `The number range ${p.startPhoneNumber}-${p.endPhoneNumber} overlaps the range ${other.startPhoneNumber}-${other.endPhoneNumber} of DID pool ${other.id}.`,
    {},
    [
      {
        errorCode: "DUPLICATE_VALUE",
        fieldName: "startPhoneNumber",
        entityId: other.id,
        entityName: other.name,
      },
    ],
  );
}

/** `POST /didpools` → 200 with the DIDPool [C: creates answer 200]. */
export function createDidPool(store: Store, raw: unknown): Json {
  const p = parsePool(raw);
  checkNoOverlap(store, p);
  const id = store.newId();
  const pool: DidPool = {
    id,
    // [U] the name the API gives a pool that was created without one; the range is our choice.
    name: p.name ?? `${p.startPhoneNumber}-${p.endPhoneNumber}`,
    ...store.created(),
    state: "active",
    startPhoneNumber: p.startPhoneNumber,
    endPhoneNumber: p.endPhoneNumber,
    ...(p.description !== undefined && { description: p.description }),
    ...(p.comments !== undefined && { comments: p.comments }),
    ...(p.provider !== undefined && { provider: p.provider }),
    selfUri: PATHS.didPool(id),
  };
  return poolCollection(store).insert(pool);
}

/**
 * `PUT /didpools/{id}`: the whole pool; texts left out are cleared [I: PUT replaces]. `version` is optional
 * [C-code: the Terraform provider PUTs without one]; a stale one → 409 [I: telephony style]. The range may change
 * [C-code: the Terraform provider PUTs a changed range since it stopped replacing pools], still without overlap.
 */
export function putDidPool(store: Store, id: string, raw: unknown): Json {
  const pools = poolCollection(store);
  const pool = pools.require(id);
  pools.checkVersion(pool, optInt(bodyObject(raw), "version"));
  const p = parsePool(raw);
  checkNoOverlap(store, p, id);
  const { description: _d, comments: _c, provider: _p, ...kept } = pool;
  const next: DidPool = {
    ...kept,
    name: p.name ?? pool.name,
    startPhoneNumber: p.startPhoneNumber,
    endPhoneNumber: p.endPhoneNumber,
    ...(p.description !== undefined && { description: p.description }),
    ...(p.comments !== undefined && { comments: p.comments }),
    ...(p.provider !== undefined && { provider: p.provider }),
  };
  return pools.replace(pool, next);
}

/**
 * `DELETE /didpools/{id}` → 200, no body [C: telephony deletes; I for pools]; the pool is gone at once (a GET
 * answers 404; the real API may instead show it with `state: "deleted"` for a while [C-code], which clients treat
 * the same). [C] a pool whose numbers are assigned answers 409; nothing assigns numbers here, so never.
 */
export function deleteDidPool(store: Store, id: string): void {
  const pools = poolCollection(store);
  pools.require(id);
  pools.remove(id);
}
