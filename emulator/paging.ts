/**
 * The `*EntityListing` envelope [C]: entities, pageSize, pageNumber, total, firstUri, selfUri, nextUri,
 * previousUri, lastUri, pageCount; telephony listings add totalNumberOfEntities [C].
 */
import { qInt, type Query } from "./validate";

/** Default page size of every list endpoint [C]. */
export const DEFAULT_PAGE_SIZE = 25;
/** Largest accepted page size. [U] real maximum unknown; clients ask for 100 [C-code], so we allow up to 500. */
export const MAX_PAGE_SIZE = 500;

/** A page of entities in the real envelope. */
export interface Listing<T> {
  entities: T[];
  pageSize: number;
  pageNumber: number;
  total: number;
  totalNumberOfEntities?: number;
  firstUri: string;
  selfUri: string;
  nextUri?: string;
  previousUri?: string;
  lastUri: string;
  pageCount: number;
}

/** Reads `pageSize` / `pageNumber` (400 `invalid.value` when out of range). */
export function pageParams(q: Query): { pageSize: number; pageNumber: number } {
  return {
    pageSize: qInt(q, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
    pageNumber: qInt(q, "pageNumber", 1, 1_000_000),
  };
}

/**
 * Cuts one page out of `items` and wraps it. URIs are relative and echo the other query parameters [C format;
 * echoing filters is our choice, U]. `pageCount` is 0 for an empty result [U: 0 or 1].
 */
export function paginate<T>(
  items: T[],
  q: Query,
  basePath: string,
  extra: { totalNumberOfEntities?: number } = {},
): Listing<T> {
  const { pageSize, pageNumber } = pageParams(q);
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n: number) => {
    const p = new URLSearchParams();
    p.set("pageSize", String(pageSize));
    p.set("pageNumber", String(n));
    for (const [k, v] of Object.entries(q)) {
      if (k === "pageSize" || k === "pageNumber") continue;
      for (const item of Array.isArray(v) ? v : [v]) p.append(k, item);
    }
    return `${basePath}?${p.toString()}`;
  };
  const listing: Listing<T> = {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    ...(extra.totalNumberOfEntities !== undefined
      ? { totalNumberOfEntities: extra.totalNumberOfEntities }
      : {}),
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(pageCount, 1)),
    pageCount,
  };
  if (pageNumber < pageCount) listing.nextUri = uri(pageNumber + 1);
  if (pageNumber > 1 && pageNumber <= pageCount + 1) listing.previousUri = uri(pageNumber - 1);
  // Keep the usual key order: ..., nextUri, previousUri, lastUri, pageCount.
  const { lastUri, pageCount: pc, ...head } = listing;
  return { ...head, lastUri, pageCount: pc };
}

/** Sorts by a string field, ascending or descending (case-insensitive, stable). */
export function sortByField<T>(items: T[], get: (t: T) => string, order: "asc" | "desc"): T[] {
  const sorted = [...items].sort((a, b) => get(a).localeCompare(get(b), "en", { sensitivity: "base" }));
  return order === "desc" ? sorted.reverse() : sorted;
}
