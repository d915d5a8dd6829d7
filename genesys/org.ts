/**
 * Org-level reads: the org itself, its enabled products and the managed edge site.
 *
 * | function           | HTTP                                                        |
 * |--------------------|-------------------------------------------------------------|
 * | hasProduct         | GET /api/v2/authorization/products                          |
 * | findSiteByName     | GET /api/v2/telephony/providers/edges/sites?name=…  (paged) |
 * | getOrganization    | GET /api/v2/organizations/me                                |
 */
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "./client";

/** Whether the org has `productId` (e.g. `byoc`) among its enabled products. */
export async function hasProduct(client: GenesysClient, productId: string): Promise<boolean> {
  const products = await client.call<Models.OrganizationProductEntityListing>(
    "GET /api/v2/authorization/products",
    (a) => a.authorization.getAuthorizationProducts(),
  );
  return (products.entities ?? []).some((p) => p.id === productId);
}

/** The site with exactly this name (managed or not), looked up across all pages. */
export async function findSiteByName(client: GenesysClient, name: string): Promise<Models.Site | undefined> {
  const sites = await client.listAll<Models.Site>(
    "GET /api/v2/telephony/providers/edges/sites",
    (a, pageNumber) =>
      a.edges.getTelephonyProvidersEdgesSites({ pageSize: 100, pageNumber, name, sortBy: "name" }),
  );
  return sites.find((s) => s.name === name && s.state !== "deleted");
}

/** The org the client logs in to (`/api/v2/organizations/me`). */
export async function getOrganization(client: GenesysClient): Promise<Models.Organization> {
  return client.call<Models.Organization>("GET /api/v2/organizations/me", (a) =>
    a.organization.getOrganizationsMe(),
  );
}
