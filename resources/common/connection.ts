/**
 * How a provider reaches Genesys Cloud: stack config handed to `configure()`, else the
 * environment, resolved at call time so no credential is ever captured in a serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clientFor, GenesysClient } from "../../genesys/client";
import { ConfigSource, resolveConnection } from "../../genesys/config";

let stackConfig: ConfigSource | undefined;

/** `configure()` for every provider: remembers the stack config for this process. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = req.config;
}

/** The client for the configured org (shared by every resource in this process). */
export function client(): GenesysClient {
  return clientFor(resolveConnection(stackConfig));
}

/** Test hook: forget the configured stack config. */
export function resetConfiguration(): void {
  stackConfig = undefined;
}
