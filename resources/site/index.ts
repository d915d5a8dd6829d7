import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ownerInput, OWNER_KEY } from "../common/ownership";
import { ShellResource } from "../common/shell";
import type { EdgeAutoUpdate, MediaModel, PreservedSettings, SiteInputs } from "./schema";

export type { EdgeAutoUpdate, MediaModel, PreservedSettings, SiteInputs } from "./schema";

/** Arguments of a {@link Site}. Every field is documented on {@link SiteInputs}. */
export type SiteArgs = Args<SiteInputs>;

/**
 * A Genesys Cloud telephony site (`/api/v2/telephony/providers/edges/sites`) in a Location,
 * running on managed edge sites (for BYOC Cloud: "PureCloud Voice - AWS"). Trunks use it as
 * their inbound site. Every change updates in place (a whole-object PUT) except `mediaModel`,
 * which replaces the site (deleted first, because the name must stay unique).
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:Site`.
 */
export class Site extends ShellResource {
  /** Site name. */
  declare readonly name: pulumi.Output<string>;
  /** Id of the site's Location. */
  declare readonly locationId: pulumi.Output<string>;
  /** Ids of the primary edge sites. */
  declare readonly primarySiteIds: pulumi.Output<string[]>;
  /** Ids of the secondary edge sites (the primary ones unless declared). */
  declare readonly secondarySiteIds: pulumi.Output<string[]>;
  /** Media model (`Cloud` unless declared). */
  declare readonly mediaModel: pulumi.Output<MediaModel>;
  /** Edge auto-update window as declared (local `HH:mm` times). */
  declare readonly edgeAutoUpdate: pulumi.Output<EdgeAutoUpdate | undefined>;
  /** NTP servers as declared. */
  declare readonly ntpServers: pulumi.Output<string[] | undefined>;
  /** Caller id (E.164) as declared. */
  declare readonly callerId: pulumi.Output<string | undefined>;
  /** Caller name as declared. */
  declare readonly callerName: pulumi.Output<string | undefined>;
  /** Description as declared. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** The Genesys site id (same as `id`), e.g. for a trunk's inbound site. */
  declare readonly siteId: pulumi.Output<string>;
  /** Genesys version of the site. */
  declare readonly version: pulumi.Output<number>;
  /** Media regions as Genesys reports them (it adds the org's home region). */
  declare readonly mediaRegions: pulumi.Output<string[]>;
  /** Undeclared settings the provider sends back unchanged on every PUT. */
  declare readonly preserved: pulumi.Output<PreservedSettings>;

  /**
   * @param name Pulumi resource name (not the Genesys name).
   * @param args Site settings; see {@link SiteInputs}.
   * @param opts Standard Pulumi resource options.
   */
  constructor(name: string, args: SiteArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "site",
      "Site",
      name,
      {
        // Every output key must be present for the property to exist; check() fills the defaults.
        secondarySiteIds: undefined,
        mediaModel: undefined,
        edgeAutoUpdate: undefined,
        ntpServers: undefined,
        callerId: undefined,
        callerName: undefined,
        description: undefined,
        siteId: undefined,
        version: undefined,
        mediaRegions: undefined,
        preserved: undefined,
        ...args,
        [OWNER_KEY]: ownerInput("Site", name, opts),
      },
      opts,
    );
  }
}
