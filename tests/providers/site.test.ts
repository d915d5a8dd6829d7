/**
 * Site provider against an in-process emulator, through the real SDK.
 */
import { SEED_IDS } from "../../emulator";
import * as locations from "../../genesys/locations";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import * as engineLog from "../../resources/common/engineLog";
import { withTag } from "../../resources/common/ownership";
import { provider } from "../../resources/site/provider";
import type { SiteInputs, SiteOutputs } from "../../resources/site/schema";
import { trunkBody } from "../helpers/emulator";
import { owned, providerEnv, ProviderEnv, TEST_OWNER, whileHeld } from "../helpers/providers";
import { failedInputs } from "../helpers/check";

const P = provider as Required<typeof provider>;
const EDGE = SEED_IDS.pcvSite;
const SITES = "/api/v2/telephony/providers/edges/sites";

let env: ProviderEnv;
let locationId: string;
let otherLocationId: string;

async function newLocation(name: string, number: string): Promise<string> {
  const loc = await locations.create(client(), {
    name,
    emergencyNumber: { number, type: "default" },
    path: [],
  });
  return loc.id!;
}

beforeAll(async () => {
  env = await providerEnv();
  locationId = await newLocation("Site test HQ", "+13175550190");
  otherLocationId = await newLocation("Site test annex", "+13175550191");
});
afterAll(async () => env.close());
beforeEach(async () => env.clearLog());

let n = 0;
/** Raw inputs as a program would declare them (check fills the defaults). */
function declared(over: Partial<SiteInputs> = {}): SiteInputs {
  n++;
  return {
    name: `Indy site ${n}`,
    locationId,
    primarySiteIds: [EDGE],
    edgeAutoUpdate: { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "22:00", end: "02:00" },
    ntpServers: ["time.example.com"],
    callerId: "+13175550100",
    callerName: "Indy",
    ...over,
  };
}

async function checked(i: SiteInputs): Promise<SiteInputs> {
  const r = await P.check({} as SiteInputs, i);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as SiteInputs;
}

async function create(i: SiteInputs): Promise<{ id: string; inputs: SiteInputs; outs: SiteOutputs }> {
  const inputs = await checked(i);
  const r = await P.create(inputs);
  return { id: r.id, inputs, outs: r.outs as SiteOutputs };
}

type StoredSite = {
  id: string;
  name: string;
  description?: string;
  callerName?: string;
  mediaRegionsUseLatencyBased?: boolean;
  edgeAutoUpdateConfig?: unknown;
  location: { id: string };
};
async function stored(id: string): Promise<StoredSite | undefined> {
  const state = (await env.admin("GET", "/_emulator/state")) as { sites: StoredSite[] };
  return state.sites.find((s) => s.id === id);
}

/** Someone else edits the site (GET + PUT through the SDK), moving its version on. */
async function editBehindOurBack(id: string, change: Record<string, unknown>): Promise<void> {
  const c = client();
  const site = (await sites.get(c, id))!;
  await sites.put(c, id, { ...site, ...change });
  await env.clearLog();
}

describe("Site provider", () => {
  it("creates with one POST; a read shows no drift, so a second preview shows no change", async () => {
    const { id, inputs, outs } = await create(declared());
    expect(await env.calls()).toEqual([`POST ${SITES}`]);
    expect(outs).toMatchObject({
      ...inputs,
      siteId: id,
      secondarySiteIds: [EDGE],
      mediaModel: "Cloud",
      version: 1,
      mediaRegions: ["us-east-1"],
    });
    const site = await stored(id);
    expect(site?.edgeAutoUpdateConfig).toEqual({
      timeZone: "America/New_York",
      rrule: "FREQ=DAILY",
      start: "2024-01-01T22:00:00.000",
      end: "2024-01-02T02:00:00.000",
    });

    await env.clearLog();
    const read = await P.read(id, outs);
    expect(await env.calls()).toEqual([`GET ${SITES}/${id}`]);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual(inputs);
    // The next preview: check the same program inputs again, diff against the refreshed state.
    const again = await checked(declared({ name: inputs.name }));
    expect(await P.diff(id, read.props as SiteOutputs, again)).toEqual({ changes: false });
    expect(await env.calls()).toEqual([`GET ${SITES}/${id}`]);
  });

  it("rejects bad input at check, naming each field, with no API call", async () => {
    const r = await P.check(
      {} as SiteInputs,
      {
        ...declared(),
        primarySiteIds: [],
        mediaModel: "Hybrid",
        edgeAutoUpdate: { timeZone: "Mars/Olympus", rrule: "FREQ=MONTHLY", start: "02:00", end: "03:00" },
        callerId: "317-555-0100",
      } as unknown as SiteInputs,
    );
    expect(failedInputs(r).sort()).toEqual([
      "callerId",
      "edgeAutoUpdate.end",
      "edgeAutoUpdate.rrule",
      "edgeAutoUpdate.timeZone",
      "mediaModel",
      "primarySiteIds",
    ]);
    expect(await env.calls()).toEqual([]);
  });

  it("renames and changes the window with one PUT carrying the stored version", async () => {
    const { id, inputs, outs } = await create(declared());
    await env.clearLog();
    const next = await checked({
      ...inputs,
      name: `${inputs.name} renamed`,
      edgeAutoUpdate: {
        timeZone: "Europe/Paris",
        rrule: "FREQ=WEEKLY;BYDAY=SU,SA",
        start: "01:00",
        end: "05:30",
      },
    });
    expect(await P.diff(id, outs, next)).toEqual({ changes: true });
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`PUT ${SITES}/${id}`]);
    const puts = (await env.log()).filter((r) => r.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(u.outs).toMatchObject({ name: next.name, edgeAutoUpdate: next.edgeAutoUpdate, version: 2 });
    const site = await stored(id);
    expect(site?.name).toBe(next.name);
    expect(site?.edgeAutoUpdateConfig).toMatchObject({
      start: "2024-01-01T01:00:00.000",
      end: "2024-01-01T05:30:00.000",
    });

    const read = await P.read(id, u.outs as SiteOutputs);
    expect((await P.diff(id, read.props as SiteOutputs, next)).changes).toBe(false);
  });

  it("moves the site to another location in place, and clears a removed caller name", async () => {
    const { id, inputs, outs } = await create(declared());
    await env.clearLog();
    const next = await checked({ ...inputs, locationId: otherLocationId, callerName: undefined });
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`PUT ${SITES}/${id}`]);
    const site = await stored(id);
    expect(site?.location.id).toBe(otherLocationId);
    expect(site?.callerName).toBe("");
    const read = await P.read(id, u.outs as SiteOutputs);
    expect((await P.diff(id, read.props as SiteOutputs, next)).changes).toBe(false);
  });

  it("on a version conflict re-reads and PUTs again, keeping what others set outside the declared keys", async () => {
    const { id, inputs, outs } = await create(declared());
    await editBehindOurBack(id, { description: "set in the UI" });
    const next = { ...inputs, name: `${inputs.name} v2` };
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`PUT ${SITES}/${id}`, `GET ${SITES}/${id}`, `PUT ${SITES}/${id}`]);
    expect(u.outs).toMatchObject({ name: next.name, version: 3 });
    const site = await stored(id);
    expect(site).toMatchObject({ name: next.name, description: "set in the UI" });
  });

  it("someone else's write while our PUT is on its way: 409, re-read, PUT again; their undeclared field is kept", async () => {
    const { id, inputs, outs } = await create(declared({ description: undefined }));
    await env.clearLog();
    const next = { ...inputs, name: `${inputs.name} v2` };
    const u = await whileHeld(
      env,
      `PUT ${SITES}/${id}`,
      () => P.update(id, outs, next),
      async () => {
        // The admin reads the site and saves a description (which the stack does not declare).
        const c = client();
        const now = (await sites.get(c, id))!;
        await sites.put(c, id, { ...now, description: "edited by the admin" });
      },
    );
    const ours = (await env.log()).filter((r) => r.method !== "GET" || r.path === `${SITES}/${id}`);
    expect(ours.map((r) => `${r.method} ${r.status}`)).toEqual([
      "PUT 409", // ours, held, then refused: the admin's PUT (next line) got in first
      "GET 200", // the admin's read (issued while ours was held)
      "PUT 200", // the admin's write
      "GET 200", // ours: re-read
      "PUT 200", // ours: our change on the fresh copy
    ]);
    expect(u.outs).toMatchObject({ name: next.name, version: 3 });
    expect(await stored(id)).toMatchObject({ name: next.name, description: "edited by the admin" });
  });

  it("gives up after 4 writes refused as out of date, with one line naming the site and what to do", async () => {
    const { id, inputs, outs } = await create(declared());
    await env.clearLog();
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: `${SITES}/${id}`,
      times: 4,
      effect: {
        status: 409,
        code: "general.conflict",
        message: "The version number of the modified resource must match the version number in the database.",
      },
    });
    await expect(P.update(id, outs, { ...inputs, name: `${inputs.name} v2` })).rejects.toThrow(
      new RegExp(
        `^Site "${inputs.name} v2" \\(${id}\\) kept changing while this deployment updated it: Genesys refused 4 writes ` +
          "in a row as out of date \\(409 general.conflict: .*\\)\\. Something else is editing it right now; let that " +
          "finish, then run the command again\\.$",
      ),
    );
    expect(await env.calls()).toEqual([
      `PUT ${SITES}/${id}`,
      ...Array(3)
        .fill([`GET ${SITES}/${id}`, `PUT ${SITES}/${id}`])
        .flat(),
    ]);
  });

  it("an update of a site deleted outside Pulumi says so, and to refresh, then up", async () => {
    const { id, inputs, outs } = await create(declared());
    await sites.remove(client(), id);
    await expect(P.update(id, outs, { ...inputs, name: `${inputs.name} v2` })).rejects.toThrow(
      new RegExp(
        `^Site "${inputs.name} v2" \\(${id}\\) no longer exists in Genesys Cloud: it was deleted outside Pulumi\\. ` +
          "Run `pulumi refresh` to drop it from the stack's state, then `pulumi up` to create it again\\.$",
      ),
    );
  });

  it("reports drift on a declared field; ignores what the API added; gone means no id", async () => {
    const { id, inputs, outs } = await create(declared());
    await editBehindOurBack(id, { callerName: "Changed", mediaRegionsUseLatencyBased: true });
    const read = await P.read(id, outs);
    expect((read.props as SiteOutputs).callerName).toBe("Changed");
    expect(read.inputs).toEqual({ ...inputs, callerName: "Changed" });
    expect((await P.diff(id, read.props as SiteOutputs, inputs)).changes).toBe(true);
    // The next update repairs it with the refreshed version: one PUT.
    await env.clearLog();
    await P.update(id, read.props as SiteOutputs, inputs);
    expect(await env.calls()).toEqual([`PUT ${SITES}/${id}`]);
    expect(await stored(id)).toMatchObject({ callerName: "Indy", mediaRegionsUseLatencyBased: true }); // theirs kept

    await P.delete(id, outs);
    expect(await P.read(id, outs)).toEqual({});
  });

  it("signals a replacement, deleted first, when the media model changes", async () => {
    const { id, inputs, outs } = await create(declared());
    await env.clearLog();
    const next = await checked({ ...inputs, mediaModel: "Premises" });
    expect(await P.diff(id, outs, next)).toEqual({
      changes: true,
      replaces: ["mediaModel"],
      deleteBeforeReplace: true,
    });
    expect(await env.calls()).toEqual([]);
  });

  it("deletes with one DELETE; a second delete (404) is done", async () => {
    const { id, outs } = await create(declared());
    await env.clearLog();
    await P.delete(id, outs);
    expect(await env.calls()).toEqual([`DELETE ${SITES}/${id}`]);
    await P.delete(id, outs);
    expect(await stored(id)).toBeUndefined();
  });

  describe("delete of a site with outbound routes (Genesys deletes them with it)", () => {
    const ROUTES = (siteId: string) => `${SITES}/${siteId}/outboundroutes`;
    /** A named route on the site, as Genesys Cloud's admin UI or another program makes it. */
    const route = (siteId: string, name: string, description: string, classificationTypes: string[]) =>
      routes.create(client(), siteId, { name, description, classificationTypes, enabled: false });
    const routesOf = async (siteId: string) =>
      (
        (await env.admin("GET", "/_emulator/state")) as { outboundRoutes: { siteId: string }[] }
      ).outboundRoutes.filter((r) => r.siteId === siteId);
    let told: jest.SpyInstance;
    beforeEach(() => {
      told = jest.spyOn(engineLog, "tellEngine");
    });
    afterEach(() => told.mockRestore());

    it("names on the site each hand-made route that goes with it (one GET more), not the default or a tagged one", async () => {
      const { id, outs } = await create(owned(declared()));
      const handMade = await route(id, "Hand made", "made in the admin UI", ["Extension"]);
      // A binding's named route (tagged; of another resource, which makes no difference).
      await route(
        id,
        "Ours",
        withTag("calls", "urn:pulumi:test::genesys-byoc::x:y:OutboundRouteBinding::r")!,
        [],
      );
      expect((await routesOf(id)).length).toBe(3); // with the Default Outbound Route
      await env.clearLog();
      await P.delete(id, outs);
      expect(await env.calls()).toEqual([`GET ${ROUTES(id)}`, `DELETE ${SITES}/${id}`]);
      expect(await stored(id)).toBeUndefined();
      expect(await routesOf(id)).toEqual([]);
      expect(told.mock.calls).toEqual([
        [
          TEST_OWNER,
          `deleting this site also deletes outbound route "Hand made" (${handMade.id}), which this stack did not make: ` +
            `Genesys deletes a site's routes with it`,
        ],
      ]);
    });

    it("says nothing for its Default Outbound Route and tagged routes; lists only with an owner to say it on", async () => {
      const { id, outs } = await create(owned(declared()));
      await route(id, "Ours", withTag(undefined, TEST_OWNER)!, ["Extension"]);
      await env.clearLog();
      await P.delete(id, outs);
      expect(await env.calls()).toEqual([`GET ${ROUTES(id)}`, `DELETE ${SITES}/${id}`]);
      expect(await routesOf(id)).toEqual([]);
      // Without an owner URN (no message could name the site) the listing is skipped.
      const bare = await create(declared());
      await route(bare.id, "Hand made", "", ["Extension"]);
      await env.clearLog();
      await P.delete(bare.id, bare.outs);
      expect(await env.calls()).toEqual([`DELETE ${SITES}/${bare.id}`]);
      expect(told).not.toHaveBeenCalled();
    });

    it("a listing Genesys refuses is said on the site and never stops the delete", async () => {
      const { id, outs } = await create(owned(declared()));
      await route(id, "Hand made", "", ["Extension"]);
      await env.admin("POST", "/_emulator/faults", {
        method: "GET",
        path: ROUTES(id),
        times: 1,
        effect: { status: 400, code: "general.bad.request", message: "Refused for the test." },
      });
      await env.clearLog();
      await P.delete(id, outs);
      expect(await env.calls()).toEqual([`GET ${ROUTES(id)}`, `DELETE ${SITES}/${id}`]);
      expect(await stored(id)).toBeUndefined();
      expect(told.mock.calls).toHaveLength(1);
      expect(told.mock.calls[0][0]).toBe(TEST_OWNER);
      expect(told.mock.calls[0][1]).toMatch(
        /^could not list this site's outbound routes before deleting it \(.*Refused for the test\..*\); any route on it that this stack did not make goes with it all the same: Genesys deletes a site's routes with it$/,
      );
    });
  });

  it("a delete refused because a trunk still uses the site fails at once, naming the trunk and what to do", async () => {
    const { id, outs } = await create(declared());
    const c = client();
    const trunk = await trunks.create(c, trunkBody(id));
    await env.clearLog();
    const waitsBefore = env.waits.length;
    await expect(P.delete(id, outs)).rejects.toThrow(
      new RegExp(
        `^Site ".*" \\(${id}\\) could not be deleted: Genesys says it is still in use \\(The site is referenced by ` +
          `another resource\\.\\) by trunk "${trunk.name}" \\(${trunk.id}\\)\\. .*set retainOnDelete on its Site and Location too`,
      ),
    );
    // A reference that stays is not worth retrying: one DELETE, the look-ups of what uses it (side
    // by side), no wait.
    const [first, ...lookups] = await env.calls();
    expect(first).toBe(`DELETE ${SITES}/${id}`);
    expect(lookups.sort()).toEqual([
      "GET /api/v2/organizations/me",
      `GET ${SITES}`,
      "GET /api/v2/telephony/providers/edges/trunkbasesettings",
    ]);
    expect(env.waits.length - waitsBefore).toBe(0);
    expect(await stored(id)).toBeDefined();
    await trunks.remove(c, trunk.id!);
    await P.delete(id, outs); // once nothing refers to it any more
    expect(await stored(id)).toBeUndefined();
  });

  it("takes back the site its lost POST left behind (its tag) instead of duplicating it", async () => {
    const i = owned(declared());
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: SITES,
      effect: { commitThenDrop: true },
    });
    const { id, outs } = await create(i);
    const state = (await env.admin("GET", "/_emulator/state")) as { sites: StoredSite[] };
    expect(state.sites.filter((s) => s.name === i.name).map((s) => s.id)).toEqual([id]);
    expect(await env.calls()).toEqual([`POST ${SITES}`, `GET ${SITES}`]);
    expect(outs).toMatchObject({ siteId: id, name: i.name, version: 1 });
  });

  it("adopts an existing site by id and updates it to match", async () => {
    const { id, inputs } = await create(declared());
    await env.clearLog();
    const adopted = await P.create({ ...inputs, callerName: "Adopted", adoptId: id });
    expect(adopted.id).toBe(id);
    expect(await env.calls()).toEqual([`GET ${SITES}/${id}`, `PUT ${SITES}/${id}`]);
    expect((await stored(id))?.callerName).toBe("Adopted");

    await env.clearLog();
    await P.create({ ...inputs, callerName: "Adopted", adoptId: id });
    expect(await env.calls()).toEqual([`GET ${SITES}/${id}`]); // already matches: no PUT

    await expect(P.create({ ...inputs, adoptId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /adoptId: no site/,
    );
    await expect(P.create({ ...inputs, adoptId: EDGE })).rejects.toThrow(/managed by Genesys/);
    await expect(P.create({ ...inputs, mediaModel: "Premises", adoptId: id })).rejects.toThrow(
      /media model Cloud/,
    );
  });

  it("explains a duplicate name and how to adopt", async () => {
    const { inputs } = await create(declared());
    await expect(P.create(inputs)).rejects.toThrow(/adoptId/);
  });
});
