/** DID pools through the real SDK: create, E.164 and range rules, overlap refused, PUT with versions, list paging, delete. */
import type { Models } from "purecloud-platform-client-v2";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { loadState, saveState } from "../../emulator/persistence";
import { rejection, sdkClient, type SdkApis } from "../helpers/emulator";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

let emu: RunningEmulator;
let api: SdkApis;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
});
afterAll(() => emu.close());

/** A pool body for `count` numbers from +1317555<first>. */
function pool(first: number, count = 1, extra: Partial<Models.DIDPool> = {}): Models.DIDPool {
  const n = (x: number) => `+1317555${String(x).padStart(4, "0")}`;
  return { startPhoneNumber: n(first), endPhoneNumber: n(first + count - 1), ...extra } as Models.DIDPool;
}

test("create answers 200 with the DIDPool: audit fields, version 1, no provider; GET returns the same", async () => {
  const p = await api.telephony.postTelephonyProvidersEdgesDidpools(
    pool(100, 10, { description: "main", comments: "ported 2026" }),
  );
  expect(p).toMatchObject({
    startPhoneNumber: "+13175550100",
    endPhoneNumber: "+13175550109",
    description: "main",
    comments: "ported 2026",
    state: "active",
    version: 1,
    selfUri: `/api/v2/telephony/providers/edges/didpools/${p.id}`,
  });
  expect(p.provider).toBeUndefined();
  expect(p.name).toBe("+13175550100-+13175550109");
  expect(await api.telephony.getTelephonyProvidersEdgesDidpool(p.id!)).toEqual(p);
});

test('provider "" means none (what Terraform sends); PURE_CLOUD is kept; another value → 400 invalid.value', async () => {
  const none = await api.telephony.postTelephonyProvidersEdgesDidpools(pool(200, 1, { provider: "" }));
  expect(none.provider).toBeUndefined();
  const pc = await api.telephony.postTelephonyProvidersEdgesDidpools(
    pool(201, 1, { provider: "PURE_CLOUD" }),
  );
  expect(pc.provider).toBe("PURE_CLOUD");
  expect(
    await rejection(api.telephony.postTelephonyProvidersEdgesDidpools(pool(202, 1, { provider: "BYOC" }))),
  ).toMatchObject({ status: 400, code: "invalid.value" });
});

test("numbers: required, exactly E.164, same length, end not below start", async () => {
  const post = (b: unknown) =>
    rejection(api.telephony.postTelephonyProvidersEdgesDidpools(b as Models.DIDPool));
  expect(await post({ endPhoneNumber: "+13175550300" })).toMatchObject({
    status: 400,
    code: "required.field.missing",
    details: [{ fieldName: "startPhoneNumber" }],
  });
  expect(await post({ startPhoneNumber: "+1 317 555 0300", endPhoneNumber: "+13175550300" })).toMatchObject({
    status: 400,
    code: "invalid.value",
    details: [{ fieldName: "startPhoneNumber" }],
  });
  expect(await post({ startPhoneNumber: "+13175550300", endPhoneNumber: "3175550301" })).toMatchObject({
    status: 400,
    code: "invalid.value",
    details: [{ fieldName: "endPhoneNumber" }],
  });
  expect(await post({ startPhoneNumber: "+13175550300", endPhoneNumber: "+131755503010" })).toMatchObject({
    status: 400,
    code: "general.bad.request",
  });
  expect(await post({ startPhoneNumber: "+13175550301", endPhoneNumber: "+13175550300" })).toMatchObject({
    status: 400,
    code: "general.bad.request",
  });
});

test("a range that shares a number with another pool is refused, naming that pool; touching ranges are fine", async () => {
  const a = await api.telephony.postTelephonyProvidersEdgesDidpools(pool(400, 10)); // 0400..0409
  for (const [first, count] of [
    [400, 10], // the same range
    [405, 1], // inside
    [395, 6], // over its start
    [409, 5], // over its end
    [390, 30], // around it
  ]) {
    const e = await rejection(api.telephony.postTelephonyProvidersEdgesDidpools(pool(first, count)));
    expect(e).toMatchObject({
      status: 400,
      code: "duplicate.value",
      details: [{ errorCode: "DUPLICATE_VALUE", entityId: a.id }],
    });
    expect(e.message).toContain(a.id);
  }
  await api.telephony.postTelephonyProvidersEdgesDidpools(pool(410, 5)); // right after it
  await api.telephony.postTelephonyProvidersEdgesDidpools(pool(390, 10)); // right before it
  // Another length is another set of numbers.
  await api.telephony.postTelephonyProvidersEdgesDidpools({
    startPhoneNumber: "+131755504000",
    endPhoneNumber: "+131755504099",
  } as Models.DIDPool);
});

test("PUT: version optional (Terraform sends none), stale version 409, texts left out cleared, range may move", async () => {
  const p = await api.telephony.postTelephonyProvidersEdgesDidpools(
    pool(500, 5, { description: "d", comments: "c", provider: "PURE_CLOUD" }),
  );
  const noVersion = await api.telephony.putTelephonyProvidersEdgesDidpool(
    p.id!,
    pool(500, 5, { description: "d2" }),
  );
  expect(noVersion).toMatchObject({ version: 2, description: "d2", name: p.name });
  expect(noVersion.comments).toBeUndefined();
  expect(noVersion.provider).toBeUndefined();
  expect(
    await rejection(api.telephony.putTelephonyProvidersEdgesDidpool(p.id!, { ...noVersion, version: 1 })),
  ).toMatchObject({ status: 409, code: "general.conflict" });
  const moved = await api.telephony.putTelephonyProvidersEdgesDidpool(p.id!, {
    ...noVersion,
    ...pool(502, 10),
  });
  expect(moved).toMatchObject({
    version: 3,
    startPhoneNumber: "+13175550502",
    endPhoneNumber: "+13175550511",
  });
  // Overlap on PUT is checked against the other pools only.
  const other = await api.telephony.postTelephonyProvidersEdgesDidpools(pool(520, 5));
  expect(
    await rejection(api.telephony.putTelephonyProvidersEdgesDidpool(p.id!, { ...moved, ...pool(510, 11) })),
  ).toMatchObject({ status: 400, code: "duplicate.value", details: [{ entityId: other.id }] });
  expect(
    await rejection(
      api.telephony.putTelephonyProvidersEdgesDidpool("00000000-0000-4000-8000-00000000ffff", moved),
    ),
  ).toMatchObject({ status: 404, code: "entity.not.found" });
});

test("list: pages with totals, entities [] past the end, the id filter, sortBy checked", async () => {
  const fresh = await startEmulator();
  try {
    const sdk = await sdkClient(fresh.url);
    const made: Models.DIDPool[] = [];
    for (const first of [700, 600, 800])
      made.push(await sdk.telephony.postTelephonyProvidersEdgesDidpools(pool(first)));
    const page1 = await sdk.telephony.getTelephonyProvidersEdgesDidpools({ pageSize: 2, pageNumber: 1 });
    expect(page1).toMatchObject({
      total: 3,
      totalNumberOfEntities: 3,
      pageCount: 2,
      pageSize: 2,
      pageNumber: 1,
    });
    expect(page1.entities!.map((p) => p.startPhoneNumber)).toEqual(["+13175550600", "+13175550700"]);
    const page3 = await sdk.telephony.getTelephonyProvidersEdgesDidpools({ pageSize: 2, pageNumber: 3 });
    expect(page3.entities).toEqual([]);
    const byId = await sdk.telephony.getTelephonyProvidersEdgesDidpools({ id: [made[2].id!, made[0].id!] });
    expect(byId.entities!.map((p) => p.id).sort()).toEqual([made[0].id, made[2].id].sort());
    expect(
      await rejection(sdk.telephony.getTelephonyProvidersEdgesDidpools({ sortBy: "color" })),
    ).toMatchObject({ status: 400, code: "invalid.value" });
  } finally {
    await fresh.close();
  }
});

test("delete: 200, then GET 404, gone from the list, its range free again; a second delete 404", async () => {
  const p = await api.telephony.postTelephonyProvidersEdgesDidpools(pool(900, 3));
  await api.telephony.deleteTelephonyProvidersEdgesDidpool(p.id!);
  expect(await rejection(api.telephony.getTelephonyProvidersEdgesDidpool(p.id!))).toMatchObject({
    status: 404,
    code: "entity.not.found",
  });
  const list = await api.telephony.getTelephonyProvidersEdgesDidpools({ pageSize: 500 });
  expect(list.entities!.map((x) => x.id)).not.toContain(p.id);
  await api.telephony.postTelephonyProvidersEdgesDidpools(pool(900, 3));
  expect(await rejection(api.telephony.deleteTelephonyProvidersEdgesDidpool(p.id!))).toMatchObject({
    status: 404,
  });
});

test("pools are in the admin state, persisted, and gone after a reset; a snapshot without pools loads", async () => {
  const fresh = await startEmulator();
  try {
    const sdk = await sdkClient(fresh.url);
    const p = await sdk.telephony.postTelephonyProvidersEdgesDidpools(pool(950));
    const state = (await (await fetch(`${fresh.url}/_emulator/state`)).json()) as {
      didPools: { id: string }[];
    };
    expect(state.didPools.map((x) => x.id)).toEqual([p.id]);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "didpools-"));
    const file = path.join(dir, "org.json");
    saveState(file, state as never);
    expect(loadState(file)!.didPools.map((x) => x.id)).toEqual([p.id]);
    const old = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    delete old.didPools;
    fs.writeFileSync(file, JSON.stringify(old));
    expect(loadState(file)!.didPools).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });

    await fetch(`${fresh.url}/_emulator/reset`, { method: "POST" });
    const after = (await (await fetch(`${fresh.url}/_emulator/state`)).json()) as { didPools: unknown[] };
    expect(after.didPools).toEqual([]);
  } finally {
    await fresh.close();
  }
});
