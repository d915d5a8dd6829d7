/**
 * DID pools by key, through the real `pulumi` CLI against the emulator: a stack written with the
 * list form (its pool named after the digits of its start), converted to a key without moving the
 * range (the alias keeps the pool: no create, replace or delete, no write), then the pool's start
 * moved from +13175550100 to +13175550050 (one in-place update, the same id in Genesys), and
 * destroy leaving the org as seeded.
 */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { E2E, e2e } from "../helpers/e2e";
import { orgShape, orgState } from "../helpers/org";

jest.setTimeout(900_000);

const stack = (didPools: unknown) => ({
  namePrefix: "dp-",
  location: {
    name: "HQ",
    number: "+13175550142",
    street1: "7601 Interactive Way",
    city: "Indianapolis",
    country: "US",
  },
  site: { name: "Site" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "dp-acme",
  },
  didPools,
});
const RANGE = {
  startPhoneNumber: "+13175550100",
  endPhoneNumber: "+13175550199",
  description: "Indianapolis",
};
const MOVED = { ...RANGE, startPhoneNumber: "+13175550050" };

/** The `byoc…` resources an up touched (`<op> <name>`), from its engine events. */
function opsCollector(): { ops: string[]; onEvent: (e: EngineEvent) => void } {
  const ops: string[] = [];
  return {
    ops,
    onEvent: (e) => {
      const m = e.resOutputsEvent?.metadata;
      const name = m?.urn.split("::").pop() ?? "";
      if (m && m.op !== "same" && name.startsWith("byoc")) ops.push(`${m.op} ${name}`);
    },
  };
}

describe("a DID pool of the list form, given a key, then moved", () => {
  let f: E2E;
  let poolId: string;
  const onOutput = () => undefined;
  const livePools = async () =>
    (await orgState(f.env)).didPools
      .filter((p) => p.state !== "deleted")
      .map((p) => [p.id, p.startPhoneNumber, p.endPhoneNumber]);
  const writes = async () => (await f.env.calls()).filter((c) => !c.startsWith("GET "));

  beforeAll(async () => {
    f = await e2e("didpools");
    await f.configure(stack([RANGE]));
  });
  afterAll(async () => f?.dispose());

  it("the list form: the pool is byoc-didpool-<digits of its start>", async () => {
    const { ops, onEvent } = opsCollector();
    const up = await f.t.stack.up({ onOutput, onEvent });
    expect(ops).toContain("create byoc-didpool-13175550100");
    const pools = await livePools();
    expect(pools).toEqual([[expect.any(String), RANGE.startPhoneNumber, RANGE.endPhoneNumber]]);
    poolId = pools[0][0];
    expect(up.outputs.didPools.value).toEqual([
      { id: poolId, startPhoneNumber: RANGE.startPhoneNumber, endPhoneNumber: RANGE.endPhoneNumber },
    ]);
  });

  it("converted to a key with the same range, the pool stays: nothing created, replaced or deleted, nothing written", async () => {
    await f.configure(stack({ indianapolis: RANGE }));
    await f.env.clearLog();
    const { ops, onEvent } = opsCollector();
    const up = await f.t.stack.up({ onOutput, onEvent });
    // Only the component's outputs change (didPools becomes a map).
    expect(ops).toEqual(["update byoc"]);
    // The stack, the location, site, trunk, route binding and the pool stay; the component's outputs change.
    expect(up.summary.resourceChanges).toEqual({ same: 6, update: 1 });
    expect(await writes()).toEqual([]);
    expect(await livePools()).toEqual([[poolId, RANGE.startPhoneNumber, RANGE.endPhoneNumber]]);
    expect(up.outputs.didPools.value).toEqual({
      indianapolis: {
        id: poolId,
        startPhoneNumber: RANGE.startPhoneNumber,
        endPhoneNumber: RANGE.endPhoneNumber,
      },
    });
    // The state holds the pool under its key now.
    const names = (await f.t.stack.exportStack()).deployment.resources.map(
      (r: { urn: string }) => r.urn.split("::").pop() as string,
    );
    expect(names.filter((n: string) => n.startsWith("byoc-didpool"))).toEqual(["byoc-didpool-indianapolis"]);
  });

  it("moving the start to +13175550050 is one in-place update of the pool, which keeps its id", async () => {
    await f.configure(stack({ indianapolis: MOVED }));
    await f.env.clearLog();
    const { ops, onEvent } = opsCollector();
    const up = await f.t.stack.up({ onOutput, onEvent });
    // The pool, and the component whose outputs carry the range.
    expect(ops.sort()).toEqual(["update byoc", "update byoc-didpool-indianapolis"]);
    // No create, replace or delete: the pool's update, and the component's outputs.
    expect(up.summary.resourceChanges).toEqual({ same: 5, update: 2 });
    expect(await writes()).toEqual([`PUT /api/v2/telephony/providers/edges/didpools/${poolId}`]);
    expect(await livePools()).toEqual([[poolId, MOVED.startPhoneNumber, MOVED.endPhoneNumber]]);
    expect(up.outputs.didPools.value.indianapolis).toEqual({
      id: poolId,
      startPhoneNumber: MOVED.startPhoneNumber,
      endPhoneNumber: MOVED.endPhoneNumber,
    });
    const preview = await f.t.stack.preview({ onOutput });
    expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
  });

  it("destroy leaves the org as seeded", async () => {
    await f.t.stack.destroy({ onOutput });
    expect(await orgShape(f.env)).toEqual(f.seeded);
  });
});
