/**
 * Stack wiring of the estate form (`sites`, `didPools`) with Pulumi runtime mocks: the children's
 * names per site key, the trunks' inbound sites, which route bindings wait for their site's number
 * plans, and the stack outputs. The component's preflight reads an in-process emulator.
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../program/config";
import type { EstateOutputs } from "../../program/stack";
import { mockStack, Registered } from "../helpers/mocks";
import type { ProviderEnv } from "../helpers/providers";

const registered: Registered[] = [];
/** Per route binding's name: the names of the resources it depends on. */
const dependsOn = new Map<string, pulumi.Resource[]>();
/** Each DID pool declared: its URN and its aliases. */
const pools: { urn: pulumi.Output<string>; aliases: unknown }[] = [];

jest.mock("../../resources/outboundRouteBinding", () => {
  const actual = jest.requireActual("../../resources/outboundRouteBinding");
  return {
    ...actual,
    OutboundRouteBinding: class extends actual.OutboundRouteBinding {
      constructor(name: string, args: unknown, opts?: pulumi.CustomResourceOptions) {
        super(name, args, opts);
        dependsOn.set(name, [opts?.dependsOn ?? []].flat() as pulumi.Resource[]);
      }
    },
  };
});

jest.mock("../../resources/didPool", () => {
  const actual = jest.requireActual("../../resources/didPool");
  return {
    ...actual,
    DidPool: class extends actual.DidPool {
      constructor(name: string, args: unknown, opts?: pulumi.CustomResourceOptions) {
        super(name, args, opts);
        pools.push({ urn: (this as unknown as pulumi.Resource).urn, aliases: opts?.aliases });
      }
    },
  };
});

let env: ProviderEnv;
afterAll(() => env?.close());
beforeAll(async () => {
  env = await mockStack(registered, (id) => `${id}-route`);
});

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

const carrier = (key: string, inboundSite?: string) => ({
  key,
  resourceName: `trunk-${key}`,
  configPath: `carriers.${key}`,
  trunk: {
    externalTrunkName: key,
    sipServers: [`sip.${key}.example`],
    inboundSipTerminationIdentifier: key,
    ...(inboundSite && { inboundSite }),
  },
});

const cfg: StackConfig = {
  namePrefix: "test-",
  protect: false,
  // "us" names no site; "gb" is used first by london (key order: indy, london); "eu" says where.
  carriers: [carrier("us"), carrier("gb"), carrier("eu", "indy")],
  routes: [],
  sites: {
    indy: {
      location: { name: "Indy", number: "+13175550100", street1: "1 Main St", city: "Indy", country: "US" },
      site: { name: "Indy" },
      routes: [{ carriers: ["us"] }],
    },
    london: {
      location: {
        name: "London",
        number: "+442071838750",
        street1: "1 High St",
        city: "London",
        country: "GB",
      },
      site: { name: "London" },
      numberPlans: [{ name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: "^\\+447" }],
      routes: [
        { carriers: ["gb"] },
        { name: "UK Mobile", carriers: ["gb", "us"], classificationTypes: ["UK Mobile"] },
        { name: "Intl", carriers: ["eu"], classificationTypes: ["International"] },
      ],
    },
  },
  didPools: [{ startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" }],
};

describe("the estate form (sites)", () => {
  it("names each site's children after its key, shares the trunks, and waits for the plans a route uses", async () => {
    const { run } = await import("../../program/stack");
    const out = (await run(cfg)) as EstateOutputs;
    const sites = await output(out.sites);

    const children = registered.filter((r) => r.type !== "genesys-byoc:index:ByocTelephony");
    // Registration order follows input resolution, so the names are compared as a set.
    expect(children.map((r) => r.name).sort()).toEqual(
      [
        "byoc-indy-location",
        "byoc-indy-site",
        "byoc-london-location",
        "byoc-london-site",
        "byoc-london-numberplans",
        "byoc-trunk-us",
        "byoc-trunk-gb",
        "byoc-trunk-eu",
        "byoc-indy-outbound-route",
        "byoc-london-outbound-route",
        "byoc-london-route-uk-mobile",
        "byoc-london-route-intl",
        "byoc-didpool-13175550100",
      ].sort(),
    );
    const byName = (n: string) => children.find((r) => r.name === n)!;
    expect(byName("byoc-london-numberplans").inputs).toMatchObject({
      siteId: "london-site-id",
      plans: [{ name: "UK Mobile", classification: "UK Mobile" }],
    });
    expect(byName("byoc-london-site").inputs).toMatchObject({
      name: "test-London",
      locationId: "london-location-id",
    });
    // Inbound site: the first site whose routes use the carrier; else the first site; or inboundSite.
    expect(byName("byoc-trunk-us").inputs.inboundSiteId).toBe("indy-site-id");
    expect(byName("byoc-trunk-gb").inputs.inboundSiteId).toBe("london-site-id");
    expect(byName("byoc-trunk-eu").inputs.inboundSiteId).toBe("indy-site-id");
    expect(byName("byoc-london-route-uk-mobile").inputs).toMatchObject({
      siteId: "london-site-id",
      routeName: "test-UK Mobile",
      trunkIds: ["trunk-gb-id", "trunk-us-id"],
    });

    // Only the route serving a declared classification waits for the site's number plans.
    const deps = async (n: string) => Promise.all((dependsOn.get(n) ?? []).map((r) => output(r.urn)));
    expect(await deps("byoc-london-route-uk-mobile")).toEqual([
      expect.stringMatching(/::byoc-london-numberplans$/),
    ]);
    expect(await deps("byoc-london-route-intl")).toEqual([]);
    expect(await deps("byoc-london-outbound-route")).toEqual([]);

    expect(Object.keys(sites)).toEqual(["indy", "london"]);
    expect(sites.london).toMatchObject({
      locationId: "london-location-id",
      siteId: "london-site-id",
      numberPlans: ["UK Mobile"],
      routes: { default: { carriers: ["gb"] }, "UK Mobile": { carriers: ["gb", "us"] } },
    });
    expect(sites.indy.numberPlans).toEqual([]);
    expect(await output(out.didPools!)).toEqual([
      { id: "didpool-13175550100-id", startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
    ]);
    expect(Object.keys(await output(out.carriers))).toEqual(["us", "gb", "eu"]);
  });
});

describe("DID pools", () => {
  const POOL_URN =
    "urn:pulumi:test::genesys-byoc::genesys-byoc:index:ByocTelephony$pulumi-nodejs:dynamic/genesys:DidPool::";
  const US = { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" };
  const GB = { startPhoneNumber: "+442071838750", endPhoneNumber: "+442071838759" };
  const declared = async (didPools: StackConfig["didPools"]) => {
    pools.length = 0;
    const { run } = await import("../../program/stack");
    const out = (await run({ ...cfg, didPools })) as EstateOutputs;
    return {
      pools: await Promise.all(pools.map(async (p) => ({ urn: await output(p.urn), aliases: p.aliases }))),
      outputs: await output(out.didPools!),
    };
  };

  it("the list form keeps the URNs it always had (the digits of the start), with no alias", async () => {
    const { pools: got, outputs } = await declared([US, GB]);
    expect(got).toEqual([
      { urn: `${POOL_URN}byoc-didpool-13175550100`, aliases: [] },
      { urn: `${POOL_URN}byoc-didpool-442071838750`, aliases: [] },
    ]);
    expect(outputs).toEqual([
      { id: "didpool-13175550100-id", ...US },
      { id: "didpool-442071838750-id", ...GB },
    ]);
  });

  it("the keyed form names each pool by its key, with an alias to the list-form name of its start", async () => {
    const { pools: got, outputs } = await declared({
      indianapolis: { ...US, startPhoneNumber: "+13175550050" },
      london: GB,
    });
    expect(got).toEqual([
      { urn: `${POOL_URN}byoc-didpool-indianapolis`, aliases: [{ name: "byoc-didpool-13175550050" }] },
      { urn: `${POOL_URN}byoc-didpool-london`, aliases: [{ name: "byoc-didpool-442071838750" }] },
    ]);
    expect(outputs).toEqual({
      indianapolis: { id: "didpool-indianapolis-id", ...US, startPhoneNumber: "+13175550050" },
      london: { id: "didpool-london-id", ...GB },
    });
  });
});
