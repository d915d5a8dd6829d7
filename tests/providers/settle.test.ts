/**
 * When a binding looks at a fresh site's default route (resources/outboundRouteBinding/settle.ts):
 * the wait until the expected settle, and Genesys being later than that. Each emulator's clock,
 * and the client's, move only by the client's waits.
 */
import { SEED_IDS } from "../../emulator";
import * as locations from "../../genesys/locations";
import * as sites from "../../genesys/sites";
import { client } from "../../resources/common/connection";
import {
  EXPECTED_SETTLE_MS,
  RECHECK_MS,
  settledRoutes,
  unsettled,
  waitForSettle,
} from "../../resources/outboundRouteBinding/settle";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const T0 = Date.UTC(2026, 0, 5);
const ROUTES = (siteId: string) => `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes`;

describe("waitForSettle", () => {
  const now = T0 + 60_000;
  it.each([
    ["created by this process 1.5 s ago", now - 1_500, undefined, 3_500],
    ["created by this process just now", now, undefined, EXPECTED_SETTLE_MS],
    ["created by this process 9 s ago", now - 9_000, undefined, 0],
    ["no record: the route's dateCreated, 4 s ago", undefined, new Date(now - 4_000).toISOString(), 1_000],
    [
      "no record, and Genesys's clock ahead of ours: never more than the whole settle",
      undefined,
      new Date(now + 30_000).toISOString(),
      EXPECTED_SETTLE_MS,
    ],
    [
      "this process's record wins over the route's date",
      now - 1_000,
      new Date(now - 4_000).toISOString(),
      4_000,
    ],
    ["nothing known: the whole settle", undefined, undefined, EXPECTED_SETTLE_MS],
    ["an unreadable date: the whole settle", undefined, "not a date", EXPECTED_SETTLE_MS],
  ])("%s", (_what, created, routeCreated, wait) => {
    expect(waitForSettle(now, created, routeCreated)).toBe(wait);
  });
});

/** A site made now through genesys/sites.ts (so this process records when). */
async function freshSite(n: number): Promise<string> {
  const c = client();
  const loc = await locations.create(c, {
    name: `Late HQ ${n}`,
    emergencyNumber: { number: `+1317555019${n}` },
    path: [],
  });
  const s = await sites.create(c, {
    name: `Late site ${n}`,
    location: { id: loc.id },
    primarySites: [{ id: SEED_IDS.pcvSite }],
    secondarySites: [{ id: SEED_IDS.pcvSite }],
    mediaModel: "Cloud",
  });
  return s.id!;
}

describe("Genesys settles later than expected (7 s)", () => {
  let env: ProviderEnv;
  beforeAll(async () => {
    env = await providerEnv({ now: () => T0, defaultRouteSettleMs: 7_000 });
  });
  afterAll(async () => env.close());

  it("looks at the expected settle, then at growing pauses until it has, one GET each", async () => {
    const siteId = await freshSite(1);
    env.waits.length = 0;
    await env.clearLog();
    const routes = await settledRoutes(client(), siteId);
    // 5 s: not yet; 5.5 s, 6.5 s: not yet; 8.5 s: settled.
    expect(env.waits).toEqual([EXPECTED_SETTLE_MS, 500, 1_000, 2_000]);
    expect(await env.calls()).toEqual(Array(5).fill(`GET ${ROUTES(siteId)}`));
    expect(routes.some(unsettled)).toBe(false);
  });
});

describe("Genesys never settles within the bound (60 s)", () => {
  let env: ProviderEnv;
  beforeAll(async () => {
    env = await providerEnv({ now: () => T0, defaultRouteSettleMs: 60_000 });
  });
  afterAll(async () => env.close());

  it("gives up after the last pause and returns the routes as they are", async () => {
    const siteId = await freshSite(2);
    env.waits.length = 0;
    await env.clearLog();
    const routes = await settledRoutes(client(), siteId);
    expect(env.waits).toEqual([EXPECTED_SETTLE_MS, ...RECHECK_MS]);
    expect(await env.calls()).toHaveLength(2 + RECHECK_MS.length);
    expect(routes.some(unsettled)).toBe(true);
  });

  it("a site created long enough ago goes straight to the growing pauses (no second look at once)", async () => {
    const siteId = await freshSite(3);
    await client().retryPolicy.sleep(EXPECTED_SETTLE_MS + 1_000);
    env.waits.length = 0;
    await settledRoutes(client(), siteId);
    expect(env.waits).toEqual(RECHECK_MS);
  });
});
