/** Site outbound routes through the real SDK. */
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import { locationBody, rejection, sdkClient, siteBody, trunkBody, type SdkApis } from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let siteId: string;
let trunkId: string;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
  const loc = await api.locations.postLocations(locationBody());
  siteId = (await api.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!))).id!;
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
