import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ownerInput, OWNER_KEY } from "../common/ownership";
import { ShellResource } from "../common/shell";
import type { Address, EmergencyNumber, LocationInputs } from "./schema";

export type { Address, EmergencyNumber, LocationInputs } from "./schema";

/** Arguments of a {@link Location}. Every field is documented on {@link LocationInputs}. */
export type LocationArgs = Args<LocationInputs>;

/**
 * A Genesys Cloud location (`/api/v2/locations`): name, emergency number and address. Sites
 * refer to it. Every change updates in place (PATCH); nothing replaces it.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:Location`.
 */
export class Location extends ShellResource {
  /** Location name. */
  declare readonly name: pulumi.Output<string>;
  /** Emergency number as declared. */
  declare readonly emergencyNumber: pulumi.Output<EmergencyNumber | undefined>;
  /** Address as declared. */
  declare readonly address: pulumi.Output<Address | undefined>;
  /** Genesys version of the location. */
  declare readonly version: pulumi.Output<number>;
  /** The emergency number as Genesys normalised it (E.164). */
  declare readonly emergencyE164: pulumi.Output<string | undefined>;

  /**
   * @param name Pulumi resource name (not the Genesys name).
   * @param args Location settings; see {@link LocationInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: LocationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "location",
      "Location",
      name,
      {
        version: undefined,
        emergencyE164: undefined,
        ...args,
        [OWNER_KEY]: ownerInput("Location", name, opts),
      },
      opts,
    );
  }
}
