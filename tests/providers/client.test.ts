/**
 * The client layer against the emulator through the real SDK: token reuse and renewal, the retry
 * policy on real 429/503/502 answers and lost responses, error normalisation, paging.
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, RunningEmulator } from "../../emulator";
import { GenesysClient } from "../../genesys/client";
import { DeadlineError, describeFailure, GenesysError } from "../../genesys/errors";
import * as locations from "../../genesys/locations";
import { findSiteByName, hasProduct } from "../../genesys/org";
import { emulatorAdmin } from "../helpers/emulator";
import { instantRetryPolicy } from "../helpers/providers";

let clock = Date.UTC(2026, 0, 1);
let emu: RunningEmulator;
const waits: number[] = [];
let client: GenesysClient;

const admin = (method: string, path: string, body?: unknown) =>
  emulatorAdmin(emu.url)
    .call(method, path.replace(/^\/_emulator\//, ""), body)
    .then((r) => r.body);
async function calls(): Promise<string[]> {
  return (await emulatorAdmin(emu.url).requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
}

beforeAll(async () => {
  emu = await startEmulator({ now: () => clock, tokenTtlSeconds: 3600 });
  client = new GenesysClient(
    { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
    { retry: instantRetryPolicy(waits), now: () => clock },
  );
});
afterAll(() => emu.close());
beforeEach(async () => {
  await admin("DELETE", "/_emulator/requests");
  waits.length = 0;
});

describe("GenesysClient", () => {
  it("logs in once and reuses the token, renewing it shortly before it expires", async () => {
    expect(await hasProduct(client, "byoc")).toBe(true);
    expect(await hasProduct(client, "voice")).toBe(true);
    expect(await calls()).toEqual([
      "POST /oauth/token 200",
      "GET /api/v2/authorization/products 200",
      "GET /api/v2/authorization/products 200",
    ]);
    await admin("DELETE", "/_emulator/requests");
    clock += 3600_000 - 30_000; // 30 s before expiry: inside the renewal margin
    await hasProduct(client, "byoc");
    expect(await calls()).toEqual(["POST /oauth/token 200", "GET /api/v2/authorization/products 200"]);
  });

  it("honours Retry-After on a 429 and retries a 503, then succeeds", async () => {
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      times: 1,
      effect: { status: 429, code: "too.many.requests", retryAfter: 7 },
    });
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      skip: 1,
      times: 1,
      effect: { status: 503, code: "service.unavailable" },
    });
    expect(await hasProduct(client, "byoc")).toBe(true);
    expect(await calls()).toEqual([
      "GET /api/v2/authorization/products 429",
      "GET /api/v2/authorization/products 503",
      "GET /api/v2/authorization/products 200",
    ]);
    expect(waits[0]).toBe(7000);
    expect(waits).toHaveLength(2);
  });

  it("does not repeat a POST whose outcome is unknown (502), and says what failed", async () => {
    await admin("POST", "/_emulator/faults", {
      method: "POST",
      path: "/api/v2/locations",
      effect: { status: 502, code: "bad.gateway", message: "upstream went away" },
    });
    const err = await locations.create(client, { name: "Gateway victim", path: [] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(GenesysError);
    expect(err).toMatchObject({ status: 502, method: "POST", path: "/api/v2/locations" });
    expect((err as GenesysError).correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((err as Error).message).toMatch(
      /^Genesys Cloud POST \/api\/v2\/locations failed: 502 bad\.gateway: upstream went away \(correlation id /,
    );
    expect(await calls()).toEqual(["POST /api/v2/locations 502"]);
  });

  it("retries a GET whose connection was reset", async () => {
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      effect: { reset: true },
    });
    expect(await hasProduct(client, "byoc")).toBe(true);
    expect(await calls()).toEqual([
      "GET /api/v2/authorization/products 0",
      "GET /api/v2/authorization/products 200",
    ]);
  });

  it("gives up after the bounded number of attempts", async () => {
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      times: 10,
      effect: { status: 503, code: "service.unavailable" },
    });
    await expect(hasProduct(client, "byoc")).rejects.toMatchObject({ status: 503 });
    expect(await calls()).toHaveLength(6);
    await admin("DELETE", "/_emulator/faults");
  });

  it("reports bad credentials as one readable line", async () => {
    const bad = new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: "wrong" },
      { retry: instantRetryPolicy() },
    );
    await expect(hasProduct(bad, "byoc")).rejects.toThrow(
      /^Genesys Cloud POST \/oauth\/token failed: 401 invalid_client: authentication failed/,
    );
  });

  it("pages through a listing until pageCount, one request per page", async () => {
    for (let i = 0; i < 23; i++) await locations.create(client, { name: `Paged ${i}`, path: [] });
    await admin("DELETE", "/_emulator/requests");
    const all = await client.listAll<{ name?: string }>("GET /api/v2/locations", (a, pageNumber) =>
      a.locations.getLocations({ pageSize: 10, pageNumber }),
    );
    expect(all.filter((l) => l.name?.startsWith("Paged "))).toHaveLength(23);
    const { requests } = (await admin("GET", "/_emulator/requests")) as {
      requests: { path: string; query: Record<string, unknown> }[];
    };
    const pages = Math.ceil(all.length / 10);
    expect(requests.map((r) => r.query.pageNumber)).toEqual(
      Array.from({ length: pages }, (_, i) => String(i + 1)),
    );
  });

  it("fails, naming the cap, rather than return part of a listing longer than maxPages", async () => {
    for (let i = 0; i < 3; i++) await locations.create(client, { name: `Capped ${i}`, path: [] });
    const { locations: all } = (await admin("GET", "/_emulator/state")) as { locations: unknown[] };
    await admin("DELETE", "/_emulator/requests");
    const capped = new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
      { retry: instantRetryPolicy(), maxPages: 2 },
    );
    const list = () =>
      capped.listAll("GET /api/v2/locations", (a, pageNumber) =>
        a.locations.getLocations({ pageSize: 1, pageNumber }),
      );
    await expect(list()).rejects.toThrow(
      `Genesys Cloud GET /api/v2/locations lists ${all.length} pages, more than the 2 this client reads of one ` +
        "listing (2 objects read): it stopped instead of working from part of the list. Remove objects the org " +
        "no longer needs, or raise the client's maxPages option.",
    );
    expect(await calls()).toEqual(["POST /oauth/token 200", ...Array(2).fill("GET /api/v2/locations 200")]);
  });

  it("gives every call a deadline: an API that never answers fails within it, naming the call and the limit", async () => {
    const impatient = new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
      { retry: { ...instantRetryPolicy(), deadlineMs: 500 } },
    );
    await hasProduct(impatient, "byoc"); // logged in
    await admin("DELETE", "/_emulator/requests");
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      times: 10,
      effect: { delayMs: 60_000 }, // hangs far beyond the deadline (and the SDK's own 16 s timeout)
    });
    const started = Date.now();
    const err = await hasProduct(impatient, "byoc").catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(err).toBeInstanceOf(DeadlineError);
    expect(describeFailure(err, emu.url)).toBe(
      `Genesys Cloud at ${emu.url} did not complete GET /api/v2/authorization/products: no success within 0.5 s, ` +
        "the limit for one call, after 1 attempt: the last attempt was still waiting for an answer. Check " +
        "genesys:region or genesys:apiUrl (or GENESYS_CLOUD_REGION / GENESYS_CLOUD_API_URL) and the network if " +
        "it keeps happening; otherwise run the command again later.",
    );
    expect(await calls()).toEqual(["GET /api/v2/authorization/products 0"]); // still hanging, not answered
    await admin("DELETE", "/_emulator/faults");
  });

  it("finds the managed edge site by name with the name filter", async () => {
    const site = await findSiteByName(client, "PureCloud Voice - AWS");
    expect(site?.managed).toBe(true);
    const { requests } = (await admin("GET", "/_emulator/requests")) as {
      requests: { path: string; query: Record<string, unknown> }[];
    };
    expect(requests.at(-1)?.query).toMatchObject({ name: "PureCloud Voice - AWS", pageNumber: "1" });
  });

  it("logs in again once when the API answers 401 (token expired on the server's clock)", async () => {
    const own = new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
      { retry: instantRetryPolicy() }, // wall clock: it believes its token is still fresh
    );
    await hasProduct(own, "byoc");
    clock += 2 * 3600_000; // the server's clock moves past the token's expiry
    await admin("DELETE", "/_emulator/requests");
    expect(await hasProduct(own, "byoc")).toBe(true);
    expect(await calls()).toEqual([
      "GET /api/v2/authorization/products 401",
      "POST /oauth/token 200",
      "GET /api/v2/authorization/products 200",
    ]);
  });
});
