/**
 * The package `genesys-byoc-pulumi`: Genesys Cloud BYOC Cloud telephony for any Pulumi program.
 *
 * - the resources `Location`, `Site`, `Trunk`, `OutboundRouteBinding`, `NumberPlans`, `DidPool` (Pulumi dynamic resources);
 * - the component `ByocTelephony`, which builds all of them for one site, or for several sites
 *   with their number plans and DID pools (`sites`, `didPools`), after a preflight;
 * - the lookups `getEdgeSite`/`getEdgeSiteOutput` and `getOrganization`.
 *
 * The emulator for tests is `genesys-byoc-pulumi/emulator` (and the bin `genesys-cloud-emulator`).
 * Connection: the program's `genesys:*` config (region or apiUrl, clientId, clientSecret), else the
 * `GENESYS_CLOUD_*` environment variables.
 */
export * from "../resources/location";
export * from "../resources/site";
export * from "../resources/trunk";
export * from "../resources/outboundRouteBinding";
export * from "../resources/numberPlans";
export * from "../resources/didPool";
export { ByocTelephony, BYOC_TELEPHONY_TYPE } from "./component";
export type {
  ByocTelephonyArgs,
  ByocTelephonyOptions,
  CarrierArgs,
  CarrierOutputs,
  DidPoolRangeOutputs,
  DidPoolsOutputs,
  EstateSiteArgs,
  EstateSiteOutputs,
  RouteOutputs,
} from "./args";
export { DEFAULT_EDGE_SITE, type SiteConfig } from "../resources/site/settings";
export type { LocationConfig } from "../resources/location/settings";
export type { SipTrunkConfig } from "../resources/trunk/settings";
export type { RouteConfig } from "../resources/outboundRouteBinding/settings";
export * from "./lookups";
