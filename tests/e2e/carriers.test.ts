/**
 * Beyond the single-carrier demo, through the real `pulumi` CLI against the emulator: several
 * carriers on the default route and on a named route, a named route with its default
 * classifications (on a fresh stack, and switched to from the default route), and destroy
 * leaving the org as seeded every time.
 */
import { E2E, e2e } from "../helpers/e2e";
import { countPrefixed, orgShape, orgState } from "../helpers/org";
import type { ProviderEnv } from "../helpers/providers";

jest.setTimeout(900_000);

const location = {
  name: "HQ",
  number: "+13175550142",
  street1: "7601 Interactive Way",
  city: "Indianapolis",
  country: "US",
};
const carrier = (key: string) => ({
  externalTrunkName: `Carrier ${key}`,
  sipServers: [`sip.${key}.example`],
  inboundSipTerminationIdentifier: `acme-${key}`,
});

const routesOfSite = async (env: ProviderEnv, siteName: string) => {
  const s = await orgState(env);
  const site = s.sites.find((x) => x.name === siteName && x.state !== "deleted")!;
  const trunkName = (id: string) => s.trunkBases.find((t) => t.id === id)?.name;
  return Object.fromEntries(
    s.outboundRoutes
      .filter((r) => r.siteId === site.id)
      .map((r) => [
        r.name,
        {
          classifications: r.classificationTypes ?? [],
          trunks: (r.externalTrunkBases ?? []).map((t) => trunkName(t.id)),
        },
      ]),
  );
};

describe("two carriers on the default route, one alone on an International route", () => {
  let f: E2E;
  const output: string[] = [];
  const onOutput = (s: string) => output.push(s);
  /** Writes the stack file (carriers and routes) and sets the primary carrier's password. */
  const config = async (carriers: Record<string, unknown>, routes: unknown[]) => {
    await f.configure({ namePrefix: "mc-", location, site: { name: "Site" }, carriers, routes });
    await f.t.stack.setConfig("carriers.primary.password", { value: "primary-pw", secret: true }, true);
  };

  beforeAll(async () => {
    f = await e2e("carriers");
    await config(
      {
        primary: { ...carrier("primary"), userName: "p" },
        failover: carrier("failover"),
        intl: carrier("intl"),
      },
      [
        { carriers: ["primary", "failover"] },
        { name: "International", carriers: ["intl"], classificationTypes: ["International"] },
      ],
    );
  });
  afterAll(async () => f?.dispose());

  it("previews a first deployment whose routes list several new trunks", async () => {
    const preview = await f.t.stack.preview({ onOutput });
    expect(preview.changeSummary).toEqual({ create: 9 });
  });

  it("creates every carrier and both routes, then previews no changes", async () => {
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 9 });
    expect(await routesOfSite(f.env, "mc-Site")).toMatchObject({
      "Default Outbound Route": { trunks: ["mc-Carrier primary", "mc-Carrier failover"] },
      "mc-International": { classifications: ["International"], trunks: ["mc-Carrier intl"] },
    });
    const dflt = (await routesOfSite(f.env, "mc-Site"))["Default Outbound Route"];
    expect(dflt.classifications).not.toContain("International");
    expect(up.outputs.carriers.value.intl.sipTerminationFqdn).toBe("acme-intl.byoc.127.0.0.1");
    expect(up.outputs.routes.value.International).toMatchObject({
      name: "mc-International",
      classifications: ["International"],
      carriers: ["intl"],
    });
    expect(up.outputs.routes.value.default.name).toBe("Default Outbound Route");
    expect(up.outputs.siteName.value).toBe("mc-Site");

    const preview = await f.t.stack.preview({ diff: true, onOutput });
    expect(preview.changeSummary).toEqual({ same: 9 });
  });

  it("swapping the order of the default route's carriers updates the route in place", async () => {
    await config(
      {
        primary: { ...carrier("primary"), userName: "p" },
        failover: carrier("failover"),
        intl: carrier("intl"),
      },
      [
        { carriers: ["failover", "primary"] },
        { name: "International", carriers: ["intl"], classificationTypes: ["International"] },
      ],
    );
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ update: 2, same: 7 });
    expect((await routesOfSite(f.env, "mc-Site"))["Default Outbound Route"].trunks).toEqual([
      "mc-Carrier failover",
      "mc-Carrier primary",
    ]);
  });

  it("removing a carrier takes it off its route first, then deletes its trunk", async () => {
    await config({ primary: { ...carrier("primary"), userName: "p" }, intl: carrier("intl") }, [
      { carriers: ["primary"] },
      { name: "International", carriers: ["intl"], classificationTypes: ["International"] },
    ]);
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ update: 2, delete: 1, same: 6 });
    expect((await routesOfSite(f.env, "mc-Site"))["Default Outbound Route"].trunks).toEqual([
      "mc-Carrier primary",
    ]);
    expect((await orgState(f.env)).trunkBases.some((t) => t.name === "mc-Carrier failover")).toBe(false);
  });

  it("destroy leaves the org as seeded", async () => {
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
    expect(output.join("")).not.toContain("primary-pw");
  });
});

describe("a named route with its default classifications", () => {
  let f: E2E;
  const onOutput = () => undefined;
  const single = (route?: Record<string, unknown>) =>
    f.configure({
      namePrefix: "nr-",
      location,
      site: { name: "Site" },
      sipTrunk: carrier("named"),
      ...(route && { route }),
    });

  beforeAll(async () => {
    f = await e2e("named");
  });
  afterAll(async () => f?.dispose());

  it("works on a fresh stack: it takes National and International off the site's default route", async () => {
    await single({ name: "Carrier Route" });
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    const routes = await routesOfSite(f.env, "nr-Site");
    expect(routes["nr-Carrier Route"]).toEqual({
      classifications: ["National", "International"],
      trunks: ["nr-Carrier named"],
    });
    expect(routes["Default Outbound Route"].classifications).not.toContain("National");
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });

  it("works when an existing stack switches to it from the default route, and back", async () => {
    await single();
    await f.t.stack.up({ onOutput });
    expect((await routesOfSite(f.env, "nr-Site"))["Default Outbound Route"].trunks).toEqual([
      "nr-Carrier named",
    ]);

    await single({ name: "Carrier Route" });
    const up = await f.t.stack.up({ onOutput });
    // The named route is another binding (byoc-route-carrier-route): created before the default one goes.
    expect(up.summary.resourceChanges).toEqual({ create: 1, delete: 1, update: 1, same: 4 });
    const routes = await routesOfSite(f.env, "nr-Site");
    expect(routes["nr-Carrier Route"].trunks).toEqual(["nr-Carrier named"]);
    expect(routes["Default Outbound Route"].trunks).toEqual([]);

    await single();
    await f.t.stack.up({ onOutput });
    const back = await routesOfSite(f.env, "nr-Site");
    expect(back["nr-Carrier Route"]).toBeUndefined();
    expect(back["Default Outbound Route"].trunks).toEqual(["nr-Carrier named"]);
    expect(back["Default Outbound Route"].classifications).toEqual(
      expect.arrayContaining(["National", "International"]),
    );

    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
    expect(await countPrefixed(f.env, "nr-")).toEqual({
      locations: 0,
      sites: 0,
      trunkBases: 0,
      outboundRoutes: 0,
    });
  });
});
