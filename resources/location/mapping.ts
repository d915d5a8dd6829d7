/**
 * Location: pure mapping between declared inputs and Genesys API bodies.
 */
import type { Models } from "purecloud-platform-client-v2";
import type { Address, LocationInputs } from "./schema";

/** Genesys refuses `notes: ""`; one space is how a client clears notes. */
export const CLEARED_NOTES = " ";

function addressBody(a: Address): Models.LocationAddress {
  return { ...a };
}

/** The POST body for a new location. */
export function toCreateBody(i: LocationInputs): Models.LocationCreateDefinition {
  return {
    name: i.name,
    ...(i.emergencyNumber && {
      emergencyNumber: { number: i.emergencyNumber.number, type: i.emergencyNumber.type ?? "default" },
    }),
    ...(i.address && { address: addressBody(i.address) }),
    ...(i.notes !== undefined && { notes: i.notes }),
    path: i.path ?? [],
  };
}

/**
 * The PATCH bodies that take the location from `current` (as declared before) to `next`, in
 * order. Genesys refuses `address` while a number is assigned, so an address change on a location
 * with a number becomes: unassign the number, change the address, reassign the number.
 */
export function toPatchBodies(
  current: LocationInputs,
  next: LocationInputs,
  changed: readonly (keyof LocationInputs)[],
): Omit<Models.LocationUpdateDefinition, "version">[] {
  const base = { name: next.name };
  const rest: Omit<Models.LocationUpdateDefinition, "version"> = { ...base };
  if (changed.includes("notes")) rest.notes = next.notes ?? CLEARED_NOTES;
  if (changed.includes("path")) rest.path = next.path ?? [];
  const numberBody = next.emergencyNumber
    ? { number: next.emergencyNumber.number, type: next.emergencyNumber.type ?? "default" }
    : {};
  if (!changed.includes("address")) {
    if (changed.includes("emergencyNumber")) rest.emergencyNumber = numberBody;
    return [rest];
  }
  const address = next.address ? addressBody(next.address) : {};
  const bodies: Omit<Models.LocationUpdateDefinition, "version">[] = [];
  if (current.emergencyNumber) bodies.push({ ...base, emergencyNumber: {} });
  bodies.push({ ...base, address });
  if (next.emergencyNumber) bodies.push({ ...rest, emergencyNumber: numberBody });
  else bodies.push(rest);
  return bodies;
}

/** The API object seen as declared inputs (for drift detection on refresh). */
export function fromApi(loc: Models.LocationDefinition): LocationInputs {
  const en = loc.emergencyNumber;
  const a = loc.address;
  const notes = loc.notes && loc.notes.trim() !== "" ? loc.notes : undefined;
  return {
    name: loc.name ?? "",
    ...(en?.number && {
      emergencyNumber: { number: en.e164 ?? en.number, type: (en.type as "default" | "elin") ?? "default" },
    }),
    ...(a?.street1 && {
      address: {
        street1: a.street1,
        ...(a.street2 && { street2: a.street2 }),
        city: a.city ?? "",
        ...(a.state && { state: a.state }),
        ...(a.zipcode && { zipcode: a.zipcode }),
        country: a.country ?? "",
      },
    }),
    ...(notes !== undefined && { notes }),
    ...(loc.path?.length && { path: loc.path }),
  };
}
