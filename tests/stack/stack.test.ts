/**
 * Stack wiring with Pulumi runtime mocks: which resources the program declares, with which type
 * tokens, and how their inputs connect (no provider code runs here).
 */
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../../config";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

const registered: Registered[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, routeId: "route-id" } };
      },
      call: () => ({}),
    },
    "genesys-byoc",
    "test",
    false,
  );
});

const cfg: StackConfig = {
  namePrefix: "test-",
  location: { name: "HQ", number: "+13175550100", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site", timeZone: "Europe/Paris", windowStart: "01:00", windowEnd: "04:00" },
  carriers: [
    {
      key: "sipTrunk",
      resourceName: "trunk",
      configPath: "sipTrunk",
      trunk: {
        externalTrunkName: "Carrier",
        sipServers: ["sip.carrier.example"],
        inboundSipTerminationIdentifier: "acme",
        userName: "u",
        aclAllowList: ["54.172.60.0/23"],
      },
      password: pulumi.secret("pw"),
    },
  ],
  routes: [{ carriers: ["sipTrunk"], resourceName: "outbound-route" }],
};

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe("buildStack", () => {
  it("declares Location → Site → Trunk → OutboundRouteBinding with prefixed names", async () => {
    const { buildStack } = await import("../../stack");
    const out = buildStack(cfg, { edgeSiteId: "edge-site-id" });
    expect(await output(out.outboundRouteId!)).toBe("route-id");
    expect(await output(out.trunkId!)).toBe("trunk-id");
    expect(Object.keys(out.carriers)).toEqual(["sipTrunk"]);
    expect(Object.keys(out.routes)).toEqual(["default"]);

    const byType = (t: string) => registered.find((r) => r.type === `pulumi-nodejs:dynamic/genesys:${t}`)!;
    const location = byType("Location");
    const site = byType("Site");
    const trunk = byType("Trunk");
    const binding = byType("OutboundRouteBinding");
    expect(registered.map((r) => r.type)).toHaveLength(4);

    expect(location.inputs).toMatchObject({ name: "test-HQ", emergencyNumber: { number: "+13175550100" } });
    expect(site.inputs).toMatchObject({
      name: "test-Site",
      locationId: "location-id",
      primarySiteIds: ["edge-site-id"],
      mediaModel: "Cloud",
      edgeAutoUpdate: { timeZone: "Europe/Paris", rrule: "FREQ=DAILY", start: "01:00", end: "04:00" },
    });
    expect(trunk.inputs).toMatchObject({
      name: "test-Carrier",
      inboundSiteId: "site-id",
      sipServers: ["sip.carrier.example"],
      inboundSipTerminationIdentifier: "acme",
    });
    // The digest (it carries the SIP password) reaches the engine as a secret.
    expect(JSON.stringify(trunk.inputs.digest)).toContain("4dabf18193072939515e22adb298388d");
    expect(binding.inputs).toMatchObject({ siteId: "site-id", trunkIds: ["trunk-id"] });
    expect(binding.inputs.routeName).toBeUndefined();
    expect(registered.map((r) => r.name)).toEqual(["location", "site", "trunk", "outbound-route"]);
  });

  it("declares a trunk per carrier and a binding per route, each route's trunks in order", async () => {
    registered.length = 0;
    const { buildStack } = await import("../../stack");
    const carrier = (key: string) => ({
      key,
      resourceName: `trunk-${key}`,
      configPath: `carriers.${key}`,
      trunk: {
        externalTrunkName: key,
        sipServers: [`sip.${key}.example`],
        inboundSipTerminationIdentifier: key,
      },
    });
    const out = buildStack(
      {
        ...cfg,
        carriers: [carrier("primary"), carrier("failover"), carrier("intl")],
        routes: [
          { carriers: ["failover", "primary"], resourceName: "outbound-route" },
          {
            name: "International",
            carriers: ["intl"],
            classificationTypes: ["International"],
            resourceName: "route-international",
          },
        ],
      },
      { edgeSiteId: "edge-site-id" },
    );
    // Registration is asynchronous: wait for the last resources' outputs first.
    expect(await output(out.carriers.intl.trunkId)).toBe("trunk-intl-id");
    expect(await output(out.routes.International.routeId)).toBe("route-id");
    expect(await output(out.routes.default.routeId)).toBe("route-id");
    expect(registered.map((r) => r.name)).toEqual([
      "location",
      "site",
      "trunk-primary",
      "trunk-failover",
      "trunk-intl",
      "outbound-route",
      "route-international",
    ]);
    const bindings = registered.filter((r) => r.type.endsWith(":OutboundRouteBinding"));
    expect(bindings[0].inputs).toMatchObject({ trunkIds: ["trunk-failover-id", "trunk-primary-id"] });
    expect(bindings[0].inputs.routeName).toBeUndefined();
    expect(bindings[1].inputs).toMatchObject({
      trunkIds: ["trunk-intl-id"],
      routeName: "test-International",
      classificationTypes: ["International"],
    });
    expect(Object.keys(out.routes)).toEqual(["default", "International"]);
    expect(out.trunkId).toBeUndefined();
  });
});
