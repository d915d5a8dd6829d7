/**
 * Ownership tags (resources/common/ownership.ts): a create whose name is taken adopts the object
 * only when this very resource made it (its tag), never another resource's or an untagged one;
 * reads never show the tag as drift. Real providers, the real SDK, an in-process emulator.
 */
import { SEED_IDS } from "../../emulator";
import * as locations from "../../genesys/locations";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import {
  carriesAnyTag,
  carriesTag,
  OWNER_KEY,
  ownerTag,
  withoutTag,
  withTag,
} from "../../resources/common/ownership";
import * as routes from "../../genesys/outboundRoutes";
import { provider as locationProvider } from "../../resources/location/provider";
import { provider as bindingProvider } from "../../resources/outboundRouteBinding/provider";
import type { OutboundRouteBindingInputs } from "../../resources/outboundRouteBinding/schema";
import type { LocationInputs } from "../../resources/location/schema";
import { provider as siteProvider } from "../../resources/site/provider";
import type { SiteInputs } from "../../resources/site/schema";
import { provider as trunkProvider } from "../../resources/trunk/provider";
import type { TrunkInputs } from "../../resources/trunk/schema";
import { locationBody, siteBody } from "../helpers/emulator";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const EDGE = SEED_IDS.pcvSite;
const TB = "/api/v2/telephony/providers/edges/trunkbasesettings";
const URN = "urn:pulumi:dev::genesys-byoc::pulumi-nodejs:dynamic/genesys:Trunk::carrier";
const OTHER_URN = "urn:pulumi:prod::genesys-byoc::pulumi-nodejs:dynamic/genesys:Trunk::carrier";

let env: ProviderEnv;
let siteId: string;
beforeAll(async () => {
  env = await providerEnv();
  const loc = await locations.create(client(), locationBody());
  siteId = (await sites.create(client(), siteBody(loc.id!))).id!;
});
afterAll(async () => env.close());
beforeEach(async () => env.clearLog());

const owned = <T>(inputs: T, urn: string) => ({ ...inputs, [OWNER_KEY]: urn }) as T;

describe("tags", () => {
  it("are derived from the URN alone, appended to the text, and removed again", () => {
    expect(ownerTag(URN)).toMatch(/^\[pulumi [0-9a-f]{16}\]$/);
    expect(ownerTag(URN)).toBe(ownerTag(URN));
    expect(ownerTag(URN)).not.toBe(ownerTag(OTHER_URN));
    expect(withTag("Carrier A", URN)).toBe(`Carrier A ${ownerTag(URN)}`);
    expect(withTag(undefined, URN)).toBe(ownerTag(URN));
    expect(withTag("Carrier A", undefined)).toBe("Carrier A");
    expect(withTag(withTag("x", OTHER_URN), URN)).toBe(`x ${ownerTag(URN)}`);
    expect(withoutTag(withTag("Carrier A", URN))).toBe("Carrier A");
    expect(withoutTag(ownerTag(URN))).toBeUndefined();
    expect(withoutTag("[pulumi not-a-hash]")).toBe("[pulumi not-a-hash]");
    expect(carriesTag(withTag("a", URN), URN)).toBe(true);
    expect(carriesTag(withTag("a", OTHER_URN), URN)).toBe(false);
    expect(carriesTag(undefined, URN)).toBe(false);
    expect(carriesAnyTag(withTag("a", OTHER_URN))).toBe(true);
    expect(carriesAnyTag(ownerTag(URN))).toBe(true);
    expect(carriesAnyTag("a [pulumi not-a-hash]")).toBe(false);
    expect(carriesAnyTag(`${ownerTag(URN)} edited after`)).toBe(false);
    expect(carriesAnyTag(undefined)).toBe(false);
  });
});

describe("trunk", () => {
  let n = 0;
  const inputs = (): TrunkInputs => ({
    name: `Owned ${++n}`,
    inboundSiteId: siteId,
    description: "carrier",
    enabled: true,
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: `owned-${n}`,
  });
  const P = trunkProvider as Required<typeof trunkProvider>;

  it("keeps the owner through check (the program passes it as a hidden input)", async () => {
    const r = await P.check({} as TrunkInputs, owned(inputs(), URN));
    expect(r.failures ?? []).toEqual([]);
    expect((r.inputs as unknown as Record<string, unknown>)[OWNER_KEY]).toBe(URN);
  });

  it("tags what it creates, reads without drift, and adopts its own trunk when its create runs again", async () => {
    const i = owned(inputs(), URN);
    const first = await P.create(i);
    expect((await trunks.get(client(), first.id))?.description).toBe(`carrier ${ownerTag(URN)}`);
    const read = await P.read(first.id, first.outs);
    expect((read.inputs as TrunkInputs).description).toBe("carrier");

    // The state lost the create (a killed `up`): the same resource creates again.
    await env.clearLog();
    const again = await P.create(i);
    expect(again.id).toBe(first.id);
    // The POST is refused (name taken), the lookup by name finds the tagged trunk: no second trunk.
    expect((await env.calls()).slice(0, 2)).toEqual([`POST ${TB}`, `GET ${TB}`]);
    expect((await env.log())[0].status).toBe(400);
    const { trunkBases } = (await env.admin("GET", "/_emulator/state")) as { trunkBases: { name: string }[] };
    expect(trunkBases.filter((t) => t.name === i.name)).toHaveLength(1);
  });

  it("reconciles an adopted trunk to the inputs of the new run", async () => {
    const i = owned(inputs(), URN);
    const first = await P.create(i);
    const again = await P.create({ ...i, sipServers: ["sip2.carrier.example"] });
    expect(again.id).toBe(first.id);
    expect((await P.read(again.id, again.outs)).inputs).toMatchObject({
      sipServers: ["sip2.carrier.example"],
    });
  });

  it("never adopts a trunk another resource made, or one without a tag", async () => {
    const i = inputs();
    await P.create(owned(i, OTHER_URN));
    await expect(P.create(owned(i, URN))).rejects.toThrow(/could not be created.*adoptId/s);
    const j = inputs();
    await P.create(j); // no owner: no tag
    await expect(P.create(owned(j, URN))).rejects.toThrow(/could not be created.*adoptId/s);
  });
});

describe("location", () => {
  let n = 0;
  const inputs = (): LocationInputs => ({ name: `Owned HQ ${++n}` });
  const P = locationProvider as Required<typeof locationProvider>;

  it("tags its notes, reads without drift, adopts only its own location", async () => {
    const i = owned(inputs(), URN);
    const first = await P.create(i);
    expect((await locations.get(client(), first.id))?.notes).toBe(ownerTag(URN));
    expect((await P.read(first.id, first.outs)).inputs).not.toHaveProperty("notes");
    expect((await P.create(i)).id).toBe(first.id);
    await expect(P.create(owned(i, OTHER_URN))).rejects.toThrow(/could not be created.*adoptId/s);
  });
});

describe("site", () => {
  let n = 0;
  const P = siteProvider as Required<typeof siteProvider>;

  it("tags its description, reads without drift, adopts only its own site", async () => {
    const loc = await locations.create(client(), locationBody());
    const checked = await P.check(
      {} as SiteInputs,
      {
        name: `Owned site ${++n}`,
        locationId: loc.id!,
        primarySiteIds: [EDGE],
        edgeAutoUpdate: { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "22:00", end: "02:00" },
        description: "branch",
      } as unknown as SiteInputs,
    );
    expect(checked.failures ?? []).toEqual([]);
    const i = owned(checked.inputs as SiteInputs, URN);
    const first = await P.create(i);
    expect((await sites.get(client(), first.id))?.description).toBe(`branch ${ownerTag(URN)}`);
    expect((await P.read(first.id, first.outs)).inputs).toMatchObject({ description: "branch" });
    expect((await P.create(i)).id).toBe(first.id);
    await expect(P.create(owned(i, OTHER_URN))).rejects.toThrow(/could not be created.*adoptId/s);
  });
});

describe("outbound route binding (named route)", () => {
  const P = bindingProvider as Required<typeof bindingProvider>;

  it("tags the route it creates, reads without drift, adopts only its own route", async () => {
    const trunk = await trunkProvider.create(
      owned(
        (
          await trunkProvider.check!(
            {} as TrunkInputs,
            {
              name: "Route carrier",
              inboundSiteId: siteId,
              sipServers: ["sip.carrier.example"],
            } as TrunkInputs,
          )
        ).inputs as TrunkInputs,
        OTHER_URN,
      ),
    );
    const checked = await P.check(
      {} as OutboundRouteBindingInputs,
      {
        siteId,
        trunkIds: [trunk.id],
        routeName: "Owned route",
        description: "calls out",
      } as OutboundRouteBindingInputs,
    );
    expect(checked.failures ?? []).toEqual([]);
    const i = owned(checked.inputs as OutboundRouteBindingInputs, URN);
    const first = await P.create(i);
    const routeId = first.id.split(":")[1];
    expect((await routes.get(client(), siteId, routeId))?.description).toBe(`calls out ${ownerTag(URN)}`);
    expect((await P.read(first.id, first.outs)).inputs).toMatchObject({ description: "calls out" });

    expect((await P.create(i)).id).toBe(first.id);
    expect((await routes.list(client(), siteId)).filter((r) => r.name === "Owned route")).toHaveLength(1);
    await expect(P.create(owned(i, OTHER_URN))).rejects.toThrow(/could not be created.*adoptId/s);
  });
});
