/**
 * DidPool provider against an in-process emulator, through the real SDK: every lifecycle step, overlap refused,
 * adoption, and a lost response on each write.
 */
import * as pools from "../../genesys/didPools";
import { client } from "../../resources/common/connection";
import { OWNER_KEY, ownerTag, withTag } from "../../resources/common/ownership";
import { provider } from "../../resources/didPool/provider";
import type { DidPoolInputs, DidPoolOutputs } from "../../resources/didPool/schema";
import { failedInputs } from "../helpers/check";
import { providerEnv, ProviderEnv, whileHeld } from "../helpers/providers";

const P = provider as Required<typeof provider>;
const LIST = "GET /api/v2/telephony/providers/edges/didpools";
const POST = "POST /api/v2/telephony/providers/edges/didpools";
const one = (id: string) => `/api/v2/telephony/providers/edges/didpools/${id}`;

let env: ProviderEnv;
beforeEach(async () => {
  env = await providerEnv(); // each test owns its emulator (and so its org's pools)
});
afterEach(async () => env.close());

/** The range of `count` numbers from +1317555<first>. */
function range(first: number, count = 10): Pick<DidPoolInputs, "startPhoneNumber" | "endPhoneNumber"> {
  const n = (x: number) => `+1317555${String(x).padStart(4, "0")}`;
  return { startPhoneNumber: n(first), endPhoneNumber: n(first + count - 1) };
}

const OWNER = "urn:pulumi:dev::byoc::pulumi-nodejs:dynamic/genesys:DidPool::numbers";

async function create(i: DidPoolInputs): Promise<{ id: string; outs: DidPoolOutputs }> {
  const checked = await P.check({} as DidPoolInputs, i);
  expect(checked.failures ?? []).toEqual([]);
  const r = await P.create(checked.inputs as DidPoolInputs);
  return { id: r.id, outs: r.outs as DidPoolOutputs };
}

async function livePools(): Promise<{ id: string; startPhoneNumber: string; description?: string }[]> {
  return ((await env.admin("GET", "/_emulator/state")) as { didPools: never[] }).didPools;
}

describe("DidPool provider", () => {
  it("check refuses bad ranges with one line naming the field, with no API call", async () => {
    const r = await P.check(
      {} as DidPoolInputs,
      {
        startPhoneNumber: "+13175550100",
        endPhoneNumber: "+33612345678",
      } as DidPoolInputs,
    );
    expect(failedInputs(r)).toEqual(["endPhoneNumber"]);
    expect(r.failures![0].reason).toBe(
      "endPhoneNumber +33612345678 has country code +33 but startPhoneNumber +13175550100 has +1: a DID pool holds the " +
        "numbers of one country; declare one pool per country",
    );
    const swapped = await P.check({} as DidPoolInputs, { ...range(100, 1), endPhoneNumber: "+13175550099" });
    expect(failedInputs(swapped)).toEqual(["endPhoneNumber"]);
    expect(await env.calls()).toEqual([]);
  });

  it("creates (list for overlaps + POST), reads back without drift, updates texts in place, deletes", async () => {
    const i = {
      ...range(100),
      description: "main numbers",
      comments: "ported",
      [OWNER_KEY]: OWNER,
    } as DidPoolInputs;
    const { id, outs } = await create(i);
    expect(await env.calls()).toEqual([LIST, POST]);
    expect(outs).toMatchObject({
      ...range(100),
      description: "main numbers",
      comments: "ported",
      version: 1,
    });
    // Genesys keeps the ownership tag with the description; reads strip it.
    expect((await pools.get(client(), id))!.description).toBe(`main numbers ${ownerTag(OWNER)}`);

    await env.clearLog();
    const read = await P.read(id, outs);
    expect(await env.calls()).toEqual([`GET ${one(id)}`]);
    expect(read).toMatchObject({ id, props: { ...range(100), description: "main numbers", version: 1 } });
    expect((await P.diff(id, read.props as DidPoolOutputs, i)).changes).toBe(false);

    const next = { ...i, description: "renamed", comments: undefined };
    const d = await P.diff(id, outs, next);
    expect(d).toEqual({ changes: true });
    await env.clearLog();
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([`GET ${one(id)}`, `PUT ${one(id)}`]);
    expect(u.outs).toMatchObject({ description: "renamed", version: 2 });
    const after = (await pools.get(client(), id))!;
    expect(after.description).toBe(`renamed ${ownerTag(OWNER)}`);
    expect(after.comments ?? "").toBe(""); // cleared
    expect(
      (await P.diff(id, (await P.read(id, u.outs as DidPoolOutputs)).props as DidPoolOutputs, next)).changes,
    ).toBe(false);

    await env.clearLog();
    await P.delete(id, u.outs as DidPoolOutputs);
    expect(await env.calls()).toEqual([`DELETE ${one(id)}`]);
    expect(await P.read(id, u.outs as DidPoolOutputs)).toEqual({});
    await P.delete(id, u.outs as DidPoolOutputs); // 404 = done
  });

  it("a range change updates in place (same id) after checking the other pools", async () => {
    const { id, outs } = await create(range(100));
    await env.clearLog();
    const next = range(100, 50);
    expect(await P.diff(id, outs, next)).toEqual({ changes: true });
    const u = await P.update(id, outs, next);
    expect(await env.calls()).toEqual([LIST, `GET ${one(id)}`, `PUT ${one(id)}`]);
    expect(u.outs).toMatchObject({ ...next, version: 2 });
    expect(await pools.get(client(), id)).toMatchObject(next);
  });

  it("refuses a range that overlaps another pool, naming that pool's id and range, at create and at update", async () => {
    const theirs = await pools.create(client(), { ...range(150, 20) } as never);
    await env.clearLog();
    const err = (await P.create(range(100, 60)).catch((e: unknown) => e)) as Error;
    expect(err.message).toBe(
      `DidPool +13175550100..+13175550159 could not be created: its numbers overlap DID pool ${theirs.id} ` +
        "(+13175550150..+13175550169), and a number can be in one pool only. Change startPhoneNumber/endPhoneNumber " +
        `so the ranges do not overlap, or, if that pool should be managed by this stack, declare its range and set ` +
        `adoptId to ${theirs.id}.`,
    );
    expect(await env.calls()).toEqual([LIST]); // refused before any POST

    const { id, outs } = await create(range(100, 50));
    await env.clearLog();
    await expect(P.update(id, outs, range(100, 51))).rejects.toThrow(
      new RegExp(
        `^DidPool \\+13175550100\\.\\.\\+13175550150 \\(${id}\\) could not be updated: its numbers overlap DID pool ${theirs.id}`,
      ),
    );
    expect(await env.calls()).toEqual([LIST]);
  });

  it("the API's own refusal (a pool made between our listing and our POST) is explained the same way", async () => {
    let theirs = "";
    const err = (await whileHeld(
      env,
      POST,
      () => P.create(range(300)).catch((e: unknown) => e),
      async () => {
        theirs = (await pools.create(client(), range(305) as never)).id!;
      },
    )) as Error;
    expect(err.message).toMatch(new RegExp(`could not be created: its numbers overlap DID pool ${theirs} `));
    expect((await livePools()).map((p) => p.id)).toEqual([theirs]);
  });

  it("a lost POST response: finds the pool it made by range and tag instead of making a second", async () => {
    await env.admin("POST", "/_emulator/faults", {
      method: "POST",
      path: one("").slice(0, -1),
      effect: { commitThenDrop: true },
    });
    const { id } = await create({ ...range(400), [OWNER_KEY]: OWNER } as DidPoolInputs);
    expect(await env.calls()).toEqual([LIST, POST, LIST]);
    expect((await livePools()).map((p) => p.id)).toEqual([id]);
  });

  it("a lost PUT response: the retried PUT is refused as stale, read again and applied once", async () => {
    const { id, outs } = await create(range(500));
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: one(id),
      effect: { commitThenDrop: true },
    });
    await env.clearLog();
    const u = await P.update(id, outs, { ...range(500), comments: "after the drop" });
    expect((await env.log()).map((r) => `${r.method} ${r.status}`)).toEqual([
      "GET 200",
      "PUT 0",
      "PUT 409",
      "GET 200",
      "PUT 200",
    ]);
    expect(u.outs).toMatchObject({ comments: "after the drop", version: 3 });
    expect(await pools.get(client(), id)).toMatchObject({ comments: "after the drop", version: 3 });
  });

  it("a lost DELETE response: the retried DELETE answers 404, which is done", async () => {
    const { id, outs } = await create(range(600));
    await env.admin("POST", "/_emulator/faults", {
      method: "DELETE",
      path: one(id),
      effect: { commitThenDrop: true },
    });
    await env.clearLog();
    await P.delete(id, outs);
    expect((await env.log()).map((r) => `${r.method} ${r.status}`)).toEqual(["DELETE 0", "DELETE 404"]);
    expect(await livePools()).toEqual([]);
  });

  it("adopts the pool an interrupted create made (it carries this resource's tag) and sets it as declared", async () => {
    const made = await pools.create(client(), { ...range(700), description: withTag("old", OWNER) } as never);
    await env.clearLog();
    const { id, outs } = await create({
      ...range(700, 20),
      description: "new",
      [OWNER_KEY]: OWNER,
    } as DidPoolInputs);
    expect(id).toBe(made.id);
    expect(await env.calls()).toEqual([LIST, `PUT ${one(id)}`]);
    expect(outs).toMatchObject({ ...range(700, 20), description: "new", version: 2 });
    expect((await livePools()).map((p) => p.id)).toEqual([id]);

    // Someone else's pool with the same range but without the tag is not taken: the error names it.
    const other = "urn:pulumi:dev::byoc::pulumi-nodejs:dynamic/genesys:DidPool::other";
    await expect(create({ ...range(700, 20), [OWNER_KEY]: other } as DidPoolInputs)).rejects.toThrow(
      new RegExp(`overlap DID pool ${id} \\(\\+13175550700\\.\\.\\+13175550719\\)`),
    );
  });

  it("adopts an existing pool by id: unchanged → no write; an unknown id says so", async () => {
    const made = await pools.create(client(), { ...range(800), comments: "c" } as never);
    await env.clearLog();
    const r = await P.create({ ...range(800), comments: "c", adoptId: made.id });
    expect(r.id).toBe(made.id);
    expect(await env.calls()).toEqual([`GET ${one(made.id!)}`, LIST]);
    await expect(
      P.create({ ...range(900), adoptId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toThrow("adoptId: no DID pool with id 00000000-0000-4000-8000-000000000000 exists in this org");
  });

  it("an update of a pool deleted outside Pulumi says so, and to refresh, then up", async () => {
    const { id, outs } = await create(range(1000));
    await pools.remove(client(), id);
    await expect(P.update(id, outs, { ...range(1000), description: "x" })).rejects.toThrow(
      new RegExp(
        `^DidPool "\\+13175551000\\.\\.\\+13175551009" \\(${id}\\) no longer exists in Genesys Cloud`,
      ),
    );
  });

  it("reports drift of a declared field; ignores texts set outside Pulumi that are not declared", async () => {
    const { id, outs } = await create({ ...range(1100), description: "ours" });
    const now = (await pools.get(client(), id))!;
    await pools.put(client(), id, { ...now, description: "theirs", comments: "set in the UI" });
    const read = await P.read(id, outs);
    expect(read.props).toMatchObject({ description: "theirs" });
    expect((read.props as DidPoolOutputs).comments).toBeUndefined();
    expect(
      (await P.diff(id, read.props as DidPoolOutputs, { ...range(1100), description: "ours" })).changes,
    ).toBe(true);
  });
});
