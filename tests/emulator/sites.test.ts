/** Sites through the real SDK (raw fetch only for the Go SDK's query spellings). */
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  emulatorAdmin,
  accessToken,
  locationBody,
  rejection,
  sdkClient,
  siteBody,
  trunkBody,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let locationId: string;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
  locationId = (await api.locations.postLocations(locationBody())).id!;
});
afterAll(() => emu.close());

const sitesApi = () => api.telephony;

test("create: 200, home region appended, number plans and the Default Outbound Route created", async () => {
  const site = await sitesApi().postTelephonyProvidersEdgesSites(
    siteBody(locationId, { mediaRegions: ["eu-west-1"] }),
  );
  expect(site).toMatchObject({
    version: 1,
    state: "active",
    managed: false,
    mediaModel: "Cloud",
    coreSite: false,
  });
  expect(site.mediaRegions).toEqual(["eu-west-1", "us-east-1"]);
  expect(site.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(site.edgeAutoUpdateConfig!.start).toBe("2025-01-02T02:00:00.000");
  const classes = await sitesApi().getTelephonyProvidersEdgesSiteNumberplansClassifications(site.id!);
  expect(classes).toEqual([
    "Emergency",
    "Extension",
    "National",
    "International",
    "Network",
    "Suicide Prevention",
  ]);
  const plans = await sitesApi().getTelephonyProvidersEdgesSiteNumberplans(site.id!);
  expect(plans).toHaveLength(6);
  const routes = await sitesApi().getTelephonyProvidersEdgesSiteOutboundroutes(site.id!);
  expect(routes.entities!.map((r) => r.name)).toEqual(["Default Outbound Route"]);
});

test("create validation", async () => {
  const t = sitesApi();
  expect(
    await rejection(t.postTelephonyProvidersEdgesSites({ location: { id: locationId } } as never)),
  ).toMatchObject({ status: 400, code: "required.field.missing", details: [{ fieldName: "name" }] });
  expect(
    await rejection(t.postTelephonyProvidersEdgesSites(siteBody(locationId, { location: undefined }))),
  ).toMatchObject({ status: 400, code: "required.field.missing" });
  expect(await rejection(t.postTelephonyProvidersEdgesSites(siteBody("no-such-location")))).toMatchObject({
    status: 400,
    code: "referenced.key.does.not.exist",
  });
  const noNumber = await api.locations.postLocations(locationBody({ emergencyNumber: undefined }));
  expect(await rejection(t.postTelephonyProvidersEdgesSites(siteBody(noNumber.id!)))).toMatchObject({
    status: 400,
    code: "general.bad.request",
  });
  expect(
    await rejection(t.postTelephonyProvidersEdgesSites(siteBody(locationId, { mediaModel: "Cloudy" }))),
  ).toMatchObject({ status: 400, code: "invalid.value" });
  expect(
    await rejection(
      t.postTelephonyProvidersEdgesSites(siteBody(locationId, { name: "PureCloud Voice - AWS" })),
    ),
  ).toMatchObject({ status: 400, code: "duplicate.value" });
  const auto = (patch: Record<string, string>) =>
    siteBody(locationId, {
      edgeAutoUpdateConfig: {
        timeZone: "Europe/Paris",
        rrule: "FREQ=WEEKLY;BYDAY=SU,MO",
        start: "2025-01-02T02:00:00.000000",
        end: "2025-01-02T04:00:00.000000",
        ...patch,
      },
    });
  await t.postTelephonyProvidersEdgesSites(auto({})); // 6 fraction digits, weekly, exactly 2 hours: fine
  const bads: Record<string, string>[] = [
    { rrule: "FREQ=MONTHLY" },
    { rrule: "FREQ=WEEKLY" },
    { timeZone: "Mars/Olympus" },
    { start: "2025-01-02T02:00:00Z" },
    { start: "2025-01-02T02:00:00+01:00" },
    { start: "2025-01-02T02:00:00." },
    { start: "2025-01-02T02:00:00.0000000000" }, // 10 fraction digits
    { start: "2025-02-30T02:00:00" },
    { start: "2025-01-02T24:00:00" },
    { start: "2025-01-02 02:00:00" },
    { end: "2025-01-02T03:59:00.000" },
  ];
  for (const bad of bads)
    expect((await rejection(t.postTelephonyProvidersEdgesSites(auto(bad)))).status).toBe(400);
});

test("list: paging envelope over 30 sites (pageSize 25 → 2 pages), name filter, managed filter", async () => {
  const local = await startEmulator();
  try {
    const a = await sdkClient(local.url);
    const loc = await a.locations.postLocations(locationBody());
    for (let i = 0; i < 30; i++)
      await a.telephony.postTelephonyProvidersEdgesSites(
        siteBody(loc.id!, { name: `bulk-${String(i).padStart(2, "0")}` }),
      );
    const p1 = await a.telephony.getTelephonyProvidersEdgesSites({ pageSize: 25, pageNumber: 1 });
    expect(p1).toMatchObject({
      pageSize: 25,
      pageNumber: 1,
      total: 31,
      pageCount: 2,
      totalNumberOfEntities: 31,
    });
    expect(p1.entities).toHaveLength(25);
    expect(p1.entities![0].name).toBe("bulk-00");
    expect(p1.nextUri).toBe("/api/v2/telephony/providers/edges/sites?pageSize=25&pageNumber=2");
    expect(p1.lastUri).toBe("/api/v2/telephony/providers/edges/sites?pageSize=25&pageNumber=2");
    const p2 = await a.telephony.getTelephonyProvidersEdgesSites({ pageSize: 25, pageNumber: 2 });
    expect(p2.entities).toHaveLength(6);
    expect(p2.nextUri).toBeUndefined();
    expect(p2.previousUri).toBe("/api/v2/telephony/providers/edges/sites?pageSize=25&pageNumber=1");
    const managed = await a.telephony.getTelephonyProvidersEdgesSites({ managed: true, pageSize: 100 });
    expect(managed.entities!.map((s) => s.name)).toEqual(["PureCloud Voice - AWS"]);
    const unmanaged = await a.telephony.getTelephonyProvidersEdgesSites({ managed: false, pageSize: 100 });
    expect(unmanaged.total).toBe(30);
    const byName = await a.telephony.getTelephonyProvidersEdgesSites({ name: "bulk-07" });
    expect(byName.entities!.map((s) => s.name)).toEqual(["bulk-07"]);
    const prefix = await a.telephony.getTelephonyProvidersEdgesSites({ name: "bulk-1*" });
    expect(prefix.total).toBe(10);
    const none = await a.telephony.getTelephonyProvidersEdgesSites({ name: "nothing" });
    expect(none).toMatchObject({ entities: [], total: 0, pageCount: 0 });
    const byLoc = await a.telephony.getTelephonyProvidersEdgesSites({ locationId: loc.id, pageSize: 100 });
    expect(byLoc.total).toBe(30);

    // The Go SDK spellings: locationId, comma-joined arrays, managed=false always sent.
    const token = accessToken(a.client);
    const raw = await fetch(
      `${local.url}/api/v2/telephony/providers/edges/sites?pageSize=100&pageNumber=1&managed=false&locationId=${loc.id},other&expand=location,edges`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    const body = (await raw.json()) as {
      total: number;
      entities: { location: { emergencyNumber?: unknown } }[];
    };
    expect(body.total).toBe(30);
    expect(body.entities[0].location.emergencyNumber).toBeDefined(); // expand=location embeds the location
    expect((await rejection(a.telephony.getTelephonyProvidersEdgesSites({ pageSize: 0 }))).status).toBe(400);
  } finally {
    await local.close();
  }
});

test("PUT: version rises; stale version 409; no version 400; managed site 400; deleted site 404", async () => {
  const t = sitesApi();
  const site = await t.postTelephonyProvidersEdgesSites(siteBody(locationId));
  const put = await t.putTelephonyProvidersEdgesSite(site.id!, { ...site, name: `${site.name}-renamed` });
  expect(put).toMatchObject({ version: 2, name: `${site.name}-renamed` });
  expect(await rejection(t.putTelephonyProvidersEdgesSite(site.id!, { ...site, version: 1 }))).toMatchObject({
    status: 409,
    code: "general.conflict",
  });
  // Without a version: refused (whether Genesys accepts it is unknown; the emulator's strict choice).
  expect(
    await rejection(t.putTelephonyProvidersEdgesSite(site.id!, { ...put, version: undefined })),
  ).toMatchObject({ status: 400, code: "required.field.missing", details: [{ fieldName: "version" }] });
  expect((await t.getTelephonyProvidersEdgesSite(site.id!)).version).toBe(2);
  const pcv = await t.getTelephonyProvidersEdgesSite(SEED_IDS.pcvSite);
  expect(await rejection(t.putTelephonyProvidersEdgesSite(pcv.id!, pcv))).toMatchObject({
    status: 400,
    code: "managed.property.not.allowed",
  });
  await t.deleteTelephonyProvidersEdgesSite(site.id!);
  expect(await rejection(t.getTelephonyProvidersEdgesSite(site.id!))).toMatchObject({
    status: 404,
    code: "entity.not.found",
  });
  expect(await rejection(t.putTelephonyProvidersEdgesSite(site.id!, put))).toMatchObject({ status: 404 });
});

test("DELETE: managed 403; referenced by a trunk 409; afterwards routes and site are gone", async () => {
  const t = sitesApi();
  expect(await rejection(t.deleteTelephonyProvidersEdgesSite(SEED_IDS.pcvSite))).toMatchObject({
    status: 403,
    code: "managed.property.not.allowed",
  });
  const site = await t.postTelephonyProvidersEdgesSites(siteBody(locationId));
  const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
  expect(await rejection(t.deleteTelephonyProvidersEdgesSite(site.id!))).toMatchObject({
    status: 409,
    code: "resource.referenced.by.another",
  });
  await t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
  await emulatorAdmin(emu.url).call("POST", "lags/expire"); // the deleted trunk's use lingers: tests/emulator/lags.test.ts
  await t.deleteTelephonyProvidersEdgesSite(site.id!);
  expect((await rejection(t.getTelephonyProvidersEdgesSiteOutboundroutes(site.id!))).status).toBe(404);
  const list = await t.getTelephonyProvidersEdgesSites({ pageSize: 100 });
  expect(list.entities!.some((s) => s.id === site.id)).toBe(false);
});
