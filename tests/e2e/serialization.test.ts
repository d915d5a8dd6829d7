/**
 * What Pulumi stores in state for each provider: serialize every provider the way the engine
 * does and check that no credential, token or SDK client is in it, and that the stored shell
 * loads the real provider when run.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceKind, shellProvider } from "../../resources/common/shell";

const KINDS: ResourceKind[] = ["location", "site", "trunk", "outboundRouteBinding", "numberPlans", "didPool"];
const SECRET = "s3cr3t-client-secret-value";

describe("serialized providers", () => {
  beforeAll(() => {
    process.env.GENESYS_CLOUD_CLIENT_SECRET = SECRET;
    process.env.GENESYS_CLOUD_CLIENT_ID = "client-id-value";
  });
  afterAll(() => {
    delete process.env.GENESYS_CLOUD_CLIENT_SECRET;
    delete process.env.GENESYS_CLOUD_CLIENT_ID;
  });

  it.each(KINDS)("%s: no secret, no SDK client, small, and loads the real provider", async (kind) => {
    const provider = shellProvider(kind);
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(sf.containsSecrets).toBe(false);
    expect(sf.text).not.toContain(SECRET);
    expect(sf.text).not.toContain("client-id-value");
    expect(sf.text).not.toMatch(/purecloud-platform-client-v2|ApiClient|access_token|Bearer/);
    // One shell object per kind: the SDK serializes each kind once per program run.
    expect(shellProvider(kind)).toBe(provider);
    // The closure serializer emits about 170 bytes per function; the shell is 7 one-line
    // methods and a loader, stored in each resource's inputs and again in its outputs.
    expect(sf.text.length).toBeLessThan(2500);
    expect(sf.text).not.toContain("ts-node");

    // Run the stored text the way the provider host does, from the project directory.
    const requireFromString = require("require-from-string");
    const loaded = requireFromString(sf.text).handler() as pulumi.dynamic.ResourceProvider;
    const checked = await loaded.check!({}, {});
    expect(checked.failures?.length).toBeGreaterThan(0);
  });
});
