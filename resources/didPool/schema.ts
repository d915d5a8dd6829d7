/**
 * DID pool: plain input/output types, validation and normalisation. No Pulumi import, so the
 * policy pack and unit tests use it directly.
 */
import {
  CheckFailure,
  Failures,
  Label,
  callingCodeOf,
  e164,
  optionalString,
  regionOf,
} from "../common/validate";

/** Declared inputs of a DidPool (the provider's view: plain values). */
export interface DidPoolInputs {
  /**
   * First number of the range, in E.164 form (`+13175550100`). Maps to `startPhoneNumber`.
   * Changing it updates the pool in place (PUT), as long as the new range overlaps no other pool.
   */
  startPhoneNumber: string;
  /**
   * Last number of the range, in E.164 form, with the country code of the first and as many
   * digits, and not below it (`+13175550199`; equal to the start for a one-number pool). Maps to
   * `endPhoneNumber`. Changing it updates the pool in place (PUT).
   */
  endPhoneNumber: string;
  /** Free-text description; updates in place, removing it clears it. Maps to `description`. */
  description?: string;
  /** Free-text comments; update in place, removing them clears them. Maps to `comments`. */
  comments?: string;
  /**
   * Adopt an existing DID pool with this id instead of creating one (`pulumi import` does not
   * work for dynamic resources). Its range and texts are then set to the declared ones.
   * Only read at create.
   */
  adoptId?: string;
}

/** Outputs: the declared inputs as last applied, plus what Genesys computed. */
export interface DidPoolOutputs extends DidPoolInputs {
  /** Genesys version of the pool, for optimistic concurrency on the next PUT. */
  version: number;
}

/** The inputs compared by `diff` (everything but `adoptId`, which only matters at create). */
export const DIFF_KEYS = ["startPhoneNumber", "endPhoneNumber", "description", "comments"] as const;

/** Longest description or comments accepted. [U] the API's limit is not documented; 512 is our bound. */
export const MAX_TEXT = 512;

/** A number range: start and end in E.164 with the same number of digits. */
export interface NumberRange {
  startPhoneNumber: string;
  endPhoneNumber: string;
}

/** The digits of an E.164 number as an integer (`+13175550100` → 13175550100n). */
export function digitsOf(e164Number: string): bigint {
  return BigInt(e164Number.replace(/^\+/, ""));
}

/**
 * Whether two ranges share a number. Ranges of different lengths never do: every number of one
 * has fewer digits than every number of the other.
 */
export function rangesOverlap(a: NumberRange, b: NumberRange): boolean {
  if (a.startPhoneNumber.length !== b.startPhoneNumber.length) return false;
  return (
    digitsOf(a.startPhoneNumber) <= digitsOf(b.endPhoneNumber) &&
    digitsOf(b.startPhoneNumber) <= digitsOf(a.endPhoneNumber)
  );
}

/** The range as people write it: `+13175550100..+13175550199`. */
export function showRange(r: Partial<NumberRange>): string {
  return `${r.startPhoneNumber ?? "?"}..${r.endPhoneNumber ?? "?"}`;
}

/**
 * The reason a start/end pair is not a range (both already possible E.164 numbers), or undefined;
 * `label` names the two inputs in it (by default `startPhoneNumber` and `endPhoneNumber`). Only
 * what cannot change with libphonenumber's metadata is judged here: one country code, as many
 * digits, the start first. That both ends are numbers of one country (US and Canada share +1) is
 * the advisory {@link rangeCountryProblem}.
 */
export function rangeProblem(start: string, end: string, label: Label = (p) => p): string | undefined {
  const [S, E] = [label("startPhoneNumber"), label("endPhoneNumber")];
  const [cs, ce] = [callingCodeOf(start), callingCodeOf(end)];
  if (cs !== ce)
    return (
      `${E} ${end} has country code +${ce ?? "?"} but ${S} ${start} has +${cs ?? "?"}: a DID pool holds the ` +
      `numbers of one country; declare one pool per country`
    );
  if (start.length !== end.length)
    return (
      `${E} ${end} has ${end.length - 1} digits but ${S} ${start} has ${start.length - 1}: ` +
      `give both ends of the range the same number of digits`
    );
  if (digitsOf(start) > digitsOf(end))
    return `${E} ${end} is below ${S} ${start}: swap them, the start is the lower number`;
  return undefined;
}

/**
 * The advisory check of a range: when libphonenumber knows both ends as valid numbers, they are
 * numbers of one country (region). Its metadata changes between releases, so this is the policy
 * rule `phone-numbers-valid-for-country`, never a reason for `check` to refuse a preview.
 */
export function rangeCountryProblem(start: string, end: string): string | undefined {
  const [rs, re] = [regionOf(start), regionOf(end)];
  if (rs === undefined || re === undefined || rs === re) return undefined;
  return (
    `endPhoneNumber ${end} is in ${re} but startPhoneNumber ${start} is in ${rs}: a DID pool holds the ` +
    `numbers of one country; declare one pool per country`
  );
}

/** A free text of the pool: a string of at most {@link MAX_TEXT} characters. */
function text(v: unknown, what: string): string | undefined {
  return optionalString(v, what, MAX_TEXT);
}

/** Validates and normalises `news`; returns normalised inputs or the failures. */
export function checkDidPool(
  news: Record<string, unknown>,
  label?: Label,
): {
  inputs: DidPoolInputs;
  failures: CheckFailure[];
} {
  const f = new Failures(label);
  const start = e164(news.startPhoneNumber, f.label("startPhoneNumber"));
  const end = e164(news.endPhoneNumber, f.label("endPhoneNumber"));
  f.add("startPhoneNumber", start);
  f.add("endPhoneNumber", end);
  if (start === undefined && end === undefined)
    f.add(
      "endPhoneNumber",
      rangeProblem(news.startPhoneNumber as string, news.endPhoneNumber as string, f.label),
    );
  f.check("description", (w) => text(news.description, w));
  f.check("comments", (w) => text(news.comments, w));
  f.check("adoptId", (w) => optionalString(news.adoptId, w, 64));
  const inputs: DidPoolInputs = {
    startPhoneNumber: news.startPhoneNumber as string,
    endPhoneNumber: news.endPhoneNumber as string,
  };
  if (news.description !== undefined && news.description !== "")
    inputs.description = news.description as string;
  if (news.comments !== undefined && news.comments !== "") inputs.comments = news.comments as string;
  if (news.adoptId) inputs.adoptId = news.adoptId as string;
  return { inputs, failures: f.list };
}
