/**
 * What Pulumi stores in state for each provider: the shell text every resource carries under
 * `__provider` holds no credential, token or SDK client, stays small, is the same for every
 * resource of a kind, and loads the real provider when run the way the provider host runs it.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceKind, shellSource } from "../../resources/common/shell";

const KINDS: ResourceKind[] = ["location", "site", "trunk", "outboundRouteBinding", "numberPlans", "didPool"];
const SECRET = "s3cr3t-client-secret-value";

describe("stored providers", () => {
  beforeAll(() => {
    process.env.GENESYS_CLOUD_CLIENT_SECRET = SECRET;
    process.env.GENESYS_CLOUD_CLIENT_ID = "client-id-value";
  });
  afterAll(() => {
    delete process.env.GENESYS_CLOUD_CLIENT_SECRET;
    delete process.env.GENESYS_CLOUD_CLIENT_ID;
  });

  it.each(KINDS)("%s: no secret, no SDK client, small, and loads the real provider", async (kind) => {
    const text = shellSource(kind);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain("client-id-value");
    expect(text).not.toMatch(/purecloud-platform-client-v2|ApiClient|access_token|Bearer/);
    expect(text).not.toContain("ts-node");
    expect(text).not.toContain(process.cwd()); // no path of this machine
    // Stored (as JSON) in each resource's inputs and again in its outputs: under 1 KB in all.
    expect(JSON.stringify(text).length).toBeLessThan(512);
    expect(shellSource(kind)).toBe(text);

    // Run the stored text the way the provider host does (require-from-string, then handler()),
    // from the project directory: it must reach this kind's real provider.
    const requireFromString = require("require-from-string");
    const loaded = requireFromString(text).handler() as pulumi.dynamic.ResourceProvider;
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"] as const)
      expect(typeof loaded[method]).toBe("function");
    const checked = await loaded.check!({}, {});
    expect(checked.failures?.length).toBeGreaterThan(0);
  });
});
