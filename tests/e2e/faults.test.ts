/**
 * The fault matrix through the real `pulumi` CLI, with deterministic fault rules (by count): for
 * each kind of fault, every writing call of `up` (POST location, POST site, POST trunk, PUT of the
 * default route) and every call of `destroy` (PUT giving the route back, DELETE trunk, site,
 * location) meets it once. The retries must absorb a 429, a 503, a connection reset and the
 * login's rate limit: the first `up` (and `destroy`) succeeds. Only a response lost after the
 * write took effect may need a second run. Each run must leave exactly one object of each kind,
 * never touch the managed edge site or its route, and `destroy` must leave the org as seeded.
 */
import { arm, armed, E2E, e2e } from "../helpers/e2e";
import { countPrefixed, orgShape, orgState } from "../helpers/org";
import type { ProviderEnv } from "../helpers/providers";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";
const UP_CALLS = [
  "POST /api/v2/locations",
  `POST ${EDGES}/sites`,
  `POST ${EDGES}/trunkbasesettings`,
  `PUT ${EDGES}/sites/*/outboundroutes/*`,
];
const DESTROY_CALLS = [
  `PUT ${EDGES}/sites/*/outboundroutes/*`,
  `DELETE ${EDGES}/trunkbasesettings/*`,
  `DELETE ${EDGES}/sites/*`,
  "DELETE /api/v2/locations/*",
];

/** The fault kinds: each an emulator effect, applied once per call. */
const KINDS: [string, Record<string, unknown>][] = [
  [
    "429 with Retry-After",
    { status: 429, code: "too.many.requests", message: "Rate limit exceeded", retryAfter: 1 },
  ],
  ["503", { status: 503, code: "service.unavailable", message: "Service unavailable" }],
  ["connection reset", { reset: true }],
  ["response lost after commit", { commitThenDrop: true }],
];

/** Schedules run and held, reported when the file ends (the closing note quotes it). */
const held: string[] = [];
afterAll(() => {
  process.stdout.write(`fault matrix: ${held.length} schedules ran and held\n`);
});

const CONFIG = {
  namePrefix: "fm-",
  location: { name: "HQ", number: "+13175550145", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "fm-term",
  },
};

/** The managed edge site and its routes, which no run may change. */
async function managedShape(env: ProviderEnv): Promise<unknown> {
  const s = await orgState(env);
  const managed = s.sites.filter((x) => x.managed).map((x) => x.id);
  return {
    sites: s.sites.filter((x) => x.managed).map((x) => [x.id, x.name, x.state]),
    routes: s.outboundRoutes
      .filter((r) => managed.includes(r.siteId))
      .map((r) => [r.id, r.name, r.classificationTypes, r.externalTrunkBases?.map((t) => t.id), r.enabled]),
  };
}

describe.each([
  ...KINDS,
  [
    "the login's 400 rate limit exceeded",
    { status: 400, code: "invalid_request", message: "rate limit exceeded" },
  ],
] as [string, Record<string, unknown>][])("%s", (kind, effect) => {
  const login = kind.startsWith("the login");
  let f: E2E;
  let managed: unknown;
  const onOutput = () => undefined;
  /** Runs `op` once; only after a lost response may a second run finish what Pulumi could not. */
  const converge = async (op: () => Promise<unknown>) => {
    if (kind !== "response lost after commit") return op();
    try {
      await op();
    } catch {
      await op();
    }
  };

  beforeAll(async () => {
    f = await e2e("faults");
    await f.configure(CONFIG);
    managed = await managedShape(f.env);
  });
  afterAll(async () => f?.dispose());

  it("up converges with one object of each kind, the managed edge site untouched", async () => {
    const calls = login ? ["POST /oauth/token"] : UP_CALLS;
    await arm(f.env, calls, effect, login ? 2 : 1);
    await converge(() => f.t.stack.up({ onOutput }));
    expect(await armed(f.env)).toEqual([]);
    expect(await countPrefixed(f.env, "fm-")).toEqual({
      locations: 1,
      sites: 1,
      trunkBases: 1,
      outboundRoutes: 0,
    });
    const s = await orgState(f.env);
    const site = s.sites.find((x) => x.name === "fm-Site")!;
    const trunk = s.trunkBases.find((x) => x.name === "fm-Carrier")!;
    const dflt = s.outboundRoutes.filter((r) => r.siteId === site.id);
    expect(dflt.map((r) => [r.name, r.externalTrunkBases?.map((x) => x.id)])).toEqual([
      ["Default Outbound Route", [trunk.id]],
    ]);
    expect(await managedShape(f.env)).toEqual(managed);
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
    held.push(...calls.map((c) => `${kind}: up ${c}`));
  });

  it("destroy converges and leaves the org as seeded", async () => {
    const calls = login ? ["POST /oauth/token"] : DESTROY_CALLS;
    await arm(f.env, calls, effect, login ? 2 : 1);
    await converge(() => f.t.stack.destroy({ onOutput }));
    expect(await armed(f.env)).toEqual([]);
    expect(await orgShape(f.env)).toEqual(f.seeded);
    expect(await managedShape(f.env)).toEqual(managed);
    held.push(...calls.map((c) => `${kind}: destroy ${c}`));
  });
});
