/** Login, bearer auth, token expiry, the token-endpoint limit and the per-token rate limit (injectable clock). */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { accessToken, emulatorAdmin, newApiClient, rejection, sdkClient } from "../helpers/emulator";
import platformClient from "purecloud-platform-client-v2";

let clock = Date.UTC(2025, 0, 1);
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({
    now: () => clock,
    rateLimitPerMinute: 5,
    tokenRateLimitPerMinute: 20,
    tokenTtlSeconds: 3600,
    clients: [
      { id: "emulator-client", secret: "emulator-secret" },
      { id: "other", secret: "s3cret" },
    ],
  });
});
afterAll(() => emu.close());

const loginRaw = (
  auth: string | undefined,
  body = "grant_type=client_credentials",
  ct = "application/x-www-form-urlencoded",
) =>
  fetch(`${emu.url}/oauth/token`, {
    method: "POST",
    headers: { ...(auth ? { Authorization: auth } : {}), "Content-Type": ct },
    body,
  });
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

test("login answers access_token, token_type, expires_in; the SDK logs in with it", async () => {
  const res = await loginRaw(basic("other", "s3cret"));
  expect(res.status).toBe(200);
  expect(res.headers.get("inin-correlation-id")).toMatch(/^[0-9a-f-]{36}$/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ token_type: "bearer", expires_in: 3600 });
  expect(typeof body.access_token).toBe("string");
  const api = await sdkClient(emu.url, "other", "s3cret");
  expect(accessToken(api.client)).toBeTruthy();
});

test("login errors use the OAuth shape", async () => {
  const wrong = await loginRaw(basic("emulator-client", "nope"));
  expect(wrong.status).toBe(401);
  expect(await wrong.json()).toEqual({
    error: "invalid_client",
    description: "authentication failed",
    error_description: "authentication failed",
  });
  const unknown = await loginRaw(basic("ghost", "x"));
  expect(unknown.status).toBe(401);
  expect(await unknown.json()).toMatchObject({
    error: "invalid_client",
    error_description: "client not found",
  });
  expect((await loginRaw(undefined)).status).toBe(401);
  const grant = await loginRaw(basic("other", "s3cret"), "grant_type=password");
  expect(grant.status).toBe(400);
  expect(await grant.json()).toMatchObject({ error: "unsupported_grant_type" });
  // Through the SDK: it rejects with the axios error.
  const e = await rejection(newApiClient(emu.url).loginClientCredentialsGrant("emulator-client", "bad"));
  expect((e.response as { status: number }).status).toBe(401);
});

test("API auth: missing token 401 authentication.required; bad token 401 bad.credentials; expiry", async () => {
  const url = `${emu.url}/api/v2/organizations/me`;
  const none = await fetch(url);
  expect(none.status).toBe(401);
  const body = (await none.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ code: "authentication.required", status: 401, details: [], errors: [] });
  expect(body.contextId).toBe(none.headers.get("inin-correlation-id"));
  const bad = await fetch(url, { headers: { Authorization: "Bearer forged.token" } });
  expect(await bad.json()).toMatchObject({ status: 401, code: "bad.credentials" });

  const api = await sdkClient(emu.url);
  await api.organization.getOrganizationsMe();
  clock += 3600 * 1000; // token lifetime passes
  expect(await rejection(api.organization.getOrganizationsMe())).toMatchObject({
    status: 401,
    code: "bad.credentials",
  });
  await api.client.loginClientCredentialsGrant("emulator-client", "emulator-secret");
  await api.organization.getOrganizationsMe();
  clock += 61_000;
});

test("per-token rate limit: inin-ratelimit-* headers, then 429 too.many.requests with Retry-After", async () => {
  const api = await sdkClient(emu.url);
  api.client.setReturnExtendedResponses(true);
  const seen: Record<string, string>[] = [];
  for (let i = 0; i < 5; i++) {
    const r = (await api.organization.getOrganizationsMe()) as unknown as { headers: Record<string, string> };
    seen.push(r.headers);
  }
  expect(seen.map((h) => h["inin-ratelimit-count"])).toEqual(["1", "2", "3", "4", "5"]);
  expect(seen[0]["inin-ratelimit-allowed"]).toBe("5");
  expect(seen[0]["inin-ratelimit-reset"]).toBe("60");
  clock += 20_000;
  const e = (await rejection(api.organization.getOrganizationsMe())) as {
    status: number;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  };
  expect(e.status).toBe(429);
  expect(e.body).toMatchObject({
    code: "too.many.requests",
    message: "Rate limit exceeded the maximum [5] requests within [60] seconds",
  });
  expect(e.headers["retry-after"]).toBe("40");
  expect(e.body.contextId).toBe(e.headers["inin-correlation-id"]);
  // Another token has its own budget.
  await (await sdkClient(emu.url)).organization.getOrganizationsMe();
  clock += 40_000; // the window resets
  const again = (await api.organization.getOrganizationsMe()) as unknown as {
    headers: Record<string, string>;
  };
  expect(again.headers["inin-ratelimit-count"]).toBe("1");
  const log = await emulatorAdmin(emu.url).requests();
  expect(log.filter((r) => r.status === 429)).toHaveLength(1);
});

test('token endpoint limit answers 400 invalid_request "rate limit exceeded; ..."', async () => {
  clock += 120_000;
  const local = await startEmulator({ now: () => clock, tokenRateLimitPerMinute: 2 });
  try {
    const c = newApiClient(local.url);
    await c.loginClientCredentialsGrant("emulator-client", "emulator-secret");
    await c.loginClientCredentialsGrant("emulator-client", "emulator-secret");
    const e = await rejection(c.loginClientCredentialsGrant("emulator-client", "emulator-secret"));
    const res = e.response as { status: number; data: Record<string, string> };
    expect(res.status).toBe(400);
    expect(res.data.error).toBe("invalid_request");
    expect(res.data.error_description).toMatch(/^rate limit exceeded;/);
    clock += 60_000;
    await c.loginClientCredentialsGrant("emulator-client", "emulator-secret");
  } finally {
    await local.close();
  }
});

test("the SDK's global client is left alone", () => {
  expect(platformClient.ApiClient.config.gateway).toBeUndefined();
});
