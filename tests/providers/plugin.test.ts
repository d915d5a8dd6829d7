/**
 * The provider plugin's face of the resources (plugin/provider.ts) against an in-process emulator:
 * what the engine sends and takes (URNs, secrets on the wire), `pulumi import` for every kind (a
 * read without state, whose inputs check and then diff as unchanged: pasting the generated code and
 * running `up` writes nothing), the functions, and the provider configuration.
 */
import { SEED_IDS } from "../../emulator";
import * as routes from "../../genesys/outboundRoutes";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import { configSource } from "../../plugin/config";
import { configure, genesysByoc } from "../../plugin/provider";
import { isWireSecret, wireSecret } from "../../plugin/secrets";
import { configurationOf } from "../../plugin/serve";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const P = genesysByoc as Required<typeof genesysByoc>;
type Props = Record<string, unknown>;

let env: ProviderEnv;
beforeAll(async () => {
  env = await providerEnv();
});
afterAll(async () => env.close());

const urn = (type: string, name: string) => `urn:pulumi:dev::yaml::genesys-byoc:index:${type}::${name}`;

/** Check (no failures), create and return what the engine would keep. */
async function create(type: string, name: string, raw: Props) {
  const u = urn(type, name);
  const checked = await P.check(u, {}, raw);
  expect(checked.failures).toEqual([]);
  const created = await P.create(u, checked.inputs);
  return { urn: u, id: created.id, inputs: checked.inputs as Props, outs: created.outs as Props };
}

/**
 * `pulumi import` of `id` as `type`: the read without state, then what the engine does with the
 * code it generates from the read's inputs at the next `up` (check, then diff against the state).
 */
async function importAndReapply(type: string, id: string) {
  const u = urn(type, "imported");
  const read = await P.read(id, u, {});
  expect(read.id).toBe(id);
  const rechecked = await P.check(u, read.inputs, read.inputs);
  expect(rechecked.failures).toEqual([]);
  const diff = await P.diff(id, u, read.props, rechecked.inputs);
  return { inputs: read.inputs as Props, props: read.props as Props, diff };
}

describe("every kind through the plugin: create, then pulumi import and up writes nothing", () => {
  const ids: Record<string, string> = {};

  it("Location", async () => {
    const raw = {
      name: "Plugin HQ",
      emergencyNumber: { number: "+13175550170" },
      address: { street1: "7601 Interactive Way", city: "Indianapolis", state: "IN", country: "US" },
    };
    const c = await create("Location", "hq", raw);
    ids.location = c.id;
    const imp = await importAndReapply("Location", c.id);
    expect(imp.inputs).toMatchObject(raw);
    expect(imp.diff.changes).toBe(false);
  });

  it("Site", async () => {
    const c = await create("Site", "site", {
      name: "Plugin site",
      locationId: ids.location,
      primarySiteIds: [SEED_IDS.pcvSite],
    });
    ids.site = c.id;
    const imp = await importAndReapply("Site", c.id);
    expect(imp.inputs).toMatchObject({ name: "Plugin site", locationId: ids.location });
    expect(imp.diff.changes).toBe(false);
  });

  it("Trunk: the owner URN never reaches state, digest is secret in and out, the password arrives plain", async () => {
    const c = await create("Trunk", "carrier", {
      name: "Plugin carrier",
      inboundSiteId: ids.site,
      sipServers: ["sip.plugin.example"],
      inboundSipTerminationIdentifier: "plugin-carrier",
      digest: { username: "trunk-user", password: wireSecret("pw-123") },
      outboundIdentity: { callingName: "ACME" },
    });
    ids.trunk = c.id;
    expect(isWireSecret(c.inputs.digest)).toBe(true);
    expect(isWireSecret(c.outs.digest)).toBe(true);
    expect(c.outs).not.toHaveProperty("__owner");
    const live = await trunks.get(client(), c.id);
    const bag = live!.properties as Record<string, { value: { instance: unknown } }>;
    expect(bag.trunk_sip_authentication_credentials_password.value.instance).toBe("pw-123");
    // Made by this URN: its description carries the URN's ownership tag.
    expect(live!.description).toMatch(/\[pulumi [0-9a-f]{16}\]$/);

    const imp = await importAndReapply("Trunk", c.id);
    expect(isWireSecret(imp.inputs.digest)).toBe(true);
    expect(imp.inputs).toMatchObject({
      name: "Plugin carrier",
      inboundSiteId: ids.site,
      sipServers: ["sip.plugin.example"],
      inboundSipTerminationIdentifier: "plugin-carrier",
      outboundIdentity: { callingName: "ACME" },
    });
    expect(imp.inputs).not.toHaveProperty("transport"); // the metabase default is left out
    expect(imp.diff.changes).toBe(false);
  });

  it("OutboundRouteBinding: a named route, imported by <siteId>:<routeId>", async () => {
    const c = await create("OutboundRouteBinding", "route", {
      siteId: ids.site,
      trunkIds: [ids.trunk],
      routeName: "Plugin route",
      classificationTypes: ["International"],
    });
    expect(c.id).toBe(`${ids.site}:${c.outs.routeId as string}`);
    const imp = await importAndReapply("OutboundRouteBinding", c.id);
    expect(imp.inputs).toMatchObject({ siteId: ids.site, trunkIds: [ids.trunk], routeName: "Plugin route" });
    expect(imp.diff.changes).toBe(false);
  });

  it("OutboundRouteBinding: the site's Default Outbound Route, bound without routeName, kept as it is to give back", async () => {
    const route = (await routes.list(client(), ids.site)).find((r) => r.name === "Default Outbound Route")!;
    // A binding carries at least one trunk: put the carrier on the route by hand first.
    await routes.update(client(), ids.site, route.id!, (r) => ({
      ...routes.bodyOf(r),
      externalTrunkBases: [{ id: ids.trunk }],
    }));
    const imp = await importAndReapply("OutboundRouteBinding", `${ids.site}:${route.id!}`);
    expect(imp.inputs).not.toHaveProperty("routeName");
    expect(imp.inputs).toMatchObject({ siteId: ids.site, classificationTypes: route.classificationTypes });
    expect(imp.inputs).toMatchObject({ trunkIds: [ids.trunk] });
    // On delete the route gets back what it had besides the binding's trunks: nothing else.
    expect(imp.props).toMatchObject({ name: "Default Outbound Route", adoptedFrom: { trunkIds: [] } });
    expect(imp.diff.changes).toBe(false);
  });

  it("a malformed binding id names the format", async () => {
    await expect(P.read("just-an-id", urn("OutboundRouteBinding", "bad"), {})).rejects.toThrow(
      /"just-an-id" is not an outbound route binding id: it is "<siteId>:<routeId>"/,
    );
  });

  it("NumberPlans: imported by the site's id, Genesys's default plans left out", async () => {
    const plan = {
      name: "Toll free",
      classification: "Toll free",
      matchType: "e164NumberList",
      numbers: [{ start: "+18005550100", end: "+18005550199" }],
    };
    const c = await create("NumberPlans", "plans", { siteId: ids.site, plans: [plan] });
    expect(c.id).toBe(ids.site);
    const imp = await importAndReapply("NumberPlans", ids.site);
    expect(imp.inputs).toEqual({ siteId: ids.site, plans: [plan] });
    expect(imp.diff.changes).toBe(false);
  });

  it("DidPool", async () => {
    const raw = {
      startPhoneNumber: "+13175558000",
      endPhoneNumber: "+13175558009",
      description: "Plugin pool",
    };
    const c = await create("DidPool", "pool", raw);
    const imp = await importAndReapply("DidPool", c.id);
    expect(imp.inputs).toEqual(raw);
    expect(imp.diff.changes).toBe(false);
  });

  it("a resource deleted outside Pulumi reads as gone (an empty id)", async () => {
    const c = await create("DidPool", "gone", {
      startPhoneNumber: "+13175558100",
      endPhoneNumber: "+13175558101",
    });
    await P.delete(c.id, urn("DidPool", "gone"), c.outs);
    await expect(P.read(c.id, urn("DidPool", "gone"), c.outs)).resolves.toEqual({ id: "", props: {} });
  });
});

describe("the plugin's other parts", () => {
  it("an unknown type is named", async () => {
    await expect(P.check(urn("Nope", "x"), {}, {})).rejects.toThrow(
      "the genesys-byoc provider has no resource type genesys-byoc:index:Nope",
    );
  });

  it("getEdgeSite and getOrganization", async () => {
    const site = await P.invoke("genesys-byoc:index:getEdgeSite", { name: "PureCloud Voice - AWS" });
    expect(site.outputs).toEqual({ id: SEED_IDS.pcvSite, name: "PureCloud Voice - AWS" });
    await expect(P.invoke("genesys-byoc:index:getEdgeSite", { name: "Nowhere" })).rejects.toThrow(
      'has no site named "Nowhere"',
    );
    const org = await P.invoke("genesys-byoc:index:getOrganization", {});
    expect(org.outputs).toMatchObject({ id: SEED_IDS.organization, byocEnabled: true });
  });

  it("the provider configuration: args with secrets revealed, else the older variables", () => {
    const args = { apiUrl: "http://127.0.0.1:1", clientSecret: wireSecret("s") };
    const withArgs = {
      getArgs: () => ({ toJavaScript: () => args }),
      getVariablesMap: () => new Map<string, string>(),
    };
    expect(configurationOf(withArgs)).toEqual({ apiUrl: "http://127.0.0.1:1", clientSecret: "s" });
    const withVariables = {
      getArgs: () => undefined,
      getVariablesMap: () => new Map([["genesys-byoc:config:region", "us_east_1"]]),
    };
    expect(configurationOf(withVariables)).toEqual({ region: "us_east_1" });
    const source = configSource({ region: "us_east_1", clientId: "id", version: "1", clientSecret: 3 });
    expect([
      source.get("genesys:region"),
      source.get("genesys:clientId"),
      source.get("genesys:clientSecret"),
    ]).toEqual(["us_east_1", "id", undefined]);
  });

  it("the configured connection is used: a bad one fails naming what to set", async () => {
    configure(configSource({ region: "us_east_1", apiUrl: "http://127.0.0.1:1" }));
    try {
      await expect(P.invoke("genesys-byoc:index:getOrganization", {})).rejects.toThrow(
        /both a region \(us_east_1\) and an API URL/,
      );
    } finally {
      configure({ get: () => undefined }); // back to the environment (the emulator)
    }
  });
});
