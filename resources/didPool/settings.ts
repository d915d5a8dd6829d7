/**
 * The DID pools' settings (`didPools`): one pool's section, and the two forms of the collection. By
 * a key of the user's choosing (`didPools.<key>`, the documented one, named `didpool-<key>`), or as
 * the list stacks were written with before keys existed (`didPools[i]`, named after the digits of
 * the pool's first number, as they always were). A keyed pool that starts where a list-form pool
 * started takes that resource over through an alias, so converting a stack from the list to keys
 * replaces nothing ({@link didPoolEntries}).
 */
import type { Models } from "purecloud-platform-client-v2";
import { DOCS, type Issue, type Raw, type Section, checkSection, known, settingsOf } from "../common/section";
import { isRecord, isUnknown } from "../common/validate";
import { fromApi } from "./mapping";
import { checkDidPool, rangesOverlap, showRange } from "./schema";

/** The Pulumi name of a DID pool, relative to the component's name. */
export const didPoolChildNames = {
  /** A DID pool of the keyed form: `didpool-<key>`. */
  keyed: (key: string) => `didpool-${key}`,
  /**
   * A DID pool of the list form (stacks written before keys): `didpool-<digits of its first
   * number>`; also the alias of a keyed pool that starts there.
   */
  listed: (startPhoneNumber: string) => `didpool-${startPhoneNumber.replace(/\D/g, "")}`,
};

/**
 * A DID pool key: it names the Pulumi resource `didpool-<key>`. It starts with a letter, so it is
 * never the digits that name a pool of the list form (`didpool-13175550100`).
 */
export const DID_POOL_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** One DID pool's section (`didPools.<key>`, or `didPools[i]` in the list form). */
export const DID_POOL: Section = {
  required: ["startPhoneNumber", "endPhoneNumber"],
  keys: {
    startPhoneNumber: "startPhoneNumber",
    endPhoneNumber: "endPhoneNumber",
    description: "description",
    comments: "comments",
    adoptId: "adoptId",
  },
  digitStrings: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
  check: (raw, _prefix, label) =>
    checkDidPool(
      {
        startPhoneNumber: raw.startPhoneNumber,
        endPhoneNumber: raw.endPhoneNumber,
        description: raw.description,
        comments: raw.comments,
        adoptId: raw.adoptId,
      },
      label,
    ),
};

/** The DID pools as declared: by key (the documented form), or a list (stacks written before keys). */
export type DidPoolsSetting<P> = Record<string, P> | P[];

/** One declared DID pool, and the Pulumi name it gets. */
export interface DidPoolEntry<P> {
  /** Where it is set: `didPools.<key>`, or `didPools[i]` in the list form. */
  path: string;
  /** Its key (the keyed form only). */
  key?: string;
  /**
   * Its name relative to the component: `didpool-<key>`, or in the list form
   * `didpool-<digits of its first number>`, the name such a pool has always had.
   */
  child: string;
  /**
   * The keyed form: the name a list-form pool with the same first number had, kept as an alias, so
   * a stack converted from the list to keys keeps that pool (undefined while the start is not known).
   */
  formerChild?: string;
  /** Its settings. */
  pool: P;
}

/** Each declared DID pool with its path and Pulumi name, in the declared order (a map's in key order). */
export function didPoolEntries<P>(pools: DidPoolsSetting<P>): DidPoolEntry<P>[] {
  const startOf = (pool: P) => {
    const start = isRecord(pool) ? pool.startPhoneNumber : undefined;
    return known(start) ? start : undefined;
  };
  if (Array.isArray(pools))
    return pools.map((pool, i) => ({
      path: `didPools[${i}]`,
      child: didPoolChildNames.listed(startOf(pool) ?? ""),
      pool,
    }));
  return Object.entries(pools).map(([key, pool]) => {
    const start = startOf(pool);
    return {
      path: `didPools.${key}`,
      key,
      child: didPoolChildNames.keyed(key),
      ...(start !== undefined && { formerChild: didPoolChildNames.listed(start) }),
      pool,
    };
  });
}

/** The message for a `didPools` that is neither a map nor a list. */
export const DID_POOLS_SHAPE = `didPools must be a map from a key of your choice to { startPhoneNumber, endPhoneNumber, description, comments } (see ${DOCS.estates})`;

/** The DID pools, each on its own (with its key, in the keyed form), and no number in two of them. */
export function checkDidPools(pools: unknown, prefix: string, skip?: ReadonlySet<string>): Issue[] {
  const issues: Issue[] = [];
  const add = (key: string, message: string) => issues.push({ key, message });
  if (!Array.isArray(pools) && !isRecord(pools)) {
    add("didPools", DID_POOLS_SHAPE);
    return issues;
  }
  const ranges: [string, { startPhoneNumber: string; endPhoneNumber: string }][] = [];
  for (const { path, key, pool: raw } of didPoolEntries<unknown>(pools)) {
    if (key !== undefined && !DID_POOL_KEY.test(key)) {
      add(
        path,
        `${path}: a DID pool key is letters, digits, "-" and "_", starting with a letter, e.g. indianapolis ` +
          `(it names the Pulumi resource didpool-<key>)`,
      );
      continue;
    }
    if (!isRecord(raw)) {
      add(path, `${path} must be an object with startPhoneNumber and endPhoneNumber`);
      continue;
    }
    if (key === undefined && isUnknown(raw.startPhoneNumber))
      add(
        `${path}.startPhoneNumber`,
        `${path}.startPhoneNumber: a pool of the list form is named after its first number, which must be ` +
          `known when the program runs; declare the pools by key instead (didPools: { <key>: { … } })`,
      );
    const own = checkSection(DID_POOL, raw, path, prefix, skip);
    issues.push(...own);
    const { startPhoneNumber: start, endPhoneNumber: end } = raw;
    if (!own.length && known(start) && known(end))
      ranges.push([path, { startPhoneNumber: start, endPhoneNumber: end }]);
  }
  ranges.forEach(([path, r], j) => {
    const other = ranges.slice(0, j).find(([, o]) => rangesOverlap(o, r));
    if (other)
      add(
        `${path}.startPhoneNumber`,
        `${path}.startPhoneNumber..endPhoneNumber ${showRange(r)} overlaps ${other[0]} ${showRange(other[1])}: ` +
          `a number can be in only one DID pool; change one of the ranges`,
      );
  });
  return issues;
}

/** A pool read from the API as its settings (without its id). */
export function didPoolSettings(pool: Models.DIDPool): Raw {
  return settingsOf(DID_POOL, fromApi(pool));
}
