import * as pulumi from "@pulumi/pulumi";
import { Args } from "../common/resource";
import { ownerInput, OWNER_KEY } from "../common/ownership";
import { ShellResource } from "../common/shell";
import type { DigestAuth, ExtraPropertyValue, OutboundIdentity, SipTransport, TrunkInputs } from "./schema";

export type {
  DigestAuth,
  ExtraPropertyValue,
  OutboundIdentity,
  OverrideMethod,
  SipTransport,
  TrunkInputs,
} from "./schema";

/** Arguments of a {@link Trunk}. Every field is documented on {@link TrunkInputs}. */
export type TrunkArgs = Args<TrunkInputs>;

/**
 * A BYOC Cloud carrier trunk: a Genesys trunk base (`/api/v2/telephony/providers/edges/trunkbasesettings`)
 * on metabase `external_sip_pcv_byoc_carrier.json`, type EXTERNAL. Every change updates in place
 * (GET + PUT); nothing replaces it. Only the properties you declare are managed and compared;
 * defaults Genesys fills in never show as changes.
 *
 * `digest` (it holds the SIP password) is secret in inputs and outputs.
 *
 * Type token: `pulumi-nodejs:dynamic/genesys:Trunk`.
 */
export class Trunk extends ShellResource {
  /** Trunk name. */
  declare readonly name: pulumi.Output<string>;
  /** Id of the inbound ("number plan") site. */
  declare readonly inboundSiteId: pulumi.Output<string>;
  /** Id of the media site, if declared. */
  declare readonly siteId: pulumi.Output<string | undefined>;
  /** Description, if declared. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Whether the trunk is in service. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** SIP servers / proxies (`host[:port]`). */
  declare readonly sipServers: pulumi.Output<string[]>;
  /** SIP transport, if declared. */
  declare readonly transport: pulumi.Output<SipTransport | undefined>;
  /** Inbound SIP termination identifier (first label of the trunk's SIP FQDN), if declared. */
  declare readonly inboundSipTerminationIdentifier: pulumi.Output<string | undefined>;
  /** ACL allow list, if declared. */
  declare readonly aclAllowList: pulumi.Output<string[] | undefined>;
  /** Digest credentials as declared (secret). */
  declare readonly digest: pulumi.Output<DigestAuth | undefined>;
  /** Outbound identity as declared. */
  declare readonly outboundIdentity: pulumi.Output<OutboundIdentity | undefined>;
  /** Other metabase properties as declared. */
  declare readonly extraProperties: pulumi.Output<Record<string, ExtraPropertyValue> | undefined>;
  /** Genesys id of the trunk base (same as `id`). */
  declare readonly trunkId: pulumi.Output<string>;
  /** Genesys version of the trunk base. */
  declare readonly version: pulumi.Output<number>;
  /**
   * Where the carrier sends calls: `<inboundSipTerminationIdentifier>.byoc.<org domain>` (the
   * emulator's host name for a stack on the emulator); undefined without an identifier.
   */
  declare readonly sipTerminationFqdn: pulumi.Output<string | undefined>;

  /**
   * @param name Pulumi resource name (not the Genesys name).
   * @param args Trunk settings; see {@link TrunkInputs}.
   * @param opts Standard Pulumi resource options; `digest` is always added to `additionalSecretOutputs`.
   */
  constructor(name: string, args: TrunkArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      "trunk",
      "Trunk",
      name,
      {
        trunkId: undefined,
        version: undefined,
        sipTerminationFqdn: undefined,
        ...args,
        [OWNER_KEY]: ownerInput("Trunk", name, opts),
        // Secret as an input too, so the password is encrypted wherever the inputs are stored.
        digest: args.digest === undefined ? undefined : pulumi.secret(args.digest),
      },
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "digest"] },
    );
  }
}
