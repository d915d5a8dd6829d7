/**
 * The in-memory org: API-shaped objects by kind, plus the helpers every entity module shares.
 * The semantics of each kind live in locations.ts, sites.ts, trunkBases.ts and outboundRoutes.ts; they throw
 * {@link ApiError}s in the real shape. The whole state is a plain JSON snapshot (see persistence.ts).
 */
import { randomUUID } from "node:crypto";
import { LagBook, type DeleteLags } from "./lags";
import { homeDivisionRef, seedState, SYSTEM_ACTOR } from "./seed";

import type { Audited, EmulatorState, Location, OutboundRoute, Ref, Site, TrunkBase } from "./state";

export type {
  Ref,
  Location,
  Audited,
  EdgeAutoUpdateConfig,
  Site,
  TrunkBase,
  OutboundRoute,
  NumberPlan,
  DidPool,
  Organization,
  EmulatorState,
} from "./state";

/** Base paths used in `selfUri`s. */
export const PATHS = {
  location: (id: string) => `/api/v2/locations/${id}`,
  site: (id: string) => `/api/v2/telephony/providers/edges/sites/${id}`,
  trunkBase: (id: string) => `/api/v2/telephony/providers/edges/trunkbasesettings/${id}`,
  // [U] the real selfUri may be the org-wide /outboundroutes/{id}; ours resolves on this emulator.
  route: (siteId: string, id: string) =>
    `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes/${id}`,
  numberPlan: (siteId: string, id: string) =>
    `/api/v2/telephony/providers/edges/sites/${siteId}/numberplans/${id}`,
  didPool: (id: string) => `/api/v2/telephony/providers/edges/didpools/${id}`,
};

/** Options of a {@link Store}. */
export interface StoreOptions {
  /** Clock in epoch ms. */
  now: () => number;
  /** Whether the org has the `byoc` product. */
  byoc: boolean;
  /**
   * How long (ms) after a site is created its "Default Outbound Route" stays without classifications before it
   * takes the default ones that no other route of the site holds by then; 0 gives them at creation.
   */
  defaultRouteSettleMs: number;
  /** How long a deleted or moved object's reference still counts (see ./lags). */
  deleteLags: DeleteLags;
}

/** The in-memory org. */
export class Store {
  state: EmulatorState;
  /** Bumped by every mutation; the server persists when it changed. */
  revision = 0;
  /** The OAuth client id of the request being handled (what `createdBy`/`modifiedBy` record). */
  actor = SYSTEM_ACTOR;
  /** References that still count after what made them let go (in memory only, never persisted). */
  readonly lags: LagBook;

  constructor(
    readonly options: StoreOptions,
    initial?: EmulatorState,
  ) {
    this.state = initial ?? seedState();
    this.lags = new LagBook(options.deleteLags, options.now);
  }

  /** Current time as an ISO-8601 UTC string ending in `Z` [C]. */
  iso(): string {
    return new Date(this.options.now()).toISOString();
  }

  /** The audit fields of an object created now by {@link actor}, at version 1. */
  created(): Audited {
    const now = this.iso();
    return {
      division: homeDivisionRef(),
      version: 1,
      dateCreated: now,
      dateModified: now,
      createdBy: this.actor,
      modifiedBy: this.actor,
      createdByApp: this.actor,
      modifiedByApp: this.actor,
    };
  }

  /** Runs `fn` with {@link actor} set to `clientId`. */
  as<T>(clientId: string, fn: () => T): T {
    const before = this.actor;
    this.actor = clientId;
    try {
      return fn();
    } finally {
      this.actor = before;
    }
  }

  /** A new UUID. */
  newId(): string {
    return randomUUID();
  }

  /** Marks the state as changed. */
  touch(): void {
    this.revision++;
  }

  /** Restores the seeded org. */
  reset(): void {
    this.state = seedState();
    this.lags.clear();
    this.touch();
  }

  /** A deep copy of the state (what `GET /_emulator/state` shows and what is persisted). */
  snapshot(): EmulatorState {
    return JSON.parse(JSON.stringify(this.state)) as EmulatorState;
  }

  location(id: string): Location | undefined {
    return this.state.locations.find((l) => l.id === id);
  }
  site(id: string): Site | undefined {
    return this.state.sites.find((s) => s.id === id);
  }
  trunkBase(id: string): TrunkBase | undefined {
    return this.state.trunkBases.find((t) => t.id === id);
  }
  route(id: string): OutboundRoute | undefined {
    return this.state.outboundRoutes.find((r) => r.id === id);
  }

  /** A reference with the target's current name (names may change after the reference was stored). */
  siteRef(id: string): Ref {
    const s = this.site(id);
    return { id, ...(s ? { name: s.name } : {}), selfUri: PATHS.site(id) };
  }
  trunkRef(id: string): Ref {
    const t = this.trunkBase(id);
    return { id, ...(t ? { name: t.name } : {}), selfUri: PATHS.trunkBase(id) };
  }
  locationRef(id: string): Ref {
    const l = this.location(id);
    return { id, ...(l ? { name: l.name } : {}), selfUri: PATHS.location(id) };
  }
}

/** Deep-copies a JSON value. */
export function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Case-insensitive name equality (uniqueness checks). [U] real case sensitivity unknown; strict choice. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Name filter of the telephony lists: `prefix*` is a prefix match [C-code]; otherwise exact [I].
 * Both case-insensitive [I].
 */
export function nameMatches(filter: string | undefined, name: string): boolean {
  if (filter === undefined || filter === "") return true;
  const f = filter.toLowerCase();
  const n = name.toLowerCase();
  if (f.endsWith("*")) return n.startsWith(f.slice(0, -1));
  return n === f;
}
