/**
 * Lookups in Pulumi's style, for a program's own preflight or wiring: each reads the org through
 * the program's connection (its `genesys:*` config, else the `GENESYS_CLOUD_*` environment), with
 * GETs only, and fails with one line naming what to fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { programConnection, programFailure } from "./org";
import { clientFor, type GenesysClient } from "../genesys/client";
import { findSiteByName, getOrganization as readOrganization, hasProduct } from "../genesys/org";

/** Arguments of {@link getEdgeSite}. */
export interface GetEdgeSiteArgs {
  /** The site's exact name, e.g. `PureCloud Voice - AWS` (the managed edge site BYOC Cloud sites run on). */
  name: string;
}

/** What {@link getEdgeSite} finds. */
export interface GetEdgeSiteResult {
  /** The site's id: a `Site`'s `primarySiteIds`/`secondarySiteIds` take it. */
  id: string;
  /** The site's name. */
  name: string;
}

/** Arguments of {@link getEdgeSiteOutput}: those of {@link getEdgeSite}, each may be an Input. */
export interface GetEdgeSiteOutputArgs {
  /** The site's exact name. */
  name: pulumi.Input<string>;
}

/** What {@link getOrganization} finds. */
export interface GetOrganizationResult {
  /** The org's id. */
  id: string;
  /** The org's name. */
  name: string;
  /** Whether the org has the `byoc` product (BYOC Cloud), without which no BYOC trunk can be created. */
  byocEnabled: boolean;
}

/** Runs `read` with the program's client; a failure becomes one plain line. */
async function withClient<T>(read: (client: ReturnType<typeof clientFor>) => Promise<T>): Promise<T> {
  const settings = programConnection();
  try {
    return await read(clientFor(settings));
  } catch (err) {
    throw programFailure(err, settings);
  }
}

/**
 * The site with exactly this name (managed or not), e.g. the managed edge site a BYOC Cloud site
 * runs on. Rejects, naming the site, when there is none.
 *
 * @param args The site's name.
 */
export function getEdgeSite(args: GetEdgeSiteArgs): Promise<GetEdgeSiteResult> {
  return withClient((client) => edgeSiteIn(client, args));
}

/**
 * {@link getEdgeSite} through `client` (the provider plugin's function uses it too).
 *
 * @param client The org's client.
 * @param args The site's name.
 */
export async function edgeSiteIn(client: GenesysClient, args: GetEdgeSiteArgs): Promise<GetEdgeSiteResult> {
  const site = await findSiteByName(client, args.name);
  if (!site?.id) {
    throw new pulumi.RunError(`The org at ${client.target} has no site named "${args.name}".`);
  }
  return { id: site.id, name: site.name ?? args.name };
}

/**
 * {@link getEdgeSite} for Inputs: an Output of the site found.
 *
 * @param args The site's name, which may be an Input.
 */
export function getEdgeSiteOutput(args: GetEdgeSiteOutputArgs): pulumi.Output<GetEdgeSiteResult> {
  return pulumi.output(args.name).apply((name) => getEdgeSite({ name }));
}

/** The org the program's credentials log in to: its id, name and whether BYOC Cloud is enabled. */
export function getOrganization(): Promise<GetOrganizationResult> {
  return withClient(organizationOf);
}

/**
 * {@link getOrganization} through `client` (the provider plugin's function uses it too).
 *
 * @param client The org's client.
 */
export async function organizationOf(client: GenesysClient): Promise<GetOrganizationResult> {
  const [org, byoc] = await Promise.all([readOrganization(client), hasProduct(client, "byoc")]);
  return { id: org.id ?? "", name: org.name ?? "", byocEnabled: byoc };
}
