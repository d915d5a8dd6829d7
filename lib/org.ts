/**
 * The program's connection to the org: its settings (the program's `genesys:*` config, else the
 * `GENESYS_CLOUD_*` environment), failures as one plain line, and the preflight the component runs
 * before it declares anything.
 */
import * as pulumi from "@pulumi/pulumi";
import { clientFor, clientKey } from "../genesys/client";
import { readCommandCache, writeCommandCache } from "../genesys/commandCache";
import { ConfigSource, ConfigurationError, ConnectionSettings, resolveConnection } from "../genesys/config";
import { describeFailure } from "../genesys/errors";
import { findSiteByName, hasProduct } from "../genesys/org";
import { DEFAULT_EDGE_SITE } from "../resources/site/settings";

/** What the preflight learned about the org. */
export interface OrgFacts {
  /** Id of the managed edge site the new site runs on. */
  edgeSiteId: string;
}

/** The program's stack config as the client layer reads it (`genesys:region`, `genesys:clientSecret`, …). */
export const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/**
 * The connection settings of the running program (its `genesys:*` config, else the
 * `GENESYS_CLOUD_*` environment), a bad setting reported as one plain line.
 */
export function programConnection(): ConnectionSettings {
  try {
    return resolveConnection(programConfig);
  } catch (err) {
    throw err instanceof ConfigurationError ? new pulumi.RunError(err.message) : err;
  }
}

/** `err` as the user reads it: one line naming the host or setting to fix, never a stack trace. */
export function programFailure(err: unknown, settings: ConnectionSettings): Error {
  return err instanceof pulumi.RunError
    ? err
    : new pulumi.RunError(describeFailure(err, clientFor(settings).target));
}

/**
 * Checks the org before anything is planned: BYOC must be enabled and the managed edge site must
 * exist. Fails with a clear message, so nothing is created, otherwise. The two look-ups run in
 * parallel; what they found is kept for the rest of the same CLI command (see
 * genesys/commandCache.ts), so the update pass of `pulumi up` does not ask again.
 *
 * @param settings Where the org is and how to log in.
 * @param edgeSiteName The managed edge site to look for.
 */
export async function preflight(
  settings: ConnectionSettings,
  edgeSiteName = DEFAULT_EDGE_SITE,
): Promise<OrgFacts> {
  const key = `preflight\n${edgeSiteName}\n${clientKey(settings)}`;
  const cached = readCommandCache<OrgFacts>(key);
  if (cached?.edgeSiteId) return cached;

  const client = clientFor(settings);
  const [byoc, edge] = await Promise.allSettled([
    hasProduct(client, "byoc"),
    findSiteByName(client, edgeSiteName),
  ]);
  if (byoc.status === "rejected") throw byoc.reason;
  if (!byoc.value) {
    throw new pulumi.RunError(
      `The Genesys Cloud org at ${client.target} does not have the "byoc" product, so BYOC Cloud trunks cannot ` +
        `be created there. Ask Genesys to enable BYOC Cloud for the org, or point the stack at another org.`,
    );
  }
  if (edge.status === "rejected") throw edge.reason;
  if (!edge.value?.id) {
    throw new pulumi.RunError(
      `The org at ${client.target} has no site named "${edgeSiteName}" (the managed edge site BYOC Cloud ` +
        `sites run on). Check site.edgeSiteName in the stack config.`,
    );
  }
  const facts = { edgeSiteId: edge.value.id };
  writeCommandCache(key, facts);
  return facts;
}
