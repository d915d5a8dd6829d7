/**
 * DID pool: pure mapping between declared inputs and Genesys API bodies.
 */
import type { Models } from "purecloud-platform-client-v2";
import type { DidPoolInputs } from "./schema";

/**
 * The POST body for a new pool. `description` is the text to store (the declared one with the
 * ownership tag, see ../common/ownership). No `provider`: numbers the customer brings stay
 * without one (Genesys's own Terraform provider creates pools without it), and no `name`: the
 * API names the pool itself (its Terraform provider never sends one either).
 */
export function toCreateBody(i: DidPoolInputs, description: string | undefined): Models.DIDPool {
  return {
    startPhoneNumber: i.startPhoneNumber,
    endPhoneNumber: i.endPhoneNumber,
    ...(description !== undefined && { description }),
    ...(i.comments !== undefined && { comments: i.comments }),
  } as Models.DIDPool;
}

/**
 * The PUT body: the pool as just read (`current`, which keeps what this resource does not manage,
 * such as `provider` and `name`) with the declared range and texts and `current`'s version. A
 * text that is not declared is sent as `""`, which clears it.
 */
export function toPutBody(
  current: Models.DIDPool,
  i: DidPoolInputs,
  description: string | undefined,
): Models.DIDPool {
  return {
    ...current,
    startPhoneNumber: i.startPhoneNumber,
    endPhoneNumber: i.endPhoneNumber,
    description: description ?? "",
    comments: i.comments ?? "",
  };
}

/** The API object seen as declared inputs (for drift detection on refresh); empty texts are absent. */
export function fromApi(pool: Models.DIDPool): DidPoolInputs {
  return {
    startPhoneNumber: pool.startPhoneNumber ?? "",
    endPhoneNumber: pool.endPhoneNumber ?? "",
    ...(pool.description && { description: pool.description }),
    ...(pool.comments && { comments: pool.comments }),
  };
}
