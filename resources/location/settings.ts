/**
 * The location's settings section (`location`, `sites.<key>.location`): the settings, how they map
 * to a Location's inputs, and back (what `npm run import` writes for a location it read).
 */
import type { Models } from "purecloud-platform-client-v2";
import { untagged } from "../common/ownership";
import { type Raw, type Section, prefixed, settingsOf, withoutDefaults } from "../common/section";
import { fromApi } from "./mapping";
import { type Address, checkLocation } from "./schema";

/**
 * The Location every site needs: its name, emergency number and address (the address's fields
 * side by side with the others: `street1`, `city`, `country`, …).
 */
export interface LocationConfig extends Address {
  /** Location name (`namePrefix` is added in front). */
  name: string;
  /** Emergency number, E.164 (e.g. `+13175550100`). */
  number: string;
  /** The emergency number's type: `default` (the default) or `elin` (Emergency Location Identification Number). */
  numberType?: "default" | "elin";
  /** Free-text notes. */
  notes?: string;
  /** Take over the existing location with this id instead of creating one (written by `npm run import`); read only at create. */
  adoptId?: string;
}

/** The Location's inputs for the `location` settings. */
export function locationInputs(l: LocationConfig, prefix: string) {
  return {
    name: prefixed(prefix, l.name),
    emergencyNumber: { number: l.number, ...(l.numberType !== undefined && { type: l.numberType }) },
    address: {
      street1: l.street1,
      street2: l.street2,
      city: l.city,
      state: l.state,
      zipcode: l.zipcode,
      country: l.country,
    },
    notes: l.notes,
    adoptId: l.adoptId,
  };
}

/** The `location` section. */
export const LOCATION: Section = {
  required: ["name", "number", "street1", "city", "country"],
  keys: {
    name: "name",
    "emergencyNumber.number": "number",
    "emergencyNumber.type": "numberType",
    "address.street1": "street1",
    "address.street2": "street2",
    "address.city": "city",
    "address.state": "state",
    "address.zipcode": "zipcode",
    "address.country": "country",
    notes: "notes",
    adoptId: "adoptId",
  },
  digitStrings: { number: "+13175550100", zipcode: "02134" },
  check: (raw, prefix, label) =>
    checkLocation(locationInputs(raw as unknown as LocationConfig, prefix), label),
};

/** A location read from the API as its settings (without its id and the name prefix), defaults left out. */
export function locationSettings(location: Models.LocationDefinition): Raw {
  return withoutDefaults(settingsOf(LOCATION, fromApi(untagged(location, "notes"))), {
    numberType: "default",
  });
}
