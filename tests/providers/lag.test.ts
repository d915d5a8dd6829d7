/**
 * Deletes under the emulator's delete lags (emulator/lags.ts), through the real providers and SDK:
 * a refusal while nothing refers to the object any more (Genesys catching up) is waited out with
 * backoff and the delete converges in the same call; a refusal while something still refers to it
 * fails at once, naming it. The client's waits move the emulator's clock (tests/helpers/providers):
 * nothing here takes the lag's time.
 */
import { DEFAULT_DELETE_LAGS, type DeleteLags } from "../../emulator";
import * as locations from "../../genesys/locations";
import * as references from "../../genesys/references";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import { provider as didPoolProvider } from "../../resources/didPool/provider";
import type { DidPoolOutputs } from "../../resources/didPool/schema";
import { provider as locationProvider } from "../../resources/location/provider";
import type { LocationOutputs } from "../../resources/location/schema";
import { provider as siteProvider } from "../../resources/site/provider";
import type { SiteOutputs } from "../../resources/site/schema";
import { provider as trunkProvider } from "../../resources/trunk/provider";
import type { TrunkOutputs } from "../../resources/trunk/schema";
import { locationBody, sdkClient, siteBody, trunkBody } from "../helpers/emulator";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const L = locationProvider as Required<typeof locationProvider>;
const S = siteProvider as Required<typeof siteProvider>;
const T = trunkProvider as Required<typeof trunkProvider>;
const D = didPoolProvider as Required<typeof didPoolProvider>;
const EDGES = "/api/v2/telephony/providers/edges";

let env: ProviderEnv;
beforeAll(async () => {
  env = await providerEnv({ deleteLags: DEFAULT_DELETE_LAGS });
});
afterAll(async () => env.close());
beforeEach(async () => {
  await env.admin("PUT", "/_emulator/lags", DEFAULT_DELETE_LAGS);
  await env.admin("DELETE", "/_emulator/faults");
  await env.clearLog();
  env.waits.length = 0;
});
afterEach(() => jest.restoreAllMocks());

/** A location, a site on it, and a trunk whose inbound site it is, made through the API. */
async function estate() {
  const c = client();
  const loc = await locations.create(c, locationBody());
  const site = await sites.create(c, siteBody(loc.id!));
  const trunk = await trunks.create(c, trunkBody(site.id!));
  const dflt = (await routes.list(c, site.id!)).find((r) => r.name === "Default Outbound Route")!;
  await routes.update(c, site.id!, dflt.id!, (r) => ({
    ...routes.bodyOf(r),
    externalTrunkBases: [{ id: trunk.id }],
  }));
  await env.clearLog();
  return {
    loc: { id: loc.id!, outs: { name: loc.name } as LocationOutputs },
    site: { id: site.id!, outs: { name: site.name } as SiteOutputs },
    trunk: { id: trunk.id!, outs: { name: trunk.name } as TrunkOutputs },
    route: dflt,
  };
}

const total = (waits: number[]) => waits.reduce((a, b) => a + b, 0);
const lagState = async () =>
  (await env.admin("GET", "/_emulator/lags")) as { refused: Record<string, number>; lags: DeleteLags };

describe.each([
  ["the default lags", DEFAULT_DELETE_LAGS],
  ["lags of 10 s", { locationMs: 10_000, trunkMs: 10_000, siteMs: 10_000 }],
])(
  "under %s: a destroy's deletes, each right after the one before, converge in one call each",
  (_label, lags) => {
    it("trunk after its route let go, site after its trunk, location after its site", async () => {
      await env.admin("PUT", "/_emulator/lags", lags);
      const e = await estate();
      const c = client();
      // What the route binding's delete does: the trunk leaves the route.
      await routes.removeTrunks(c, e.site.id, e.route.id!, [e.trunk.id]);

      for (const [kind, delete_, id, lagMs] of [
        ["trunk", () => T.delete(e.trunk.id, e.trunk.outs), e.trunk.id, lags.trunkMs],
        ["site", () => S.delete(e.site.id, e.site.outs), e.site.id, lags.siteMs],
        ["location", () => L.delete(e.loc.id, e.loc.outs), e.loc.id, lags.locationMs],
      ] as const) {
        await env.clearLog();
        env.waits.length = 0;
        await delete_();
        const calls = await env.calls();
        const deletes = calls.filter((x) => x.startsWith("DELETE "));
        // Refused at first (the lag), then tried again after each wait until Genesys caught up.
        expect(deletes.length).toBe(env.waits.length + 1);
        expect(new Set(deletes)).toEqual(new Set([expect.stringContaining(id)]));
        expect(deletes.length).toBeGreaterThan(1);
        // The waits covered the lag (less what the test itself took on the wall clock), overshooting
        // by at most one step of the backoff (4 s at most).
        expect(total(env.waits)).toBeGreaterThan(lagMs - 2_000);
        expect(total(env.waits)).toBeLessThan(lagMs + 4_000);
        // What uses it was looked up once, after the first refusal.
        const lookups = calls.filter((x) => x.startsWith("GET "));
        expect(lookups.length).toBe(kind === "trunk" ? 1 : kind === "site" ? 3 : 2);
      }
      expect(await lagState()).toMatchObject({ refused: { location: expect.any(Number) } });
      const s = (await env.admin("GET", "/_emulator/state")) as { locations: { id: string }[] };
      expect(s.locations.some((l) => l.id === e.loc.id)).toBe(false);
    });
  },
);

describe("a reference that stays fails at once, naming it (no wait)", () => {
  it("a location a live site uses", async () => {
    const e = await estate();
    await expect(L.delete(e.loc.id, e.loc.outs)).rejects.toThrow(
      new RegExp(
        `^Location ".*" \\(${e.loc.id}\\) could not be deleted: Genesys says it is still in use \\(The location is ` +
          `in use and cannot be deleted\\.\\) by site ".*" \\(${e.site.id}\\)\\. If a Site of this stack with ` +
          `retainOnDelete uses it, set retainOnDelete on the Location too`,
      ),
    );
    const [first, ...lookups] = await env.calls();
    expect(first).toBe(`DELETE /api/v2/locations/${e.loc.id}`);
    expect(lookups.sort()).toEqual(["GET /api/v2/locations", `GET ${EDGES}/sites`]);
    expect(env.waits).toEqual([]);
  });

  it("a site a live trunk uses, and the org's default site", async () => {
    const e = await estate();
    await expect(S.delete(e.site.id, e.site.outs)).rejects.toThrow(
      new RegExp(
        `could not be deleted: .* by trunk ".*" \\(${e.trunk.id}\\)\\. If a Trunk of this stack has retainOnDelete`,
      ),
    );
    expect((await env.calls()).filter((x) => x.startsWith("DELETE "))).toHaveLength(1);
    // The org's default site: Genesys refuses with a 409 general.conflict.
    const c = client();
    const loc = await locations.create(c, locationBody());
    const site = await sites.create(c, siteBody(loc.id!));
    const sdk = await sdkClient(env.emulator.url);
    const org = await sdk.organization.getOrganizationsMe();
    const seeded = org.defaultSiteId;
    await sdk.organization.putOrganizationsMe({ body: { ...org, defaultSiteId: site.id } });
    try {
      await env.clearLog();
      await expect(S.delete(site.id!, { name: site.name } as SiteOutputs)).rejects.toThrow(
        /\(The site is being referenced or is set as the default site\.\) by the org's default site setting \(org "Emulated BYOC Org"\)\. Make another site the org's default site first/,
      );
      expect(env.waits).toEqual([]);
    } finally {
      const now = await sdk.organization.getOrganizationsMe();
      await sdk.organization.putOrganizationsMe({ body: { ...now, defaultSiteId: seeded } });
    }
  });

  it("a DID pool whose numbers are assigned (409): once, no look-up, no wait", async () => {
    await env.admin("POST", "/_emulator/faults", {
      method: "DELETE",
      path: `${EDGES}/didpools/*`,
      times: 1,
      effect: { status: 409, code: "general.conflict", message: "The DID pool has numbers assigned." },
    });
    await expect(
      D.delete("pool-1", {
        startPhoneNumber: "+13175550100",
        endPhoneNumber: "+13175550199",
      } as DidPoolOutputs),
    ).rejects.toThrow(
      /could not be deleted: Genesys says its numbers are still in use \(The DID pool has numbers assigned\.\)/,
    );
    expect(await env.calls()).toEqual([`DELETE ${EDGES}/didpools/pool-1`]);
    expect(env.waits).toEqual([]);
  });
});

describe("a trunk still on a route (lost state) takes itself off, then waits out the lag", () => {
  it("the route loses only that trunk; the delete converges in the same call", async () => {
    const e = await estate();
    await T.delete(e.trunk.id, e.trunk.outs);
    const route = await routes.get(client(), e.site.id, e.route.id!);
    expect(route?.externalTrunkBases ?? []).toEqual([]);
    expect(total(env.waits)).toBeGreaterThan(DEFAULT_DELETE_LAGS.trunkMs - 2_000);
    expect(await trunks.get(client(), e.trunk.id)).toBeUndefined();
  });
});

describe("a refusal that never clears, with nothing left that refers to the object", () => {
  it("stops at the call's deadline (60 s of waits), looks again, and says so in one line", async () => {
    const e = await estate();
    const c = client();
    await routes.removeTrunks(c, e.site.id, e.route.id!, [e.trunk.id]);
    await env.clearLog();
    await env.admin("POST", "/_emulator/faults", {
      method: "DELETE",
      path: `${EDGES}/trunkbasesettings/*`,
      times: 1000,
      effect: { status: 400, code: "delete.referenced.entity", message: "The trunk is being referenced." },
    });
    await expect(T.delete(e.trunk.id, e.trunk.outs)).rejects.toThrow(
      new RegExp(
        `^Trunk ".*" \\(${e.trunk.id}\\) could not be deleted: Genesys says it is still in use \\(The trunk is being ` +
          `referenced\\.\\), though nothing Genesys lists refers to it any more: it kept refusing for the 60 s this ` +
          `provider waits for Genesys to catch up after a delete\\. Remove it from what still uses it`,
      ),
    );
    const calls = await env.calls();
    expect(total(env.waits)).toBeLessThanOrEqual(60_000);
    expect(total(env.waits)).toBeGreaterThan(50_000);
    expect(Math.max(...env.waits)).toBeLessThanOrEqual(4_000);
    expect(calls.filter((x) => x.startsWith("DELETE "))).toHaveLength(env.waits.length + 1);
    expect(calls.filter((x) => x.startsWith("GET "))).toEqual([
      `GET ${EDGES}/outboundroutes`, // after the first refusal
      `GET ${EDGES}/outboundroutes`, // at the deadline, for the message
    ]);
  });
});

describe("a referrer this run deleted counts as gone, whatever a listing still shows", () => {
  it("the location's delete waits for Genesys instead of failing on a site listed after its delete", async () => {
    const e = await estate();
    await T.delete(e.trunk.id, e.trunk.outs);
    await S.delete(e.site.id, e.site.outs); // deleted by this process
    const listed = jest.spyOn(references, "referrersOf");
    // A listing that lags behind the delete too: it still shows the site.
    listed.mockResolvedValue([{ kind: "site", id: e.site.id, name: "lagging" }]);
    await env.clearLog();
    env.waits.length = 0;
    await L.delete(e.loc.id, e.loc.outs);
    expect(listed).toHaveBeenCalledTimes(1);
    expect(total(env.waits)).toBeGreaterThan(DEFAULT_DELETE_LAGS.locationMs - 2_000);
    // Another site, never deleted here, in the same listing: it stays, so the delete fails at once.
    const other = await estate();
    await routes.removeTrunks(client(), other.site.id, other.route.id!, [other.trunk.id]);
    listed.mockResolvedValue([{ kind: "site", id: "someone-elses-site", name: "kept" }]);
    await sites.remove(client(), other.site.id).catch(() => undefined); // refused: its trunk stays
    await expect(L.delete(other.loc.id, other.loc.outs)).rejects.toThrow(
      /by site "kept" \(someone-elses-site\)/,
    );
  });
});
