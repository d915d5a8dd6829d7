/**
 * Destroy and replace in one run against an org that catches up slowly after deletes, through the
 * real `pulumi` CLI: the emulator keeps a deleted site's location in use, a trunk taken off a route
 * referenced, and a deleted trunk's site referenced for a while (emulator/lags.ts), first with its
 * default lags, then with 10 s each. The dev stack (up, a replace of its site, destroy) and the
 * two-country estate (up, an up that removes a site and a carrier or moves a carrier's inbound
 * site, destroy) each converge in one `up` or one `destroy`, and leave the org as seeded. Each step
 * checks, in the emulator's own count, that the lag it should meet refused a DELETE on the way.
 */
import { DEFAULT_DELETE_LAGS, type DeleteLags } from "../../emulator";
import { E2E, e2e, lagRefusals, type LagRefusals } from "../helpers/e2e";
import { carrier, GB_POOL, indianapolis, london, US_POOL } from "../helpers/estate";
import { orgShape, orgState } from "../helpers/org";

jest.setTimeout(1_800_000);

const TEN_SECONDS: DeleteLags = { locationMs: 10_000, trunkMs: 10_000, siteMs: 10_000 };
const LAGS: [string, DeleteLags][] = [
  ["the default lags", DEFAULT_DELETE_LAGS],
  ["lags of 10 s", TEN_SECONDS],
];

type Refused = LagRefusals;
const onOutput = () => undefined;

/** The emulator's count of DELETEs each lag refused. */
const refused = (f: E2E): Promise<Refused> => lagRefusals(f.env);

/** Runs `step`, then checks the lags of `kinds` each refused at least one DELETE during it. */
async function meets<T>(f: E2E, kinds: (keyof Refused)[], step: () => Promise<T>): Promise<T> {
  const before = await refused(f);
  const out = await step();
  const after = await refused(f);
  const met = Object.fromEntries(kinds.map((k) => [k, after[k] > before[k]]));
  expect(met).toEqual(Object.fromEntries(kinds.map((k) => [k, true])));
  return out;
}

/** The dev stack's settings (Pulumi.dev.yaml), without the SIP credentials. */
const DEV = (mediaModel: "Cloud" | "Premises") => ({
  namePrefix: "dev-",
  location: {
    name: "Indianapolis HQ",
    number: "+13175550100",
    street1: "7601 Interactive Way",
    city: "Indianapolis",
    state: "IN",
    zipcode: "46278",
    country: "US",
  },
  site: {
    name: "BYOC Cloud Site",
    timeZone: "America/New_York",
    rrule: "FREQ=WEEKLY;BYDAY=SU",
    windowStart: "02:00",
    windowEnd: "05:00",
    mediaModel,
  },
  sipTrunk: {
    externalTrunkName: "Carrier BYOC Trunk",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "acme-dev-byoc",
    transport: "udp",
    aclAllowList: ["54.172.60.0/23"],
    callingName: "ACME Support",
    callingAddress: "+13175550100",
  },
});

describe("the dev stack: up, a replace of its site, destroy", () => {
  let f: E2E;
  beforeAll(async () => {
    f = await e2e("lagdev");
  });
  afterAll(async () => f?.dispose());

  describe.each(LAGS)("under %s", (_label, lags) => {
    it("replaces the site (and its trunk and binding) in one up, then destroys in one run", async () => {
      await f.env.admin("PUT", "/_emulator/lags", lags);
      const first: "Cloud" | "Premises" = lags === TEN_SECONDS ? "Premises" : "Cloud";
      const other = first === "Cloud" ? "Premises" : "Cloud";
      await f.configure(DEV(first));
      expect((await f.t.stack.up({ onOutput })).summary.resourceChanges).toEqual({ create: 6 });

      // The binding goes first (the trunk leaves the route), then the trunk, then the site.
      await f.configure(DEV(other));
      const up = await meets(f, ["trunk", "site"], () => f.t.stack.up({ onOutput }));
      expect(up.summary.resourceChanges).toMatchObject({ replace: 3 });
      const s = await orgState(f.env);
      const site = s.sites.find((x) => x.id === up.outputs.siteId.value)!;
      expect(site).toMatchObject({ name: "dev-BYOC Cloud Site", mediaModel: other });

      await meets(f, ["trunk", "site", "location"], () => f.t.stack.destroy({ onOutput }));
      expect(await orgShape(f.env)).toEqual(f.seeded);
    });
  });
});

/** The two-country estate of tests/e2e/estate.test.ts (tests/helpers/estate.ts), `london` optional. */
const ESTATE = (o: { london: boolean; uk: "london" | "indianapolis" | "none" }) => ({
  namePrefix: "lag-",
  carriers: {
    us: carrier("US", "lag-"),
    ...(o.uk !== "none" && { uk: carrier("UK", "lag-", o.uk) }),
  },
  sites: {
    indianapolis: indianapolis(o.uk === "indianapolis" ? ["us", "uk"] : ["us"]),
    ...(o.london && { london: london() }),
  },
  didPools: [US_POOL, ...(o.london ? [GB_POOL] : [])],
});

describe("the two-country estate: up, removing a site, destroy", () => {
  let f: E2E;
  beforeAll(async () => {
    f = await e2e("lagestate");
  });
  afterAll(async () => f?.dispose());

  it.each(LAGS)("under %s", async (_label, lags) => {
    await f.env.admin("PUT", "/_emulator/lags", lags);
    await f.configure(ESTATE({ london: true, uk: "london" }));
    // 2 locations, 2 sites, the number plans, 2 trunks, 3 route bindings, 2 pools, the component and the stack.
    expect((await f.t.stack.up({ onOutput })).summary.resourceChanges).toEqual({ create: 14 });

    // Default lags: the London site goes with its carrier. 10 s: the London site goes, its carrier
    // stays and moves its inbound site to Indianapolis (a PUT: London's use of it lingers).
    const moving = lags === TEN_SECONDS;
    await f.configure(ESTATE({ london: false, uk: moving ? "indianapolis" : "none" }));
    const up = await meets(f, moving ? ["site", "location"] : ["trunk", "site", "location"], () =>
      f.t.stack.up({ onOutput }),
    );
    expect(Object.keys(up.outputs.sites.value)).toEqual(["indianapolis"]);
    const s = await orgState(f.env);
    expect(s.sites.filter((x) => x.name.startsWith("lag-")).map((x) => x.name)).toEqual(["lag-Indianapolis"]);
    expect(s.locations.filter((x) => x.name.startsWith("lag-")).map((x) => x.name)).toEqual([
      "lag-Indianapolis",
    ]);
    expect(
      s.trunkBases
        .filter((x) => x.name.startsWith("lag-"))
        .map((x) => x.name)
        .sort(),
    ).toEqual(moving ? ["lag-UK Carrier", "lag-US Carrier"] : ["lag-US Carrier"]);

    await meets(f, ["trunk", "site", "location"], () => f.t.stack.destroy({ onOutput }));
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});
