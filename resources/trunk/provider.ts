/**
 * Trunk provider (BYOC carrier trunk base, metabase `external_sip_pcv_byoc_carrier.json`).
 *
 * | verb   | HTTP calls                                                                                   |
 * |--------|----------------------------------------------------------------------------------------------|
 * | check  | none                                                                                         |
 * | diff   | none                                                                                         |
 * | create | POST /trunkbasesettings (1); after an ambiguous failure (no answer, 5xx) or the name taken + GET /trunkbasesettings?name=: this resource's own trunk (its description carries its ownership tag) is taken back (+ PUT only when something differs or a masked password cannot be compared), any other stops the create naming it and adoptId; none found after an ambiguous failure: POST once more (../common/lifecycle `createOwned`); termination identifier taken: + GET /{id} of its holder (or GET /trunkbasesettings when the error names none); adoptId: GET /{id} (1) + PUT /{id} only when something differs or a masked password cannot be compared |
 * | read   | GET /trunkbasesettings/{id} (1)                                                              |
 * | update | GET /{id} + PUT /{id} with the version just read (2); on a version conflict both again (bounded); gone → says to refresh, then up |
 * | delete | DELETE /trunkbasesettings/{id} (1; 404 = done); refused (400/409): GET /outboundroutes?externalTrunkBases.ids= (org-wide) + per route still carrying it, under the site's lock, GET …/outboundroutes/{id} + PUT without it (with the version read; on a version conflict GET + PUT again), each such edit said on the trunk in the engine's log (the route may be one the stack does not manage); then DELETE again with backoff (Genesys catching up after the trunk left its routes) within the call's deadline, see ../common/lifecycle deleteWhenUnreferenced |
 *
 * Creation POSTs the reduced property form for the declared properties only: the API fills in
 * every other metabase default itself, so fetching the template first
 * (`GET …/trunkbasesettings/template`) would only add a call. Update must GET first: a PUT
 * replaces the whole property bag, and the bag holds values we never keep in state (the
 * password, defaults, properties set outside this stack).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import { GenesysError } from "../../genesys/errors";
import * as routes from "../../genesys/outboundRoutes";
import * as api from "../../genesys/trunks";
import { client, configure, orgDomain, userFacing } from "../common/connection";
import { changedKeys } from "../common/diff";
import {
  checkWith,
  createNamed,
  deleteWhenUnreferenced,
  diffDeclared,
  duplicateFields,
  otherValueTaken,
  readAsDeclared,
  updateVersioned,
} from "../common/lifecycle";
import { tellEngine } from "../common/engineLog";
import { underSiteLock } from "../common/siteLock";
import { ownerOf, untagged } from "../common/ownership";
import { fromApi, importedDeclaration, passwordVerifiable, toCreateBody, toPutBody } from "./mapping";
import { BYOC_METABASE_ID, DIFF_KEYS, PROP, TrunkInputs, TrunkOutputs, checkTrunk } from "./schema";

/** Outputs: the declared inputs plus id and version; never anything from the API property bag. */
function outputs(inputs: TrunkInputs, trunk: Models.TrunkBase): TrunkOutputs {
  const term = inputs.inboundSipTerminationIdentifier;
  return {
    ...inputs,
    trunkId: trunk.id!,
    version: trunk.version ?? 1,
    ...(term && { sipTerminationFqdn: `${term}.byoc.${orgDomain()}` }),
  };
}

/** Inputs without the computed output keys (olds from state carry them). */
function declaredOf(o: Partial<TrunkOutputs>): Partial<TrunkInputs> {
  const { trunkId: _t, version: _v, sipTerminationFqdn: _f, ...rest } = o;
  return rest;
}

/**
 * The advice for a create refused with `duplicate.value` about something other than the name. A
 * trunk's other unique value is its inbound SIP termination identifier (org-wide): told by the
 * field the error names (`properties.<termination key>`; the trunk holding it is named when the
 * error gives its id), or, when the error names no field, by another trunk holding the declared
 * identifier (the org's trunks are listed). Anything else gets the general advice.
 */
async function terminationTaken(c: GenesysClient, inputs: TrunkInputs, err: GenesysError): Promise<Error> {
  const term = inputs.inboundSipTerminationIdentifier;
  const fields = duplicateFields(err);
  const named = err.details.find((d) => d.fieldName?.includes(PROP.termination));
  if (!term || (fields.length && !named)) return otherValueTaken("trunk", inputs.name, err);
  const holder = named?.entityId
    ? await api.get(c, named.entityId)
    : (await api.list(c)).find(
        (t) =>
          fromApi(t, {
            inboundSipTerminationIdentifier: term,
          }).inboundSipTerminationIdentifier?.toLowerCase() === term.toLowerCase(),
      );
  if (!named && !holder) return otherValueTaken("trunk", inputs.name, err); // no field named, no holder
  const where = holder ? `trunk "${holder.name}" (${holder.id})` : "another trunk";
  return new Error(
    `Trunk "${inputs.name}" could not be created: its inboundSipTerminationIdentifier "${term}" is already used ` +
      `by ${where}, and it must be unique in the org; choose another inboundSipTerminationIdentifier. (${err.message})`,
  );
}

/** Takes over an existing trunk (adoptId, or one this resource made in an interrupted run): PUTs only what differs. */
async function adopt(id: string, existing: Models.TrunkBase, inputs: TrunkInputs): Promise<Models.TrunkBase> {
  if (existing.trunkMetabase?.id !== BYOC_METABASE_ID) {
    throw new Error(
      `adoptId: trunk ${id} ("${existing.name}") uses metabase ${existing.trunkMetabase?.id}, ` +
        `not ${BYOC_METABASE_ID}; only BYOC carrier trunks can be managed by this resource`,
    );
  }
  const seen = fromApi(untagged(existing, "description"), inputs);
  // A password the API masks cannot be compared: write it to be sure it is the declared one.
  const passwordUnknown = inputs.digest !== undefined && !passwordVerifiable(existing);
  const differs = changedKeys<TrunkInputs>(seen, inputs, DIFF_KEYS).length > 0 || passwordUnknown;
  return differs ? putMerged(id, undefined, inputs, existing) : existing;
}

/** GET (unless `alreadyRead`) → merge the declared properties into the full bag → PUT with the version read; on a version conflict both again (bounded). */
async function putMerged(
  id: string,
  previous: Partial<TrunkInputs> | undefined,
  next: TrunkInputs,
  alreadyRead?: Models.TrunkBase,
): Promise<Models.TrunkBase> {
  const c = client();
  return updateVersioned({
    kind: "Trunk",
    name: next.name,
    id,
    read: () => api.get(c, id),
    write: (current) => api.put(c, id, toPutBody(current, previous, next)),
    first: alreadyRead,
  });
}

export const provider: pulumi.dynamic.ResourceProvider<TrunkInputs, TrunkOutputs> = userFacing({
  configure,

  check: checkWith(checkTrunk),

  diff: diffDeclared<TrunkInputs>(DIFF_KEYS, [], ["inboundSiteId", "siteId"], ["digest"]),

  async create(inputs) {
    const c = client();
    const { id, object } = await createNamed({
      kind: "trunk",
      client: c,
      api,
      inputs,
      key: "description",
      body: toCreateBody(inputs),
      adopt: (existing) => adopt(existing.id!, existing, inputs),
      otherDuplicate: (err) => terminationTaken(c, inputs, err),
    });
    return { id, outs: outputs(inputs, object) };
  },

  read: (id, props) =>
    readAsDeclared({
      id,
      get: () => api.get(client(), id),
      declared: props && declaredOf(props),
      // Without stored state (`pulumi import`): what mapping's importedDeclaration says.
      imported: (trunk) => importedDeclaration(untagged(trunk, "description")),
      seen: (trunk, declared) =>
        ({
          ...fromApi(untagged(trunk, "description"), declared),
          name: trunk.name ?? declared.name,
          inboundSiteId: trunk.inboundSite?.id ?? "",
        }) as TrunkInputs,
      adoptId: props?.adoptId,
      outputs,
    }),

  async update(id, olds, news) {
    const trunk = await putMerged(id, declaredOf(olds), news);
    return { outs: outputs(news, trunk) };
  },

  async delete(id, props) {
    const c = client();
    await deleteWhenUnreferenced(c, {
      kind: "trunk",
      id,
      what: `Trunk "${props.name}" (${id})`,
      remove: () => api.remove(c, id),
      // A route still carries the trunk: the binding that put it there is gone (or never recorded
      // it, after lost responses). A deleted trunk cannot stay on a route, so take it off (under
      // the site's lock, like the bindings, and with the route's version); nothing then stays, and
      // the DELETE waits for Genesys to notice. Each route edited is said on the trunk in the
      // engine's log: it may be a route the stack does not manage, and the plan shows only the
      // trunk's delete.
      release: async (by) => {
        for (const r of by) {
          if (r.kind !== "outbound route" || !r.siteId) continue;
          const siteId = r.siteId;
          // Read again under the lock: the listing may predate a binding's change that held the lock.
          const { route, edited } = await underSiteLock(siteId, () =>
            routes.removeTrunks(c, siteId, r.id, [id]),
          );
          if (!edited) continue;
          const site = r.siteName ? `site "${r.siteName}" (${siteId})` : `site ${siteId}`;
          await tellEngine(
            ownerOf(props),
            `took this trunk off outbound route "${route?.name ?? r.name}" (${r.id}) on ${site} before deleting it: ` +
              `Genesys deletes no trunk a route still carries (the route's other settings are unchanged)`,
          );
        }
        return by.filter((r) => r.kind !== "outbound route" || !r.siteId);
      },
      fix: () =>
        `Remove it from what still uses it (an edge or another configuration), then run the destroy again.`,
    });
  },
});
