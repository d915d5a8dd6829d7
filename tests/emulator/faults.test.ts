/**
 * Deterministic fault rules: status, skip/times, connection reset, delay (and a client that leaves during it),
 * commit-then-drop, fields left out of an answer, a malformed body; the log shows them.
 */
import { setTimeout as pause } from "node:timers/promises";
import { startEmulator, type RunningEmulator } from "../../emulator";
import {
  accessToken,
  emulatorAdmin,
  locationBody,
  rejection,
  sdkClient,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let admin: ReturnType<typeof emulatorAdmin>;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
  admin = emulatorAdmin(emu.url);
});
beforeEach(async () => {
  await admin.clearFaults();
  await admin.clearRequests();
});
afterAll(() => emu.close());

test("status fault: skip lets N through, times fires M, then the rule is gone", async () => {
  const added = await admin.addFault({
    method: "GET",
    path: "/api/v2/organizations/me",
    skip: 1,
    times: 2,
    effect: { status: 503 },
  });
  expect(added).toMatchObject({
    status: 200,
    body: { id: expect.any(String), remaining: 2, skipRemaining: 1 },
  });
  await api.organization.getOrganizationsMe();
  expect(await rejection(api.organization.getOrganizationsMe())).toMatchObject({
    status: 503,
    code: "service.unavailable",
  });
  expect((await admin.faults())[0]).toMatchObject({ remaining: 1, skipRemaining: 0 });
  await rejection(api.organization.getOrganizationsMe());
  await api.organization.getOrganizationsMe();
  expect(await admin.faults()).toEqual([]);
  expect((await admin.requests()).map((r) => r.status)).toEqual([200, 503, 503, 200]);
});

test("429 fault with Retry-After, custom code and message; `*` matches one path segment", async () => {
  await admin.addFault({
    path: "/api/v2/telephony/providers/edges/sites/*",
    effect: { status: 429, retryAfter: 3, code: "too.many.requests", message: "slow down" },
  });
  const res = await fetch(`${emu.url}/api/v2/telephony/providers/edges/sites/abc`);
  expect(res.status).toBe(429);
  expect(res.headers.get("retry-after")).toBe("3");
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ code: "too.many.requests", message: "slow down", status: 429 });
  expect(body.contextId).toBe(res.headers.get("inin-correlation-id"));
  // The list path has one segment fewer: not matched.
  await api.telephony.getTelephonyProvidersEdgesSites();
});

test("reset: the connection is destroyed without an answer; logged with status 0", async () => {
  await admin.addFault({ method: "GET", path: "/api/v2/locations", effect: { reset: true } });
  const e = await rejection(api.locations.getLocations());
  expect(e.response).toBeUndefined();
  await api.locations.getLocations();
  expect((await admin.requests()).map((r) => r.status)).toEqual([0, 200]);
});

test("commitThenDrop: the create happens, the answer is lost", async () => {
  await admin.addFault({ method: "POST", path: "/api/v2/locations", effect: { commitThenDrop: true } });
  const body = locationBody({ name: "ambiguous" });
  const e = await rejection(api.locations.postLocations(body));
  expect(e.response).toBeUndefined();
  const found = await api.locations.postLocationsSearch({
    query: [{ type: "EXACT", fields: ["name"], value: "ambiguous" }],
  } as never);
  expect(found.total).toBe(1);
  // A blind retry now meets the uniqueness rule, as it would on a real org.
  expect(await rejection(api.locations.postLocations(body))).toMatchObject({
    status: 400,
    code: "duplicate.value",
  });
  expect((await admin.requests())[0]).toMatchObject({ method: "POST", status: 0 });
});

test("delay: the request is answered normally after the delay; the token endpoint can be faulted too", async () => {
  await admin.addFault({ path: "/api/v2/organizations/me", effect: { delayMs: 5 } });
  expect((await api.organization.getOrganizationsMe()).id).toBeDefined();
  await admin.addFault({
    path: "/oauth/token",
    effect: { status: 400, code: "invalid_request", message: "rate limit exceeded; wait" },
  });
  const e = await rejection(api.client.loginClientCredentialsGrant("emulator-client", "emulator-secret"));
  expect((e.response as { data: unknown }).data).toMatchObject({
    error: "invalid_request",
    error_description: "rate limit exceeded; wait",
  });
});

test("hold: the request waits, shown as held in the log, until released; others go by meanwhile", async () => {
  await admin.addFault({ method: "GET", path: "/api/v2/organizations/me", effect: { hold: true } });
  let answered = false;
  const held = api.organization.getOrganizationsMe().then((org) => {
    answered = true;
    return org;
  });
  // The admin API answers as soon as the request has arrived and is held (no timer in the test).
  const { body } = await admin.call("GET", "faults/held?waitMs=30000");
  expect(body).toEqual({
    held: [{ seq: expect.any(Number), method: "GET", path: "/api/v2/organizations/me" }],
  });
  expect((await admin.requests())[0]).toMatchObject({ status: 0, held: true });
  expect(await admin.faults()).toEqual([]); // the rule is used up; the next request is not held
  const other = await api.organization.getOrganizationsMe();
  expect(other.id).toBeDefined();
  expect(answered).toBe(false);
  expect(await admin.call("POST", "faults/release")).toMatchObject({ status: 200, body: { released: 1 } });
  expect((await held).id).toBe(other.id);
  expect((await admin.requests()).map((r) => [r.status, r.held])).toEqual([
    [200, undefined],
    [200, undefined],
  ]);
  expect(await admin.call("POST", "faults/release")).toMatchObject({ body: { released: 0 } });
  expect((await admin.call("GET", "faults/held")).body).toEqual({ held: [] });
});

test("ifClientGone: a delayed request whose client left is dropped with `drop`, performed with `apply` (the default)", async () => {
  const DELAY_MS = 400;
  const ABORT_MS = 100; // the client gives up well after its request has arrived, well before the delay ends
  for (const ifClientGone of ["drop", "apply"] as const) {
    await admin.addFault({
      method: "POST",
      path: "/api/v2/locations",
      effect: { delayMs: DELAY_MS, ifClientGone },
    });
  }
  const post = async (name: string) => {
    const err = await fetch(`${emu.url}/api/v2/locations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${accessToken(api.client)}`, "Content-Type": "application/json" },
      body: JSON.stringify(locationBody({ name })),
      signal: AbortSignal.timeout(ABORT_MS),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "TimeoutError" });
  };
  await post("left, dropped");
  await post("left, applied");
  await pause(DELAY_MS); // the delay the test armed: both delays have ended by now
  expect((await admin.requests()).map(({ path, status, dropped }) => ({ path, status, dropped }))).toEqual([
    { path: "/api/v2/locations", status: 0, dropped: true },
    { path: "/api/v2/locations", status: 200, dropped: undefined },
  ]);
  const names = (await admin.state()).locations.map((l) => l.name);
  expect(names).not.toContain("left, dropped");
  expect(names).toContain("left, applied"); // what the live service may do once a request reached it
});

test("omitFields: the request is handled normally, the answer leaves those top-level fields out", async () => {
  await admin.addFault({
    method: "GET",
    path: "/api/v2/locations",
    effect: { omitFields: ["pageCount", "total"] },
  });
  const res = await fetch(`${emu.url}/api/v2/locations`, {
    headers: { Authorization: `Bearer ${accessToken(api.client)}` },
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).not.toHaveProperty("pageCount");
  expect(body).not.toHaveProperty("total");
  expect(body).toMatchObject({ entities: expect.any(Array), pageNumber: 1 });
  expect((await api.locations.getLocations()).pageCount).toEqual(expect.any(Number)); // the rule is used up
});

test("body: answers 200 with exactly that JSON and does nothing; logged with status 200", async () => {
  const malformed = { entities: [null], pageNumber: 1, pageCount: 1 };
  await admin.addFault({ method: "GET", path: "/api/v2/locations", effect: { body: malformed } });
  const res = await fetch(`${emu.url}/api/v2/locations`); // no token: the fault answers before any check
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual(malformed);
  await admin.addFault({ method: "POST", path: "/api/v2/locations", effect: { body: {} } });
  expect(await api.locations.postLocations(locationBody({ name: "never made" }))).toEqual({});
  const listed = await api.locations.getLocations();
  expect(listed.entities!.map((l) => l.name)).not.toContain("never made");
  expect((await admin.requests()).map((r) => [r.method, r.status])).toEqual([
    ["GET", 200],
    ["POST", 200],
    ["GET", 200],
  ]);
});

test("invalid rules → 400 with a reason", async () => {
  for (const rule of [
    {},
    { path: "no-slash", effect: { status: 500 } },
    { path: "/x", effect: {} },
    { path: "/x", effect: { status: 200 } },
    { path: "/x", effect: { status: 500, reset: true } },
    { path: "/x", effect: { hold: false } },
    { path: "/x", effect: { body: [], status: 500 } },
    { path: "/x", times: 0, effect: { status: 500 } },
    { path: "/x", effect: { status: 500, ifClientGone: "drop" } },
    { path: "/x", effect: { delayMs: 5, ifClientGone: "later" } },
    { path: "/x", effect: { omitFields: [] } },
    { path: "/x", effect: { omitFields: "pageCount" } },
  ]) {
    const r = await admin.call("POST", "faults", rule);
    expect(r.status).toBe(400);
    expect(r.body!.error).toEqual(expect.any(String));
  }
  const res = await fetch(`${emu.url}/_emulator/faults`, { method: "POST", body: "{oops" });
  expect(res.status).toBe(400);
});
