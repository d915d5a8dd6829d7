/**
 * The serialized part of every dynamic provider: a thin shell that loads the real provider from
 * the project at run time.
 *
 * Pulumi stores each dynamic provider's code in state and runs that stored code on `destroy` and
 * `refresh`. Keeping the stored part to this shell means state holds a few hundred bytes per
 * resource, never a credential, token or SDK client, and that fixes to a provider reach existing
 * stacks. The provider process runs with the project directory as its working directory
 * (override with GENESYS_PULUMI_PROJECT_DIR); TypeScript sources load through ts-node.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds; each is a folder under resources/ with a provider.ts. */
export type ResourceKind = "location" | "site" | "trunk" | "outboundRouteBinding";

/** Loads `resources/<kind>/provider` from the project. Runs inside the provider process. */
function loadProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const path = require("path");
  const root = process.env.GENESYS_PULUMI_PROJECT_DIR || process.cwd();
  if (!require.extensions[".ts"]) {
    require("ts-node").register({ transpileOnly: true, project: path.join(root, "tsconfig.json") });
  }
  return require(path.join(root, "resources", kind, "provider")).provider;
}

/** A dynamic provider for `kind` whose serialized form is only this shell. */
export function shellProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const impl = () => loadProvider(kind);
  return {
    configure: async (req) => impl().configure?.(req),
    check: async (olds, news) => impl().check!(olds, news),
    diff: async (id, olds, news) => impl().diff!(id, olds, news),
    create: async (inputs) => impl().create(inputs),
    read: async (id, props) => impl().read!(id, props),
    update: async (id, olds, news) => impl().update!(id, olds, news),
    delete: async (id, props) => impl().delete!(id, props),
  };
}
