import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ownerInput, OWNER_KEY } from "../common/ownership";
import { ShellResource } from "../common/shell";
import type { DidPoolInputs } from "./schema";

export type { DidPoolInputs } from "./schema";

/** Arguments of a {@link DidPool}. Every field is documented on {@link DidPoolInputs}. */
export type DidPoolArgs = Args<DidPoolInputs>;

/**
 * A range of the customer's own phone numbers held by Genesys Cloud as a DID pool
 * (`/api/v2/telephony/providers/edges/didpools`). Numbers of a pool can then be assigned to users,
 * phones and call routing. Both ends are E.164 numbers of one country with the same number of
 * digits; the range may not overlap another pool of the org (checked at create, the error names
 * that pool). Every change, the range included, updates in place (PUT); nothing replaces it.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:DidPool`.
 */
export class DidPool extends ShellResource {
  /** First number of the range (E.164). */
  declare readonly startPhoneNumber: pulumi.Output<string>;
  /** Last number of the range (E.164). */
  declare readonly endPhoneNumber: pulumi.Output<string>;
  /** Description as declared (without the ownership tag Genesys stores with it). */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Comments as declared. */
  declare readonly comments: pulumi.Output<string | undefined>;
  /** Genesys version of the pool. */
  declare readonly version: pulumi.Output<number>;

  /**
   * @param name Pulumi resource name (Genesys names a pool by its range).
   * @param args The range and texts; see {@link DidPoolInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: DidPoolArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "didPool",
      "DidPool",
      name,
      {
        version: undefined,
        ...args,
        [OWNER_KEY]: ownerInput("DidPool", name, opts),
      },
      opts,
    );
  }
}
