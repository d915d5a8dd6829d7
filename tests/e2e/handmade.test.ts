/**
 * Objects made by hand with the very names the stack uses, through the real `pulumi` CLI: the
 * stack's POSTs answer 502 (the client cannot know whether they took effect), and the lookup by
 * name finds the hand-made object. `up` stops on each, naming it and `adoptId`; the hand-made
 * objects keep every field, none of their ids reaches the stack's state, and `destroy` leaves them
 * in place, but for the named route on a site the stack adopted: it goes with that site, which the
 * destroy says.
 *
 * What the clashing objects stand on is adopted (`adoptId`: objects the user chose to manage), so
 * each kind sends exactly one POST, the one its 502 is armed for. Three `up`s, as a user would run
 * them after reading each error and choosing other names: the BYOC trunk, the named route and the
 * DID pool (none has a dependant, so `--continue-on-error` runs them all); then the site; then the
 * location. Under `--continue-on-error` the engine still checks a failed object's dependants,
 * with its id left out (an id unknown at `up` is dropped from the inputs), and a check that fails
 * stops the whole update even then, so a site or a location is tried on its own; that dependant's
 * failure says the object it refers to was not created, not that a value is required.
 */
import type { Models } from "purecloud-platform-client-v2";
import * as locations from "../../genesys/locations";
import * as pools from "../../genesys/didPools";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import { arm, armed, E2E, e2e, failedRun } from "../helpers/e2e";
import { notOursLine } from "../helpers/providers";
import { locationBody, siteBody, trunkBody } from "../helpers/emulator";
import { orgShape, orgState, OrgState } from "../helpers/org";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";
const BAD_GATEWAY = { status: 502, code: "bad.gateway", message: "upstream went away" };

const place = (name: string, number: string, adoptId?: string) => ({
  name,
  number,
  street1: "7601 Interactive Way",
  city: "Indianapolis",
  country: "US",
  ...(adoptId && { adoptId }),
});

/** The ids of what the stack is told to adopt (made by the test before the `up`). */
interface Adopted {
  chicagoLocation: string;
  columbusLocation: string;
  columbusSite: string;
  spareTrunk: string;
}

/** The parts of the estate an `up` declares (see the header). */
type Part = "trunk, route and pool" | "site" | "location";

/**
 * Columbus (its location and site adopted) with the "spare" carrier (adopted) on its default
 * route, and `part`: the "byoc" carrier (used by no route), a named route on Columbus and a DID
 * pool; or Chicago (its location adopted) and its site; or Indianapolis with its location. Each
 * clashing object has the name (the range) of one made by hand.
 */
const estate = (a: Adopted, part: Part) => ({
  namePrefix: "hm-",
  carriers: {
    spare: {
      externalTrunkName: "Spare Carrier",
      sipServers: ["sip.spare.example"],
      inboundSipTerminationIdentifier: "hm-spare",
      inboundSite: "columbus",
      adoptId: a.spareTrunk,
    },
    ...(part === "trunk, route and pool" && {
      byoc: {
        externalTrunkName: "Carrier BYOC Trunk",
        sipServers: ["sip.ours.example"],
        inboundSipTerminationIdentifier: "hm-ours",
        inboundSite: "columbus",
      },
    }),
  },
  sites: {
    columbus: {
      location: place("Columbus", "+13175550103", a.columbusLocation),
      site: { name: "Columbus Site", adoptId: a.columbusSite },
      routes: [
        { carriers: ["spare"] },
        ...(part === "trunk, route and pool" ? [{ name: "Calls", carriers: ["spare"] }] : []),
      ],
    },
    ...(part === "site" && {
      chicago: {
        location: place("Chicago", "+13175550102", a.chicagoLocation),
        site: { name: "BYOC Cloud Site" },
        routes: [{ carriers: ["spare"] }],
      },
    }),
    ...(part === "location" && {
      indianapolis: {
        location: place("Indianapolis HQ", "+13175550101"),
        site: { name: "Indianapolis Site" },
        routes: [{ carriers: ["spare"] }],
      },
    }),
  },
  ...(part === "trunk, route and pool" && {
    didPools: [{ startPhoneNumber: "+13175559000", endPhoneNumber: "+13175559099", description: "ours" }],
  }),
});

type Kind = keyof OrgState;

/** The object as the emulator stores it, every field. */
async function stored(f: E2E, kind: Kind, id: string): Promise<unknown> {
  return ((await orgState(f.env))[kind] as { id: string }[]).find((x) => x.id === id);
}

describe("objects made by hand with the stack's names", () => {
  let f: E2E;
  /** The hand-made objects: kind and id. */
  const handmade: [Kind, string][] = [];
  /** Each hand-made object as stored right after it was made. */
  const before = new Map<string, unknown>();
  let orgBeforeUp: unknown;
  const make = async (kind: Kind, made: Promise<{ id?: string }>) => {
    const id = (await made).id!;
    handmade.push([kind, id]);
    before.set(id, await stored(f, kind, id));
    return id;
  };
  let ids: { location: string; site: string; trunk: string; pool: string; route: string };
  let adopted: Adopted;
  let routePath: string;

  beforeAll(async () => {
    f = await e2e("handmade");
    const c = client();
    // What the stack is told to adopt: Chicago's location, Columbus's location and site, a carrier.
    const columbusLocation = (await locations.create(c, locationBody({ name: "Columbus by hand" }))).id!;
    const columbusSite = (
      await sites.create(c, siteBody(columbusLocation, { name: "Columbus site by hand" }))
    ).id!;
    adopted = {
      chicagoLocation: (await locations.create(c, locationBody({ name: "Chicago by hand" }))).id!,
      columbusLocation,
      columbusSite,
      spareTrunk: (await trunks.create(c, trunkBody(columbusSite, { name: "Spare by hand" }))).id!,
    };
    // The objects made by hand with the stack's names.
    const location = await make(
      "locations",
      locations.create(c, locationBody({ name: "hm-Indianapolis HQ", notes: "made by hand" })),
    );
    const site = await make(
      "sites",
      sites.create(c, siteBody(location, { name: "hm-BYOC Cloud Site", description: "made by hand" })),
    );
    const body = trunkBody(site, { name: "hm-Carrier BYOC Trunk", description: "made by hand" });
    const trunk = await make(
      "trunkBases",
      trunks.create(c, {
        ...body,
        properties: {
          ...body.properties,
          trunk_transport_serverProxyList: { value: { instance: ["sip.handmade.example"] } },
          trunk_sip_termination_uri: { value: { instance: "hm-handmade" } },
        },
      }),
    );
    const pool = await make(
      "didPools",
      pools.create(c, {
        startPhoneNumber: "+13175559050",
        endPhoneNumber: "+13175559149",
        description: "made by hand",
      } as Models.DIDPool),
    );
    // On the site the stack adopts: it carries the hand-made trunk and the carrier the stack adopts.
    const route = await make(
      "outboundRoutes",
      routes.create(c, columbusSite, {
        name: "hm-Calls",
        description: "made by hand",
        classificationTypes: [],
        enabled: false,
        externalTrunkBases: [{ id: trunk }, { id: adopted.spareTrunk }],
      }),
    );
    ids = { location, site, trunk, pool, route };
    routePath = `${EDGES}/sites/${columbusSite}/outboundroutes/${route}`;
    orgBeforeUp = await orgShape(f.env);
    await f.configure(estate(adopted, "trunk, route and pool"));
  });
  afterAll(async () => f?.dispose());

  /** Every hand-made object keeps every field, and no id of theirs is in the stack's state. */
  const untouched = async () => {
    for (const [kind, id] of handmade) expect(await stored(f, kind, id)).toEqual(before.get(id));
    const state = JSON.stringify(await f.t.stack.exportStack());
    expect(handmade.map(([, id]) => id).filter((id) => state.includes(id))).toEqual([]);
  };

  it("up after 502s on the POSTs: stops on the trunk, the route and the pool made by hand, naming each and adoptId", async () => {
    await arm(
      f.env,
      [`POST ${EDGES}/trunkbasesettings`, `POST ${EDGES}/sites/*/outboundroutes`, `POST ${EDGES}/didpools`],
      BAD_GATEWAY,
    );
    const text = await failedRun((onOutput) => f.t.stack.up({ onOutput, continueOnError: true }));
    expect(text).toContain(notOursLine("trunk", "hm-Carrier BYOC Trunk", ids.trunk));
    expect(text).toContain(
      notOursLine("outbound route", "hm-Calls", ids.route, ` on site ${adopted.columbusSite}`),
    );
    expect(text).toContain(
      `DidPool +13175559000..+13175559099 could not be created: its numbers overlap DID pool ${ids.pool} ` +
        `(+13175559050..+13175559149), and a number can be in one pool only. Change startPhoneNumber/endPhoneNumber ` +
        `so the ranges do not overlap, or, if that pool should be managed by this stack, declare its range and set ` +
        `adoptId to ${ids.pool}.`,
    );
    // The trunk's POST met its 502. The route and the pool were found in the listings made before
    // any write, so their POSTs were never sent.
    expect(await armed(f.env)).toEqual([`POST ${EDGES}/sites/*/outboundroutes`, `POST ${EDGES}/didpools`]);
    await f.env.admin("DELETE", "/_emulator/faults");
    await untouched();
  });

  it.each<[Part, string, string, () => string, string]>([
    [
      "site",
      `POST ${EDGES}/sites`,
      "hm-BYOC Cloud Site",
      () => ids.site,
      // Chicago's route binding.
      "siteId has no value: the site it refers to was not created in this run (see that site's own error); " +
        "if you did not set it, set it to a site's id",
    ],
    [
      "location",
      "POST /api/v2/locations",
      "hm-Indianapolis HQ",
      () => ids.location,
      // Indianapolis's site.
      "locationId has no value: the location it refers to was not created in this run (see that location's " +
        "own error); if you did not set it, set it to a location's id",
    ],
  ])(
    "up after a 502 on the %s's POST: stops on the one made by hand, naming it and adoptId; its dependant says it was not created",
    async (part, post, name, id, dependant) => {
      await f.configure(estate(adopted, part));
      await arm(f.env, [post], BAD_GATEWAY);
      const text = await failedRun((onOutput) => f.t.stack.up({ onOutput, continueOnError: true }));
      expect(text).toContain(notOursLine(part, name, id()));
      expect(text).toContain(dependant);
      expect(text).not.toMatch(/is required/);
      expect(await armed(f.env)).toEqual([]);
      await untouched();
    },
  );

  it("destroy leaves them in place, says it took its carrier off the hand-made route, and that the route goes with its site", async () => {
    await f.env.clearLog();
    const { stdout } = await f.t.stack.destroy({ onOutput: () => undefined });
    expect(stdout).toContain(
      `took this trunk off outbound route "hm-Calls" (${ids.route}) on site "hm-Columbus Site" ` +
        `(${adopted.columbusSite}) before deleting it`,
    );
    // Said on the site (the CLI repeats an info line in its summary): the hand-made route only,
    // never the site's Default Outbound Route (bound by the stack).
    expect(stdout).toContain(
      `deleting this site also deletes outbound route "hm-Calls" (${ids.route}), which this stack did not make: ` +
        `Genesys deletes a site's routes with it`,
    );
    const named = [...stdout.matchAll(/deleting this site also deletes outbound route "([^"]*)"/g)].map(
      (m) => m[1],
    );
    expect([...new Set(named)]).toEqual(["hm-Calls"]);
    // Its one write to the route takes off the carrier it deletes; it never deletes the route. The
    // route then goes with its site, which the stack adopted (Genesys deletes a site's routes with it).
    expect((await f.env.calls()).filter((c) => c.endsWith(routePath) && !c.startsWith("GET "))).toEqual([
      `PUT ${routePath}`,
    ]);
    for (const [kind, id] of handmade.filter(([k]) => k !== "outboundRoutes"))
      expect(await stored(f, kind, id)).toEqual(before.get(id));
    // The org as before the `up`s, less what the stack was told to adopt (and the routes of that site).
    const gone = new Set([...Object.values(adopted), ids.route]);
    const less = (shape: unknown) =>
      Object.fromEntries(
        Object.entries(shape as Record<string, unknown[]>).map(([kind, xs]) => [
          kind,
          xs.filter((x) =>
            Array.isArray(x)
              ? !gone.has(x[0] as string)
              : !gone.has((x as { id: string }).id) && !gone.has((x as { siteId: string }).siteId),
          ),
        ]),
      );
    expect(await orgShape(f.env)).toEqual(less(orgBeforeUp));
  });
});
