/**
 * What the provider plugin serves, by name: the package, its custom resources (one per folder
 * under resources/), its component and its functions. The schema generator (plugin/schema) and the
 * plugin itself both read this table; it loads no provider code.
 */
import type { ResourceKind } from "../resources/common/shell";

/** The package's name: its tokens are `genesys-byoc:index:<Name>`. */
export const PACKAGE = "genesys-byoc";

/** The token of `name` in the package's only module. */
export function token(name: string): string {
  return `${PACKAGE}:index:${name}`;
}

/** A custom resource of the plugin: its type name and the folder under resources/ it comes from. */
export interface ResourceEntry {
  /** The type name (`Trunk`): the token is `genesys-byoc:index:Trunk`. */
  name: string;
  /** Its folder under resources/: schema.ts (`<Name>Inputs`, `<Name>Outputs`), provider.ts, index.ts (the class). */
  folder: ResourceKind;
  /**
   * How `pulumi import` names the object: the id format, as the schema documents it. Default: the
   * Genesys id of the object.
   */
  importId?: string;
}

/** The custom resources, in the order the schema lists them. */
export const RESOURCES: readonly ResourceEntry[] = [
  { name: "Location", folder: "location" },
  { name: "Site", folder: "site" },
  { name: "Trunk", folder: "trunk" },
  {
    name: "OutboundRouteBinding",
    folder: "outboundRouteBinding",
    importId: "`<siteId>:<routeId>`: the site's id, a colon, and the route's id",
  },
  { name: "NumberPlans", folder: "numberPlans", importId: "the site's id (one NumberPlans per site)" },
  { name: "DidPool", folder: "didPool" },
];

/** The component's type name (its class is `ByocTelephony` in lib/component.ts). */
export const COMPONENT = "ByocTelephony";

/** The functions (lib/lookups.ts): name, and the interfaces of its arguments and its result. */
export const FUNCTIONS = [
  { name: "getEdgeSite", args: "GetEdgeSiteArgs", result: "GetEdgeSiteResult" },
  { name: "getOrganization", args: undefined, result: "GetOrganizationResult" },
] as const;
