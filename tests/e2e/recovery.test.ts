/**
 * Lost responses through the real `pulumi` CLI: the emulator commits a write and drops the
 * connection (commitThenDrop) on every create, update and delete call of every resource. Each
 * `up` or `destroy` converges, nothing is duplicated, and destroy leaves the org as seeded. Also:
 * a binding re-created after its route PUT was lost (or after `pulumi state delete`) never gives
 * the route back the stack's own trunk, so destroy always finishes.
 */
import { arm, armed, E2E, e2e } from "../helpers/e2e";
import { countPrefixed, orgShape, orgState } from "../helpers/org";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";

const base = (prefix: string, street1: string, extra: Record<string, unknown> = {}) => ({
  namePrefix: prefix,
  location: { name: "HQ", number: "+13175550143", street1, city: "Indianapolis", country: "US" },
  site: { name: "Site", description: street1 },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: [street1 === "1 Main St" ? "sip.carrier.example" : "sip2.carrier.example"],
    inboundSipTerminationIdentifier: `${prefix.replace(/-$/, "")}-term`,
  },
  ...extra,
});

const LOST = { commitThenDrop: true };

describe("a response lost after commit on every create, update and delete", () => {
  let f: E2E;
  const onOutput = () => undefined;

  beforeAll(async () => {
    f = await e2e("lost");
  });
  afterAll(async () => f?.dispose());

  it("up converges with exactly one object of each kind (named route: its take and its POST lost too)", async () => {
    await f.configure(base("lr-", "1 Main St", { route: { name: "Route" } }));
    await arm(
      f.env,
      [
        "POST /api/v2/locations",
        `POST ${EDGES}/sites`,
        `POST ${EDGES}/trunkbasesettings`,
        `PUT ${EDGES}/sites/*/outboundroutes/*`,
        `POST ${EDGES}/sites/*/outboundroutes`,
      ],
      LOST,
    );
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ create: 6 });
    expect(await armed(f.env)).toEqual([]);
    expect(await countPrefixed(f.env, "lr-")).toEqual({
      locations: 1,
      sites: 1,
      trunkBases: 1,
      outboundRoutes: 1,
    });
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
  });

  it("an update of every resource converges", async () => {
    await f.configure(base("lr-", "2 Side St", { route: { name: "Route", distribution: "RANDOM" } }));
    await arm(
      f.env,
      [
        "PATCH /api/v2/locations/*",
        `PUT ${EDGES}/sites/*`,
        `PUT ${EDGES}/trunkbasesettings/*`,
        `PUT ${EDGES}/sites/*/outboundroutes/*`,
      ],
      LOST,
    );
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toEqual({ update: 5, same: 1 });
    expect(await armed(f.env)).toEqual([]);
    const s = await orgState(f.env);
    expect(s.outboundRoutes.find((r) => r.name === "lr-Route")?.distribution).toBe("RANDOM");
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
  });

  it("destroy converges and leaves the org as seeded", async () => {
    await arm(
      f.env,
      [
        `DELETE ${EDGES}/sites/*/outboundroutes/*`,
        `PUT ${EDGES}/sites/*/outboundroutes/*`,
        `DELETE ${EDGES}/trunkbasesettings/*`,
        `DELETE ${EDGES}/sites/*`,
        "DELETE /api/v2/locations/*",
      ],
      LOST,
    );
    await f.t.stack.destroy({ onOutput });
    expect(await armed(f.env)).toEqual([]);
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});

describe("a default-route binding created again never restores its own trunk", () => {
  let f: E2E;
  const onOutput = () => undefined;

  beforeAll(async () => {
    f = await e2e("again");
    await f.configure(base("ag-", "1 Main St"));
  });
  afterAll(async () => f?.dispose());

  it("after the route PUT's response is lost for good: up fails, up again converges, destroy finishes", async () => {
    // Every attempt of the route PUT commits and loses its answer: the first up fails there, but
    // the engine records the binding (with what the route carried before) as a partial create.
    await arm(f.env, [`PUT ${EDGES}/sites/*/outboundroutes/*`], LOST, 6);
    await expect(f.t.stack.up({ onOutput })).rejects.toThrow(/Could not reach Genesys Cloud|network error/);
    await f.env.admin("DELETE", "/_emulator/faults");
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ update: 1, same: 5 });
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });

  it("after `pulumi state delete` of the binding: up adopts the route again, destroy finishes", async () => {
    await f.t.stack.up({ onOutput });
    const exported = await f.t.stack.exportStack();
    const resources = exported.deployment.resources as { urn: string }[];
    exported.deployment.resources = resources.filter((r) => !r.urn.endsWith("::byoc-outbound-route"));
    await f.t.stack.importStack(exported);
    const up = await f.t.stack.up({ onOutput });
    expect(up.summary.resourceChanges).toMatchObject({ create: 1, same: 5 });
    await f.t.stack.destroy({ onOutput });
    // Everything is gone and the route carries what it did; only its `enabled` flag stays as the
    // forgotten binding set it (what it was before is recorded nowhere).
    const withoutEnabled = (shape: unknown) =>
      JSON.parse(JSON.stringify(shape, (k, v) => (k === "enabled" ? undefined : v))) as unknown;
    expect(withoutEnabled(await orgShape(f.env))).toEqual(withoutEnabled(f.seeded));
  });
});
