/**
 * Stack wiring with Pulumi runtime mocks: which resources the program's ByocTelephony component
 * declares, with which type tokens and names, and how their inputs connect (no provider code runs
 * here; the component's preflight reads an in-process emulator).
 */
import * as pulumi from "@pulumi/pulumi";
import { SEED_IDS } from "../../emulator";
import type { StackConfig } from "../../program/config";
import type { StackOutputs } from "../../program/stack";
import { mockStack, Registered } from "../helpers/mocks";
import type { ProviderEnv } from "../helpers/providers";

const registered: Registered[] = [];
let env: ProviderEnv;

afterAll(() => env?.close());

beforeAll(async () => {
  env = await mockStack(registered, () => "route-id");
});

const cfg: StackConfig = {
  namePrefix: "test-",
  protect: false,
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

/** The registered resources other than the component. */
const children = () => registered.filter((r) => r.type !== "genesys-byoc:index:ByocTelephony");

describe("the stack program (one ByocTelephony)", () => {
  it("declares Location → Site → Trunk → OutboundRouteBinding under the component, with prefixed names", async () => {
    const { run } = await import("../../program/stack");
    const out = (await run(cfg)) as StackOutputs;
    expect(await output(out.outboundRouteId!)).toBe("route-id");
    expect(await output(out.trunkId!)).toBe("trunk-sipTrunk-id");
    expect(Object.keys(await output(out.carriers))).toEqual(["sipTrunk"]);
    expect(Object.keys(await output(out.routes))).toEqual(["default"]);

    const byType = (t: string) => registered.find((r) => r.type === `pulumi-nodejs:dynamic/genesys:${t}`)!;
    const location = byType("Location");
    const site = byType("Site");
    const trunk = byType("Trunk");
    const binding = byType("OutboundRouteBinding");
    expect(registered.map((r) => r.type)).toEqual([
      "genesys-byoc:index:ByocTelephony",
      ...["Location", "Site", "Trunk", "OutboundRouteBinding"].map(
        (t) => `pulumi-nodejs:dynamic/genesys:${t}`,
      ),
    ]);

    expect(location.inputs).toMatchObject({ name: "test-HQ", emergencyNumber: { number: "+13175550100" } });
    expect(site.inputs).toMatchObject({
      name: "test-Site",
      locationId: "location-id",
      primarySiteIds: [SEED_IDS.pcvSite], // found by the preflight
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
    expect(binding.inputs).toMatchObject({ siteId: "site-id", trunkIds: ["trunk-sipTrunk-id"] });
    expect(binding.inputs.routeName).toBeUndefined();
    expect(children().map((r) => r.name)).toEqual([
      "byoc-location",
      "byoc-site",
      "byoc-trunk-sipTrunk",
      "byoc-outbound-route",
    ]);
  });

  it("declares a trunk per carrier and a binding per route, each route's trunks in order", async () => {
    registered.length = 0;
    const { run } = await import("../../program/stack");
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
    const out = (await run({
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
    })) as StackOutputs;
    // Registration is asynchronous: wait for the last resources' outputs first.
    const carriers = await output(out.carriers);
    const routes = await output(out.routes);
    expect(carriers.intl.trunkId).toBe("trunk-intl-id");
    expect(routes.International).toMatchObject({ routeId: "route-id", carriers: ["intl"] });
    expect(routes.default).toMatchObject({ routeId: "route-id", carriers: ["failover", "primary"] });
    expect(children().map((r) => r.name)).toEqual([
      "byoc-location",
      "byoc-site",
      "byoc-trunk-primary",
      "byoc-trunk-failover",
      "byoc-trunk-intl",
      "byoc-outbound-route",
      "byoc-route-international",
    ]);
    const bindings = registered.filter((r) => r.type.endsWith(":OutboundRouteBinding"));
    expect(bindings[0].inputs).toMatchObject({ trunkIds: ["trunk-failover-id", "trunk-primary-id"] });
    expect(bindings[0].inputs.routeName).toBeUndefined();
    expect(bindings[1].inputs).toMatchObject({
      trunkIds: ["trunk-intl-id"],
      routeName: "test-International",
      classificationTypes: ["International"],
    });
    expect(Object.keys(routes)).toEqual(["default", "International"]);
    expect(out.trunkId).toBeUndefined();
  });
});
