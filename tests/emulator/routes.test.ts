/** Site outbound routes through the real SDK. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEFAULT_ROUTE_SETTLE_MS, SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  emulatorAdmin,
  locationBody,
  rejection,
  sdkClient,
  siteBody,
  trunkBody,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let siteId: string;
let trunkId: string;

beforeAll(async () => {
  // The emulator's clock runs ahead of the wall clock once the site exists: its default route has settled.
  let ahead = 0;
  emu = await startEmulator({ now: () => Date.now() + ahead });
  api = await sdkClient(emu.url);
  const loc = await api.locations.postLocations(locationBody());
  siteId = (await api.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!))).id!;
  ahead = DEFAULT_ROUTE_SETTLE_MS;
  trunkId = (await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId))).id!;
});
afterAll(() => emu.close());

const route = (over: Record<string, unknown> = {}) =>
  ({
    name: "Extension Route",
    classificationTypes: ["Extension"],
    enabled: true,
    distribution: "",
    ...over,
  }) as never;

test('create: 200, "" distribution stored as SEQUENTIAL; then get, list, PUT, delete', async () => {
  const t = api.telephony;
  const r = await t.postTelephonyProvidersEdgesSiteOutboundroutes(
    siteId,
    route({ externalTrunkBases: [{ id: trunkId }] }),
  );
  expect(r).toMatchObject({
    version: 1,
    distribution: "SEQUENTIAL",
    enabled: true,
    classificationTypes: ["Extension"],
  });
  expect(r.externalTrunkBases![0]).toMatchObject({ id: trunkId, selfUri: expect.stringContaining(trunkId) });
  expect(await t.getTelephonyProvidersEdgesSiteOutboundroute(siteId, r.id!)).toEqual(r);
  const list = await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, { pageSize: 25 });
  expect(list.entities!.map((x) => x.name)).toEqual(["Default Outbound Route", "Extension Route"]);
  const byTrunk = await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
    externalTrunkBasesIds: trunkId,
  });
  expect(byTrunk.entities!.map((x) => x.id)).toEqual([r.id]);

  const noVersion = await t.putTelephonyProvidersEdgesSiteOutboundroute(
    siteId,
    r.id!,
    route({ enabled: false }),
  );
  expect(noVersion).toMatchObject({ version: 2, enabled: false });
  expect(
    await rejection(t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, r.id!, route({ version: 1 }))),
  ).toMatchObject({ status: 409, code: "general.conflict" });
  // A stale writer hears about the conflict first, not about what its old copy got wrong (a taken name).
  expect(
    await rejection(
      t.putTelephonyProvidersEdgesSiteOutboundroute(
        siteId,
        r.id!,
        route({ version: 1, name: "Default Outbound Route" }),
      ),
    ),
  ).toMatchObject({ status: 409, code: "general.conflict" });
  const withVersion = await t.putTelephonyProvidersEdgesSiteOutboundroute(
    siteId,
    r.id!,
    route({ version: 2 }),
  );
  expect(withVersion.version).toBe(3);

  await t.deleteTelephonyProvidersEdgesSiteOutboundroute(siteId, r.id!);
  expect(await rejection(t.getTelephonyProvidersEdgesSiteOutboundroute(siteId, r.id!))).toMatchObject({
    status: 404,
    code: "entity.not.found",
  });
});

test("rules: name unique per site, classification exists, classification used once per site, trunks exist", async () => {
  const t = api.telephony;
  const post = (body: never) => rejection(t.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, body));
  expect(await post(route({ name: "Default Outbound Route" }))).toMatchObject({
    status: 400,
    code: "duplicate.value",
    message: "An outbound route with this name already exists.",
  });
  expect(await post(route({ classificationTypes: ["Martian"] }))).toMatchObject({
    status: 400,
    code: "address.classification.type.does.not.exist",
  });
  expect(await post(route({ classificationTypes: ["National"] }))).toMatchObject({
    status: 400,
    code: "number.plan.type.usage.must.be.unique",
  });
  expect(await post(route({ classificationTypes: undefined }))).toMatchObject({
    status: 400,
    code: "required.field.missing",
  });
  expect(await post(route({ name: undefined }))).toMatchObject({
    status: 400,
    code: "required.field.missing",
  });
  expect(await post(route({ externalTrunkBases: [{ id: "no-such-trunk" }] }))).toMatchObject({
    status: 400,
    code: "referenced.key.does.not.exist",
  });
  expect(await post(route({ distribution: "ROUND_ROBIN" }))).toMatchObject({
    status: 400,
    code: "invalid.value",
  });
  // Freeing a classification on one route lets another route take it.
  const def = (await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId)).entities![0];
  await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, def.id!, {
    ...def,
    classificationTypes: ["Emergency"],
  } as never);
  const nat = await t.postTelephonyProvidersEdgesSiteOutboundroutes(
    siteId,
    route({ name: "National", classificationTypes: ["National", "International"] }),
  );
  expect(nat.classificationTypes).toEqual(["National", "International"]);
  // Routes of other sites are not found under this site.
  expect(
    (await rejection(t.getTelephonyProvidersEdgesSiteOutboundroute(SEED_IDS.pcvSite, nat.id!))).status,
  ).toBe(404);
});

test("routes of the managed site cannot be modified", async () => {
  const t = api.telephony;
  expect(
    await rejection(
      t.postTelephonyProvidersEdgesSiteOutboundroutes(SEED_IDS.pcvSite, route({ name: "Mine" })),
    ),
  ).toMatchObject({ status: 400, code: "managed.property.not.allowed" });
  expect(
    await rejection(
      t.putTelephonyProvidersEdgesSiteOutboundroute(SEED_IDS.pcvSite, SEED_IDS.pcvDefaultRoute, route()),
    ),
  ).toMatchObject({ status: 400, code: "managed.property.not.allowed" });
  expect(
    await rejection(
      t.deleteTelephonyProvidersEdgesSiteOutboundroute(SEED_IDS.pcvSite, SEED_IDS.pcvDefaultRoute),
    ),
  ).toMatchObject({ status: 400, code: "managed.property.not.allowed" });
});

describe("a new site's Default Outbound Route takes its classifications after the settle time", () => {
  const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  const SYSTEM_ACTOR = "00000000-0000-4000-8000-0000000000ff";
  let clock = T0;
  let local: RunningEmulator | undefined;
  afterEach(async () => local?.close());

  /** An emulator on a clock that moves only when the test moves it, and a site created at T0. */
  async function freshSite(options: Parameters<typeof startEmulator>[0] = {}) {
    clock = T0;
    local = await startEmulator({ now: () => clock, ...options });
    const sdk = await sdkClient(local.url);
    const loc = await sdk.locations.postLocations(locationBody());
    const site = (await sdk.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!))).id!;
    const routes = async () =>
      (await sdk.telephony.getTelephonyProvidersEdgesSiteOutboundroutes(site)).entities!;
    const dflt = async () => (await routes()).find((r) => r.name === "Default Outbound Route")!;
    return { t: sdk.telephony, emu: local, site, routes, dflt };
  }

  test("named routes POSTed before it settles keep their classifications; it then takes only the rest", async () => {
    const { t, site, routes, dflt } = await freshSite();
    // As Genesys's TestAccResourceSiteoutboundRoutes does: two named routes at once on the new site.
    const before = await dflt();
    expect(before).toMatchObject({ version: 1, classificationTypes: [] });
    expect(before).not.toHaveProperty("settlesAt"); // emulator bookkeeping stays out of the API view
    const a = await t.postTelephonyProvidersEdgesSiteOutboundroutes(
      site,
      route({ name: "outboundRoute name 1", classificationTypes: ["National", "International"] }),
    );
    const b = await t.postTelephonyProvidersEdgesSiteOutboundroutes(
      site,
      route({ name: "outboundRoute name 2", classificationTypes: ["Network"] }),
    );
    clock = T0 + DEFAULT_ROUTE_SETTLE_MS - 1;
    expect((await dflt()).classificationTypes).toEqual([]);
    clock = T0 + DEFAULT_ROUTE_SETTLE_MS;
    expect(await dflt()).toMatchObject({
      classificationTypes: ["Emergency", "Suicide Prevention"],
      version: 2,
      dateModified: new Date(T0 + DEFAULT_ROUTE_SETTLE_MS).toISOString(),
      modifiedBy: SYSTEM_ACTOR,
    });
    expect(Object.fromEntries((await routes()).map((r) => [r.name, r.classificationTypes]))).toEqual({
      "Default Outbound Route": ["Emergency", "Suicide Prevention"],
      "outboundRoute name 1": ["National", "International"],
      "outboundRoute name 2": ["Network"],
    });
    expect((await t.getTelephonyProvidersEdgesSiteOutboundroute(site, a.id!)).classificationTypes).toEqual([
      "National",
      "International",
    ]);
    expect((await t.getTelephonyProvidersEdgesSiteOutboundroute(site, b.id!)).version).toBe(1);
    // From now on the uniqueness rule holds against the default route too.
    expect(
      await rejection(
        t.postTelephonyProvidersEdgesSiteOutboundroutes(site, route({ classificationTypes: ["Emergency"] })),
      ),
    ).toMatchObject({ status: 400, code: "number.plan.type.usage.must.be.unique" });
  });

  test("once settled, it holds every default classification but Extension and a named route must take them off it", async () => {
    const { t, site, dflt } = await freshSite();
    clock = T0 + DEFAULT_ROUTE_SETTLE_MS + 60_000;
    expect((await dflt()).classificationTypes).toEqual([
      "Emergency",
      "National",
      "International",
      "Network",
      "Suicide Prevention",
    ]);
    expect(
      await rejection(
        t.postTelephonyProvidersEdgesSiteOutboundroutes(site, route({ classificationTypes: ["National"] })),
      ),
    ).toMatchObject({ status: 400, code: "number.plan.type.usage.must.be.unique" });
  });

  test("a PUT before it settles sets its classifications for good", async () => {
    const { t, site, dflt } = await freshSite();
    const d = await dflt();
    await t.putTelephonyProvidersEdgesSiteOutboundroute(site, d.id!, {
      name: d.name,
      classificationTypes: ["National", "International"],
      distribution: "RANDOM",
      enabled: false,
    } as never);
    clock = T0 + 10 * DEFAULT_ROUTE_SETTLE_MS;
    expect(await dflt()).toMatchObject({ classificationTypes: ["National", "International"], version: 2 });
  });

  test("defaultRouteSettleMs 0 gives the classifications at creation; the settle survives a restart", async () => {
    const now = await freshSite({ defaultRouteSettleMs: 0 });
    expect((await now.dflt()).classificationTypes).toHaveLength(5);
    await now.emu.close();

    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "settle-")), "org.json");
    try {
      const first = await freshSite({ stateFile: file, defaultRouteSettleMs: 1_000 });
      const routeId = (await first.dflt()).id!;
      const stored = (await emulatorAdmin(first.emu.url).state()).outboundRoutes.find(
        (r) => r.id === routeId,
      );
      expect(stored?.settlesAt).toBe(new Date(T0 + 1_000).toISOString());
      await first.emu.close();
      clock = T0 + 1_000;
      local = await startEmulator({ stateFile: file, now: () => clock });
      const again = await sdkClient(local.url);
      const settled = await again.telephony.getTelephonyProvidersEdgesSiteOutboundroute(first.site, routeId);
      expect(settled.classificationTypes).toHaveLength(5);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  test("a settle time that is not a number of ms >= 0 is refused", async () => {
    await expect(startEmulator({ defaultRouteSettleMs: -1 })).rejects.toThrow(
      "defaultRouteSettleMs must be a number of ms >= 0 (got -1)",
    );
  });
});
