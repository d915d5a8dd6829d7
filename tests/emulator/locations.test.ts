/** Locations through the real SDK: create, search, PATCH rules, uniqueness, delete rules, 404 after delete. */
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  emulatorAdmin,
  locationBody,
  phoneNumber,
  rejection,
  sdkClient,
  siteBody,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
});
afterAll(() => emu.close());

test("create answers 200 with the LocationDefinition; number echoed, e164 normalised", async () => {
  const loc = await api.locations.postLocations(
    locationBody({ emergencyNumber: { number: "+1 (317) 555-0100", type: "default" } }),
  );
  expect(loc).toMatchObject({
    version: 1,
    state: "active",
    path: [],
    emergencyNumber: { number: "+1 (317) 555-0100", e164: "+13175550100", type: "default" },
    selfUri: `/api/v2/locations/${loc.id}`,
  });
  expect(await api.locations.getLocation(loc.id!)).toEqual(loc);
});

test('create validation: name required, bad E.164, notes "", duplicate number, duplicate name', async () => {
  expect(await rejection(api.locations.postLocations({} as never))).toMatchObject({
    status: 400,
    code: "required.field.missing",
    details: [{ errorCode: "REQUIRED_FIELD_MISSING", fieldName: "name" }],
  });
  expect(
    await rejection(api.locations.postLocations(locationBody({ emergencyNumber: { number: "555-0100" } }))),
  ).toMatchObject({ status: 400, code: "invalid.value" });
  expect(await rejection(api.locations.postLocations(locationBody({ notes: "" })))).toMatchObject({
    status: 400,
    code: "bad.request",
  });
  const first = await api.locations.postLocations(locationBody());
  expect(
    await rejection(
      api.locations.postLocations(
        locationBody({ emergencyNumber: { number: first.emergencyNumber!.number } }),
      ),
    ),
  ).toMatchObject({ status: 400, code: "duplicate.value" });
  expect(await rejection(api.locations.postLocations(locationBody({ name: first.name })))).toMatchObject({
    status: 400,
    code: "duplicate.value",
  });
});

test("search by exact name (the TF data-source request)", async () => {
  const loc = await api.locations.postLocations(locationBody({ name: "Search Me" }));
  await api.locations.postLocations(locationBody({ name: "Search Me Too" }));
  const res = await api.locations.postLocationsSearch({
    query: [{ type: "EXACT", fields: ["name"], value: "Search Me" }],
  } as never);
  expect(res).toMatchObject({ total: 1, pageCount: 1, pageNumber: 1 });
  expect(res.results![0].id).toBe(loc.id);
  const none = await api.locations.postLocationsSearch({
    query: [{ type: "EXACT", fields: ["name"], value: "search me" }],
  } as never);
  expect(none.total).toBe(0);
  expect(none.results).toEqual([]);
});

test("PATCH: version required, stale version 409, partial update, version rises", async () => {
  const loc = await api.locations.postLocations(locationBody({ notes: "first" }));
  expect(
    await rejection(api.locations.patchLocation(loc.id!, { name: loc.name, notes: "x" } as never)),
  ).toMatchObject({ status: 400, code: "required.field.missing", details: [{ fieldName: "version" }] });
  expect(
    await rejection(
      api.locations.patchLocation(loc.id!, { name: loc.name, version: 7, notes: "x" } as never),
    ),
  ).toMatchObject({ status: 409, code: "general.conflict" });
  const patched = await api.locations.patchLocation(loc.id!, {
    name: loc.name!,
    version: 1,
    notes: "second",
  });
  expect(patched).toMatchObject({
    version: 2,
    notes: "second",
    address: loc.address,
    emergencyNumber: loc.emergencyNumber,
  });
  expect(patched.path).toEqual([]);
});

test('PATCH rules: notes "" → 400; address with a number → 400; emergencyNumber {} clears; path [] clears', async () => {
  const parent = await api.locations.postLocations(locationBody());
  const loc = await api.locations.postLocations(locationBody({ path: [parent.id] }));
  expect(loc.path).toEqual([parent.id]);
  const base = { name: loc.name!, version: 1 };
  expect(await rejection(api.locations.patchLocation(loc.id!, { ...base, notes: "" }))).toMatchObject({
    status: 400,
    code: "bad.request",
  });
  expect(
    await rejection(
      api.locations.patchLocation(loc.id!, { ...base, address: { city: "Elsewhere" } } as never),
    ),
  ).toMatchObject({ status: 400, code: "bad.request" });
  const cleared = await api.locations.patchLocation(loc.id!, {
    ...base,
    emergencyNumber: {},
    path: [],
  } as never);
  expect(cleared.emergencyNumber).toBeUndefined();
  expect(cleared.path).toEqual([]);
  const moved = await api.locations.patchLocation(loc.id!, {
    name: loc.name,
    version: cleared.version!,
    address: { street1: "1 Main St", city: "Carmel", state: "IN", zipcode: "46032", country: "US" },
  } as never);
  expect(moved).toMatchObject({ version: 3, address: { city: "Carmel" } });
  const renumbered = await api.locations.patchLocation(loc.id!, {
    name: loc.name,
    version: 3,
    emergencyNumber: { number: phoneNumber(), type: "default" },
  } as never);
  expect(renumbered.emergencyNumber!.e164).toMatch(/^\+1/);
});

test("list pages with correct total/pageCount, entities [] past the end, and the id filter", async () => {
  const created = [];
  for (let i = 0; i < 4; i++) created.push(await api.locations.postLocations(locationBody()));
  const all = await api.locations.getLocations({ pageSize: 2, pageNumber: 1 });
  const total = all.total!;
  expect(all.pageCount).toBe(Math.ceil(total / 2));
  expect(all.entities).toHaveLength(2);
  expect(all.nextUri).toBe("/api/v2/locations?pageSize=2&pageNumber=2");
  expect(all.previousUri).toBeUndefined();
  const past = await api.locations.getLocations({ pageSize: 2, pageNumber: all.pageCount! + 1 });
  expect(past).toMatchObject({ entities: [], total });
  const some = await api.locations.getLocations({ id: [created[0].id!, created[2].id!] });
  expect(some.entities!.map((l) => l.id).sort()).toEqual([created[0].id, created[2].id].sort());
});

test("delete: in use by a site → 400 naming no site; the PCV location too; then 204 and 404, gone from lists", async () => {
  const loc = await api.locations.postLocations(locationBody());
  const site = await api.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!));
  const inUse = {
    status: 400,
    code: "bad.request",
    message: "The location is in use and cannot be deleted.",
    details: [],
  };
  expect(await rejection(api.locations.deleteLocation(loc.id!))).toMatchObject(inUse);
  expect(await rejection(api.locations.deleteLocation(SEED_IDS.defaultPcvLocation))).toMatchObject(inUse);
  await api.telephony.deleteTelephonyProvidersEdgesSite(site.id!);
  await emulatorAdmin(emu.url).call("POST", "lags/expire"); // the deleted site's use lingers: tests/emulator/lags.test.ts
  await api.locations.deleteLocation(loc.id!);
  expect(await rejection(api.locations.getLocation(loc.id!))).toMatchObject({
    status: 404,
    code: "not.found",
  });
  const list = await api.locations.getLocations({ pageSize: 100 });
  expect(list.entities!.some((l) => l.id === loc.id)).toBe(false);
  expect(await rejection(api.locations.deleteLocation(loc.id!))).toMatchObject({ status: 404 });
});
