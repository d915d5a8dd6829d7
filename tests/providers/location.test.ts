/**
 * Location provider against an in-process emulator, through the real SDK.
 */
import * as locations from "../../genesys/locations";
import { client } from "../../resources/common/connection";
import { provider } from "../../resources/location/provider";
import type { LocationInputs, LocationOutputs } from "../../resources/location/schema";
import { owned, providerEnv, ProviderEnv, whileHeld } from "../helpers/providers";
import { failedInputs } from "../helpers/check";

const P = provider as Required<typeof provider>;
let env: ProviderEnv;
beforeAll(async () => {
  env = await providerEnv();
});
afterAll(async () => env.close());
beforeEach(async () => env.clearLog());

let n = 0;
function inputs(over: Partial<LocationInputs> = {}): LocationInputs {
  n++;
  return {
    name: `HQ ${n}`,
    emergencyNumber: { number: `+1317555${String(1000 + n).slice(-4)}`, type: "default" },
    address: {
      street1: "7601 Interactive Way",
      city: "Indianapolis",
      state: "IN",
      zipcode: "46278",
      country: "US",
    },
    notes: "head office",
    ...over,
  };
}

async function create(i: LocationInputs): Promise<{ id: string; outs: LocationOutputs }> {
  const checked = await P.check({} as LocationInputs, i);
  expect(checked.failures ?? []).toEqual([]);
  const r = await P.create(checked.inputs as LocationInputs);
  return { id: r.id, outs: r.outs as LocationOutputs };
}

describe("Location provider", () => {
  it("creates with one POST and reads back with one GET, without drift", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    expect(await env.calls()).toEqual(["POST /api/v2/locations"]);
    expect(outs).toMatchObject({ ...i, version: 1, emergencyE164: i.emergencyNumber!.number });

    await env.clearLog();
    const read = await P.read(id, outs);
    expect(await env.calls()).toEqual([`GET /api/v2/locations/${id}`]);
    expect(read.id).toBe(id);
    const d = await P.diff(id, read.props as LocationOutputs, i);
    expect(d.changes).toBe(false);
  });

  it("rejects bad input at check, naming the field, with no API call", async () => {
    const r = await P.check(
      {} as LocationInputs,
      {
        ...inputs(),
        emergencyNumber: { number: "317-555-0100" },
        address: { street1: "x", city: "y", country: "USA" },
      } as LocationInputs,
    );
    expect(failedInputs(r).sort()).toEqual(["address.country", "emergencyNumber.number"]);
    expect(r.failures?.[0].reason).toMatch(/E\.164|alpha-2/);
    expect(await env.calls()).toEqual([]);
  });

  it("updates notes and name in one PATCH with the stored version, and clears notes", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await env.clearLog();
    const next = { ...i, name: `${i.name} renamed`, notes: "moved" };
    expect((await P.diff(id, outs, next)).changes).toBe(true);
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`PATCH /api/v2/locations/${id}`]);
    expect(u.outs).toMatchObject({ name: next.name, notes: "moved", version: 2 });

    const cleared = { ...next, notes: undefined };
    const u2 = await P.update(id, u.outs as LocationOutputs, cleared);
    const read = await P.read(id, u2.outs as LocationOutputs);
    expect((read.props as LocationOutputs).notes).toBeUndefined();
    expect((await P.diff(id, read.props as LocationOutputs, cleared)).changes).toBe(false);
  });

  it("changes the address of a location with a number: unassign, change, reassign", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await env.clearLog();
    const next = { ...i, address: { ...i.address!, street1: "1 New Street" } };
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual(Array(3).fill(`PATCH /api/v2/locations/${id}`));
    const read = await P.read(id, u.outs as LocationOutputs);
    expect(read.props).toMatchObject({ address: next.address, emergencyNumber: i.emergencyNumber });
  });

  it("puts the number back when an address change fails half-way", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await env.admin("POST", "/_emulator/faults", {
      method: "PATCH",
      path: `/api/v2/locations/${id}`,
      skip: 1,
      effect: { status: 400, code: "bad.request", message: "address rejected" },
    });
    await env.clearLog();
    const next = { ...i, address: { ...i.address!, street1: "2 Failing Road" } };
    await expect(P.update(id, outs, next)).rejects.toThrow(/address rejected/);
    expect(await env.calls()).toEqual(Array(3).fill(`PATCH /api/v2/locations/${id}`));
    const read = await P.read(id, outs);
    expect(read.props).toMatchObject({ emergencyNumber: i.emergencyNumber, address: i.address });
  });

  it("when even putting the number back fails, records the location as it is; the next up finishes", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await env.admin("POST", "/_emulator/faults", {
      method: "PATCH",
      path: `/api/v2/locations/${id}`,
      skip: 1, // the number is unassigned; the address change and the number's return are refused
      times: 2,
      effect: { status: 400, code: "bad.request", message: "refused for the test" },
    });
    const next = { ...i, address: { ...i.address!, street1: "3 Stuck Lane" } };
    const err = (await P.update(id, outs, next).catch((e: unknown) => e)) as {
      message: string;
      id: string;
      properties: LocationOutputs;
      reasons: string[];
    };
    expect(err.message).toMatch(
      new RegExp(
        `^Location "${i.name}" \\(${id}\\): changing its address failed \\(.*refused for the test.*\\), and putting ` +
          `its emergency number \\${i.emergencyNumber!.number} back failed too \\(.*refused for the test.*\\)\\. ` +
          "The location has no emergency number now: run `pulumi up` again to change the address and assign the number\\.$",
      ),
    );
    expect(err.reasons).toEqual([err.message]);
    expect(err.id).toBe(id);
    // The partial state is the location as it is: no number, the old address, the new version.
    expect(err.properties).toMatchObject({ name: i.name, address: i.address, version: 2 });
    expect(err.properties.emergencyNumber).toBeUndefined();
    expect(err.properties.emergencyE164).toBeUndefined();

    await env.clearLog();
    const u = await P.update(id, err.properties, next);
    expect(await env.calls()).toEqual(Array(2).fill(`PATCH /api/v2/locations/${id}`)); // address, number
    const read = await P.read(id, u.outs as LocationOutputs);
    expect(read.props).toMatchObject({ address: next.address, emergencyNumber: i.emergencyNumber });
  });

  it("someone else's PATCH while ours is on its way: 409, GET, PATCH again; their notes are kept", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await env.clearLog();
    const u = await whileHeld(
      env,
      `PATCH /api/v2/locations/${id}`,
      () => P.update(id, outs, { ...i, name: `${i.name} renamed` }),
      async () => {
        const now = (await locations.get(client(), id))!;
        await locations.patch(client(), id, {
          name: now.name!,
          notes: "the admin's notes",
          version: now.version!,
        });
      },
    );
    expect((await env.log()).map((r) => `${r.method} ${r.status}`)).toEqual([
      "PATCH 409",
      "GET 200",
      "PATCH 200",
      "GET 200",
      "PATCH 200",
    ]);
    expect(u.outs).toMatchObject({ name: `${i.name} renamed`, version: 3 });
    expect(await locations.get(client(), id)).toMatchObject({
      name: `${i.name} renamed`,
      notes: "the admin's notes",
    });
  });

  it("an update of a location deleted outside Pulumi says so, and to refresh, then up", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    await locations.remove(client(), id);
    await expect(P.update(id, outs, { ...i, notes: "x" })).rejects.toThrow(
      new RegExp(
        `^Location "${i.name}" \\(${id}\\) no longer exists in Genesys Cloud: it was deleted outside Pulumi\\. ` +
          "Run `pulumi refresh` to drop it from the stack's state, then `pulumi up` to create it again\\.$",
      ),
    );
  });

  it("re-reads and retries once on a version conflict", async () => {
    const i = inputs();
    const { id, outs } = await create(i);
    // Someone else changes it behind our back: our stored version is now stale.
    await P.update(id, outs, { ...i, notes: "theirs" });
    await env.clearLog();
    const u = await P.update(id, outs, { ...i, notes: "ours" });
    expect(await env.calls()).toEqual([
      `PATCH /api/v2/locations/${id}`,
      `GET /api/v2/locations/${id}`,
      `PATCH /api/v2/locations/${id}`,
    ]);
    expect(u.outs).toMatchObject({ notes: "ours", version: 3 });
  });

  it("reports drift on a declared field and ignores undeclared ones", async () => {
    const i = inputs({ notes: undefined });
    const { id, outs } = await create(i);
    await P.update(id, outs, { ...i, name: "changed behind our back" });
    const read = await P.read(id, outs);
    expect((read.props as LocationOutputs).name).toBe("changed behind our back");
    expect((await P.diff(id, read.props as LocationOutputs, i)).changes).toBe(true);
  });

  it("takes back the location its lost POST left behind (its tag) instead of duplicating it", async () => {
    const i = owned(inputs());
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: "/api/v2/locations",
      effect: { commitThenDrop: true },
    });
    const { id } = await create(i);
    const state = (await env.admin("GET", "/_emulator/state")) as {
      locations: { id: string; name: string }[];
    };
    expect(state.locations.filter((l) => l.name === i.name).map((l) => l.id)).toEqual([id]);
    expect(await env.calls()).toEqual(["POST /api/v2/locations", "POST /api/v2/locations/search"]);
  });

  it("adopts an existing location by id and updates it to match", async () => {
    const i = inputs();
    const { id } = await create(i);
    await env.clearLog();
    const adopted = await P.create({ ...i, notes: "adopted", adoptId: id });
    expect(adopted.id).toBe(id);
    expect(await env.calls()).toEqual([`GET /api/v2/locations/${id}`, `PATCH /api/v2/locations/${id}`]);
    await expect(P.create({ ...inputs(), adoptId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow(
      /adoptId: no location/,
    );
  });

  it("deletes with one DELETE; a second delete and a read of the gone object are fine", async () => {
    const { id, outs } = await create(inputs());
    await env.clearLog();
    await P.delete(id, outs);
    expect(await env.calls()).toEqual([`DELETE /api/v2/locations/${id}`]);
    await P.delete(id, outs);
    expect(await P.read(id, outs)).toEqual({});
  });

  it("explains a duplicate name and how to adopt", async () => {
    const i = inputs();
    await create(i);
    await expect(P.create({ ...i, emergencyNumber: undefined })).rejects.toThrow(/adoptId/);
  });
});
