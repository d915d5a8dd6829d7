/**
 * Delete lag: how long Genesys keeps counting a reference after the object that made it let go.
 *
 * The live service catches up slowly after deletes (reference §4.5, §4.5.1). Genesys's own Terraform provider
 * works around three such lags, so the emulator plays them, each on its own clock setting:
 *
 * - `location`: after a site is deleted (or moves to another location), its location still counts as in use.
 * - `trunk`: after a trunk is taken off an outbound route (a PUT without it, the route's DELETE, or its site's
 *   DELETE taking the route along), the trunk still counts as referenced.
 * - `site`: after a trunk is deleted (or its `site`/`inboundSite` moves elsewhere), the site still counts as
 *   referenced.
 *
 * While one lingers, a DELETE of the object is refused exactly as if the reference were still there (the live
 * service cannot tell the two apart either): a client has to look at what really refers to the object to know
 * whether waiting helps. Lingering references are kept in memory only (never in the state file: a restarted
 * emulator has caught up), measured on the emulator's `now` clock (tests move it, or end every lag with
 * `POST /_emulator/lags/expire`), and never hold up anything but a DELETE.
 */

/** The kinds of object a lag keeps referenced. */
export type LagKind = "location" | "trunk" | "site";

/** How long (ms) each kind stays referenced after what referred to it let go; 0 = at once (strongly consistent). */
export interface DeleteLags {
  /** A location, after its site's DELETE (or the site's move to another location). */
  locationMs: number;
  /** A trunk base, after it left an outbound route (PUT without it, the route's DELETE, its site's DELETE). */
  trunkMs: number;
  /** A site, after the DELETE of a trunk base whose `site` or `inboundSite` it was (or that trunk's move away). */
  siteMs: number;
}

/**
 * The defaults, from what Genesys's own Terraform provider waits for (reference §4.5.1), each below that wait so
 * a client that copes with the live service copes here, and long enough that a client which does not wait fails:
 *
 * - location 5 s: TF sleeps a fixed 8 s between a site's delete and its location's ("the API will think it's
 *   still in use"); it first slept 10 s and cut that to 8 s a month later, so the live lag stays under 8 s.
 * - trunk 10 s: TF's first retry window for a trunk's delete after it left a route (2021, #94), which served
 *   until January 2025; it was widened to about 27.5 s and then 50 s since, so the live lag sometimes runs longer.
 *   10 s is the low end of the 10–20 s the reference suggests: a client that waits for 10 s waits for 50 s just
 *   the same, and every end-to-end destroy pays it.
 * - site 3 s: "a few seconds" after its trunk's delete; TF retries the site's delete (409 and 400) for the
 *   length of one RetryWhen (10 s back then, about 27.5 s now).
 */
export const DEFAULT_DELETE_LAGS: Readonly<DeleteLags> = {
  locationMs: 5_000,
  trunkMs: 10_000,
  siteMs: 3_000,
};

/** No lag at all: every reference ends with the change that ends it (the emulator before delete lags). */
export const NO_DELETE_LAG: Readonly<DeleteLags> = { locationMs: 0, trunkMs: 0, siteMs: 0 };

/** What referred to a lingering object: the object the service has not yet noticed is gone or moved. */
export interface FormerReferrer {
  /** `site`, `trunk` or `route`. */
  kind: "site" | "trunk" | "route";
  id: string;
  name: string;
}

/** One reference that still counts. */
export interface Lingering {
  kind: LagKind;
  /** The object still counted as referenced. */
  id: string;
  /** What referred to it. */
  by: FormerReferrer;
  /** Epoch ms on the emulator's clock when it stops counting. */
  until: number;
}

/** The field of {@link DeleteLags} for each kind. */
const FIELD: Record<LagKind, keyof DeleteLags> = { location: "locationMs", trunk: "trunkMs", site: "siteMs" };

/**
 * `deleteLags` as given to the emulator (a number sets all three) over the defaults; throws a RangeError naming the
 * field for anything but a finite number of ms >= 0.
 */
export function resolveDeleteLags(given: Partial<DeleteLags> | number | undefined): DeleteLags {
  const lags: DeleteLags =
    typeof given === "number"
      ? { locationMs: given, trunkMs: given, siteMs: given }
      : { ...DEFAULT_DELETE_LAGS, ...given };
  for (const key of Object.values(FIELD)) {
    const v = lags[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new RangeError(`deleteLags.${key} must be a number of ms >= 0 (got ${String(v)})`);
  }
  return lags;
}

/** The lingering references of one emulator, and how many DELETEs each kind's lag refused. */
export class LagBook {
  private lingering: Lingering[] = [];
  private readonly refusals: Record<LagKind, number> = { location: 0, trunk: 0, site: 0 };

  constructor(
    private lags: DeleteLags,
    private readonly now: () => number,
  ) {}

  /** The lags in force. */
  get settings(): DeleteLags {
    return { ...this.lags };
  }

  /** Changes the lags for what lets go from now on (references already lingering keep their end). */
  set(given: Partial<DeleteLags>): void {
    this.lags = resolveDeleteLags({ ...this.lags, ...given });
  }

  /** `by` let go of the `kind` object `id` just now: it keeps counting for that kind's lag (nothing when 0). */
  letGo(kind: LagKind, id: string, by: FormerReferrer): void {
    const ms = this.lags[FIELD[kind]];
    if (ms <= 0) return;
    this.prune();
    this.lingering.push({ kind, id, by, until: this.now() + ms });
  }

  /**
   * The reference that still counts for the `kind` object `id`, if any (the one that lasts longest). A DELETE it
   * refuses is counted (see {@link report}).
   */
  holding(kind: LagKind, id: string): Lingering | undefined {
    this.prune();
    const found = this.lingering
      .filter((l) => l.kind === kind && l.id === id)
      .sort((a, b) => b.until - a.until)[0];
    if (found) this.refusals[kind]++;
    return found;
  }

  /** Ends every lingering reference now; returns how many there were. */
  expire(): number {
    this.prune();
    const n = this.lingering.length;
    this.lingering = [];
    return n;
  }

  /** Forgets everything (the org was reset). */
  clear(): void {
    this.lingering = [];
    for (const k of Object.keys(this.refusals) as LagKind[]) this.refusals[k] = 0;
  }

  /** What `GET /_emulator/lags` shows: the lags, what lingers (with `until` as ISO-8601), refusals per kind. */
  report(): {
    lags: DeleteLags;
    lingering: (Omit<Lingering, "until"> & { until: string })[];
    refused: Record<LagKind, number>;
  } {
    this.prune();
    return {
      lags: this.settings,
      lingering: this.lingering.map((l) => ({
        ...l,
        by: { ...l.by },
        until: new Date(l.until).toISOString(),
      })),
      refused: { ...this.refusals },
    };
  }

  private prune(): void {
    const now = this.now();
    this.lingering = this.lingering.filter((l) => l.until > now);
  }
}
