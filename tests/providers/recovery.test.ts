/**
 * Recovery takes back only what this resource made (resources/common/lifecycle.ts `createOwned`),
 * for every kind: an object of the create's name made by hand, found after the POST failed
 * ambiguously (a 502), stops the create in one line naming it and `adoptId`, and nothing is
 * written to it; the resource's own lost create (its tag) is still taken back; a duplicate that is
 * not about the name gets its own advice. Real providers, the real SDK, an in-process emulator.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as locations from "../../genesys/locations";
import * as routes from "../../genesys/outboundRoutes";
import * as pools from "../../genesys/didPools";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import * as engineLog from "../../resources/common/engineLog";
import { ownerTag } from "../../resources/common/ownership";
import { provider as didPoolProvider } from "../../resources/didPool/provider";
import type { DidPoolInputs } from "../../resources/didPool/schema";
import { provider as locationProvider } from "../../resources/location/provider";
import type { LocationInputs } from "../../resources/location/schema";
import { provider as bindingProvider } from "../../resources/outboundRouteBinding/provider";
import type { OutboundRouteBindingInputs } from "../../resources/outboundRouteBinding/schema";
import { provider as siteProvider } from "../../resources/site/provider";
import type { SiteInputs } from "../../resources/site/schema";
import { provider as trunkProvider } from "../../resources/trunk/provider";
import type { TrunkInputs } from "../../resources/trunk/schema";
import { locationBody, siteBody, trunkBody } from "../helpers/emulator";
import { orgState } from "../helpers/org";
import { notOursLine, owned, providerEnv, ProviderEnv, TEST_OWNER, whileHeld } from "../helpers/providers";
import { SEED_IDS } from "../../emulator";

const EDGES = "/api/v2/telephony/providers/edges";
const LOCATIONS = "/api/v2/locations";
const SITES = `${EDGES}/sites`;
const TRUNKS = `${EDGES}/trunkbasesettings`;
const POOLS = `${EDGES}/didpools`;
const ROUTES = (siteId: string) => `${SITES}/${siteId}/outboundroutes`;

let env: ProviderEnv;
let siteId: string; // a site and a trunk for the routes
let trunkId: string;
beforeAll(async () => {
  env = await providerEnv();
  const loc = await locations.create(client(), locationBody());
  siteId = (await sites.create(client(), siteBody(loc.id!))).id!;
  trunkId = (await trunks.create(client(), trunkBody(siteId))).id!;
});
afterAll(async () => env.close());
beforeEach(async () => {
  await env.admin("DELETE", "/_emulator/faults");
  await env.clearLog();
});

/** The next `METHOD path` answers 502 without doing anything (a gateway error). */
const badGateway = (method: string, path: string) =>
  env.admin("POST", "/_emulator/faults", {
    method,
    path,
    times: 1,
    effect: { status: 502, code: "bad.gateway", message: "upstream went away" },
  });

/** The next `METHOD path` is done, and its answer lost. */
const lostAnswer = (method: string, path: string) =>
  env.admin("POST", "/_emulator/faults", { method, path, times: 1, effect: { commitThenDrop: true } });

type Kind = "locations" | "sites" | "trunkBases" | "outboundRoutes" | "didPools";

/** The object as the emulator stores it (every field). */
async function stored(kind: Kind, id: string): Promise<unknown> {
  return ((await orgState(env))[kind] as { id: string }[]).find((x) => x.id === id);
}

/** The live objects of a kind with this name. */
async function named(kind: Kind, name: string): Promise<{ id: string; name: string }[]> {
  return ((await orgState(env))[kind] as { id: string; name: string; state?: string }[]).filter(
    (x) => x.name === name && x.state !== "deleted",
  );
}

/** The writes since the last `clearLog()`, with their status (lookups by search are reads). */
async function writes(): Promise<string[]> {
  return (await env.log())
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/search"))
    .map((r) => `${r.method} ${r.path} ${r.status}`);
}

/** The message a failed verb gives the user. */
async function failure(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof Error)) throw new Error("the call succeeded");
  expect(err.message).not.toContain("\n");
  return err.message;
}

async function checked<T>(p: pulumi.dynamic.ResourceProvider<T>, i: T): Promise<T> {
  const r = await p.check!({} as T, i);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as T;
}

/**
 * An object of `name` made by hand (`make`), then the POST to `post` answers 502: the create
 * (`create`, given the name) stops with the one line naming it and adoptId, the object keeps every
 * field, and nothing but that POST was written.
 */
async function stopsOnHandmade(
  kind: string,
  stores: Kind,
  post: string,
  name: string,
  make: (name: string) => Promise<{ id?: string }>,
  create: (name: string) => Promise<unknown>,
): Promise<void> {
  const handmade = (await make(name)).id!;
  const before = await stored(stores, handmade);
  await env.clearLog();
  await badGateway("POST", post);
  expect(await failure(create(name))).toBe(notOursLine(kind, name, handmade));
  expect(await stored(stores, handmade)).toEqual(before);
  expect(await writes()).toEqual([`POST ${post} 502`]);
}

describe("location", () => {
  const P = locationProvider as Required<typeof locationProvider>;
  const inputs = (name: string, number?: string) =>
    checked<LocationInputs>(P, {
      name,
      notes: "ours",
      ...(number && { emergencyNumber: { number } }),
    } as LocationInputs);

  it("a namesake made by hand, found after a 502 on the POST: stops naming it and adoptId; it is untouched", () =>
    stopsOnHandmade(
      "location",
      "locations",
      LOCATIONS,
      "HM HQ",
      (name) => locations.create(client(), locationBody({ name, notes: "made by hand" })),
      async (name) => P.create(owned(await inputs(name))),
    ));

  it("its own lost create is taken back (its tag), with no second location, and says so on the resource", async () => {
    const told = jest.spyOn(engineLog, "tellEngine");
    await lostAnswer("POST", LOCATIONS);
    const { id } = await P.create(owned(await inputs("Own HQ")));
    expect((await named("locations", "Own HQ")).map((l) => l.id)).toEqual([id]);
    expect((await locations.get(client(), id))?.notes).toBe(`ours ${ownerTag(TEST_OWNER)}`);
    expect(told.mock.calls).toEqual([
      [
        TEST_OWNER,
        `took back the location "Own HQ" (${id}) that this resource made (its create got no clear answer, or an ` +
          `earlier run was interrupted): no second one was created, and only what differs from the inputs is written`,
      ],
    ]);
    told.mockRestore();
  });

  it("an emergency number another location holds: names that location and says to choose another number", async () => {
    const holder = await locations.create(client(), locationBody({ name: "Number holder" }));
    const number = holder.emergencyNumber!.e164!;
    await env.clearLog();
    const message = await failure(P.create(owned(await inputs("Wants the number", number))));
    expect(message).toMatch(
      new RegExp(
        `^Location "Wants the number" could not be created: its emergency number \\${number} is already assigned ` +
          `to location "Number holder" \\(${holder.id}\\)\\. Choose another emergencyNumber, or free the number on ` +
          `that location first, then run the command again\\. \\(Genesys Cloud POST /api/v2/locations failed: 400 duplicate\\.value`,
      ),
    );
    expect(message).not.toContain("adoptId");
    expect(await named("locations", "Wants the number")).toEqual([]);
  });
});

describe("site", () => {
  const P = siteProvider as Required<typeof siteProvider>;
  let locationId: string;
  beforeAll(async () => {
    locationId = (await locations.create(client(), locationBody())).id!;
  });
  const inputs = (name: string) =>
    checked<SiteInputs>(P, {
      name,
      locationId,
      primarySiteIds: [SEED_IDS.pcvSite],
      edgeAutoUpdate: { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "22:00", end: "02:00" },
      description: "ours",
    } as unknown as SiteInputs);

  it("a namesake made by hand, found after a 502 on the POST: stops naming it and adoptId; it is untouched", () =>
    stopsOnHandmade(
      "site",
      "sites",
      SITES,
      "HM Site",
      (name) => sites.create(client(), siteBody(locationId, { name, description: "by hand" })),
      async (name) => P.create(owned(await inputs(name))),
    ));

  it("its own lost create is taken back (its tag), with no second site and no write", async () => {
    await lostAnswer("POST", SITES);
    const { id } = await P.create(owned(await inputs("Own Site")));
    expect((await named("sites", "Own Site")).map((s) => s.id)).toEqual([id]);
    expect(await writes()).toEqual([`POST ${SITES} 0`]); // already as declared: no PUT
  });

  it("a duplicate naming no field while no site has the name: the general advice, not adoptId", async () => {
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: SITES,
      times: 1,
      effect: {
        status: 400,
        code: "duplicate.value",
        message: "At least one of the values in the request were a duplicate.",
      },
    });
    expect(await failure(P.create(owned(await inputs("Unique Site"))))).toMatch(
      /^Site "Unique Site" could not be created: Genesys says a value of it is already used elsewhere: At least one of the values in the request were a duplicate\. Change that value, or free it where it is used, then run the command again\. \(Genesys Cloud POST \S+ failed: 400 duplicate\.value/,
    );
  });
});

describe("trunk", () => {
  const P = trunkProvider as Required<typeof trunkProvider>;
  const inputs = (name: string, term = name.toLowerCase().replace(/\W+/g, "-")) =>
    checked<TrunkInputs>(P, {
      name,
      inboundSiteId: siteId,
      description: "ours",
      sipServers: ["sip.carrier.example"],
      inboundSipTerminationIdentifier: term,
    } as TrunkInputs);

  it("a namesake made by hand, found after a 502 on the POST: stops naming it and adoptId; it is untouched", () =>
    stopsOnHandmade(
      "trunk",
      "trunkBases",
      TRUNKS,
      "HM Trunk",
      (name) => trunks.create(client(), trunkBody(siteId, { name, description: "by hand" })),
      async (name) => P.create(owned(await inputs(name))),
    ));

  it("its own lost create is taken back (its tag), with no second trunk", async () => {
    await lostAnswer("POST", TRUNKS);
    const { id } = await P.create(owned(await inputs("Own Trunk")));
    expect((await named("trunkBases", "Own Trunk")).map((t) => t.id)).toEqual([id]);
  });

  it("a termination identifier another trunk holds: names that trunk and the input to change", async () => {
    const body = trunkBody(siteId, { name: "term-holder" });
    const holder = await trunks.create(client(), {
      ...body,
      properties: { ...body.properties, trunk_sip_termination_uri: { value: { instance: "term-holder" } } },
    });
    const message = await failure(P.create(owned(await inputs("Wants the term", "term-holder"))));
    expect(message).toMatch(
      new RegExp(
        `^Trunk "Wants the term" could not be created: its inboundSipTerminationIdentifier "term-holder" is already ` +
          `used by trunk "term-holder" \\(${holder.id}\\), and it must be unique in the org; choose another ` +
          `inboundSipTerminationIdentifier\\.`,
      ),
    );
    expect(message).not.toContain("adoptId");
  });
});

describe("named outbound route", () => {
  const P = bindingProvider as Required<typeof bindingProvider>;
  const inputs = (routeName: string) =>
    checked<OutboundRouteBindingInputs>(P, {
      siteId,
      trunkIds: [trunkId],
      routeName,
      classificationTypes: ["Extension"],
      description: "ours",
    } as OutboundRouteBindingInputs);
  const handmadeRoute = (name: string) =>
    routes.create(client(), siteId, {
      name,
      description: "by hand",
      classificationTypes: [],
      enabled: false,
    });

  it("a namesake made by hand before the create: stops before any write, naming it, its site and adoptId", async () => {
    const handmade = await handmadeRoute("HM Route");
    const before = await stored("outboundRoutes", handmade.id!);
    await env.clearLog();
    await badGateway("POST", ROUTES(siteId));
    expect(await failure(P.create(owned(await inputs("HM Route"))))).toBe(
      notOursLine("outbound route", "HM Route", handmade.id!, ` on site ${siteId}`),
    );
    expect(await stored("outboundRoutes", handmade.id!)).toEqual(before);
    expect(await writes()).toEqual([]);
    await env.admin("DELETE", "/_emulator/faults");
  });

  it("a namesake made by hand while the POST answered 502: stops naming it; it is untouched", async () => {
    await badGateway("POST", ROUTES(siteId));
    let handmade = "";
    // The listing before the create lets it through; the lookup after the 502 waits while the
    // route is made by hand.
    const message = await whileHeld(
      env,
      `GET ${ROUTES(siteId)}`,
      () => failure(inputs("Late Route").then((i) => P.create(owned(i)))),
      async () => {
        handmade = (await handmadeRoute("Late Route")).id!;
      },
      1,
    );
    expect(message).toBe(notOursLine("outbound route", "Late Route", handmade, ` on site ${siteId}`));
    // Ours, then the one made by hand: nothing else was written.
    expect(await writes()).toEqual([`POST ${ROUTES(siteId)} 502`, `POST ${ROUTES(siteId)} 200`]);
    expect(await routes.get(client(), siteId, handmade)).toMatchObject({
      description: "by hand",
      enabled: false,
    });
  });

  it("its own lost create is taken back (its tag), with no second route and no write", async () => {
    await lostAnswer("POST", ROUTES(siteId));
    const { id } = await P.create(owned(await inputs("Own Route")));
    expect((await named("outboundRoutes", "Own Route")).map((r) => `${siteId}:${r.id}`)).toEqual([id]);
    expect(await writes()).toEqual([`POST ${ROUTES(siteId)} 0`]);
  });

  it("a duplicate naming no field while no route has the name: the general advice, not adoptId", async () => {
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: ROUTES(siteId),
      times: 1,
      effect: { status: 400, code: "duplicate.value", message: "A value is a duplicate." },
    });
    expect(await failure(P.create(owned(await inputs("Unique Route"))))).toMatch(
      /^Outbound route "Unique Route" could not be created: Genesys says a value of it is already used elsewhere: A value is a duplicate\. Change that value/,
    );
  });
});

describe("DID pool", () => {
  const P = didPoolProvider as Required<typeof didPoolProvider>;
  const range = (first: number): DidPoolInputs => ({
    startPhoneNumber: `+1317555${String(first).padStart(4, "0")}`,
    endPhoneNumber: `+1317555${String(first + 9).padStart(4, "0")}`,
    description: "ours",
  });
  const overlapMessage = (i: DidPoolInputs, id: string, theirs: DidPoolInputs) =>
    `DidPool ${i.startPhoneNumber}..${i.endPhoneNumber} could not be created: its numbers overlap DID pool ${id} ` +
    `(${theirs.startPhoneNumber}..${theirs.endPhoneNumber}), and a number can be in one pool only. Change ` +
    `startPhoneNumber/endPhoneNumber so the ranges do not overlap, or, if that pool should be managed by this ` +
    `stack, declare its range and set adoptId to ${id}.`;

  it("a pool made by hand while the POST answered 502: stops naming it and adoptId; it is untouched", async () => {
    await badGateway("POST", POOLS);
    const theirs = { ...range(7000), description: "by hand" };
    let handmade = "";
    // The listing before the create lets it through; the lookup after the 502 waits while the
    // pool is made by hand.
    const message = await whileHeld(
      env,
      `GET ${POOLS}`,
      () => failure(P.create(owned(range(7000)))),
      async () => {
        handmade = (await pools.create(client(), theirs as never)).id!;
      },
      1,
    );
    expect(message).toBe(overlapMessage(range(7000), handmade, theirs));
    expect(await pools.get(client(), handmade)).toMatchObject(theirs);
    // Ours, then the one made by hand: nothing else was written.
    expect(await writes()).toEqual([`POST ${POOLS} 502`, `POST ${POOLS} 200`]);
  });

  it("its own lost create is taken back (its tag), with no second pool", async () => {
    await lostAnswer("POST", POOLS);
    const { id } = await P.create(owned(range(7100)));
    const all = (await orgState(env)).didPools.filter(
      (p) => p.startPhoneNumber === range(7100).startPhoneNumber,
    );
    expect(all.map((p) => p.id)).toEqual([id]);
  });
});
