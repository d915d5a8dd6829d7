/**
 * A whole estate through the real `pulumi` CLI against the emulator: two countries (a US site and
 * a GB site), a custom number plan on the GB site, a named route there serving its classification
 * with carriers of both countries, and a DID pool; then a clean preview, an in-place change of the
 * plan with one more pool, and destroy leaving the org as seeded.
 */
import { E2E, e2e } from "../helpers/e2e";
import { carrier, GB_POOL, indianapolis, london, UK_MOBILE_MATCH, US_POOL } from "../helpers/estate";
import { orgShape, orgState } from "../helpers/org";

jest.setTimeout(900_000);

/** The docs' example ("Whole estates"), with the GB mobile plan's pattern as given. */
const estate = (match: string, didPools: Record<string, unknown>) => ({
  namePrefix: "es-",
  carriers: { us: carrier("US", "es-"), uk: carrier("UK", "es-", "london") },
  sites: { indianapolis: indianapolis(["us"]), london: london(match) },
  didPools,
});

describe("a two-country estate: sites, a number plan, a route using it, DID pools", () => {
  let f: E2E;
  const onOutput = () => undefined;

  beforeAll(async () => {
    f = await e2e("estate");
    await f.configure(estate(UK_MOBILE_MATCH, { indianapolis: US_POOL }));
  });
  afterAll(async () => f?.dispose());

  it("creates both sites, the plan before the route that uses it, and the pool; then previews no changes", async () => {
    const up = await f.t.stack.up({ onOutput });
    // 2 locations, 2 sites, the number plans, 2 trunks, 3 route bindings, 1 pool, the component and the stack.
    expect(up.summary.resourceChanges).toEqual({ create: 13 });

    const sites = up.outputs.sites.value;
    expect(Object.keys(sites).sort()).toEqual(["indianapolis", "london"]);
    expect(sites.london.numberPlans).toEqual(["UK Mobile"]);
    expect(sites.london.routes["UK Mobile"]).toMatchObject({
      name: "es-UK Mobile",
      classifications: ["UK Mobile"],
      carriers: ["uk", "us"],
    });
    expect(sites.indianapolis.numberPlans).toEqual([]);
    expect(up.outputs.didPools.value).toEqual({
      indianapolis: {
        id: expect.any(String),
        startPhoneNumber: US_POOL.startPhoneNumber,
        endPhoneNumber: US_POOL.endPhoneNumber,
      },
    });

    const s = await orgState(f.env);
    const plans = (
      s as unknown as { numberPlans: { siteId: string; name: string; priority: number; match?: string }[] }
    ).numberPlans
      .filter((p) => p.siteId === sites.london.siteId)
      .sort((a, b) => a.priority - b.priority);
    expect(plans[0]).toMatchObject({ name: "UK Mobile", match: "^\\+447\\d{9}$" });
    expect(plans.map((p) => p.name)).toEqual(
      expect.arrayContaining(["Emergency", "National", "International"]),
    );
    const trunkName = (id: string) => s.trunkBases.find((t) => t.id === id)?.name;
    const route = s.outboundRoutes.find((r) => r.name === "es-UK Mobile")!;
    expect(route.siteId).toBe(sites.london.siteId);
    expect((route.externalTrunkBases ?? []).map((t) => trunkName(t.id))).toEqual([
      "es-UK Carrier",
      "es-US Carrier",
    ]);

    const preview = await f.t.stack.preview({ diff: true, onOutput });
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
  });

  it("changes the plan in place and adds a pool, touching nothing else", async () => {
    await f.configure(estate("^\\+447[1-9]\\d{8}$", { indianapolis: US_POOL, london: GB_POOL }));
    const ops: string[] = [];
    const up = await f.t.stack.up({
      onOutput,
      onEvent: (e) => {
        const m = e.resOutputsEvent?.metadata;
        const name = m?.urn.split("::").pop() ?? "";
        if (m && m.op !== "same" && name.startsWith("byoc")) ops.push(`${m.op} ${name}`);
      },
    });
    // The component's outputs (its didPools) change with the new pool.
    expect(ops.sort()).toEqual([
      "create byoc-didpool-london",
      "update byoc",
      "update byoc-london-numberplans",
    ]);
    expect(Object.keys(up.summary.resourceChanges!).sort()).toEqual(["create", "same", "update"]);
    const pools = up.outputs.didPools.value as Record<string, { startPhoneNumber: string }>;
    expect(Object.entries(pools).map(([key, p]) => [key, p.startPhoneNumber])).toEqual([
      ["indianapolis", US_POOL.startPhoneNumber],
      ["london", GB_POOL.startPhoneNumber],
    ]);
    const s = await orgState(f.env);
    const plans = (s as unknown as { numberPlans: { name: string; match?: string }[] }).numberPlans;
    expect(plans.find((p) => p.name === "UK Mobile")?.match).toBe("^\\+447[1-9]\\d{8}$");
  });

  it("destroy leaves the org as seeded", async () => {
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});
