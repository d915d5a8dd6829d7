/**
 * OutboundRouteBinding provider against an in-process emulator, through the real SDK.
 */
import * as Sdk from "purecloud-platform-client-v2";
import { SEED_IDS } from "../../emulator";
import * as locations from "../../genesys/locations";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import { provider } from "../../resources/outboundRouteBinding/provider";
import { provider as trunkProvider } from "../../resources/trunk/provider";
import type {
  OutboundRouteBindingInputs as In,
  OutboundRouteBindingOutputs as Out,
} from "../../resources/outboundRouteBinding/schema";
import type { Models } from "purecloud-platform-client-v2";
import { owned, providerEnv, ProviderEnv, whileHeld } from "../helpers/providers";
import { failedInputs } from "../helpers/check";

const P = provider as Required<typeof provider>;
const T = trunkProvider as Required<typeof trunkProvider>;
const ROUTES = (siteId: string) => `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes`;

let env: ProviderEnv;
let siteId: string;
let trunkA: string;
let trunkB: string;
let defaultRouteId: string;

async function newTrunk(name: string, termination: string): Promise<string> {
  const t = await trunks.create(client(), {
    name,
    trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
    trunkType: "EXTERNAL",
    inboundSite: { id: siteId },
    properties: {
      trunk_transport_serverProxyList: { value: { instance: ["sip.carrier.example"] } },
      trunk_sip_termination_uri: { value: { instance: termination } },
    },
  });
  return t.id!;
}

beforeAll(async () => {
  env = await providerEnv();
  const c = client();
  const loc = await locations.create(c, {
    name: "Route HQ",
    emergencyNumber: { number: "+13175550170" },
    path: [],
  });
  const site = await sites.create(c, {
    name: "Route site",
    location: { id: loc.id },
    primarySites: [{ id: SEED_IDS.pcvSite }],
    secondarySites: [{ id: SEED_IDS.pcvSite }],
    mediaModel: "Cloud",
    edgeAutoUpdateConfig: {
      timeZone: "America/New_York",
      rrule: "FREQ=DAILY",
      start: "2024-01-01T02:00:00.000",
      end: "2024-01-01T05:00:00.000",
    },
  });
  siteId = site.id!;
  trunkA = await newTrunk("Carrier A", "carrier-a");
  trunkB = await newTrunk("Carrier B", "carrier-b");
  defaultRouteId = (await routes.findByName(c, siteId, "Default Outbound Route"))!.id!;
});
afterAll(async () => env.close());
beforeEach(async () => env.clearLog());

async function create(i: Partial<In>): Promise<{ id: string; outs: Out }> {
  const r = await P.check({} as In, { siteId, trunkIds: [trunkA], ...i } as In);
  expect(r.failures ?? []).toEqual([]);
  const c = await P.create(r.inputs as In);
  return { id: c.id, outs: c.outs as Out };
}

const routeNow = (id: string) => routes.get(client(), siteId, id);

/** The requests that are not GETs (writes) since the last `clearLog()`. */
const writes = async () => (await env.calls()).filter((c) => !c.startsWith("GET "));

/** Puts `route` (as read earlier) back as it was, whatever its version is now. */
const putBack = (route: Models.OutboundRouteBase) =>
  routes.put(client(), siteId, route.id!, { ...routes.bodyOf(route), version: undefined });

describe("OutboundRouteBinding on the default route", () => {
  it("adopts the default route (GET routes + PUT), then gives back what it carried on delete", async () => {
    const before = await routeNow(defaultRouteId);
    await env.clearLog();
    const { id, outs } = await create({});
    expect(id).toBe(`${siteId}:${defaultRouteId}`);
    expect(await env.calls()).toEqual([`GET ${ROUTES(siteId)}`, `PUT ${ROUTES(siteId)}/${defaultRouteId}`]);
    const after = await routeNow(defaultRouteId);
    expect(after?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkA]);
    expect(after?.enabled).toBe(true);
    expect(after?.classificationTypes).toEqual(before?.classificationTypes);
    expect(outs.adoptedFrom).toMatchObject({ trunkIds: [], enabled: before?.enabled });

    // No drift on read; a trunk order change is an in-place update with one PUT.
    await env.clearLog();
    const read = await P.read(id, outs);
    expect(await env.calls()).toEqual([`GET ${ROUTES(siteId)}/${defaultRouteId}`]);
    expect((await P.diff(id, read.props as Out, outs)).changes).toBe(false);
    const next = { ...outs, trunkIds: [trunkB, trunkA] };
    expect(await P.diff(id, outs, next)).toEqual({ changes: true });
    await env.clearLog();
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`GET ${ROUTES(siteId)}`, `PUT ${ROUTES(siteId)}/${defaultRouteId}`]);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkB, trunkA]);

    await env.clearLog();
    await P.delete(id, u.outs as Out);
    expect(await env.calls()).toEqual([`GET ${ROUTES(siteId)}`, `PUT ${ROUTES(siteId)}/${defaultRouteId}`]);
    const restored = await routeNow(defaultRouteId);
    expect(restored).toBeDefined(); // never deleted
    expect(restored?.externalTrunkBases ?? []).toEqual([]);
    expect(restored?.enabled).toBe(before?.enabled);
    expect(restored?.classificationTypes).toEqual(before?.classificationTypes);
  });

  it("takes over a default route that already carries what is declared with no write", async () => {
    const before = (await routeNow(defaultRouteId))!;
    const classifications = before.classificationTypes!;
    // As the org looks after `npm run import`: the route carries the trunks already (its
    // classifications listed in another order, which carries no meaning).
    await routes.put(client(), siteId, defaultRouteId, {
      ...routes.bodyOf(before),
      externalTrunkBases: [{ id: trunkA }, { id: trunkB }],
      classificationTypes: [...classifications].reverse(),
      enabled: true,
      distribution: "RANDOM",
      version: undefined,
    });
    const taken = (await routeNow(defaultRouteId))!;
    await env.clearLog();
    const { id, outs } = await create({
      trunkIds: [trunkA, trunkB],
      classificationTypes: classifications,
      distribution: "RANDOM",
    });
    expect(id).toBe(`${siteId}:${defaultRouteId}`);
    expect(await env.calls()).toEqual([
      `GET /api/v2/telephony/providers/edges/sites/${siteId}/numberplans/classifications`,
      `GET ${ROUTES(siteId)}`,
    ]);
    expect((await routeNow(defaultRouteId))?.version).toBe(taken.version);
    expect(outs.adoptedFrom).toMatchObject({ trunkIds: [], enabled: true, distribution: "RANDOM" });
    await P.delete(id, outs);
    await putBack(before);
  });

  it("still PUTs the default route when its trunks differ (here: their order)", async () => {
    const before = (await routeNow(defaultRouteId))!;
    await routes.put(client(), siteId, defaultRouteId, {
      ...routes.bodyOf(before),
      externalTrunkBases: [{ id: trunkA }, { id: trunkB }],
      enabled: true,
      version: undefined,
    });
    await env.clearLog();
    const { id, outs } = await create({ trunkIds: [trunkB, trunkA] });
    expect(await env.calls()).toEqual([`GET ${ROUTES(siteId)}`, `PUT ${ROUTES(siteId)}/${defaultRouteId}`]);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkB, trunkA]);
    await P.delete(id, outs);
    await putBack(before);
  });

  it("reports drift when someone takes a trunk off the route", async () => {
    const { id, outs } = await create({ trunkIds: [trunkA, trunkB] });
    await routes.put(client(), siteId, defaultRouteId, {
      name: "Default Outbound Route",
      classificationTypes: outs.adoptedFrom!.classificationTypes,
      externalTrunkBases: [{ id: trunkA }],
      enabled: true,
    });
    const read = await P.read(id, outs);
    expect((read.props as Out).trunkIds).toEqual([trunkA]);
    expect((await P.diff(id, read.props as Out, outs)).changes).toBe(true);
    await P.delete(id, outs);
  });
});

describe("OutboundRouteBinding with its own route", () => {
  it("creates a named route (classifications checked, routes read, one POST) and deletes it with one DELETE", async () => {
    const { id, outs } = await create({ routeName: "Carrier route", classificationTypes: ["Extension"] });
    const routeId = outs.routeId;
    expect(await env.calls()).toEqual([
      `GET /api/v2/telephony/providers/edges/sites/${siteId}/numberplans/classifications`,
      `GET ${ROUTES(siteId)}`,
      `POST ${ROUTES(siteId)}`,
    ]);
    expect(outs).toMatchObject({ name: "Carrier route", classifications: ["Extension"] });
    expect(outs.borrowed).toBeUndefined();
    expect(outs.adoptedFrom).toBeUndefined();
    expect((await routeNow(routeId))?.classificationTypes).toEqual(["Extension"]);
    await env.clearLog();
    await P.delete(id, outs);
    expect(await env.calls()).toEqual([`DELETE ${ROUTES(siteId)}/${routeId}`]);
    expect(await routeNow(routeId)).toBeUndefined();
    expect(await P.read(id, outs)).toEqual({});
    await P.delete(id, outs); // already gone: done
  });

  it("replaces (deleting first) when the site or route name changes", async () => {
    const olds = { siteId, trunkIds: [trunkA], routeName: "A", routeId: "r" } as Out;
    expect(await P.diff("x", olds, { ...olds, routeName: "B" })).toEqual({
      changes: true,
      replaces: ["routeName"],
      deleteBeforeReplace: true,
    });
  });

  it("takes back the route its lost POST left behind (its tag) instead of creating a second one", async () => {
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: ROUTES(siteId),
      effect: { commitThenDrop: true },
    });
    const { id, outs } = await create(
      owned({
        routeName: "Lost response route",
        classificationTypes: ["Extension"],
      }),
    );
    const all = (await env.admin("GET", "/_emulator/state")) as { outboundRoutes: { name: string }[] };
    expect(all.outboundRoutes.filter((r) => r.name === "Lost response route")).toHaveLength(1);
    expect((await env.calls()).slice(-3)).toEqual([
      `GET ${ROUTES(siteId)}`,
      `POST ${ROUTES(siteId)}`,
      `GET ${ROUTES(siteId)}`,
    ]);
    await P.delete(id, outs);
  });

  it("rejects bad input at check with no API call", async () => {
    const r = await P.check(
      {} as In,
      {
        siteId,
        trunkIds: [],
        routeName: "",
        distribution: "ROUND_ROBIN",
        classificationTypes: [],
      } as unknown as In,
    );
    expect(failedInputs(r).sort()).toEqual(["classificationTypes", "distribution", "routeName", "trunkIds"]);
    expect(await env.calls()).toEqual([]);
  });
});

describe("classifications move between a site's routes", () => {
  const classificationsOf = async (id: string) => (await routeNow(id))?.classificationTypes ?? [];

  it("a named route with its defaults takes National and International off the default route and gives them back", async () => {
    const before = await classificationsOf(defaultRouteId);
    expect(before).toEqual(expect.arrayContaining(["National", "International"]));
    const { id, outs } = await create({ routeName: "Carrier defaults" });
    expect(outs.classifications).toEqual(["National", "International"]);
    expect(outs.borrowed).toEqual([
      {
        routeId: defaultRouteId,
        routeName: "Default Outbound Route",
        classificationTypes: ["National", "International"],
      },
    ]);
    expect(await classificationsOf(defaultRouteId)).toEqual(
      before.filter((c) => !["National", "International"].includes(c)),
    );
    expect(await classificationsOf(outs.routeId)).toEqual(["National", "International"]);

    // Needing only International later gives National back at once.
    const next = { ...outs, classificationTypes: ["International"] };
    const u = await P.update(id, outs, next);
    expect((u.outs as Out).borrowed).toEqual([
      {
        routeId: defaultRouteId,
        routeName: "Default Outbound Route",
        classificationTypes: ["International"],
      },
    ]);
    expect(await classificationsOf(defaultRouteId)).toContain("National");

    await P.delete(id, u.outs as Out);
    expect((await classificationsOf(defaultRouteId)).sort()).toEqual([...before].sort());
  });

  it("a default binding and two named routes created in parallel never race, and destroy restores the site", async () => {
    const before = await routeNow(defaultRouteId);
    const [d, intl, nat] = await Promise.all([
      create({ trunkIds: [trunkA, trunkB] }),
      create({ routeName: "Intl only", trunkIds: [trunkB], classificationTypes: ["International"] }),
      create({ routeName: "National only", trunkIds: [trunkA], classificationTypes: ["National"] }),
    ]);
    expect(await classificationsOf(intl.outs.routeId)).toEqual(["International"]);
    expect(await classificationsOf(nat.outs.routeId)).toEqual(["National"]);
    const dflt = await classificationsOf(defaultRouteId);
    expect(dflt).not.toContain("International");
    expect(dflt).not.toContain("National");
    // A later update of the default binding keeps the classifications the named routes took.
    await P.update(d.id, d.outs, { ...d.outs, trunkIds: [trunkB, trunkA] });
    expect(await classificationsOf(defaultRouteId)).toEqual(dflt);

    await Promise.all([P.delete(d.id, d.outs), P.delete(intl.id, intl.outs), P.delete(nat.id, nat.outs)]);
    const after = await routeNow(defaultRouteId);
    expect([...(after?.classificationTypes ?? [])].sort()).toEqual(
      [...(before?.classificationTypes ?? [])].sort(),
    );
    expect(after?.externalTrunkBases ?? []).toEqual([]);
    expect(after?.enabled).toBe(before?.enabled);
  });

  it("a classification the site does not have fails before any write, listing those it has", async () => {
    const r = await P.check(
      {} as In,
      { siteId, trunkIds: [trunkA], routeName: "Bogus", classificationTypes: ["Bogus Calls"] } as In,
    );
    await env.clearLog();
    await expect(P.create(r.inputs as In)).rejects.toThrow(
      /classificationTypes: "Bogus Calls" is not a classification of site .*; the site has: .*National/,
    );
    expect((await env.log()).filter((l) => l.method !== "GET")).toEqual([]);
  });

  it("when Genesys still refuses a classification, the error names the route that holds it", async () => {
    const { id, outs } = await create({ routeName: "Holder", classificationTypes: ["Network"] });
    // Another writer gets in the way of taking Emergency off the default route.
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: `${ROUTES(siteId)}/${defaultRouteId}`,
      effect: {
        status: 400,
        code: "number.plan.type.usage.must.be.unique",
        message: "The number plan type usage must be unique.",
      },
      times: 1,
    });
    await expect(
      P.update(id, outs, { ...outs, classificationTypes: ["Network", "Emergency"] }),
    ).rejects.toThrow(
      /could not take its classifications: "Emergency" is on route "Default Outbound Route" \(/,
    );
    await env.admin("DELETE", "/_emulator/faults");
    await P.delete(id, outs);
    expect(await classificationsOf(defaultRouteId)).toContain("Network");
  });
});

describe("what a default binding gives back", () => {
  it("never its own trunks: re-created after a lost response, destroy leaves the route as it was", async () => {
    const before = await routeNow(defaultRouteId);
    // The PUT took effect but no response ever came back: the create fails after the route already
    // carries the trunk (every retry lost too).
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: `${ROUTES(siteId)}/${defaultRouteId}`,
      effect: { commitThenDrop: true },
      times: 6,
    });
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA] } as In);
    await expect(P.create(r.inputs as In)).rejects.toThrow();
    await env.admin("DELETE", "/_emulator/faults");
    expect((await routeNow(defaultRouteId))?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkA]);

    // The next `up` creates the binding again: what it remembers must not include trunk A.
    const { id, outs } = await create({});
    expect(outs.adoptedFrom?.trunkIds).toEqual([]);
    await P.delete(id, outs);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases ?? []).toEqual([]);
    expect((await routeNow(defaultRouteId))?.classificationTypes).toEqual(before?.classificationTypes);
    // (Its `enabled` flag stays as the lost PUT set it: what it was before that is not recorded anywhere.)
  });

  it("never a trunk that no longer exists, nor (from older state) its own", async () => {
    const gone = await newTrunk("Carrier gone", "carrier-gone");
    const { id, outs } = await create({});
    await trunks.remove(client(), gone);
    const stale = { ...outs, adoptedFrom: { ...outs.adoptedFrom!, trunkIds: [gone, trunkA] } };
    await P.delete(id, stale);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases ?? []).toEqual([]);
  });
});

describe("versioned route writes: someone else's edit between our read and our PUT is kept", () => {
  const ROUTE = (id: string) => `${ROUTES(siteId)}/${id}`;
  const ADMIN_NOTE = "edited by the admin";

  /** The admin's edit: reads the route and saves it with a new description (its current version). */
  const adminEdit = (routeId: string, description: string) => async () => {
    const now = (await routeNow(routeId))!;
    await routes.put(client(), siteId, routeId, { ...routes.bodyOf(now), description });
  };

  /** `METHOD status` of the requests on one route. */
  const onRoute = async (routeId: string) =>
    (await env.log()).filter((r) => r.path === ROUTE(routeId)).map((r) => `${r.method} ${r.status}`);

  afterEach(async () => env.admin("DELETE", "/_emulator/faults"));

  /** Ours refused as out of date (the admin's GET + PUT went first), then ours again on a fresh copy. */
  const RACED = ["PUT 409", "GET 200", "PUT 200", "GET 200", "PUT 200"];

  it("create, update and the give-back on delete of the default route each re-read and reapply only their change", async () => {
    const before = await routeNow(defaultRouteId);
    await env.clearLog();
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA] } as In);
    const created = await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`,
      () => P.create(r.inputs as In),
      adminEdit(defaultRouteId, ADMIN_NOTE),
    );
    expect(await onRoute(defaultRouteId)).toEqual(RACED);
    let now = await routeNow(defaultRouteId);
    expect(now?.description).toBe(ADMIN_NOTE);
    expect(now?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkA]);
    const id = created.id;
    const outs = created.outs as Out;

    await env.clearLog();
    const next = { ...outs, trunkIds: [trunkB, trunkA] };
    const u = await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`,
      () => P.update(id, outs, next),
      adminEdit(defaultRouteId, `${ADMIN_NOTE} again`),
    );
    expect(await onRoute(defaultRouteId)).toEqual(RACED);
    now = await routeNow(defaultRouteId);
    expect(now?.description).toBe(`${ADMIN_NOTE} again`);
    expect(now?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkB, trunkA]);

    // The restore on delete: what the route carried comes back, the description the binding never
    // declared stays as the admin left it.
    await env.clearLog();
    await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`,
      () => P.delete(id, u.outs as Out),
      adminEdit(defaultRouteId, `${ADMIN_NOTE} last`),
    );
    expect(await onRoute(defaultRouteId)).toEqual(RACED);
    now = await routeNow(defaultRouteId);
    expect(now?.description).toBe(`${ADMIN_NOTE} last`);
    expect(now?.externalTrunkBases ?? []).toEqual([]);
    expect(now?.enabled).toBe(before?.enabled);
    expect(now?.classificationTypes).toEqual(before?.classificationTypes);
    await adminEdit(defaultRouteId, before?.description ?? "")();
  });

  it("taking and giving back classifications: the other route keeps the admin's edit", async () => {
    const before = await routeNow(defaultRouteId);
    await env.clearLog();
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA], routeName: "Raced route" } as In);
    const created = await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`, // the take of National and International
      () => P.create(r.inputs as In),
      adminEdit(defaultRouteId, ADMIN_NOTE),
    );
    expect(await onRoute(defaultRouteId)).toEqual(RACED);
    let dflt = await routeNow(defaultRouteId);
    expect(dflt?.description).toBe(ADMIN_NOTE);
    expect(dflt?.classificationTypes).not.toContain("National");
    expect(dflt?.classificationTypes).not.toContain("International");
    const outs = created.outs as Out;
    expect((await routeNow(outs.routeId))?.classificationTypes).toEqual(["National", "International"]);

    await env.clearLog();
    await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`, // the give-back
      () => P.delete(created.id, outs),
      adminEdit(defaultRouteId, `${ADMIN_NOTE} again`),
    );
    expect(await onRoute(defaultRouteId)).toEqual(RACED);
    dflt = await routeNow(defaultRouteId);
    expect(dflt?.description).toBe(`${ADMIN_NOTE} again`);
    expect([...(dflt?.classificationTypes ?? [])].sort()).toEqual(
      [...(before?.classificationTypes ?? [])].sort(),
    );
    await adminEdit(defaultRouteId, before?.description ?? "")();
  });

  it("gives up after 4 writes refused as out of date, naming the route and what to do; the next update finishes", async () => {
    const { id, outs } = await create({});
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE(defaultRouteId),
      times: 4,
      effect: { status: 409, code: "general.conflict", message: "Stale." },
    });
    const next = { ...outs, trunkIds: [trunkB] };
    const err = await P.update(outs.siteId + ":" + defaultRouteId, outs, next).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      new RegExp(
        `^Outbound route "Default Outbound Route" \\(${defaultRouteId}\\) on site ${siteId} kept changing while this ` +
          "deployment updated it: Genesys refused 4 writes in a row as out of date \\(409 general.conflict: Stale\\.\\)\\. " +
          "Something else is editing it right now; let that finish, then run the command again\\.$",
      ),
    );
    // Recorded as it was (a partial state): the next `up` runs the update again.
    expect(err).toMatchObject({ id, properties: { trunkIds: [trunkA], adoptedFrom: outs.adoptedFrom } });
    const u = await P.update(id, (err as { properties: Out }).properties, next);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkB]);
    await P.delete(id, u.outs as Out);
  });

  it("an update of a route deleted outside Pulumi says so, and to refresh, then up", async () => {
    const { id, outs } = await create({ routeName: "Deleted by hand", classificationTypes: ["Extension"] });
    await routes.remove(client(), siteId, outs.routeId);
    await expect(P.update(id, outs, { ...outs, trunkIds: [trunkB] })).rejects.toThrow(
      new RegExp(
        `^Outbound route "Deleted by hand" \\(${outs.routeId}\\) no longer exists in Genesys Cloud: it was deleted ` +
          "outside Pulumi\\. Run `pulumi refresh` to drop it from the stack's state, then `pulumi up` to create it again\\.$",
      ),
    );
  });

  it("a trunk's delete takes itself off the route only after the binding's change to that site is done (one lock)", async () => {
    const extra = await newTrunk("Carrier locked", "carrier-locked");
    const { id, outs } = await create({ trunkIds: [trunkA, extra] });
    const trunkOuts = { name: "Carrier locked", inboundSiteId: siteId, trunkId: extra, version: 1 };
    await env.clearLog();
    let trunkDelete: Promise<void> | undefined;
    await whileHeld(
      env,
      `PUT ${ROUTE(defaultRouteId)}`,
      () => P.update(id, outs, { ...outs, trunkIds: [extra, trunkA] }),
      async () => {
        // The trunk's delete starts while the binding's PUT is held: it is refused (the route carries
        // the trunk), finds the route, and must then wait for the site's lock.
        trunkDelete = T.delete(extra, trunkOuts as never);
        const found = async () =>
          (await env.log()).some(
            (r) => r.path === "/api/v2/telephony/providers/edges/outboundroutes" && r.status === 200,
          );
        while (!(await found())) await new Promise((resolve) => setImmediate(resolve));
      },
    );
    await trunkDelete;
    const puts = (await env.log()).filter((r) => r.method === "PUT" && r.path === ROUTE(defaultRouteId));
    // The binding's PUT went through on its first try: the trunk's PUT came after it, not in between.
    expect(puts.map((r) => r.status)).toEqual([200, 200]);
    expect((await routeNow(defaultRouteId))?.externalTrunkBases?.map((t) => t.id)).toEqual([trunkA]);
    expect(await trunks.get(client(), extra)).toBeUndefined();
    await P.delete(id, { ...outs, trunkIds: [trunkA] });
  });
});

describe("no silent cleanup failures", () => {
  const ROUTE = (id: string) => `${ROUTES(siteId)}/${id}`;
  afterEach(async () => env.admin("DELETE", "/_emulator/faults"));

  it("a named route that could not be made, whose classifications could not go back either, says what to put back", async () => {
    const before = await routeNow(defaultRouteId);
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: ROUTES(siteId),
      effect: { status: 400, code: "general.bad.request", message: "Refused for the test." },
    });
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE(defaultRouteId),
      skip: 1, // the take goes through; the give-back is refused
      effect: { status: 400, code: "general.bad.request", message: "Refused too." },
    });
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA], routeName: "Never made" } as In);
    await expect(P.create(r.inputs as In)).rejects.toThrow(
      new RegExp(
        "Refused for the test\\. \\(correlation id .*\\)\\. The classifications taken off other routes for it could " +
          "not be given back \\(.*Refused too\\..*\\): put (National, International|International, National) from " +
          'route "Default Outbound Route" ' +
          `\\(${defaultRouteId}\\) back on those routes in Genesys Cloud .*then run \`pulumi up\` again\\.$`,
      ),
    );
    // Put back by hand, as the message says.
    await routes.update(client(), siteId, defaultRouteId, (now) => ({
      ...routes.bodyOf(now),
      classificationTypes: before!.classificationTypes,
    }));
  });

  it("a default-route binding whose take failed and could not be undone is recorded with what it borrowed", async () => {
    const holder = await routes.create(client(), siteId, {
      name: "Holder of Extension",
      classificationTypes: ["Extension"],
      enabled: true,
      distribution: "SEQUENTIAL",
      externalTrunkBases: [],
    });
    // The take applies but no answer ever comes back (every retry too), and the give-back is refused.
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE(holder.id!),
      times: 6,
      effect: { commitThenDrop: true },
    });
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE(holder.id!),
      effect: { status: 400, code: "general.bad.request", message: "Refused for the test." },
    });
    const dflt = (await routeNow(defaultRouteId))!;
    const wanted = [...(dflt.classificationTypes ?? []), "Extension"];
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA], classificationTypes: wanted } as In);
    const err = (await P.create(r.inputs as In).catch((e: unknown) => e)) as {
      message: string;
      id: string;
      properties: Out;
      reasons: string[];
    };
    expect(err.message).toMatch(/could not be given back .*Refused for the test.*run `pulumi up` again\.$/);
    expect(err.reasons).toEqual([err.message]);
    expect(err.id).toBe(`${siteId}:${defaultRouteId}`);
    expect(err.properties.borrowed).toEqual([
      { routeId: holder.id, routeName: "Holder of Extension", classificationTypes: ["Extension"] },
    ]);
    expect((await routeNow(holder.id!))?.classificationTypes).toEqual([]); // taken, and recorded

    // The next `up` finishes the binding; `destroy` gives Extension back.
    const u = await P.update(err.id, err.properties, r.inputs as In);
    expect((await routeNow(defaultRouteId))?.classificationTypes).toContain("Extension");
    await P.delete(err.id, u.outs as Out);
    expect((await routeNow(holder.id!))?.classificationTypes).toEqual(["Extension"]);
    expect((await routeNow(defaultRouteId))?.classificationTypes).toEqual(dflt.classificationTypes);
    await routes.remove(client(), siteId, holder.id!);
  });

  it("a give-back that fails on delete is an error naming what to give back; the next destroy does it", async () => {
    const { id, outs } = await create({ routeName: "Borrower" });
    expect(outs.borrowed).toHaveLength(1);
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE(defaultRouteId),
      effect: { status: 400, code: "general.bad.request", message: "Refused for the test." },
    });
    await expect(P.delete(id, outs)).rejects.toThrow(
      new RegExp(
        `^Outbound route "Borrower" \\(${outs.routeId}\\) was deleted, but returning the classifications it borrowed ` +
          "failed \\(.*Refused for the test\\..*\\)\\. Run the destroy again to give back (National, International|International, National) " +
          `from route "Default Outbound Route" \\(${defaultRouteId}\\)\\.$`,
      ),
    );
    await P.delete(id, outs);
    expect((await routeNow(defaultRouteId))?.classificationTypes).toEqual(
      expect.arrayContaining(["National", "International"]),
    );
  });
});

describe("adopting an existing named route (adoptId)", () => {
  /** A route made outside Pulumi (in the UI, say), as `npm run import` finds it. */
  const existingRoute = (name: string, body: Partial<Models.OutboundRouteBase> = {}) =>
    routes.create(client(), siteId, {
      name,
      classificationTypes: ["Extension"],
      externalTrunkBases: [{ id: trunkA }],
      enabled: true,
      distribution: "SEQUENTIAL",
      description: "made in the UI",
      ...body,
    });

  afterEach(() => jest.restoreAllMocks());

  it("takes over a route that already matches with GETs only, then manages it: read keeps adoptId, delete DELETEs it", async () => {
    const r = await existingRoute("Imported carrier");
    await env.clearLog();
    const { id, outs } = await create({
      routeName: "Imported carrier",
      adoptId: r.id,
      classificationTypes: ["Extension"],
      description: "made in the UI",
    });
    expect(await env.calls()).toEqual([
      `GET /api/v2/telephony/providers/edges/sites/${siteId}/numberplans/classifications`,
      `GET ${ROUTES(siteId)}`,
    ]);
    expect(id).toBe(`${siteId}:${r.id}`);
    expect(outs).toMatchObject({ routeId: r.id, name: "Imported carrier", classifications: ["Extension"] });
    expect(outs.adoptId).toBe(r.id);
    expect(outs.adoptedFrom).toBeUndefined();
    expect(outs.borrowed).toBeUndefined();
    const now = await routeNow(r.id!);
    expect(now).toMatchObject({ version: r.version, description: "made in the UI" }); // no ownership tag

    const read = await P.read(id, outs);
    expect((read.inputs as In).adoptId).toBe(r.id);
    expect((await P.diff(id, read.props as Out, outs)).changes).toBe(false);

    await env.clearLog();
    await P.delete(id, outs);
    expect(await env.calls()).toEqual([`DELETE ${ROUTES(siteId)}/${r.id}`]);
    expect(await routeNow(r.id!)).toBeUndefined();
  });

  it("writes a route that differs with exactly one PUT, carrying the version read", async () => {
    const r = await existingRoute("Imported differs");
    const put = jest.spyOn(
      Sdk.TelephonyProvidersEdgeApi.prototype,
      "putTelephonyProvidersEdgesSiteOutboundroute",
    );
    await env.clearLog();
    const { id, outs } = await create({
      routeName: "Imported differs",
      adoptId: r.id,
      trunkIds: [trunkA, trunkB],
      distribution: "RANDOM",
      classificationTypes: ["Extension"],
    });
    expect(await writes()).toEqual([`PUT ${ROUTES(siteId)}/${r.id}`]);
    expect(put).toHaveBeenCalledTimes(1);
    expect(put.mock.calls[0][2]).toMatchObject({ version: r.version, description: "made in the UI" });
    expect(await routeNow(r.id!)).toMatchObject({
      externalTrunkBases: [{ id: trunkA }, { id: trunkB }],
      distribution: "RANDOM",
      description: "made in the UI",
      version: r.version! + 1,
    });
    expect(outs.adoptedFrom).toBeUndefined();
    await P.delete(id, outs);
  });

  it("takes a classification it needs off the default route (recorded as borrowed) and gives it back on delete", async () => {
    const r = await existingRoute("Imported national");
    const classificationsOf = async (x: string) => (await routeNow(x))?.classificationTypes ?? [];
    expect(await classificationsOf(defaultRouteId)).toContain("National");
    const { id, outs } = await create({
      routeName: "Imported national",
      adoptId: r.id,
      classificationTypes: ["Extension", "National"],
    });
    expect(outs.borrowed).toEqual([
      { routeId: defaultRouteId, routeName: "Default Outbound Route", classificationTypes: ["National"] },
    ]);
    expect(await classificationsOf(defaultRouteId)).not.toContain("National");
    expect([...(await classificationsOf(r.id!))].sort()).toEqual(["Extension", "National"]);
    await env.clearLog();
    await P.delete(id, outs);
    expect(await writes()).toEqual([
      `DELETE ${ROUTES(siteId)}/${r.id}`,
      `PUT ${ROUTES(siteId)}/${defaultRouteId}`,
    ]);
    expect(await classificationsOf(defaultRouteId)).toContain("National");
  });

  it("fails in one line naming the id when the site has no such route, and for the default route; no write", async () => {
    const inputs = (adoptId: string) =>
      P.check({} as In, { siteId, trunkIds: [trunkA], routeName: "Ghost", adoptId } as In);
    await env.clearLog();
    const missing = P.create((await inputs("no-such-route")).inputs as In);
    await expect(missing).rejects.toThrow(
      `adoptId: no outbound route with id no-such-route on site ${siteId}`,
    );
    await expect(missing).rejects.not.toThrow(/\n/);
    await expect(P.create((await inputs(defaultRouteId)).inputs as In)).rejects.toThrow(
      `adoptId: route ${defaultRouteId} is the Default Outbound Route of site ${siteId}`,
    );
    expect(await writes()).toEqual([]);
  });

  it("adoptId without routeName fails at check with no API call", async () => {
    await env.clearLog();
    const r = await P.check({} as In, { siteId, trunkIds: [trunkA], adoptId: defaultRouteId } as In);
    expect(failedInputs(r)).toEqual(["adoptId"]);
    expect(r.failures?.[0].reason).toMatch(/Default Outbound Route is always taken over, so omit adoptId/);
    expect(await env.calls()).toEqual([]);
  });
});

describe("on a new site whose Default Outbound Route has not taken its classifications yet", () => {
  // An emulator of its own whose clock moves only by the client's waits: a site is fresh until
  // the binding waits for it (reference §13: the route gets its classifications some seconds
  // after the site is created).
  const ALL = ["Emergency", "National", "International", "Network", "Suicide Prevention"];
  let settleEnv: ProviderEnv;
  let siteSeq = 0;

  beforeAll(async () => {
    settleEnv = await providerEnv({ now: () => Date.UTC(2026, 0, 5), defaultRouteSettleMs: 5_000 });
  });
  afterAll(async () => settleEnv.close());

  /** A site (with a trunk) created now, so fresh; `settle` then lets its default route settle first. */
  async function site(settle: boolean) {
    const c = client();
    const n = ++siteSeq;
    const loc = await locations.create(c, {
      name: `Settle HQ ${n}`,
      emergencyNumber: { number: `+1317555018${n}` },
      path: [],
    });
    const s = await sites.create(c, {
      name: `Settle site ${n}`,
      location: { id: loc.id },
      primarySites: [{ id: SEED_IDS.pcvSite }],
      secondarySites: [{ id: SEED_IDS.pcvSite }],
      mediaModel: "Cloud",
    });
    siteId = s.id!;
    const trunk = await newTrunk(`Settle carrier ${n}`, `settle-${n}`);
    const dflt = (await routes.findByName(c, siteId, "Default Outbound Route"))!;
    if (settle) await c.retryPolicy.sleep(5_000); // on this emulator, a wait is time passing
    settleEnv.waits.length = 0;
    await settleEnv.clearLog();
    return { siteId: s.id!, trunk, defaultId: dflt.id!, fresh: dflt.classificationTypes };
  }

  async function bind(i: Partial<In>) {
    const r = await P.check({} as In, i as In);
    expect(r.failures ?? []).toEqual([]);
    const c = await P.create(r.inputs as In);
    return { id: c.id, outs: c.outs as Out };
  }

  it("a default-route binding waits once, until the site's settle, and keeps the route's classifications", async () => {
    const s = await site(false);
    expect(s.fresh).toEqual([]);
    const { id, outs } = await bind({ siteId: s.siteId, trunkIds: [s.trunk] });
    // The site was created at this clock's "now" (time moves only by waits): one wait of the whole
    // expected settle, one look, the PUT.
    expect(settleEnv.waits).toEqual([5_000]);
    expect(await settleEnv.calls()).toEqual([
      `GET ${ROUTES(s.siteId)}`,
      `GET ${ROUTES(s.siteId)}`,
      `PUT ${ROUTES(s.siteId)}/${s.defaultId}`,
    ]);
    expect(outs.classifications).toEqual(ALL);
    expect(outs.adoptedFrom?.classificationTypes).toEqual(ALL);
    const route = await routes.get(client(), s.siteId, s.defaultId);
    expect(route).toMatchObject({ classificationTypes: ALL, externalTrunkBases: [{ id: s.trunk }] });
    await P.delete(id, outs);
    expect((await routes.get(client(), s.siteId, s.defaultId))?.classificationTypes).toEqual(ALL);
  });

  it("a named route waits too, then borrows National and International and gives them back on delete", async () => {
    const s = await site(false);
    const { id, outs } = await bind({ siteId: s.siteId, trunkIds: [s.trunk], routeName: "Fresh carrier" });
    expect(settleEnv.waits).toEqual([5_000]);
    expect(outs.borrowed).toEqual([
      {
        routeId: s.defaultId,
        routeName: "Default Outbound Route",
        classificationTypes: ["National", "International"],
      },
    ]);
    const dflt = () => routes.get(client(), s.siteId, s.defaultId);
    expect((await dflt())?.classificationTypes).toEqual(["Emergency", "Network", "Suicide Prevention"]);
    await P.delete(id, outs);
    expect([...((await dflt())?.classificationTypes ?? [])].sort()).toEqual([...ALL].sort());
  });

  it("a binding that starts later waits only for the rest of its site's settle", async () => {
    const s = await site(false);
    await client().retryPolicy.sleep(3_200); // the trunk and the engine took 3.2 s
    settleEnv.waits.length = 0;
    const { id, outs } = await bind({ siteId: s.siteId, trunkIds: [s.trunk] });
    expect(settleEnv.waits).toEqual([1_800]);
    expect(await settleEnv.calls()).toEqual([
      `GET ${ROUTES(s.siteId)}`,
      `GET ${ROUTES(s.siteId)}`,
      `PUT ${ROUTES(s.siteId)}/${s.defaultId}`,
    ]);
    expect(outs.classifications).toEqual(ALL);
    await P.delete(id, outs);
  });

  it("a fresh site another process created: the wait runs from its default route's dateCreated", async () => {
    const c = client();
    const n = ++siteSeq;
    const loc = await locations.create(c, {
      name: `Settle HQ ${n}`,
      emergencyNumber: { number: `+1317555018${n}` },
      path: [],
    });
    // Straight through the SDK, not genesys/sites.ts: this process has no record of making it.
    const made = await c.call<Models.Site>("POST /api/v2/telephony/providers/edges/sites", (a) =>
      a.edges.postTelephonyProvidersEdgesSites({
        name: `Settle site ${n}`,
        location: { id: loc.id },
        primarySites: [{ id: SEED_IDS.pcvSite }],
        secondarySites: [{ id: SEED_IDS.pcvSite }],
        mediaModel: "Cloud",
      }),
    );
    expect(sites.createdAt(made.id!)).toBeUndefined();
    siteId = made.id!;
    const trunk = await newTrunk(`Settle carrier ${n}`, `settle-${n}`);
    await c.retryPolicy.sleep(2_000);
    settleEnv.waits.length = 0;
    await settleEnv.clearLog();
    const { id, outs } = await bind({ siteId: made.id!, trunkIds: [trunk] });
    expect(settleEnv.waits).toEqual([3_000]);
    expect(await settleEnv.calls()).toHaveLength(3); // GET, GET, PUT
    expect(outs.classifications).toEqual(ALL);
    await P.delete(id, outs);
  });

  it("on a settled site neither binding waits", async () => {
    const s = await site(true);
    const named = await bind({ siteId: s.siteId, trunkIds: [s.trunk], routeName: "Settled carrier" });
    const dflt = await bind({ siteId: s.siteId, trunkIds: [s.trunk] });
    expect(settleEnv.waits).toEqual([]);
    expect(await settleEnv.calls()).toEqual([
      `GET ${ROUTES(s.siteId)}`,
      `PUT ${ROUTES(s.siteId)}/${s.defaultId}`,
      `POST ${ROUTES(s.siteId)}`,
      `GET ${ROUTES(s.siteId)}`,
      `PUT ${ROUTES(s.siteId)}/${s.defaultId}`,
    ]);
    expect(named.outs.classifications).toEqual(["National", "International"]);
    expect(dflt.outs.classifications).toEqual(["Emergency", "Network", "Suicide Prevention"]);
    await P.delete(dflt.id, dflt.outs);
    await P.delete(named.id, named.outs);
  });
});
