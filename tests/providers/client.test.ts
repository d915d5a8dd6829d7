/**
 * The client layer against the emulator through the real SDK: token reuse and renewal, the retry
 * policy on real 429/503/502 answers and lost responses, error normalisation, paging, and the
 * deadline aborting the request in flight.
 */
import { setTimeout as pause } from "node:timers/promises";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, startEmulator, RunningEmulator } from "../../emulator";
import { GenesysClient, withCallSignal } from "../../genesys/client";
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
    // The retry policy's clock is the test's too (plus the waits): real time passing between two
    // calls must not change how long the second is told to wait.
    { retry: instantRetryPolicy(waits, undefined, () => clock), now: () => clock },
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
    // The jittered backoff, then the rest of the token's pause: 7 s in all before the retry.
    expect(waits[0] + waits[1]).toBe(7000);
    expect(waits).toHaveLength(3);
  });

  it("a 429 pauses every call on the token until its Retry-After, off the calls' deadline", async () => {
    // Retry-After 59 s, with 60 s per call: waited for, since the pause does not count on the
    // deadline (before, the call failed at once: "asked to wait 59 s"). A call started during
    // the pause sends nothing until it ends.
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      times: 1,
      effect: { status: 429, code: "too.many.requests", retryAfter: 59 },
    });
    const paused: number[] = [];
    let second: Promise<boolean> | undefined;
    let started = false;
    const c = new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
      {
        retry: instantRetryPolicy(
          paused,
          () => {
            if (started) return;
            started = true; // before the call: it waits on this same policy at once
            second = hasProduct(c, "voice"); // started while the first call waits
          },
          () => clock, // no real time on this clock: the rest of the pause is exact
        ),
      },
    );
    expect(await hasProduct(c, "byoc")).toBe(true);
    expect(await second).toBe(true);
    expect(await calls()).toEqual([
      "POST /oauth/token 200",
      "GET /api/v2/authorization/products 429",
      "GET /api/v2/authorization/products 200",
      "GET /api/v2/authorization/products 200",
    ]);
    // The first call's backoff (125 ms), during which the second starts and waits out the rest of
    // the pause before its first request; the first then finds the pause over.
    expect(paused).toEqual([125, 59_000 - 125]);
  });

  it("does not wait for a Retry-After past 180 s: the call fails saying what Genesys asked", async () => {
    await admin("POST", "/_emulator/faults", {
      path: "/api/v2/authorization/products",
      times: 1,
      effect: { status: 429, code: "too.many.requests", retryAfter: 181 },
    });
    const err = await hasProduct(client, "byoc").then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as Error).message).toMatch(/asked to wait 181 s before the next attempt/);
    expect(await calls()).toEqual(["GET /api/v2/authorization/products 429"]);
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
    expect(await calls()).toEqual(["GET /api/v2/authorization/products 0"]); // aborted, never answered
    await admin("DELETE", "/_emulator/faults");
  });

  /** Deadline of the impatient clients below: ample for a loopback request to arrive. */
  const DEADLINE_MS = 300;
  /** How long the emulator keeps their requests waiting: well past the deadline. */
  const DELAY_MS = 1_000;
  const impatient = () =>
    new GenesysClient(
      { apiUrl: emu.url, clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET },
      { retry: { ...instantRetryPolicy(), deadlineMs: DEADLINE_MS } },
    );
  type Logged = { method: string; path: string; status: number; dropped?: boolean };
  const logged = async () =>
    ((await admin("GET", "/_emulator/requests")) as { requests: Logged[] }).requests.map(
      ({ method, path, status, dropped }) => ({ method, path, status, dropped }),
    );

  it("aborts a write still waiting at the deadline: the request is cancelled and never lands", async () => {
    const c = impatient();
    await hasProduct(c, "byoc"); // logged in
    await admin("DELETE", "/_emulator/requests");
    // Held past the deadline; dropped if its client has gone by then (a gateway that never forwarded it).
    await admin("POST", "/_emulator/faults", {
      method: "POST",
      path: "/api/v2/locations",
      effect: { delayMs: DELAY_MS, ifClientGone: "drop" },
    });
    const err = await locations.create(c, { name: "Too late", path: [] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    expect((err as Error).message).toMatch(
      /^Genesys Cloud POST \/api\/v2\/locations failed: .* no success within 0.3 s/,
    );
    await pause(DELAY_MS); // the delay the test armed: the emulator has decided by now
    expect(await logged()).toEqual([
      { method: "POST", path: "/api/v2/locations", status: 0, dropped: true }, // its client had gone
    ]);
    const { locations: all } = (await admin("GET", "/_emulator/state")) as { locations: { name: string }[] };
    expect(all.map((l) => l.name)).not.toContain("Too late");
  });

  it("aborts a login still waiting at its deadline", async () => {
    const c = impatient(); // not logged in yet
    await admin("POST", "/_emulator/faults", {
      method: "POST",
      path: "/oauth/token",
      effect: { delayMs: DELAY_MS, ifClientGone: "drop" },
    });
    const err = await hasProduct(c, "byoc").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeadlineError);
    await pause(DELAY_MS);
    expect(await logged()).toEqual([{ method: "POST", path: "/oauth/token", status: 0, dropped: true }]);
  });

  it("cancels the calls made inside an enclosing call once its deadline has passed, without retrying them", async () => {
    await hasProduct(client, "byoc"); // logged in
    await admin("DELETE", "/_emulator/requests");
    const ended = new AbortController();
    ended.abort();
    const err = await withCallSignal(ended.signal, () => hasProduct(client, "byoc")).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "GenesysError", status: 0, code: "ERR_CANCELED" });
    expect(await calls()).toEqual([]); // never sent, and not retried
  });

  it("fails, naming the listing and the page, when a page comes without its pageCount", async () => {
    for (let i = 0; i < 3; i++) await locations.create(client, { name: `Uncounted ${i}`, path: [] });
    await admin("DELETE", "/_emulator/requests");
    // Page 1 is whole; page 2 comes without pageCount (a gateway that drops it, say).
    await admin("POST", "/_emulator/faults", {
      method: "GET",
      path: "/api/v2/locations",
      skip: 1,
      effect: { omitFields: ["pageCount"] },
    });
    const err = await client
      .listAll("GET /api/v2/locations", (a, pageNumber) =>
        a.locations.getLocations({ pageSize: 2, pageNumber }),
      )
      .catch((e: unknown) => e);
    expect(describeFailure(err, emu.url)).toBe(
      "Genesys Cloud GET /api/v2/locations answered page 2 without a pageCount (4 objects read): it stopped " +
        "instead of working from a list that may be short. If genesys:apiUrl points at a gateway or proxy, it " +
        "must pass the listing through unchanged; otherwise run the command again.",
    );
    expect(await calls()).toEqual(["GET /api/v2/locations 200", "GET /api/v2/locations 200"]); // not retried
    // The same through a module the providers use (pages of 100: the first page already lacks it).
    await admin("POST", "/_emulator/faults", {
      method: "GET",
      path: "/api/v2/locations",
      effect: { omitFields: ["pageCount"] },
    });
    await expect(locations.list(client)).rejects.toThrow(
      /^Genesys Cloud GET \/api\/v2\/locations answered page 1 without a pageCount \(\d+ objects read\)/,
    );
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
