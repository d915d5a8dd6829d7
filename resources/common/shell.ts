/**
 * The serialized part of every dynamic provider: a thin shell that loads the real provider from
 * the package `genesys-byoc-pulumi` at run time.
 *
 * Pulumi stores each dynamic provider's code in state (in each resource's inputs and again in its
 * outputs) and runs that stored code on `destroy` and `refresh`. The stored shell holds no path
 * and no credential: in the provider process it resolves `genesys-byoc-pulumi/providers/<kind>`
 * with Node's module resolution from the project the process runs in (the engine starts it in the
 * project directory; GENESYS_PULUMI_PROJECT_DIR overrides). So a stack destroyed from a checkout
 * at another path works, `npm update` of the package brings provider fixes to existing stacks, and
 * this repository (whose package.json is that package) resolves its own compiled providers in
 * dist/ by Node's package self-reference. State holds about 2.4 KB of provider text per copy
 * (bench/ measures it).
 *
 * There is one shell object per kind: the SDK caches serialization per provider object, so a
 * program serializes each kind once however many resources it declares.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The resource kinds; each is a folder under resources/ with a provider.ts. */
export type ResourceKind = "location" | "site" | "trunk" | "outboundRouteBinding" | "numberPlans" | "didPool";

type Provider = pulumi.dynamic.ResourceProvider;

const shells = new Map<ResourceKind, Provider>();

/**
 * The dynamic provider for `kind`: the same object on every call, whose serialized form is only
 * this shell. Every method is a one-line forward to the real provider; they capture nothing but
 * `load`, which captures nothing but `kind`, so the stored text stays small.
 *
 * @param kind The resource kind (its folder under resources/).
 */
export function shellProvider(kind: ResourceKind): Provider {
  let shell = shells.get(kind);
  if (!shell) {
    // Runs inside the provider process: the package's provider, resolved from the project.
    const load = (): Provider => {
      const project = (process.env.GENESYS_PULUMI_PROJECT_DIR || process.cwd()) + "/package.json";
      return require("module").createRequire(project)("genesys-byoc-pulumi/providers/" + kind).provider;
    };
    shell = {
      configure: async (r) => load().configure?.(r),
      check: (o, n) => load().check!(o, n),
      diff: (i, o, n) => load().diff!(i, o, n),
      create: (n) => load().create(n),
      read: (i, p) => load().read!(i, p),
      update: (i, o, n) => load().update!(i, o, n),
      delete: (i, p) => load().delete!(i, p),
    };
    shells.set(kind, shell);
  }
  return shell;
}
