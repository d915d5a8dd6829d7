/**
 * Location provider.
 *
 * | verb   | HTTP calls                                                                            |
 * |--------|---------------------------------------------------------------------------------------|
 * | check  | none                                                                                  |
 * | diff   | none                                                                                  |
 * | create | POST /locations (1); after an ambiguous failure (no answer, 5xx) or the name taken + POST /locations/search: this resource's own location (its notes carry its ownership tag) is taken back (GET + PATCH only if it differs), any other stops the create naming it and adoptId; none found after an ambiguous failure: POST once more (../common/lifecycle `createOwned`); emergency number taken + GET /locations (every page, to name its holder); adoptId: GET /{id} (+ PATCH only if it differs) |
 * | read   | GET /locations/{id} (1)                                                               |
 * | update | PATCH /locations/{id} with the stored version (1; 3 for an address change with a number); on a version conflict GET + PATCH (bounded); gone → says to refresh, then up |
 * | delete | DELETE /locations/{id} (1; 404 = done); refused (400/409): GET /sites?location.id= + GET /locations (who uses it): a site or sub-location still there → fails at once, naming it; none → DELETE again with backoff (Genesys catching up after the site's delete) within the call's deadline, see ../common/lifecycle deleteWhenUnreferenced |
 */
import type * as pulumi from "@pulumi/pulumi";
import * as api from "../../genesys/locations";
import { describeFailure, GenesysError } from "../../genesys/errors";
import type { GenesysClient } from "../../genesys/client";
import { client, configure, PartialStateError, userFacing } from "../common/connection";
import { changedKeys } from "../common/diff";
import {
  checkWith,
  createNamed,
  deleteWhenUnreferenced,
  duplicateFields,
  diffDeclared,
  otherValueTaken,
  readAsDeclared,
  restrictToDeclared,
  updateVersioned,
} from "../common/lifecycle";
import { untagged } from "../common/ownership";
import { fromApi, toCreateBody, toPatchBodies } from "./mapping";
import { DIFF_KEYS, LocationInputs, LocationOutputs, checkLocation } from "./schema";
import type { Models } from "purecloud-platform-client-v2";

function outputs(inputs: LocationInputs, loc: Models.LocationDefinition): LocationOutputs {
  return {
    ...inputs,
    version: loc.version ?? 1,
    ...(loc.emergencyNumber?.e164 && { emergencyE164: loc.emergencyNumber.e164 }),
  };
}

/**
 * Applies `bodies` in order. Each PATCH carries the latest version (`version` first, then each
 * response's); a PATCH is partial, so on a version conflict the location is read again and the
 * same body sent with the fresh version: what others changed in between is kept.
 *
 * If a later step fails after the emergency number was unassigned, puts the number back
 * (`before`) so a failed address change never leaves the location without its number. If even
 * that fails, the failure is a partial state describing the location as it is (no number), so
 * the next `up` changes the address and assigns the number.
 */
async function patchAll(
  id: string,
  version: number,
  bodies: ReturnType<typeof toPatchBodies>,
  before: LocationInputs,
): Promise<Models.LocationDefinition> {
  const c = client();
  const label = `Location "${before.name}" (${id})`;
  let current: Models.LocationDefinition | undefined;
  let v = version;
  const patch = (body: (typeof bodies)[number]) =>
    updateVersioned({
      kind: "Location",
      name: before.name,
      id,
      read: async () => {
        const fresh = await api.get(c, id);
        return fresh && (fresh.version ?? v);
      },
      write: (ver) => api.patch(c, id, { ...body, version: ver }),
      first: v,
    });
  for (const [step, body] of bodies.entries()) {
    try {
      current = await patch(body);
    } catch (err) {
      const unassigned = step > 0 && bodies[0].emergencyNumber && !bodies[0].emergencyNumber.number;
      if (!(unassigned && before.emergencyNumber && current)) throw err;
      const why = describeFailure(err, c.target);
      try {
        await patch({ name: before.name, emergencyNumber: toCreateBody(before).emergencyNumber });
      } catch (restoreErr) {
        // The location as it is now: no number, and the address it has (old or new).
        const {
          emergencyNumber: _n,
          emergencyE164: _e,
          version: _v,
          address: _a,
          ...rest
        } = before as LocationOutputs;
        const { address } = fromApi(untagged(current, "notes"));
        throw new PartialStateError(
          `${label}: changing its address failed (${why}), and putting its emergency number ` +
            `${before.emergencyNumber.number} back failed too (${describeFailure(restoreErr, c.target)}). ` +
            `The location has no emergency number now: run \`pulumi up\` again to change the address and assign the number.`,
          id,
          outputs({ ...rest, ...(address && { address }) }, current) as unknown as Record<string, unknown>,
        );
      }
      throw err;
    }
    v = current.version ?? v + 1;
  }
  return current!;
}

/** Takes over an existing location (adoptId, or one this resource made in an interrupted run): PATCHes only what differs. */
async function adopt(
  id: string,
  existing: Models.LocationDefinition,
  inputs: LocationInputs,
): Promise<Models.LocationDefinition> {
  const current = fromApi(untagged(existing, "notes"));
  const changed = changedKeys<LocationInputs>(current, inputs, DIFF_KEYS);
  return changed.length
    ? patchAll(id, existing.version ?? 1, toPatchBodies(current, inputs, changed), current)
    : existing;
}

/**
 * The advice for a create refused with `duplicate.value` about something other than the name. A
 * location's other unique value is its emergency number (reference §6.2): when the error names
 * that field (the emulator's does), or names none and another location holds the declared number
 * (every location is listed and compared by its `e164`), that location is named and the fix is
 * another number or freeing it there (adopting is no answer to a number clash). Anything else gets
 * the general advice.
 */
async function numberTaken(c: GenesysClient, inputs: LocationInputs, err: GenesysError): Promise<Error> {
  const number = inputs.emergencyNumber?.number;
  const fields = duplicateFields(err);
  const aboutNumber = fields.some((f) => f.startsWith("emergencyNumber"));
  if (!number || (fields.length && !aboutNumber)) return otherValueTaken("location", inputs.name, err);
  const holder = (await api.list(c)).find((l) => l.emergencyNumber?.e164 === number);
  if (!aboutNumber && !holder) return otherValueTaken("location", inputs.name, err); // no field named, no holder
  const where = holder ? `location "${holder.name}" (${holder.id})` : "another location";
  return new Error(
    `Location "${inputs.name}" could not be created: its emergency number ${number} is already assigned to ` +
      `${where}. Choose another emergencyNumber, or free the number on that location first, then run the ` +
      `command again. (${err.message})`,
  );
}

export const provider: pulumi.dynamic.ResourceProvider<LocationInputs, LocationOutputs> = userFacing({
  configure,

  check: checkWith(checkLocation),

  diff: diffDeclared<LocationInputs>(DIFF_KEYS),

  async create(inputs) {
    const c = client();
    const { id, object } = await createNamed({
      kind: "location",
      client: c,
      api,
      inputs,
      key: "notes",
      body: toCreateBody(inputs),
      adopt: (existing) => adopt(existing.id!, existing, inputs),
      otherDuplicate: (err) => numberTaken(c, inputs, err),
    });
    return { id, outs: outputs(inputs, object) };
  },

  read: (id, props) =>
    readAsDeclared({
      id,
      get: () => api.get(client(), id),
      declared: props,
      // Without stored state (`pulumi import`), everything the location has is declared.
      imported: (loc) => fromApi(untagged(loc, "notes")),
      seen: (loc, declared) =>
        ({
          ...restrictToDeclared(fromApi(untagged(loc, "notes")), declared, DIFF_KEYS),
          name: loc.name ?? declared.name,
        }) as LocationInputs,
      adoptId: props?.adoptId,
      outputs,
    }),

  async update(id, olds, news) {
    const changed = changedKeys<LocationInputs>(olds, news, DIFF_KEYS);
    if (!changed.length) return { outs: { ...olds, ...news } };
    const loc = await patchAll(id, olds.version, toPatchBodies(olds, news, changed), olds);
    return { outs: outputs(news, loc) };
  },

  async delete(id, props) {
    const c = client();
    await deleteWhenUnreferenced(c, {
      kind: "location",
      id,
      what: `Location "${props.name}" (${id})`,
      remove: () => api.remove(c, id),
      fix: (by) =>
        by.length
          ? `If a Site of this stack with retainOnDelete uses it, set retainOnDelete on the Location too; ` +
            `otherwise delete what uses it first (or move it to another location), then run the destroy again.`
          : `Run the destroy again in a minute; if it keeps failing, find what uses the location in Genesys Cloud ` +
            `(Admin > Directory > Locations) and remove that first.`,
    });
  },
});
