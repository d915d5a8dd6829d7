/**
 * The lifecycle every resource shares, one helper per step, so each provider is a thin table of
 * its own calls:
 *
 * - check and diff: {@link checkWith}, {@link diffDeclared};
 * - create: {@link createNamed} for a kind told apart by its name ({@link createOrAdopt} and
 *   {@link createOwned} for another): an `adoptId`'s object, or a new one, with the tag-checked
 *   recovery after ambiguous failures and duplicates (only what this very resource made is taken
 *   back, see ./ownership);
 * - read: {@link readAsDeclared} (only what was declared, so nothing the API fills in shows as drift);
 * - update: {@link updateVersioned} (the object's version, a fresh read after a conflict, and
 *   "deleted outside Pulumi" said as such);
 * - delete: {@link deleteWhenUnreferenced}.
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
import { ReferenceLagError, writeWithVersion } from "../../genesys/retry";
import { changedKeys } from "./diff";
import { tellEngine } from "./engineLog";
import { carriesTag, OWNER_KEY, ownerOf, withTag } from "./ownership";
import { type CheckFailure, hasUnknown, knownFailures, topKey, UNKNOWN } from "./validate";

/**
 * Who may take back an object found holding a create's name: only the resource that made it,
 * told by its ownership tag (see ./ownership). Used by every create that can meet its own object
 * again ({@link createOwned}), and by a provider that lists before it creates.
 */
export interface Ownership<T> {
  /** The kind as a user reads it, lower case: `location`, `site`, `trunk`, `outbound route`, `DID pool`. */
  kind: string;
  /** The declared name (for a DID pool: its range), as messages show it. */
  name: string;
  /** Where the name is unique, when not in the whole org (`on site <id>`), as messages show it. */
  where?: string;
  /** The resource's owner URN (the hidden `__owner` input); without one nothing is ever taken back. */
  owner: string | undefined;
  /** The text of a found object that carries the tag (a description; a location's notes). */
  tagText: (found: T) => string | undefined;
  /**
   * The error for an object this resource did not make (untagged, or another owner's tag).
   * Default: names the kind, the name and the id, and says to set `adoptId` or choose another name.
   */
  notOurs?: (found: T) => Error;
}

/** Everything {@link createOwned} needs: the tag rule, and the kind's own calls. */
export interface OwnedCreate<T> extends Ownership<T> {
  /** Makes the object (one POST). */
  create: () => Promise<T>;
  /** The object that holds the name now, if any (looked up after a failed create). */
  find: () => Promise<T | undefined>;
  /** Takes back this resource's own object, writing only what differs from the inputs. */
  adopt: (own: T) => Promise<T>;
  /**
   * An object already known to hold the name (from a listing the provider made anyway), decided on
   * before any POST. Default: none, the create goes first.
   */
  before?: () => Promise<T | undefined>;
  /**
   * Whether a `duplicate.value` is about the name: true, false, or undefined when the error cannot
   * tell (the lookup by name then decides). Default: the fields the error names in its `details`
   * (`name` among them, or not), undefined when it names none.
   */
  aboutName?: (err: GenesysError) => boolean | undefined;
  /**
   * The error for a `duplicate.value` about another field (an emergency number, a termination
   * identifier). Default: names the fields and says to change the value or free it.
   */
  otherDuplicate?: (err: GenesysError) => Promise<Error>;
}

/** The kind with its first letter in upper case, to start a sentence. */
function sentenceCase(kind: string): string {
  return kind.charAt(0).toUpperCase() + kind.slice(1);
}

/** Whether `owner` (if any) made the object whose tag text is `text`. */
export function madeBy(owner: string | undefined, text: string | undefined): boolean {
  return owner !== undefined && carriesTag(text, owner);
}

/**
 * The one-line error for an object of the create's name that this resource did not make: names
 * the kind, the name, `where` (e.g. `on site …`, for a name unique within a site) and the id.
 */
export function notMadeHere(kind: string, name: string, id: string | undefined, where?: string): Error {
  const which = [where, id && `(id ${id})`].filter(Boolean).join(" ");
  const article = /^[aeiou]/i.test(kind) ? "an" : "a";
  return new Error(
    `${sentenceCase(kind)} "${name}" could not be created: ${article} ${kind} of that name already exists` +
      `${which ? ` ${which}` : ""} and this stack did not make it. If this stack should manage it, set adoptId ` +
      `to ${id ?? "its id"}; otherwise choose another name.`,
  );
}

/**
 * Decides on `found`, an object holding the create's name: returned when this very resource made
 * it (its tag), which the engine's log then says on the resource; otherwise the create stops with
 * {@link Ownership.notOurs}. A resource without an owner takes back nothing.
 */
export async function ownOrRefuse<T extends { id?: string }>(o: Ownership<T>, found: T): Promise<T> {
  if (!madeBy(o.owner, o.tagText(found)))
    throw o.notOurs ? o.notOurs(found) : notMadeHere(o.kind, o.name, found.id, o.where);
  await tellEngine(
    o.owner,
    `took back the ${o.kind} "${o.name}" (${found.id}) that this resource made (its create got no clear ` +
      `answer, or an earlier run was interrupted): no second one was created, and only what differs from the inputs is written`,
  );
  return found;
}

/** The fields a `duplicate.value` names in its details. */
export function duplicateFields(err: GenesysError): string[] {
  return err.details.map((d) => d.fieldName).filter((f): f is string => !!f);
}

/** The general advice for a create refused with `duplicate.value` about a field other than the name. */
export function otherValueTaken(kind: string, name: string, err: GenesysError): Error {
  const fields = duplicateFields(err);
  return new Error(
    `${sentenceCase(kind)} "${name}" could not be created: Genesys says a value of it is already used elsewhere` +
      `${fields.length ? ` (${fields.join(", ")})` : ""}: ${err.apiMessage} Change that value, or free it where ` +
      `it is used, then run the command again. (${err.message})`,
  );
}

/**
 * Creates an object whose name is unique in its scope, and takes back only what this very
 * resource made (see ./ownership):
 *
 * - an object the provider already listed (`before`) is decided on first: taken back if it
 *   carries this resource's tag, else the create stops naming it, before any POST.
 * - the create fails ambiguously (no answer, 5xx, a deadline: it may have been applied): the
 *   object is looked up by name. Found: taken back if it carries this resource's tag, else the
 *   create stops naming it and `adoptId`. Not found: created once more.
 * - the create is refused with `duplicate.value`: whether the refusal is about the name is told
 *   by the field the error names (`details[].fieldName`: Genesys's error body carries it,
 *   reference §4.2, and the emulator's duplicates name theirs), or, when it names none, by whether
 *   an object of that name exists. About the name: the same rule as above. About another field:
 *   that field's own advice ({@link OwnedCreate.otherDuplicate}).
 *
 * The message text of an error is never matched: the field it names and the lookup decide.
 */
export async function createOwned<T extends { id?: string }>(o: OwnedCreate<T>): Promise<T> {
  const known = o.before ? await o.before() : undefined;
  if (known) return o.adopt(await ownOrRefuse(o, known));
  try {
    return await o.create();
  } catch (err) {
    if (!(err instanceof GenesysError && err.isAmbiguous)) return afterRefusal(o, err);
    const found = await o.find();
    if (found) return o.adopt(await ownOrRefuse(o, found));
    try {
      return await o.create();
    } catch (again) {
      return afterRefusal(o, again);
    }
  }
}

/** The calls of a kind's API proxy (genesys/<kind>.ts) that {@link createNamed} makes. */
export interface NamedApi<T, B> {
  /** The object of an id; undefined when there is none. */
  get(client: GenesysClient, id: string): Promise<T | undefined>;
  /** The object of a name (unique in the org); undefined when there is none. */
  findByName(client: GenesysClient, name: string): Promise<T | undefined>;
  /** POSTs a new object. */
  create(client: GenesysClient, body: B): Promise<T>;
}

/**
 * The create of the usual kind, told apart by its name (`inputs.name`): with `adoptId`, that
 * object taken over ({@link createOrAdopt}); else {@link createOwned}, its tag kept in its text
 * field `key` (a description; a location's notes), made by one POST of `body` with that text
 * tagged. The same `adopt` makes an adopted object, or this resource's own object taken back,
 * match the inputs.
 */
export function createNamed<T extends { id?: string; name?: string }, B extends object>(o: {
  /** As {@link Ownership.kind}. */
  kind: string;
  /** The client the calls go through. */
  client: GenesysClient;
  /** The kind's API proxy (genesys/<kind>.ts): its `get`, `findByName` and `create`. */
  api: NamedApi<T, B>;
  /** The resource's inputs: their `name`, `adoptId`, text `key` and owner (`__owner`). */
  inputs: { name: string; adoptId?: string };
  /** The text field that carries the tag, in the inputs, the body and the object alike. */
  key: "description" | "notes";
  /** The POST body, without the tagged text. */
  body: B;
  /** Makes an existing object (adopted, or this resource's own taken back) match the inputs, writing only what differs. */
  adopt: (existing: T) => Promise<T>;
  /** As {@link OwnedCreate.otherDuplicate}. */
  otherDuplicate?: (err: GenesysError) => Promise<Error>;
}): Promise<{ id: string; object: T }> {
  const owner = ownerOf(o.inputs);
  const text = withTag((o.inputs as Record<string, unknown>)[o.key] as string | undefined, owner);
  const c = o.client;
  return createOrAdopt({
    kind: o.kind,
    inputs: o.inputs,
    get: (id) => o.api.get(c, id),
    adopt: o.adopt,
    create: () =>
      createOwned<T>({
        kind: o.kind,
        name: o.inputs.name,
        owner,
        tagText: (x) => (x as Record<string, unknown>)[o.key] as string | undefined,
        create: () => o.api.create(c, { ...o.body, ...(text !== undefined && { [o.key]: text }) }),
        find: () => o.api.findByName(c, o.inputs.name),
        adopt: o.adopt,
        otherDuplicate: o.otherDuplicate,
      }),
  });
}

/** After a create was refused: a name taken goes by the tag rule, another duplicate gets its advice. */
async function afterRefusal<T extends { id?: string }>(o: OwnedCreate<T>, err: unknown): Promise<T> {
  if (!(err instanceof GenesysError && err.code === "duplicate.value")) throw err;
  const fields = duplicateFields(err);
  const told = o.aboutName ? o.aboutName(err) : fields.length ? fields.includes("name") : undefined;
  const found = told === false ? undefined : await o.find();
  if (told === false || (told === undefined && !found)) {
    throw await (o.otherDuplicate ?? (async (e: GenesysError) => otherValueTaken(o.kind, o.name, e)))(err);
  }
  if (found) return o.adopt(await ownOrRefuse(o, found));
  throw new Error(
    `${sentenceCase(o.kind)} "${o.name}" could not be created: Genesys says one of that name exists, but none ` +
      `was found by name (deleted meanwhile?): run the command again. (${err.message})`,
  );
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
 * An update of an existing object under optimistic concurrency (genesys/retry.ts
 * `writeWithVersion`): `write` sends the change built on a base (the object's version and what the
 * write keeps of it); on a version conflict the object is read again and the same change is sent
 * from the fresh copy. An object that is gone (the read finds nothing, or the write is answered
 * 404) fails with {@link goneOutsidePulumi}.
 */
export function updateVersioned<B, R>(o: {
  /** The kind as a sentence starts it: `Location`, `Site`, `Trunk`. */
  kind: string;
  /** The declared name (for a DID pool: its range), as messages show it. */
  name: string | undefined;
  /** The object's id. */
  id: string;
  /** How a failure names the object. Default: `<kind> "<name>" (<id>)`. */
  label?: string;
  /** Reads the base again from the object: undefined when the object is gone. */
  read: () => Promise<B | undefined>;
  /** Sends the change, built on `base`. */
  write: (base: B) => Promise<R>;
  /** A base in hand for the first write (kept in state, or just read); without it, `read` first. */
  first?: B;
}): Promise<R> {
  const gone = () => goneOutsidePulumi(o.kind, o.name, o.id);
  return writeWithVersion(
    o.label ?? `${o.kind} "${o.name}" (${o.id})`,
    async () => {
      const fresh = await o.read();
      if (fresh === undefined) throw gone();
      return fresh;
    },
    async (base) => {
      try {
        return await o.write(base);
      } catch (err) {
        if (err instanceof GenesysError && err.isNotFound) throw gone();
        throw err;
      }
    },
    o.first,
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
 * The create of a resource that can take over an existing object: with `adoptId`, the object of
 * that id ({@link adoptable}: the create fails naming the id when there is none), made to match the
 * inputs by `adopt`; without it, a new object from `create` (for most kinds {@link createNamed},
 * which takes back what this very resource made in an interrupted run). Returns the object with
 * its id.
 */
export async function createOrAdopt<T extends { id?: string; name?: string }>(o: {
  /** As {@link Ownership.kind}. */
  kind: string;
  /** The resource's inputs: their `adoptId`, and their owner (`__owner`) for the engine's log. */
  inputs: { adoptId?: string };
  /** The object of an id; undefined when there is none. */
  get: (id: string) => Promise<T | undefined>;
  /** Makes the adopted object match the inputs, writing only what differs. */
  adopt: (existing: T) => Promise<T>;
  /** Makes a new object. */
  create: () => Promise<T>;
}): Promise<{ id: string; object: T }> {
  const { adoptId } = o.inputs;
  if (adoptId) {
    const existing = await adoptable(o.kind, adoptId, o.get, ownerOf(o.inputs));
    return { id: adoptId, object: await o.adopt(existing) };
  }
  const object = await o.create();
  return { id: object.id!, object };
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

/**
 * The `read` of a resource: the object as its inputs (`seen`: only what was declared, see
 * {@link restrictToDeclared}), the `adoptId` the state holds kept, and its outputs; an empty
 * result when the object is gone (the engine then drops it from the state). Without stored state
 * (`pulumi import`: the engine reads an id it has never seen), what is declared is what the kind
 * says an imported object declares (`imported`).
 */
export async function readAsDeclared<T, I extends object, O>(o: {
  /** The object's id. */
  id: string;
  /** Reads the object: undefined when it is gone. */
  get: () => Promise<T | undefined>;
  /** What the stored state declares (from the engine's `props`); undefined when there is none (`pulumi import`). */
  declared: Partial<I> | undefined;
  /** What `pulumi import` declares for the object found (there is no stored state). */
  imported: (found: T) => Partial<I>;
  /** The object as the resource's inputs, restricted to what `declared` declares. */
  seen: (found: T, declared: Partial<I>) => I;
  /** The `adoptId` the state holds, kept as it was. */
  adoptId: string | undefined;
  /** The resource's outputs for the inputs and the object. */
  outputs: (inputs: I, found: T) => O;
}): Promise<pulumi.dynamic.ReadResult<O>> {
  const found = await o.get();
  if (found === undefined) return {};
  const declared = o.declared ?? o.imported(found);
  const inputs = { ...o.seen(found, declared), ...(o.adoptId && { adoptId: o.adoptId }) } as I;
  return { id: o.id, props: o.outputs(inputs, found), inputs: inputs as unknown as O };
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
