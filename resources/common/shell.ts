/**
 * The stored part of every dynamic provider: a thin shell that loads the real provider from the
 * package `genesys-byoc-pulumi` at run time, and the base class of every dynamic resource.
 *
 * Pulumi stores each dynamic provider's code in state (in each resource's inputs and again in its
 * outputs, under `__provider`) and its provider host runs that text, as a CommonJS module whose
 * `handler()` returns the provider, for every check, diff, create, read, update and delete. The
 * shell holds no path and no credential: in the provider process it resolves
 * `genesys-byoc-pulumi/providers/<kind>` with Node's module resolution from the project the
 * process runs in (the engine starts it in the project directory; GENESYS_PULUMI_PROJECT_DIR
 * overrides). So a stack destroyed from a checkout at another path works, `npm update` of the
 * package brings provider fixes to existing stacks, and this repository (whose package.json is
 * that package) resolves its own compiled providers in dist/ by Node's package self-reference.
 *
 * The text is written here, once per kind, rather than produced by `pulumi.dynamic.Resource`'s
 * closure serializer: that serializer inspects the function through the V8 inspector and parses
 * it with TypeScript, about 0.2 s of CPU for the first kind and 20 ms for each other, in every
 * program run (twice per `pulumi up`), for a text that never changes; and it wraps each function
 * in about 200 bytes, stored twice per resource. The text is the format the provider host has
 * always run (states written by the serializer hold the same shape), and the diff ignores
 * `__provider`, so a stack written by either form reads, diffs and deletes with the other.
 */
import * as pulumi from "@pulumi/pulumi";
import { TOKEN_MODULE } from "./resource";

/** The resource kinds; each is a folder under resources/ with a provider.ts. */
export type ResourceKind = "location" | "site" | "trunk" | "outboundRouteBinding" | "numberPlans" | "didPool";

/** The input (and output) under which Pulumi's dynamic provider host finds a resource's provider. */
const PROVIDER_KEY = "__provider";

/** The provider methods the shell forwards: every one the dynamic provider host may call. */
const METHODS = ["configure", "check", "diff", "create", "read", "update", "delete"];

/**
 * The stored text of `kind`'s provider: a CommonJS module whose `handler()` returns a provider
 * whose every method forwards to the package's provider for `kind` (loaded on the first call).
 * Kept under 512 bytes, so the two copies each resource stores stay under 1 KB.
 *
 * @param kind The resource kind (its folder under resources/).
 */
export function shellSource(kind: ResourceKind): string {
  const module = JSON.stringify(`genesys-byoc-pulumi/providers/${kind}`);
  return `exports.handler = () => {
  const load = () => require("module").createRequire((process.env.GENESYS_PULUMI_PROJECT_DIR || process.cwd()) + "/package.json")(${module}).provider;
  const shell = {};
  for (const m of ${JSON.stringify(METHODS)}) shell[m] = (...a) => load()[m](...a);
  return shell;
};
`;
}

/**
 * A dynamic resource of this package: what `pulumi.dynamic.Resource` declares (the type token
 * `pulumi-nodejs:dynamic/genesys:<type>`, the provider under `__provider`), with the provider as
 * {@link shellSource}'s text.
 */
export abstract class ShellResource extends pulumi.CustomResource {
  /**
   * @param kind The resource kind, whose provider the resource runs.
   * @param type The type token's last part, e.g. `Location`.
   * @param name Pulumi resource name.
   * @param props The resource's inputs (and its outputs, as undefined).
   * @param opts Standard Pulumi resource options.
   */
  protected constructor(
    kind: ResourceKind,
    type: string,
    name: string,
    props: pulumi.Inputs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      `pulumi-nodejs:dynamic/${TOKEN_MODULE}:${type}`,
      name,
      { ...props, [PROVIDER_KEY]: shellSource(kind) },
      opts,
    );
  }
}
