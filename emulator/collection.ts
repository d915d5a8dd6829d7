/**
 * One kind of entity in the store, with the steps every entity module repeats: find a live one by id or answer
 * 404, check a supplied `version`, replace the object in its list with a new version, mark the state changed, and
 * render the API view. Each entity module keeps its own rules (validation, references, messages) and hands the
 * bookkeeping to a {@link Collection}.
 */
import type { ApiError } from "./errors";
import type { EmulatorState, Store } from "./store";
import type { Json } from "./validate";

/** The state's lists and the entity type each holds. */
type Lists = {
  [K in keyof EmulatorState as EmulatorState[K] extends unknown[] ? K : never]: EmulatorState[K];
};

/** Name of one list of the state (`locations`, `sites`, …). */
export type Kind = keyof Lists;

/** The entity type stored under `K`. */
export type EntityOf<K extends Kind> = Lists[K][number];

/** What a kind needs from the collection: its own 404 and 409 errors, its API view and its clock fields. */
export interface KindRules<T> {
  /** The error for an absent (or deleted, or out-of-scope) id. */
  notFound: () => ApiError;
  /** The error for a supplied version that is not the current one. */
  conflict: (supplied: number, current: number) => ApiError;
  /** The API view of one entity. */
  render: (entity: T) => Json;
  /** Whether the kind carries the audit fields (`dateModified`, `modifiedBy`, … set on every update). */
  audited: boolean;
}

/** A typed view of one list of the store. The list is looked up on every call, so a reset is seen at once. */
export class Collection<K extends Kind> {
  constructor(
    private readonly store: Store,
    private readonly kind: K,
    private readonly rules: KindRules<EntityOf<K>>,
  ) {}

  private get list(): EntityOf<K>[] {
    return this.store.state[this.kind] as EntityOf<K>[];
  }

  /** The live entities (deleted ones are gone [I]). */
  live(): EntityOf<K>[] {
    return this.list.filter((e) => e.state !== "deleted");
  }

  /** The live entity with this id that `inScope` accepts, or the kind's 404. */
  require(id: string, inScope: (e: EntityOf<K>) => boolean = () => true): EntityOf<K> {
    const e = this.list.find((x) => x.id === id);
    if (!e || e.state === "deleted" || !inScope(e)) throw this.rules.notFound();
    return e;
  }

  /** The API view of a live entity (that `inScope` accepts), or the kind's 404. */
  get(id: string, inScope?: (e: EntityOf<K>) => boolean): Json {
    return this.rules.render(this.require(id, inScope));
  }

  /** Throws the kind's 409 when `supplied` is given and is not the current version. */
  checkVersion(current: EntityOf<K>, supplied: number | undefined): void {
    if (supplied !== undefined && supplied !== current.version)
      throw this.rules.conflict(supplied, current.version);
  }

  /** Adds a new entity and returns its API view. */
  insert(entity: EntityOf<K>): Json {
    this.list.push(entity);
    this.store.touch();
    return this.rules.render(entity);
  }

  /**
   * Replaces `current` with `next` after the version check: the version rises by one and, for audited kinds,
   * `dateModified` becomes now and `modifiedBy`/`modifiedByApp` the current actor. Returns the new API view.
   */
  replace(current: EntityOf<K>, next: EntityOf<K>, suppliedVersion?: number): Json {
    this.checkVersion(current, suppliedVersion);
    next.version = current.version + 1;
    if (this.rules.audited) {
      const { dateModified, modifiedBy, modifiedByApp } = this.store.created();
      Object.assign(next, { dateModified, modifiedBy, modifiedByApp });
    }
    const list = this.list;
    list[list.indexOf(current)] = next;
    this.store.touch();
    return this.rules.render(next);
  }

  /** Removes every entity `which` accepts (a deletion and what goes with it). */
  removeWhere(which: (e: EntityOf<K>) => boolean): void {
    const list = this.list;
    for (let i = list.length - 1; i >= 0; i--) if (which(list[i])) list.splice(i, 1);
    this.store.touch();
  }

  /** Removes the entity with this id. */
  remove(id: string): void {
    this.removeWhere((e) => e.id === id);
  }
}
