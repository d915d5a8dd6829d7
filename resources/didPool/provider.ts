/**
 * DID pool provider.
 *
 * | verb   | HTTP calls                                                                                   |
 * |--------|----------------------------------------------------------------------------------------------|
 * | check  | none                                                                                         |
 * | diff   | none                                                                                         |
 * | create | GET /didpools (every page): a pool this resource made in an interrupted run (its ownership tag, see ../common/ownership) is taken back (+ GET /{id} + PUT /{id} only when it differs); any other pool sharing a number stops the create, naming it and adoptId; else POST /didpools (1); after an ambiguous failure or a refusal as a duplicate + GET /didpools, by the same rule; none found after an ambiguous failure: POST once more (../common/lifecycle `createOwned`); adoptId: GET /{id} + GET /didpools + PUT /{id} only when something differs |
 * | read   | GET /didpools/{id} (1)                                                                       |
 * | update | range changed: GET /didpools (every page: overlap check); then GET /{id} + PUT /{id} with the version just read (2); on a version conflict both again (bounded); gone → says to refresh, then up |
 * | delete | DELETE /didpools/{id} (1; 404 = done; numbers still assigned → fails at once, saying to unassign them) |
 *
 * A range change updates the pool in place: Genesys's Terraform provider sends the range in every
 * PUT and stopped replacing the pool on a range change (its ForceNew was removed), so the API
 * takes a new range on PUT. That keeps the pool's id, and there is never a moment where the old
 * and the new range are both taken (a replace would have to delete first anyway, since the two
 * ranges usually overlap).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import * as api from "../../genesys/didPools";
import { GenesysError } from "../../genesys/errors";
import { client, configure, userFacing } from "../common/connection";
import { changedKeys } from "../common/diff";
import {
  checkWith,
  createOrAdopt,
  createOwned,
  diffDeclared,
  madeBy,
  readAsDeclared,
  restrictToDeclared,
  updateVersioned,
} from "../common/lifecycle";
import { ownerOf, untagged, withTag } from "../common/ownership";
import { fromApi, toCreateBody, toPutBody } from "./mapping";
import { DIFF_KEYS, DidPoolInputs, DidPoolOutputs, checkDidPool, rangesOverlap, showRange } from "./schema";

const KIND = "DidPool";

function outputs(inputs: DidPoolInputs, pool: Models.DIDPool): DidPoolOutputs {
  return { ...inputs, version: pool.version ?? 1 };
}

/** Inputs without the computed output keys (olds from state carry them). */
function declaredOf(o: Partial<DidPoolOutputs>): Partial<DidPoolInputs> {
  const { version: _v, ...rest } = o;
  return rest;
}

function label(i: Partial<DidPoolInputs>, id?: string): string {
  return `${KIND} ${showRange(i)}${id ? ` (${id})` : ""}`;
}

/** The first pool of `pools` (other than `selfId`) that shares a number with the declared range. */
function overlapping(pools: Models.DIDPool[], i: DidPoolInputs, selfId?: string): Models.DIDPool | undefined {
  return pools.find(
    (p) =>
      p.id !== selfId &&
      p.startPhoneNumber !== undefined &&
      p.endPhoneNumber !== undefined &&
      rangesOverlap(p as DidPoolInputs, i),
  );
}

/** The one-line error for a range that another pool already holds in part. */
function overlapError(i: DidPoolInputs, other: Models.DIDPool, verb: string, id?: string): Error {
  return new Error(
    `${label(i, id)} could not be ${verb}: its numbers overlap DID pool ${other.id} ` +
      `(${showRange(other as DidPoolInputs)}), and a number can be in one pool only. Change ` +
      `startPhoneNumber/endPhoneNumber so the ranges do not overlap, or, if that pool should be managed ` +
      `by this stack, declare its range and set adoptId to ${other.id}.`,
  );
}

/** The description to store: the declared one with this resource's ownership tag. */
function storedDescription(i: DidPoolInputs): string | undefined {
  return withTag(i.description, ownerOf(i));
}

/** GET (unless `alreadyRead`) → PUT the declared range and texts onto it with the version read; on a version conflict both again (bounded). */
async function putDeclared(
  id: string,
  next: DidPoolInputs,
  alreadyRead?: Models.DIDPool,
): Promise<Models.DIDPool> {
  const c = client();
  return updateVersioned({
    kind: KIND,
    name: showRange(next),
    id,
    label: label(next, id),
    read: () => api.get(c, id),
    write: (current) => api.put(c, id, toPutBody(current, next, storedDescription(next))),
    first: alreadyRead,
  });
}

/** Takes over an existing pool (adoptId, or one this resource made in an interrupted run): PUTs only what differs. */
async function adopt(
  id: string,
  existing: Models.DIDPool,
  inputs: DidPoolInputs,
  pools: Models.DIDPool[],
): Promise<Models.DIDPool> {
  const other = overlapping(pools, inputs, id);
  if (other) throw overlapError(inputs, other, "adopted", id);
  // Compared without an ownership tag, as `read` does: taking over a pool that matches writes
  // nothing (an adopted pool gets this resource's tag with its first update).
  const seen = fromApi(untagged(existing, "description"));
  const differs = changedKeys<DidPoolInputs>(seen, inputs, DIFF_KEYS).length > 0;
  return differs ? putDeclared(id, inputs, existing) : existing;
}

export const provider: pulumi.dynamic.ResourceProvider<DidPoolInputs, DidPoolOutputs> = userFacing({
  configure,

  check: checkWith(checkDidPool),

  diff: diffDeclared<DidPoolInputs>(DIFF_KEYS),

  async create(inputs) {
    const c = client();
    const owner = ownerOf(inputs);
    let listed: Models.DIDPool[] = []; // the org's pools as last listed (the take-back checks the others)
    const list = async () => (listed = await api.list(c));
    const { id, object } = await createOrAdopt({
      kind: "DID pool",
      inputs,
      get: (id) => api.get(c, id),
      adopt: async (existing) => adopt(existing.id!, existing, inputs, await list()),
      create: () =>
        createOwned<Models.DIDPool>({
          kind: "DID pool",
          name: showRange(inputs),
          owner,
          tagText: (p) => p.description,
          notOurs: (other) => overlapError(inputs, other, "created"),
          // The org's pools, listed first: this resource's own pool from a run that was interrupted (its
          // tag, wherever its range is now) is taken back; a pool sharing a number stops the create.
          before: async () => {
            const pools = await list();
            return pools.find((p) => madeBy(owner, p.description)) ?? overlapping(pools, inputs);
          },
          create: () => api.create(c, toCreateBody(inputs, storedDescription(inputs))),
          // No pool held the range a moment ago: one that does now is what a lost POST made, if it
          // carries the tag; the range is the pool's only unique value, so every duplicate is about it.
          find: async () => overlapping(await list(), inputs),
          aboutName: () => true,
          adopt: (own) => adopt(own.id!, own, inputs, listed),
        }),
    });
    return { id, outs: outputs(inputs, object) };
  },

  read: (id, props) =>
    readAsDeclared({
      id,
      get: () => api.get(client(), id),
      declared: props && declaredOf(props),
      // Without stored state (`pulumi import`), everything the pool has is declared.
      imported: (pool) => fromApi(untagged(pool, "description")),
      seen: (pool, declared) => {
        const seen = fromApi(untagged(pool, "description"));
        return {
          ...restrictToDeclared(seen, declared, DIFF_KEYS),
          startPhoneNumber: seen.startPhoneNumber,
          endPhoneNumber: seen.endPhoneNumber,
        } as DidPoolInputs;
      },
      adoptId: props?.adoptId,
      outputs,
    }),

  async update(id, olds, news) {
    const rangeChanged =
      changedKeys<DidPoolInputs>(olds, news, ["startPhoneNumber", "endPhoneNumber"]).length > 0;
    if (rangeChanged) {
      const other = overlapping(await api.list(client()), news, id);
      if (other) throw overlapError(news, other, "updated", id);
    }
    const pool = await putDeclared(id, news);
    return { outs: outputs(news, pool) };
  },

  async delete(id, props) {
    // Genesys refuses to delete a pool whose numbers are assigned (a 409, reference §4.5.1). That
    // is a reference that stays until someone unassigns them, not a lag: not retried.
    try {
      await api.remove(client(), id);
    } catch (err) {
      if (!(err instanceof GenesysError && err.isStillReferenced)) throw err;
      throw new Error(
        `${label(props, id)} could not be deleted: Genesys says its numbers are still in use (${err.apiMessage}). ` +
          `Unassign them from the users, phones and call routing that use them (or destroy those first), then run ` +
          `the destroy again.`,
      );
    }
  },
});
