/**
 * Delete lags (emulator/lags.ts): after a site's delete its location stays in use, after a trunk
 * leaves a route the trunk stays referenced, after a trunk's delete (or move) its site stays
 * referenced, each for its own time on the emulator's clock, refused in the same shape as a
 * reference that is still there. The clock moves only when a test moves it: nothing here waits.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_DELETE_LAGS,
  NO_DELETE_LAG,
  startEmulator,
  type DeleteLags,
  type RunningEmulator,
} from "../../emulator";
import { parseArgs } from "../../emulator/main";
import {
  emulatorAdmin,
  locationBody,
  rejection,
  sdkClient,
  siteBody,
  trunkBody,
  uniq,
} from "../helpers/emulator";

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
let clock = T0;
let emu: RunningEmulator | undefined;
afterEach(async () => emu?.close());

const LOCATION_IN_USE = {
  status: 400,
  code: "bad.request",
  message: "The location is in use and cannot be deleted.",
  details: [],
};

/** A fresh emulator on a clock only the test moves, a location, a site on it and the site's default route. */
async function org(deleteLags?: Partial<DeleteLags> | number) {
  clock = T0;
  emu = await startEmulator({ now: () => clock, defaultRouteSettleMs: 0, deleteLags });
  const sdk = await sdkClient(emu.url);
  const t = sdk.telephony;
  const admin = emulatorAdmin(emu.url);
  const loc = await sdk.locations.postLocations(locationBody());
  const site = await t.postTelephonyProvidersEdgesSites(siteBody(loc.id!));
  const defaultRoute = async (siteId = site.id!) =>
    (await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId)).entities!.find(
      (r) => r.name === "Default Outbound Route",
    )!;
  /** Puts `trunkIds` on the site's default route (replacing what it carries). */
  const carry = async (trunkIds: string[], siteId = site.id!) => {
    const r = await defaultRoute(siteId);
    return t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, r.id!, {
      ...r,
      externalTrunkBases: trunkIds.map((id) => ({ id })),
    } as never);
  };
  const lags = async () =>
    (await admin.call("GET", "lags")).body as {
      lags: DeleteLags;
      lingering: {
        kind: string;
        id: string;
        by: { kind: string; id: string; name: string };
        until: string;
      }[];
      refused: Record<string, number>;
    };
  return { sdk, t, admin, loc, site, defaultRoute, carry, lags };
}

describe("location: in use for locationMs after its site's delete", () => {
  test("refused in the in-use shape until the lag has passed, then deleted; counted and listed", async () => {
    const { sdk, t, loc, site, lags } = await org();
    await t.deleteTelephonyProvidersEdgesSite(site.id!);
    expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
    const seen = await lags();
    expect(seen.lingering).toEqual([
      {
        kind: "location",
        id: loc.id,
        by: { kind: "site", id: site.id, name: site.name },
        until: new Date(T0 + DEFAULT_DELETE_LAGS.locationMs).toISOString(),
      },
    ]);
    expect(seen.refused).toEqual({ location: 1, trunk: 0, site: 0 });
    // The site itself is gone at once: only the location's delete is held up.
    expect((await rejection(t.getTelephonyProvidersEdgesSite(site.id!))).status).toBe(404);
    clock = T0 + DEFAULT_DELETE_LAGS.locationMs - 1;
    expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
    clock = T0 + DEFAULT_DELETE_LAGS.locationMs;
    await sdk.locations.deleteLocation(loc.id!);
    expect(await lags()).toMatchObject({ lingering: [], refused: { location: 2 } });
  });

  test("also after the site moves to another location", async () => {
    const { sdk, t, loc, site } = await org({ locationMs: 4_000 });
    const other = await sdk.locations.postLocations(locationBody());
    const read = await t.getTelephonyProvidersEdgesSite(site.id!);
    await t.putTelephonyProvidersEdgesSite(site.id!, { ...read, location: { id: other.id } } as never);
    expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
    clock += 4_000;
    await sdk.locations.deleteLocation(loc.id!);
  });
});

describe("trunk: referenced for trunkMs after it left a route", () => {
  const REFERENCED = {
    status: 400,
    code: "delete.referenced.entity",
    message: "The trunk is being referenced.",
  };

  test("taken off by a PUT: refused naming that route until the lag has passed", async () => {
    const { t, site, carry, defaultRoute, lags } = await org();
    const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    await carry([trunk.id!]);
    const route = await defaultRoute();
    clock += 60_000; // a reference that is there refuses whatever the time
    expect(await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!))).toMatchObject(
      REFERENCED,
    );
    expect((await lags()).refused.trunk).toBe(0); // that refusal was the reference itself, not the lag
    const off = clock;
    await carry([]);
    const refused = await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!));
    expect(refused).toMatchObject({
      ...REFERENCED,
      details: [{ errorCode: "DELETE_REFERENCED_ENTITY", entityId: route.id, entityName: route.name }],
    });
    // The route no longer carries it: only its delete is held up.
    expect((await defaultRoute()).externalTrunkBases).toEqual([]);
    clock = off + DEFAULT_DELETE_LAGS.trunkMs - 1;
    expect(await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!))).toMatchObject(
      REFERENCED,
    );
    clock = off + DEFAULT_DELETE_LAGS.trunkMs;
    await t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
    expect((await lags()).refused.trunk).toBe(2);
  });

  test("its route deleted, or its route's site deleted: the same", async () => {
    const { sdk, t, site, carry } = await org({ trunkMs: 7_000, siteMs: 0, locationMs: 0 });
    // A named route carrying one trunk, deleted.
    const a = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    const named = await t.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
      name: uniq("route"),
      classificationTypes: ["Extension"],
      externalTrunkBases: [{ id: a.id }],
    } as never);
    await t.deleteTelephonyProvidersEdgesSiteOutboundroute(site.id!, named.id!);
    expect(await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(a.id!))).toMatchObject({
      details: [{ entityId: named.id }],
    });
    clock += 7_000;
    await t.deleteTelephonyProvidersEdgesTrunkbasesetting(a.id!);
    // Another site's default route carrying a trunk whose inbound site is the first site: that site deleted.
    const loc2 = await sdk.locations.postLocations(locationBody());
    const site2 = await t.postTelephonyProvidersEdgesSites(siteBody(loc2.id!));
    const b = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    await carry([b.id!], site2.id!);
    await t.deleteTelephonyProvidersEdgesSite(site2.id!);
    expect(await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(b.id!))).toMatchObject(REFERENCED);
    clock += 7_000;
    await t.deleteTelephonyProvidersEdgesTrunkbasesetting(b.id!);
  });
});

describe("site: referenced for siteMs after its trunk's delete", () => {
  const REFERENCED = { status: 409, code: "resource.referenced.by.another" };

  test("refused naming the deleted trunk until the lag has passed; then its location's lag starts", async () => {
    const { sdk, t, loc, site, lags } = await org();
    const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    await t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
    expect(await rejection(t.deleteTelephonyProvidersEdgesSite(site.id!))).toMatchObject({
      ...REFERENCED,
      message: "The site is referenced by another resource.",
      details: [{ errorCode: "RESOURCE_REFERENCED", entityId: trunk.id, entityName: trunk.name }],
    });
    expect((await rejection(t.getTelephonyProvidersEdgesTrunkbasesetting(trunk.id!))).status).toBe(404);
    clock = T0 + DEFAULT_DELETE_LAGS.siteMs - 1;
    expect(await rejection(t.deleteTelephonyProvidersEdgesSite(site.id!))).toMatchObject(REFERENCED);
    clock = T0 + DEFAULT_DELETE_LAGS.siteMs;
    await t.deleteTelephonyProvidersEdgesSite(site.id!);
    expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
    clock += DEFAULT_DELETE_LAGS.locationMs;
    await sdk.locations.deleteLocation(loc.id!);
    expect((await lags()).refused).toEqual({ location: 1, trunk: 0, site: 2 });
  });

  test("also after the trunk's inbound site moves elsewhere; the site it moves to is held, not released", async () => {
    const { sdk, t, site } = await org({ siteMs: 2_000 });
    const loc2 = await sdk.locations.postLocations(locationBody());
    const site2 = await t.postTelephonyProvidersEdgesSites(siteBody(loc2.id!));
    const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    const read = await t.getTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
    await t.putTelephonyProvidersEdgesTrunkbasesetting(trunk.id!, {
      ...read,
      inboundSite: { id: site2.id },
    } as never);
    expect(await rejection(t.deleteTelephonyProvidersEdgesSite(site.id!))).toMatchObject(REFERENCED);
    clock += 2_000;
    await t.deleteTelephonyProvidersEdgesSite(site.id!);
    expect(await rejection(t.deleteTelephonyProvidersEdgesSite(site2.id!))).toMatchObject(REFERENCED);
  });
});

describe("settings", () => {
  test("0 is the strongly consistent emulator: every delete right after what referred to it", async () => {
    const { sdk, t, loc, site, carry, lags } = await org(0);
    expect((await lags()).lags).toEqual(NO_DELETE_LAG);
    const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(site.id!));
    await carry([trunk.id!]);
    await carry([]);
    await t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
    await t.deleteTelephonyProvidersEdgesSite(site.id!);
    await sdk.locations.deleteLocation(loc.id!);
    expect(await lags()).toMatchObject({ lingering: [], refused: { location: 0, trunk: 0, site: 0 } });
  });

  test("defaults, partial options, a number for all three; a bad value is refused naming the field", async () => {
    expect(DEFAULT_DELETE_LAGS).toEqual({ locationMs: 5_000, trunkMs: 10_000, siteMs: 3_000 });
    const { lags } = await org({ trunkMs: 20_000 });
    expect((await lags()).lags).toEqual({ ...DEFAULT_DELETE_LAGS, trunkMs: 20_000 });
    await emu!.close();
    const all = await org(10_000);
    expect((await all.lags()).lags).toEqual({ locationMs: 10_000, trunkMs: 10_000, siteMs: 10_000 });
    await expect(startEmulator({ deleteLags: { siteMs: -1 } })).rejects.toThrow(
      /deleteLags\.siteMs must be a number of ms >= 0 \(got -1\)/,
    );
  });

  test("admin: PUT lags sets them for what lets go next; expire ends what lingers; reset forgets all", async () => {
    const { sdk, t, admin, loc, site, lags } = await org();
    await t.deleteTelephonyProvidersEdgesSite(site.id!);
    expect((await admin.call("PUT", "lags", { locationMs: 1 })).body).toMatchObject({
      lags: { ...DEFAULT_DELETE_LAGS, locationMs: 1 },
      lingering: [{ kind: "location", id: loc.id }], // keeps its own end
    });
    expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
    expect((await admin.call("POST", "lags/expire")).body).toEqual({ expired: 1 });
    await sdk.locations.deleteLocation(loc.id!);
    expect((await admin.call("PUT", "lags", { trunkMs: -5 })).status).toBe(400);
    expect((await admin.call("PUT", "lags", { planMs: 5 })).body).toEqual({
      error: "unknown lag planMs: use locationMs, trunkMs, siteMs",
    });
    // What lingers is not org state: not in GET /_emulator/state; a reset forgets it and the counts.
    const loc2 = await sdk.locations.postLocations(locationBody());
    const site2 = await t.postTelephonyProvidersEdgesSites(siteBody(loc2.id!));
    await t.deleteTelephonyProvidersEdgesSite(site2.id!);
    expect(JSON.stringify(await admin.state())).not.toContain("lingering");
    await admin.reset();
    expect(await lags()).toMatchObject({ lingering: [], refused: { location: 0, trunk: 0, site: 0 } });
  });

  test("lingering references are not persisted: a restarted emulator has caught up", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-lags-"));
    try {
      const file = path.join(dir, "org.json");
      clock = T0;
      const first = await startEmulator({ stateFile: file, now: () => clock, defaultRouteSettleMs: 0 });
      const sdk = await sdkClient(first.url);
      const loc = await sdk.locations.postLocations(locationBody());
      const site = await sdk.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!));
      await sdk.telephony.deleteTelephonyProvidersEdgesSite(site.id!);
      expect(await rejection(sdk.locations.deleteLocation(loc.id!))).toMatchObject(LOCATION_IN_USE);
      await first.close();
      emu = await startEmulator({ stateFile: file, now: () => clock });
      await (await sdkClient(emu.url)).locations.deleteLocation(loc.id!);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the CLI: --delete-lag-ms sets all three, each kind's flag wins over it", () => {
    expect(parseArgs([])).toEqual({});
    expect(parseArgs(["--delete-lag-ms", "0"])).toEqual({ deleteLags: NO_DELETE_LAG });
    expect(parseArgs(["--trunk-lag-ms", "20000", "--delete-lag-ms", "1000"])).toEqual({
      deleteLags: { locationMs: 1000, trunkMs: 20_000, siteMs: 1000 },
    });
    expect(parseArgs(["--location-lag-ms", "7000"])).toEqual({ deleteLags: { locationMs: 7000 } });
    expect(() => parseArgs(["--site-lag-ms", "soon"])).toThrow(/--site-lag-ms needs an integer >= 0/);
  });
});
