/**
 * Location: plain input/output types, validation and normalisation. No Pulumi import, so the
 * policy pack and unit tests use it directly.
 */
import {
  CheckFailure,
  Failures,
  Label,
  arrayOf,
  countryCode,
  displayName,
  e164,
  oneOf,
  optionalString,
  requiredString,
} from "../common/validate";

/** An emergency number assigned to the location (used for E911 and as caller location). */
export interface EmergencyNumber {
  /** The number in E.164 form, e.g. `+13175550100`. Maps to `emergencyNumber.number`. */
  number: string;
  /** `default` (the default) or `elin` (Emergency Location Identification Number). */
  type?: "default" | "elin";
}

/** A postal address. Genesys refuses address changes while an emergency number is assigned; the provider handles that by unassigning and reassigning the number around the change. */
export interface Address {
  /** First street line. */
  street1: string;
  /** Second street line. */
  street2?: string;
  /** City. */
  city: string;
  /** State, province or region. */
  state?: string;
  /** Postal code. */
  zipcode?: string;
  /** ISO 3166-1 alpha-2 country code, e.g. `US`. */
  country: string;
}

/** Declared inputs of a Location (the provider's view: plain values). */
export interface LocationInputs {
  /** Location name; unique in the org. Changing it renames in place. Maps to `name`. */
  name: string;
  /** Emergency number. Sites require their location to have one. Removing it unassigns the number. */
  emergencyNumber?: EmergencyNumber;
  /** Postal address (see {@link Address}). */
  address?: Address;
  /** Free-text notes; removing them clears the notes. */
  notes?: string;
  /** Ids of the ancestor locations, outermost first (Genesys `path`). Removing it clears the path. */
  path?: string[];
  /**
   * Adopt an existing location with this id instead of creating one (`pulumi import` does not
   * work for dynamic resources). Read only at create: the adopted location is updated to match
   * the other inputs and is deleted on destroy like any other. Changing it later has no effect.
   */
  adoptId?: string;
}

/** Outputs: the declared inputs as last applied, plus what Genesys computed. */
export interface LocationOutputs extends LocationInputs {
  /** Genesys version of the location, for optimistic concurrency on the next PATCH. */
  version: number;
  /** The emergency number as Genesys normalised it (E.164), if one is assigned. */
  emergencyE164?: string;
}

/** The inputs compared by `diff` (everything but `adoptId`, which only matters at create). */
export const DIFF_KEYS = ["name", "emergencyNumber", "address", "notes", "path"] as const;

const MAX_NAME = 255;

/** Validates and normalises `news`; returns normalised inputs or the failures. */
export function checkLocation(
  news: Record<string, unknown>,
  label?: Label,
): {
  inputs: LocationInputs;
  failures: CheckFailure[];
} {
  const f = new Failures(label);
  f.check("name", (w) => displayName(news.name, w, MAX_NAME));
  f.check("notes", (w) => optionalString(news.notes, w, 500));
  const inputs: LocationInputs = {
    name: typeof news.name === "string" ? news.name.trim() : (news.name as string),
  };

  const en = news.emergencyNumber as Record<string, unknown> | undefined;
  if (en !== undefined) {
    if (typeof en !== "object" || en === null) {
      f.check("emergencyNumber", (w) => `${w} must be an object such as { number: "+13175550100" }`);
    } else {
      f.check("emergencyNumber.number", (w) => e164(en.number, w));
      f.check("emergencyNumber.type", (w) => oneOf(en.type, ["default", "elin"], w));
      inputs.emergencyNumber = {
        number: en.number as string,
        type: (en.type as "default" | "elin") ?? "default",
      };
    }
  }

  const addr = news.address as Record<string, unknown> | undefined;
  if (addr !== undefined) {
    if (typeof addr !== "object" || addr === null) {
      f.check("address", (w) => `${w} must be an object with street1, city and country`);
    } else {
      f.check("address.street1", (w) => requiredString(addr.street1, w));
      f.check("address.city", (w) => requiredString(addr.city, w));
      for (const k of ["street2", "state", "zipcode"] as const)
        f.check(`address.${k}`, (w) => optionalString(addr[k], w));
      f.check("address.country", (w) => countryCode(addr.country, w));
      inputs.address = {
        street1: addr.street1 as string,
        ...(addr.street2 !== undefined && { street2: addr.street2 as string }),
        city: addr.city as string,
        ...(addr.state !== undefined && { state: addr.state as string }),
        ...(addr.zipcode !== undefined && { zipcode: addr.zipcode as string }),
        country: typeof addr.country === "string" ? addr.country.toUpperCase() : (addr.country as string),
      };
    }
  }
  if (news.notes !== undefined && news.notes !== "") inputs.notes = news.notes as string;
  f.check("path", (w) => arrayOf(news.path, w, (x, item) => requiredString(x, item, 64)));
  if (Array.isArray(news.path) && news.path.length) inputs.path = news.path as string[];
  f.check("adoptId", (w) => optionalString(news.adoptId, w, 64));
  if (news.adoptId) inputs.adoptId = news.adoptId as string;
  return { inputs, failures: f.list };
}
