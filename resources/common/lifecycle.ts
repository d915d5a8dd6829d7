/**
 * Lifecycle steps every resource shares: creating safely after ambiguous failures, reading back
 * only what was declared, and naming the fix when a create collides with an existing object.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { GenesysClient } from "../../genesys/client";
import { DeadlineError, GenesysError } from "../../genesys/errors";
import {
  describeReferrers,
  referrersOf,
  refusedAsReferenced,
  type Referrer,
  type ReferredKind,
} from "../../genesys/references";
import { ReferenceLagError } from "../../genesys/retry";
import { changedKeys } from "./diff";
import { tellEngine } from "./engineLog";
import { carriesTag, OWNER_KEY } from "./ownership";
import { type CheckFailure, hasUnknown, knownFailures, topKey, UNKNOWN } from "./validate";

/**
 * Creates an object whose name is unique. When the create fails ambiguously (no response, 5xx:
 * it may have been applied), looks the object up by name and adopts it instead of creating a
 * duplicate; if it is not there, tries the create once more.
 */
export async function createOrRecover<T>(
  create: () => Promise<T>,
  findByName: () => Promise<T | undefined>,
): Promise<T> {
  try {
    return await create();
  } catch (err) {
    if (!(err instanceof GenesysError && err.isAmbiguous)) throw err;
    const found = await findByName();
    if (found) return found;
    return await create();
  }
}

/**
 * After a create failed because the name is taken: the object of that name, looked up once
 * (`found`), and the same object as `own` when this stack's resource `owner` made it (its `text`
 * carries the owner's tag, see ./ownership), so the create can adopt it. Nothing is looked up
 * for any other failure.
 */
export async function afterDuplicate<T>(
  err: unknown,
  owner: string | undefined,
  findByName: () => Promise<T | undefined>,
  text: (found: T) => string | undefined,
): Promise<{ found?: T; own?: T }> {
  if (!(err instanceof GenesysError && err.code === "duplicate.value")) return {};
  const found = await findByName().catch(() => undefined);
  return { found, own: found && owner && carriesTag(text(found), owner) ? found : undefined };
}

/**
 * The error for an update of an object that was deleted outside Pulumi: says so, and how to
 * recover. `pulumi refresh` notices the object is gone and drops it from the stack's state; the
 * next `pulumi up` then creates it again (with what depends on it).
 */
export function goneOutsidePulumi(kind: string, name: string | undefined, id: string): Error {
  const what = name ? `${kind} "${name}" (${id})` : `${kind} ${id}`;
  return new Error(
    `${what} no longer exists in Genesys Cloud: it was deleted outside Pulumi. Run \`pulumi refresh\` ` +
      `to drop it from the stack's state, then \`pulumi up\` to create it again.`,
  );
}

/**
 * The existing object an `adoptId` names; fails, naming the id, when there is none (`where` says
 * where it was looked for: default "exists in this org"). Says on the resource (`owner`, its
 * URN) that it takes the object over, since the plan shows a create.
 */
export async function adoptable<T extends { name?: string }>(
  kind: string,
  id: string,
  get: (id: string) => Promise<T | undefined>,
  owner?: string,
  where = "exists in this org",
): Promise<T> {
  const existing = await get(id);
  if (!existing) throw new Error(`adoptId: no ${kind} with id ${id} ${where}`);
  const name = existing.name ? ` "${existing.name}"` : "";
  await tellEngine(
    owner,
    `adopted the existing ${kind}${name} (${id}): nothing was created, only what differs from the inputs is written`,
  );
  return existing;
}

/**
 * Rewrites a duplicate-name failure into an error that names the existing object (`existing`,
 * when it was looked up) and says how to adopt it instead.
 */
export function explainDuplicate(
  err: unknown,
  kind: string,
  name: string,
  existing?: { id?: string },
): unknown {
  if (!(err instanceof GenesysError && err.code === "duplicate.value")) return err;
  const which = existing?.id ? `${kind} "${name}" already exists with id ${existing.id}` : err.apiMessage;
  return new Error(
    `${kind} "${name}" could not be created: ${which}. If the existing ${kind.toLowerCase()} should be ` +
      `managed by this stack, set adoptId to its id; otherwise choose another name. (${err.message})`,
  );
}

/**
 * Keeps only the keys that were declared in `declared` (present and not undefined), so values
 * the API fills in by itself never show as drift.
 */
export function restrictToDeclared<T extends object>(
  fromApi: T,
  declared: Partial<T>,
  keys: readonly (keyof T)[],
): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) {
    if (declared[k] !== undefined) out[k] = fromApi[k];
  }
  return out;
}

/** The value at a property path such as `digest.username` or `sipServers[1]`, if there is one. */
function valueAt(inputs: Record<string, unknown>, property: string): unknown {
  let v: unknown = inputs;
  for (const part of property.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** A key whose value is a secret: its value is never shown in a failure. */
const SECRET_KEY = /password|secret|token/i;

/**
 * A failure as the engine prints it, naming the input and the value that failed.
 *
 * The engine prints `property P value V has a problem: R`, looking V up among the top-level
 * inputs by the literal name P: for a nested path (`edgeAutoUpdate.timeZone`) it finds nothing
 * and prints `{<nil>}`, and for a top-level input holding a secret (a trunk's `digest`) it prints
 * the secret in plain text. So every failure is reported on the resource as a whole (no
 * property: the engine prints `resource 'x' has a problem: R`), and its reason starts with the
 * input's path and, for a nested one, says which value failed there (unless the reason shows it
 * already, it is not a plain value, or its key names a secret).
 */
function printable(f: CheckFailure, inputs: Record<string, unknown>): CheckFailure {
  const reason = f.reason.startsWith(f.property) ? f.reason : `${f.property}: ${f.reason}`;
  const value = topKey(f.property) === f.property ? undefined : valueAt(inputs, f.property);
  const plain = value === null || ["string", "number", "boolean"].includes(typeof value);
  const json = JSON.stringify(value);
  if (!plain || SECRET_KEY.test(f.property) || reason.includes(json)) return { property: "", reason };
  return {
    property: "",
    reason: `${reason} (value: ${json.length > 80 ? `${json.slice(0, 77)}...` : json})`,
  };
}

/**
 * The `check` of a resource: validate and normalise with `checkInputs`; failures show at preview.
 *
 * During a preview, values that depend on resources not created yet are unknown, and every
 * unknown is the same placeholder. A top-level input that holds an unknown anywhere is passed
 * through untouched and none of its failures count: any comparison involving it (uniqueness,
 * format, a rule across its fields) is judged again at `up`, when the value is known.
 */
export function checkWith<T>(
  checkInputs: (news: Record<string, unknown>) => { inputs: T; failures: CheckFailure[] },
): (olds: T, news: T) => Promise<pulumi.dynamic.CheckResult<T>> {
  return async (_olds, news) => {
    const raw = news as unknown as Record<string, unknown>;
    const unknownKeys = Object.keys(raw).filter((k) => hasUnknown(raw[k]));
    const { inputs, failures } = checkInputs(raw);
    const real = knownFailures(raw, failures);
    if (real.length) return { inputs: news, failures: real.map((f) => printable(f, raw)) };
    const out = inputs as unknown as Record<string, unknown>;
    for (const k of unknownKeys) out[k] = raw[k];
    if (typeof raw[OWNER_KEY] === "string") out[OWNER_KEY] = raw[OWNER_KEY]; // see ./ownership
    return { inputs };
  };
}

/**
 * The `diff` of a resource: compares the declared `keys` only. A change to one of `replaceKeys`
 * replaces the object, deleting the old one first because every name here must stay unique.
 *
 * `referenceKeys` hold ids of other resources. When one of those is about to be replaced
 * (delete-before-replace), the engine asks each dependant's diff with that id unknown; Genesys
 * refuses to delete an object that is still referenced, so the dependant is replaced too, and
 * deleted first. (A preview also shows an unknown id for a brand-new referenced object; there
 * the replace is shown but `up`, which knows the id, updates in place.)
 *
 * `secretKeys` hold secrets (a trunk's `digest`). The engine shows a preview's changes by comparing
 * old and new inputs after it has masked every secret as `[secret]`, so a changed secret alone
 * previews as an update naming no field; and Pulumi's host for dynamic providers passes on no
 * detailed diff. When a secret key changed, the verdict is left to the engine instead
 * (`changes` unknown, replaces still given): it then compares the unmasked inputs itself and
 * shows `~ digest: [secret] => [secret]`.
 */
export function diffDeclared<T extends object>(
  keys: readonly (keyof T)[],
  replaceKeys: readonly (keyof T)[] = [],
  referenceKeys: readonly (keyof T)[] = [],
  secretKeys: readonly (keyof T)[] = [],
): (id: string, olds: T, news: T) => Promise<pulumi.dynamic.DiffResult> {
  return async (_id, olds, news) => {
    const changed = changedKeys<T>(olds, news, keys);
    const replacedRefs = referenceKeys.filter((k) => news[k] === UNKNOWN && olds[k] !== undefined);
    const replaces = [...new Set([...changed.filter((k) => replaceKeys.includes(k)), ...replacedRefs])].map(
      String,
    );
    const secretChanged = changed.some((k) => secretKeys.includes(k));
    return {
      changes: secretChanged ? undefined : changed.length > 0,
      ...(replaces.length > 0 && { replaces, deleteBeforeReplace: true }),
    };
  };
}

/** Ids of the objects this process deleted: gone, whatever a listing that lags behind still shows. */
const deletedHere = new Set<string>();

/** What {@link deleteWhenUnreferenced} deletes, and what it says when it cannot. */
export interface UnreferencedDelete {
  /** The kind of object (what refers to it is looked up by kind, see genesys/references.ts). */
  kind: ReferredKind;
  /** Its id. */
  id: string;
  /** How a failure names it: `Site "London" (id)`. */
  what: string;
  /** Deletes it (a 404 counts as done). */
  remove: () => Promise<void>;
  /**
   * What to do when the delete cannot finish, the end of the one-line error: `by` is what still
   * refers to the object, or empty when Genesys kept refusing until the call's deadline although
   * nothing refers to it any more.
   */
  fix: (by: Referrer[]) => string;
  /**
   * Takes the object out of the referrers it may change itself (a trunk off an outbound route);
   * returns those that stay. Without it, every referrer stays.
   */
  release?: (by: Referrer[]) => Promise<Referrer[]>;
}

/**
 * Deletes an object Genesys may refuse to delete while another one refers to it, converging under
 * the service's delete lag (reference §4.5.1: a location stays in use for a while after its site's
 * delete, a trunk after it left a route, a site after its trunk's delete).
 *
 * When a DELETE is refused (a 400 or 409, see `refusedAsReferenced`), the references the object
 * shows are read (`referrersOf`), leaving out objects this process deleted itself:
 * - if one is still there (and `release` does not take it away), the delete fails at once, naming
 *   it and saying what to do (`fix`);
 * - if none is, the reference is gone and Genesys has not caught up yet: the DELETE is tried again
 *   with bounded exponential backoff (`REFERENCE_LAG_BACKOFF`) within the deadline of one call
 *   (the client's retry policy, 60 s by default). If Genesys still refuses at the deadline, the
 *   references are read once more and the error says what was found.
 *
 * References are read on the first refusal only (and again at the end): a waiting delete sends one
 * DELETE per try. No fixed sleep anywhere: a delete Genesys accepts at once costs one DELETE.
 */
export async function deleteWhenUnreferenced(c: GenesysClient, d: UnreferencedDelete): Promise<void> {
  const live = async () => (await referrersOf(c, d.kind, d.id)).filter((r) => !deletedHere.has(r.id));
  const fail = (refusal: GenesysError, by: Referrer[]) => {
    const why = by.length
      ? `by ${describeReferrers(by)}`
      : `, though nothing Genesys lists refers to it any more: it kept refusing for the ` +
        `${Math.round(c.retryPolicy.deadlineMs / 1000)} s this provider waits for Genesys to catch up after a delete`;
    return new Error(
      `${d.what} could not be deleted: Genesys says it is still in use (${refusal.apiMessage})${by.length ? " " : ""}${why}. ${d.fix(by)}`,
    );
  };
  let looked = false;
  try {
    await c.whileReferenced(async () => {
      try {
        await d.remove();
      } catch (err) {
        if (!(err instanceof GenesysError && refusedAsReferenced(err))) throw err;
        if (!looked) {
          looked = true;
          let by = await live();
          if (by.length && d.release) by = await d.release(by);
          if (by.length) throw fail(err, by);
        }
        throw new ReferenceLagError(err);
      }
    });
  } catch (err) {
    const lag =
      err instanceof ReferenceLagError
        ? err
        : err instanceof DeadlineError && err.last instanceof ReferenceLagError
          ? err.last
          : undefined;
    if (!lag) throw err;
    throw fail(lag.refusal, await live());
  }
  deletedHere.add(d.id);
}
