/** HTTP-level rules the SDK cannot provoke: malformed JSON, content type, body size, unknown routes, junk input. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { accessToken, emulatorAdmin, sdkClient } from "../helpers/emulator";

let emu: RunningEmulator;
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ rateLimitPerMinute: 100_000 });
  token = accessToken((await sdkClient(emu.url)).client);
});
afterAll(() => emu.close());

const call = async (method: string, path: string, body?: string, contentType = "application/json") => {
  const res = await fetch(`${emu.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body !== undefined ? { "Content-Type": contentType } : {}),
    },
    body,
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
};

test("malformed JSON → 400 bad.request; wrong content type → 415; over 512 KB → 413", async () => {
  expect(await call("POST", "/api/v2/locations", "{not json")).toMatchObject({
    status: 400,
    body: { code: "bad.request", status: 400 },
  });
  expect(await call("POST", "/api/v2/locations", "name=x", "text/plain")).toMatchObject({
    status: 415,
    body: { code: "unsupported.media.type" },
  });
  const big = JSON.stringify({ name: "big", notes: "x".repeat(513 * 1024) });
  expect((await call("POST", "/api/v2/locations", big)).status).toBe(413);
  const fits = JSON.stringify({ name: "fits", notes: "x".repeat(500 * 1024) });
  expect((await call("POST", "/api/v2/locations", fits)).status).toBe(200);
});

test("unknown route → 501 naming the method and path; correlation id on every response", async () => {
  const r = await call("GET", "/api/v2/users/me");
  expect(r.status).toBe(501);
  expect(r.body!.message).toBe("GET /api/v2/users/me is not implemented by the Genesys Cloud emulator.");
  expect(r.body!.contextId).toBe(r.headers.get("inin-correlation-id"));
  expect((await call("PATCH", "/api/v2/telephony/providers/edges/sites/x", "{}")).status).toBe(501);
  expect((await fetch(`${emu.url}/`)).status).toBe(501);
  const ok = await call("GET", "/api/v2/organizations/me");
  expect(ok.headers.get("inin-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  expect(ok.headers.get("inin-ratelimit-allowed")).toBe("100000");
});

test("never crashes: junk bodies and ids on write endpoints never answer 5xx; errors keep the ErrorBody shape", async () => {
  const sites = "/api/v2/telephony/providers/edges/sites";
  const trunks = "/api/v2/telephony/providers/edges/trunkbasesettings";
  const targets: [string, string][] = [
    ["POST", "/api/v2/locations"],
    ["POST", "/api/v2/locations/search"],
    ["PATCH", "/api/v2/locations/00000000-0000-4000-8000-000000000010"],
    ["POST", sites],
    ["PUT", `${sites}/00000000-0000-4000-8000-000000000020`],
    ["POST", trunks],
    ["PUT", `${trunks}/00000000-0000-4000-8000-000000000030`],
    ["POST", `${sites}/00000000-0000-4000-8000-000000000020/outboundroutes`],
    ["PUT", `${sites}/%E0%A4%A/outboundroutes/x`],
  ];
  const junk = [
    "null",
    "[]",
    "42",
    '"str"',
    "{}",
    '{"name":{"a":1},"location":"x","properties":[1],"trunkMetabase":7,"classificationTypes":"x"}',
    '{"name":"n","location":{"id":5},"emergencyNumber":[],"address":"x","path":{},"query":"x","edgeAutoUpdateConfig":[]}',
    '{"name":"n","trunkMetabase":{"id":"external_sip_pcv_byoc_carrier.json"},"trunkType":"EXTERNAL","inboundSite":{"id":null},"properties":{"trunk_label":null}}',
    '{"name":"n","query":[null,{"type":1}],"version":"1","pageSize":-1}',
  ];
  for (const [method, path] of targets)
    for (const body of junk) {
      const r = await call(method, path, body);
      expect(r.status).toBeLessThan(500);
      if (r.status < 400) continue; // some junk is valid input (e.g. a location named "n")
      expect(r.body).toMatchObject({
        status: r.status,
        code: expect.any(String),
        message: expect.any(String),
      });
    }
  for (const q of ["pageSize=abc", "pageNumber=0", "managed=maybe", "sortOrder=sideways", "pageSize=100000"])
    expect((await call("GET", `${sites}?${q}`)).status).toBe(400);
  expect((await call("GET", "/api/v2/locations/search?q64=%%%")).status).toBe(400);
});

test("admin endpoints are not logged and not rate limited; the log records method, path, query, status", async () => {
  const admin = emulatorAdmin(emu.url);
  await admin.clearRequests();
  await call("GET", "/api/v2/locations?pageSize=2&id=a&id=b");
  await admin.state();
  const log = await admin.requests();
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({
    method: "GET",
    path: "/api/v2/locations",
    query: { pageSize: "2", id: ["a", "b"] },
    status: 200,
    clientId: "emulator-client",
  });
  expect(new Date(log[0].time).toISOString()).toBe(log[0].time);
  expect((await admin.call("GET", "nope")).status).toBe(404);
});
