/**
 * The seed program's whole flow, through the real SDK: auth, BYOC check, location, managed site lookup, site,
 * BYOC trunk with inboundSite, the site's outbound routes, the trunk on the default route.
 */
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  emulatorAdmin,
  locationBody,
  sdkClient,
  siteBody,
  trunkBody,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
});
afterAll(() => emu.close());

test("seed flow: auth → BYOC → location → PCV site → site → trunk → default route", async () => {
  const admin = emulatorAdmin(emu.url);
  await admin.clearRequests();

  const products = await api.authorization.getAuthorizationProducts();
  expect(typeof products.total).toBe("number");
  expect(products.entities!.some((p) => p.id === "byoc")).toBe(true);

  const org = await api.organization.getOrganizationsMe();
  expect(org).toMatchObject({ id: SEED_IDS.organization, defaultCountryCode: "US", state: "active" });

  const location = await api.locations.postLocations(locationBody({ name: "HQ" }));
  expect(location).toMatchObject({ name: "HQ", version: 1, state: "active" });
  expect(location.emergencyNumber!.e164).toMatch(/^\+1317555\d{4}$/);

  const sites = await api.telephony.getTelephonyProvidersEdgesSites({
    pageSize: 25,
    pageNumber: 1,
    sortBy: "name",
    sortOrder: "ASC",
  });
  const pcv = sites.entities!.find((s) => s.name === "PureCloud Voice - AWS")!;
  expect(pcv).toMatchObject({ id: SEED_IDS.pcvSite, managed: true, mediaModel: "Cloud" });

  const site = await api.telephony.postTelephonyProvidersEdgesSites(
    siteBody(location.id!, { name: "HQ Site" }),
  );
  expect(site).toMatchObject({ name: "HQ Site", version: 1, managed: false, location: { id: location.id } });
  expect(site.mediaRegions).toContain("us-east-1");
  expect(site.primarySites![0]).toMatchObject({ id: pcv.id, name: "PureCloud Voice - AWS" });

  const trunk = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
    trunkBody(site.id!, { name: "HQ Carrier" }),
  );
  expect(trunk).toMatchObject({ name: "HQ Carrier", trunkType: "EXTERNAL", inboundSite: { id: site.id } });

  const routes = await api.telephony.getTelephonyProvidersEdgesSiteOutboundroutes(site.id!);
  expect(routes.total).toBe(1);
  const route = routes.entities![0];
  expect(route).toMatchObject({
    name: "Default Outbound Route",
    enabled: false,
    distribution: "SEQUENTIAL",
    externalTrunkBases: [],
  });
  expect(route.classificationTypes).not.toContain("Extension");

  // The tutorial's PUT: no id, no version.
  const updated = await api.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, route.id!, {
    name: "Default Outbound Route",
    classificationTypes: ["National", "International"],
    enabled: true,
    externalTrunkBases: [{ id: trunk.id!, name: trunk.name, selfUri: trunk.selfUri }],
  } as never);
  expect(updated).toMatchObject({
    version: 2,
    enabled: true,
    externalTrunkBases: [{ id: trunk.id, name: "HQ Carrier" }],
  });

  // The request log saw every call, in order, with the client id.
  const log = await admin.requests();
  expect(log.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, "{id}")} ${r.status}`)).toEqual([
    "GET /api/v2/authorization/products 200",
    "GET /api/v2/organizations/me 200",
    "POST /api/v2/locations 200",
    "GET /api/v2/telephony/providers/edges/sites 200",
    "POST /api/v2/telephony/providers/edges/sites 200",
    "POST /api/v2/telephony/providers/edges/trunkbasesettings 200",
    "GET /api/v2/telephony/providers/edges/sites/{id}/outboundroutes 200",
    "PUT /api/v2/telephony/providers/edges/sites/{id}/outboundroutes/{id} 200",
  ]);
  expect(log.every((r) => r.clientId === "emulator-client")).toBe(true);
  expect(log[3].query).toMatchObject({ pageSize: "25", sortBy: "name", sortOrder: "ASC" });

  // The admin state shows every object by kind; routes carry their siteId.
  const state = await admin.state();
  expect(state.locations.map((l) => l.name)).toEqual(["Default PCV Location", "HQ"]);
  expect(state.sites.map((s) => s.name)).toEqual(["PureCloud Voice - AWS", "HQ Site"]);
  expect(state.trunkBases.map((t) => t.name)).toEqual(["PureCloud Voice - AWS", "HQ Carrier"]);
  expect(state.outboundRoutes.filter((r) => r.siteId === site.id)).toHaveLength(1);

  // Reset restores the seeded org.
  await admin.reset();
  const after = await admin.state();
  expect(after.locations.map((l) => l.id)).toEqual([SEED_IDS.defaultPcvLocation]);
  expect(after.sites.map((s) => s.id)).toEqual([SEED_IDS.pcvSite]);
  expect(after.trunkBases.map((t) => t.id)).toEqual([SEED_IDS.pcvTrunkBase]);
  expect(after.outboundRoutes.map((r) => r.id)).toEqual([SEED_IDS.pcvDefaultRoute]);
});

test("the seeded org: managed PCV site, its location and default route, the managed trunk", async () => {
  const site = await api.telephony.getTelephonyProvidersEdgesSite(SEED_IDS.pcvSite);
  expect(site).toMatchObject({
    name: "PureCloud Voice - AWS",
    managed: true,
    mediaModel: "Cloud",
    location: { id: SEED_IDS.defaultPcvLocation, name: "Default PCV Location" },
  });
  const loc = await api.locations.getLocation(SEED_IDS.defaultPcvLocation);
  expect(loc.notes).toBe("Default location used for PureCloud Voice Site");
  const trunk = await api.telephony.getTelephonyProvidersEdgesTrunkbasesetting(SEED_IDS.pcvTrunkBase);
  expect(trunk).toMatchObject({
    trunkMetabase: { id: "external_sip_pcv_aws.json" },
    trunkType: "EXTERNAL",
    managed: true,
  });
  const routes = await api.telephony.getTelephonyProvidersEdgesSiteOutboundroutes(SEED_IDS.pcvSite);
  expect(routes.entities!.map((r) => r.name)).toEqual(["Default Outbound Route"]);
});

test("--no-byoc leaves the byoc product out", async () => {
  const plain = await startEmulator({ byoc: false });
  try {
    const p = await (await sdkClient(plain.url)).authorization.getAuthorizationProducts();
    expect(p.entities!.map((e) => e.id)).toEqual(["voice"]);
    expect(p.total).toBe(1);
  } finally {
    await plain.close();
  }
});
