/**
 * Small, total helpers to read untrusted JSON bodies and query strings. Every helper accepts any input and
 * either returns a typed value or throws an {@link ApiError}; none of them can crash on odd input.
 */
import { ApiError, badRequest, invalidValue, requiredFieldMissing } from "./errors";

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The request body as an object, or 400 when it is missing or not an object. */
export function bodyObject(body: unknown): Json {
  if (!isObject(body)) throw badRequest("The request body must be a JSON object.");
  return body;
}

/** An optional string field; null/undefined → undefined; other types → 400. */
export function optString(obj: Json, field: string, path = field): string | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw invalidValue(path, JSON.stringify(v), "a string");
  return v;
}

/** A required, non-blank string field. */
export function reqString(obj: Json, field: string, path = field): string {
  const v = optString(obj, field, path);
  if (v === undefined || v.trim() === "") throw requiredFieldMissing(path);
  return v;
}

/** An optional boolean field. */
export function optBool(obj: Json, field: string, path = field): boolean | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw invalidValue(path, JSON.stringify(v), "true, false");
  return v;
}

/** An optional integer field. */
export function optInt(obj: Json, field: string, path = field): number | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v))
    throw invalidValue(path, JSON.stringify(v), "an integer");
  return v;
}

/** An optional enum string field. */
/** A write's `version` (an integer), or 400 `required.field.missing` naming `version`. */
export function requiredVersion(body: unknown): number {
  const version = optInt(bodyObject(body), "version");
  if (version === undefined) throw requiredFieldMissing("version");
  return version;
}

export function optEnum<T extends string>(
  obj: Json,
  field: string,
  allowed: readonly T[],
  path = field,
): T | undefined {
  const v = optString(obj, field, path);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw invalidValue(path, v, allowed.join(", "));
  return v as T;
}

/** An optional array of strings. */
export function optStringArray(obj: Json, field: string, path = field): string[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string"))
    throw invalidValue(path, JSON.stringify(v), "an array of strings");
  return v as string[];
}

/** An optional object field. */
export function optObject(obj: Json, field: string, path = field): Json | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw invalidValue(path, JSON.stringify(v), "an object");
  return v;
}

/** The id of an entity reference `{ id }`, or undefined when absent. */
export function optRefId(obj: Json, field: string): string | undefined {
  const ref = optObject(obj, field);
  if (!ref) return undefined;
  const id = optString(ref, "id", `${field}.id`);
  return id === undefined || id === "" ? undefined : id;
}

/** An optional array of entity references; returns their ids. */
export function optRefIds(obj: Json, field: string): string[] | undefined {
  const v = obj[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalidValue(field, JSON.stringify(v), "an array of entity references");
  return v.map((item, i) => {
    if (!isObject(item) || typeof item.id !== "string" || item.id === "")
      throw requiredFieldMissing(`${field}[${i}].id`);
    return item.id;
  });
}

/** Parsed query string: single values as strings, repeated values as arrays. */
export type Query = Record<string, string | string[]>;

/** Parses a URL's search params into a {@link Query}. */
export function parseQuery(params: URLSearchParams): Query {
  const q: Query = {};
  for (const [k, v] of params) {
    const prev = q[k];
    if (prev === undefined) q[k] = v;
    else q[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

/** The first value of a query parameter under any of the given spellings. */
export function qString(q: Query, ...names: string[]): string | undefined {
  for (const n of names) {
    const v = q[n];
    if (v !== undefined) return Array.isArray(v) ? v[0] : v;
  }
  return undefined;
}

/**
 * All values of an array query parameter, accepting repeated (`a=1&a=2`), comma-joined (`a=1,2`) and
 * bracketed (`a[]=1`) encodings, under any of the given spellings.
 */
export function qList(q: Query, ...names: string[]): string[] | undefined {
  let out: string[] | undefined;
  for (const n of [...names, ...names.map((x) => `${x}[]`)]) {
    const v = q[n];
    if (v === undefined) continue;
    out ??= [];
    for (const item of Array.isArray(v) ? v : [v]) out.push(...item.split(",").filter((s) => s !== ""));
  }
  return out;
}

/** A boolean query parameter (`true`/`false`, case-insensitive); anything else → 400. */
export function qBool(q: Query, ...names: string[]): boolean | undefined {
  const v = qString(q, ...names);
  if (v === undefined || v === "") return undefined;
  const l = v.toLowerCase();
  if (l === "true") return true;
  if (l === "false") return false;
  throw invalidValue(names[0], v, "true, false");
}

/** A positive integer query parameter with a default and an upper bound. */
export function qInt(q: Query, name: string, dflt: number, max: number): number {
  const v = qString(q, name);
  if (v === undefined || v === "") return dflt;
  if (!/^\d+$/.test(v)) throw invalidValue(name, v, `an integer from 1 to ${max}`);
  const n = Number(v);
  if (n < 1 || n > max) throw invalidValue(name, v, `an integer from 1 to ${max}`);
  return n;
}

/** Re-exported for modules that only need the error type. */
export { ApiError };
