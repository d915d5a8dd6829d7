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
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "acme",
    userName: "u",
    aclAllowList: ["54.172.60.0/23"],
  },
  sipPassword: pulumi.secret("pw"),
  route: {},
};

function output<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe("buildStack", () => {
  it("declares Location → Site → Trunk → OutboundRouteBinding with prefixed names", async () => {
    const { buildStack } = await import("../../stack");
    const out = buildStack(cfg, { edgeSiteId: "edge-site-id", sipDomain: "mypurecloud.com" });
    expect(await output(out.sipTerminationFqdn)).toBe("acme.byoc.mypurecloud.com");
    expect(await output(out.outboundRouteId)).toBe("route-id");

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
  });
});
