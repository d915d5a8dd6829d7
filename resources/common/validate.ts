/**
 * Validation shared by the resources' `check`: each function returns a failure reason (naming
 * what is wrong and how to fix it) or undefined when the value is fine. Pure: no Pulumi import,
 * so the policy pack can reuse it.
 */
import { isIP } from "node:net";
import { parsePhoneNumberFromString, validatePhoneNumberLength } from "libphonenumber-js/max";

/** A check failure as Pulumi shows it at preview: the input property and the reason. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * How the engine passes a value it does not know yet during a preview
 * (`pulumi.runtime.unknownValue`); every unknown id, at any depth, is this same string.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Every placeholder the engine uses for a value not known during preview (by expected type:
 * string, boolean, number, array, asset, archive, object). Protocol constants of the Pulumi
 * engine; a dynamic provider sees only {@link UNKNOWN}, a policy pack may see any of them.
 */
export const UNKNOWN_VALUES: ReadonlySet<string> = new Set([
  UNKNOWN,
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

/** True when `v` is a value the engine does not know yet (preview). */
export function isUnknown(v: unknown): boolean {
  return typeof v === "string" && UNKNOWN_VALUES.has(v);
}

/** True when `v` is unknown or holds an unknown value at any depth. */
export function hasUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(hasUnknown);
  if (v !== null && typeof v === "object") return Object.values(v).some(hasUnknown);
  return false;
}

/** The top-level input a property path starts in (`edgeAutoUpdate` of `edgeAutoUpdate.timeZone`). */
export function topKey(property: string): string {
  return property.split(/[.[]/, 1)[0];
}

/**
 * The failures that count now: those about a top-level input that holds no unknown value. An
 * input holding an unknown anywhere is judged again once the value is known (`pulumi up`).
 */
export function knownFailures(inputs: Record<string, unknown>, failures: CheckFailure[]): CheckFailure[] {
  return failures.filter((f) => !hasUnknown(inputs[topKey(f.property)]));
}

/**
 * How a check names an input in its reasons: the input's own path by default
 * (`emergencyNumber.number`); a caller that builds the inputs from its own settings passes the
 * name its users know instead (the stack config key `location.number`).
 */
export type Label = (property: string) => string;

/** Collects failures; each reason names the input through the {@link Label} the check was given. */
export class Failures {
  readonly list: CheckFailure[] = [];
  constructor(readonly label: Label = (p) => p) {}
  add(property: string, reason: string | undefined): void {
    if (reason !== undefined) this.list.push({ property, reason });
  }
  /** Records `reason(name of property)` on `property` when it is defined. */
  check(property: string, reason: (what: string) => string | undefined): void {
    this.add(property, reason(this.label(property)));
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

export function requiredString(v: unknown, what: string, max = 255): string | undefined {
  if (typeof v !== "string" || v.trim() === "") return `${what} is required: set a non-empty string`;
  return optionalString(v, what, max);
}

export function optionalString(v: unknown, what: string, max = 255): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== "string") return `${what} must be a string, got ${typeof v}`;
  if (v.length > max) return `${what} is ${v.length} characters long; the limit is ${max}`;
  return undefined;
}

/**
 * A required reference to another object's id (a Site's `locationId`, a Trunk's `inboundSiteId`,
 * a binding's or number plans' `siteId`): a non-empty string of at most `max` characters.
 *
 * When the object it refers to failed to be created earlier in the same `pulumi up`, the engine
 * still checks the dependant (under `--continue-on-error`) with no id there: a TypeScript or
 * JavaScript program leaves the input out (the engine drops a value unknown at `up`, from a list
 * too), a Go or YAML program passes `""`. A missing or empty id is then far more likely that
 * failure than a config mistake, so the reason says so first, then the fix for a value set by
 * hand (`fix`, default "set it to a <kind>'s id"). Every check of such an id uses this.
 *
 * @param kind - the referred kind as a user reads it, lower case: `site`, `location`, `trunk`.
 */
export function idReference(
  v: unknown,
  what: string,
  kind: string,
  fix = `set it to a ${kind}'s id`,
  max = 64,
): string | undefined {
  const cause = `the ${kind} it refers to was not created in this run (see that ${kind}'s own error)`;
  if (v === undefined || v === null) return `${what} has no value: ${cause}; if you did not set it, ${fix}`;
  if (v === "") return `${what} is empty: ${cause}; if you set it yourself, ${fix}`;
  if (typeof v !== "string") return `${what} must be a string (a ${kind}'s id), got ${typeof v}: ${fix}`;
  if (v.trim() === "") return `${what} ${JSON.stringify(v)} is blank: ${fix}`;
  return optionalString(v, what, max);
}

/**
 * A required, non-empty list of references to other objects' ids (a binding's `trunkIds`), each
 * checked by {@link idReference}, none twice. A list left empty because the objects it referred
 * to were not created in this run (the engine drops their ids at `up`) is told as such.
 */
export function idReferences(v: unknown, what: string, kind: string, max = 64): string | undefined {
  const fix = `list at least one ${kind}'s id`;
  const cause = `the ${kind}s it refers to were not created in this run (see their own errors)`;
  if (v === undefined || v === null) return `${what} has no value: ${cause}; if you did not set it, ${fix}`;
  if (Array.isArray(v) && v.length === 0)
    return `${what} lists no ${kind}: ${cause}; if you set it yourself, ${fix}`;
  return arrayOf(v, what, (x, l) => idReference(x, l, kind, `set it to a ${kind}'s id`, max), {
    unique: true,
  });
}

/** A name Genesys shows in its UI: non-empty, at most `max` characters, one line without control characters. */
export function displayName(v: unknown, what: string, max = 255): string | undefined {
  const r = requiredString(v, what, max);
  if (r !== undefined || isUnknown(v)) return r;
  return controlCharacters(v, what);
}

/** A reason when the string `v` holds a control character (a newline, tab, escape…). */
export function controlCharacters(v: unknown, what: string): string | undefined {
  if (typeof v !== "string" || isUnknown(v)) return undefined;
  // eslint-disable-next-line no-control-regex
  const m = /[\u0000-\u001f\u007f-\u009f]/.exec(v);
  if (!m) return undefined;
  const code = m[0].charCodeAt(0).toString(16).padStart(4, "0");
  return `${what} contains a control character (U+${code}, e.g. a newline or tab): use one line of printable text`;
}

/** True for a plain object (not null, not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** One DNS label: letters, digits and inner hyphens, at most 63 characters. */
export function isDnsLabel(v: unknown): boolean {
  return typeof v === "string" && /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(v);
}

/** A reason when `v` is not one DNS label (an inbound SIP termination identifier). */
export function dnsLabel(v: unknown, what: string): string | undefined {
  if (isDnsLabel(v)) return undefined;
  return `${what} must be a DNS label (letters, digits and inner hyphens, at most 63), such as "acme-byoc", got ${JSON.stringify(v)}`;
}

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });

/** An ISO 3166-1 alpha-2 country code that exists (`US`, `de`), not just two letters (`ZZ`). */
export function countryCode(v: unknown, what: string): string | undefined {
  const how = "use an ISO 3166-1 alpha-2 country code such as US, GB or DE";
  if (typeof v !== "string" || !/^[A-Za-z]{2}$/.test(v))
    return `${what} must be two letters: ${how}, got ${JSON.stringify(v)}`;
  const code = v.toUpperCase();
  // Codes ICU has no name for (AA, QQ…) are unassigned; ZZ, QM–QZ and XA–XZ (but XK, Kosovo) are
  // for private use; EU, EZ and UN name groupings, not countries.
  const name = REGION_NAMES.of(code);
  if (!name || name === code || /^(AA|ZZ|EU|EZ|UN|Q[M-Z]|X[A-JL-Z])$/.test(code)) {
    return `${what} "${v}" is not an ISO 3166-1 country code: ${how}`;
  }
  return undefined;
}

export function optionalBoolean(v: unknown, what: string): string | undefined {
  if (v === undefined || typeof v === "boolean") return undefined;
  return `${what} must be true or false, got ${JSON.stringify(v)}`;
}

export function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string): string | undefined {
  if (v === undefined || allowed.includes(v as T)) return undefined;
  return `${what} must be one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}, got ${JSON.stringify(v)}`;
}

/** Why a number in E.164 form cannot be a phone number, by libphonenumber's length verdict. */
const NOT_POSSIBLE: Record<string, (cc: string) => string> = {
  INVALID_COUNTRY: () => "has no country code that exists",
  TOO_SHORT: (cc) => `is too short for a number of country code +${cc}`,
  TOO_LONG: (cc) => `is too long for a number of country code +${cc}`,
  INVALID_LENGTH: (cc) => `has a length no number of country code +${cc} has`,
};

/**
 * A phone number in E.164 form (`+`, country code and number, no spaces) that can be a phone
 * number: its country code exists and its length is one that country code's numbers have
 * (libphonenumber's `isPossible`). This is all a resource's `check` asks of a number. Whether the
 * number lies in a range its country has assigned (`isValid`) depends on metadata that changes
 * with every libphonenumber-js release, so it is only the advisory policy rule
 * `phone-numbers-valid-for-country` ({@link validForCountry}): a metadata update must never
 * refuse the next preview of a deployed stack.
 */
export function e164(v: unknown, what: string): string | undefined {
  if (typeof v !== "string" || !/^\+[1-9]\d{1,14}$/.test(v)) {
    return `${what} must be an E.164 number such as +13175550100 (a "+", country code and number, no spaces), got ${JSON.stringify(v)}`;
  }
  const parsed = parsePhoneNumberFromString(v);
  if (parsed?.isPossible()) return undefined;
  const why = NOT_POSSIBLE[validatePhoneNumberLength(v) ?? ""];
  const cc = parsed?.countryCallingCode ?? "";
  return `${what} ${v} is not a possible phone number: it ${why ? why(cc) : "cannot be parsed as one"}; check the digits`;
}

/**
 * The advisory check of a possible E.164 number ({@link e164} passes it): libphonenumber knows
 * it as a number of its country (an assigned range). Its metadata changes between releases, so
 * this is never a reason to refuse a preview.
 */
export function validForCountry(v: string, what: string): string | undefined {
  const parsed = parsePhoneNumberFromString(v);
  if (!parsed?.isPossible() || parsed.isValid()) return undefined;
  return (
    `${what} ${v} is not a valid number of country code +${parsed.countryCallingCode} in the phone number ` +
    "metadata this project uses (no assigned range holds it): check the number; Genesys may refuse it"
  );
}

/** The region (ISO code) of a number libphonenumber knows as valid, else undefined. */
export function regionOf(v: string): string | undefined {
  const parsed = parsePhoneNumberFromString(v);
  return parsed?.isValid() ? parsed.country : undefined;
}

/** The country calling code of a possible E.164 number (`+13175550100` → `"1"`), else undefined. */
export function callingCodeOf(v: string): string | undefined {
  const parsed = parsePhoneNumberFromString(v);
  return parsed?.isPossible() ? parsed.countryCallingCode : undefined;
}

/**
 * Normalises a possible phone number to E.164 (`+4407911123456` → `+447911123456`); otherwise
 * returns it unchanged. Like {@link e164}, it does not depend on whether the number is valid for
 * its country, so the stored value never changes with libphonenumber's metadata.
 */
export function toE164(v: string): string {
  const parsed = parsePhoneNumberFromString(v);
  return parsed?.isPossible() ? parsed.number : v;
}

export function ianaTimeZone(v: unknown, what: string): string | undefined {
  if (typeof v !== "string" || v === "") return `${what} must be an IANA time zone such as America/New_York`;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: v });
  } catch {
    return `${what} "${v}" is not an IANA time zone; use a name such as America/New_York or Europe/Paris`;
  }
  return undefined;
}

/** An IPv4/IPv6 address or CIDR block. */
export function ipOrCidr(v: unknown, what: string): string | undefined {
  if (typeof v !== "string") return `${what} must be an IP address or CIDR block such as 54.172.60.0/23`;
  const [addr, bits, extra] = v.split("/");
  const family = isIP(addr);
  const ok =
    family !== 0 &&
    extra === undefined &&
    (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128)));
  return ok ? undefined : `${what} "${v}" is not an IP address or CIDR block such as 54.172.60.0/23`;
}

/** A SIP server as `host[:port]`: a DNS name or IP, optional port 1–65535. */
export function sipHostPort(v: unknown, what: string): string | undefined {
  const bad = `${what} ${JSON.stringify(v)} is not host[:port], e.g. sip.carrier.example or 203.0.113.10:5060`;
  if (typeof v !== "string") return bad;
  const m = /^(\[[0-9a-fA-F:]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(v);
  if (!m) return bad;
  const host = m[1].replace(/^\[|\]$/g, "");
  const port = m[2] === undefined ? undefined : Number(m[2]);
  const hostOk = isIP(host) !== 0 || (host.length <= 253 && host.split(".").every(isDnsLabel));
  if (!hostOk || (port !== undefined && (port < 1 || port > 65535))) return bad;
  return undefined;
}

/** An array whose items each pass `item`; reports the first bad index. */
export function arrayOf(
  v: unknown,
  what: string,
  item: (x: unknown, label: string) => string | undefined,
  opts: { min?: number; unique?: boolean } = {},
): string | undefined {
  if (v === undefined) return opts.min ? `${what} needs at least ${opts.min} item(s)` : undefined;
  if (!Array.isArray(v)) return `${what} must be a list`;
  if (opts.min && v.length < opts.min) return `${what} needs at least ${opts.min} item(s)`;
  for (let i = 0; i < v.length; i++) {
    const r = item(v[i], `${what}[${i}]`);
    if (r) return r;
  }
  // Values unknown at preview all look alike: compare only the known ones.
  const known = v.filter((x) => !hasUnknown(x)).map((x) => JSON.stringify(x));
  if (opts.unique && new Set(known).size !== known.length) {
    return `${what} lists the same value more than once`;
  }
  return undefined;
}
