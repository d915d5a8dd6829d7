/**
 * The shared lifecycle steps: check and diff, the create-with-recovery (createOwned) and the
 * adoptId path (createOrAdopt), the read of what was declared (readAsDeclared) and the versioned
 * update that says an object is gone (updateVersioned).
 */
import * as pulumi from "@pulumi/pulumi";
import { GenesysError } from "../../genesys/errors";
import {
  checkWith,
  createOrAdopt,
  createOwned,
  diffDeclared,
  madeBy,
  notMadeHere,
  OwnedCreate,
  readAsDeclared,
  updateVersioned,
} from "../../resources/common/lifecycle";
import { withTag } from "../../resources/common/ownership";
import { failedInputs } from "../helpers/check";

interface T {
  name: string;
  kind?: string;
  parentId?: string;
  tags?: string[];
}

const diff = diffDeclared<T>(["name", "kind", "parentId", "tags"], ["kind"], ["parentId"], ["tags"]);

describe("diffDeclared", () => {
  it.each<[string, T, T, pulumi.dynamic.DiffResult]>([
    [
      "no change (absent and undefined are equal)",
      { name: "a", kind: undefined },
      { name: "a" },
      { changes: false },
    ],
    ["in-place change", { name: "a" }, { name: "b" }, { changes: true }],
    [
      "replace key, deleting first",
      { name: "a", kind: "x" },
      { name: "a", kind: "y" },
      { changes: true, replaces: ["kind"], deleteBeforeReplace: true },
    ],
    [
      "a new reference is an update",
      { name: "a", parentId: "p1" },
      { name: "a", parentId: "p2" },
      { changes: true },
    ],
    [
      "an unknown reference (its target is being replaced) replaces this too",
      { name: "a", parentId: "p1" },
      { name: "a", parentId: pulumi.runtime.unknownValue },
      { changes: true, replaces: ["parentId"], deleteBeforeReplace: true },
    ],
    // A secret's change is left to the engine, which compares the unmasked inputs and names it.
    [
      "a secret key changed: verdict left to the engine",
      { name: "a", tags: ["x"] },
      { name: "a", tags: ["y"] },
      {},
    ],
    [
      "a secret key and a replace key changed: still replaced",
      { name: "a", kind: "x", tags: ["x"] },
      { name: "a", kind: "y", tags: ["y"] },
      { replaces: ["kind"], deleteBeforeReplace: true },
    ],
    ["a secret key unchanged", { name: "a", tags: ["x"] }, { name: "a", tags: ["x"] }, { changes: false }],
  ])("%s", async (_label, olds, news, expected) => {
    expect(await diff("id", olds, news)).toEqual({ changes: undefined, ...expected });
  });
});

describe("checkWith", () => {
  const check = checkWith<T>((news) => ({
    inputs: { name: String(news.name).trim() },
    failures: news.name ? [] : [{ property: "name", reason: "name is required" }],
  }));
  it("returns normalised inputs, or the raw inputs with failures", async () => {
    expect(await check({} as T, { name: " a " })).toEqual({ inputs: { name: "a" } });
    expect(await check({} as T, { name: "" })).toEqual({
      inputs: { name: "" },
      failures: [{ property: "", reason: "name is required" }],
    });
  });

  it("reports failures on no property, each reason naming the input and a nested one's value", async () => {
    const nested = checkWith((news) => ({
      inputs: news,
      failures: [
        { property: "window.timeZone", reason: "must be an IANA time zone" },
        { property: "window.start", reason: 'window.start "25:00" is not a time' },
        { property: "auth.password", reason: "auth.password is 300 characters long" },
        { property: "servers[1]", reason: "servers[1] is not host[:port]" },
        { property: "kind", reason: "kind must be one of a, b" },
      ],
    }));
    const r = await nested(
      {},
      {
        window: { timeZone: 42, start: "25:00" },
        auth: { password: "p".repeat(300) },
        servers: ["a", { host: "b" }],
        kind: "c",
      },
    );
    expect(r.failures).toEqual([
      // The engine would print `property window.timeZone value {<nil>}`: the value goes in the reason.
      { property: "", reason: "window.timeZone: must be an IANA time zone (value: 42)" },
      { property: "", reason: 'window.start "25:00" is not a time' }, // shown already
      { property: "", reason: "auth.password is 300 characters long" }, // a secret: never shown
      { property: "", reason: "servers[1] is not host[:port]" }, // not a plain value
      { property: "", reason: "kind must be one of a, b" }, // top level: the reason's own business
    ]);
  });
});

describe("checks skip values unknown at preview", () => {
  const U = pulumi.runtime.unknownValue as string;
  const failuresOf = async (
    provider: { check?: (o: never, n: never) => Promise<pulumi.dynamic.CheckResult> },
    news: object,
  ) => failedInputs(await provider.check!({} as never, news as never));

  it("a route whose trunks are all new previews: unknown ids are never duplicates", async () => {
    const { provider } = await import("../../resources/outboundRouteBinding/provider");
    const r = await provider.check!({} as never, { siteId: U, trunkIds: [U, U, U] } as never);
    expect(r.failures ?? []).toEqual([]);
    expect(r.inputs).toMatchObject({ siteId: U, trunkIds: [U, U, U] });
    // Once known (at `up`), duplicates are refused.
    expect(await failuresOf(provider, { siteId: "s", trunkIds: ["t1", "t2", "t1"] })).toEqual(["trunkIds"]);
  });

  it("every resource passes unknown values through untouched, and still checks the known ones", async () => {
    const location = (await import("../../resources/location/provider")).provider;
    const site = (await import("../../resources/site/provider")).provider;
    const trunk = (await import("../../resources/trunk/provider")).provider;
    const loc = await location.check!(
      {} as never,
      {
        name: U,
        emergencyNumber: { number: U },
        address: { street1: "1 Main St", city: "Indy", country: U },
      } as never,
    );
    expect(loc.failures ?? []).toEqual([]);
    expect(loc.inputs).toMatchObject({ name: U, address: { country: U } });

    const s = await site.check!(
      {} as never,
      {
        name: "Site",
        locationId: U,
        primarySiteIds: [U],
        edgeAutoUpdate: { timeZone: U, rrule: "FREQ=DAILY", start: U, end: "05:00" },
      } as never,
    );
    expect(s.failures ?? []).toEqual([]);
    expect(s.inputs).toMatchObject({ locationId: U, primarySiteIds: [U], edgeAutoUpdate: { start: U } });

    expect(
      await failuresOf(trunk, {
        name: "T",
        inboundSiteId: U,
        siteId: U,
        sipServers: [U, U],
        aclAllowList: [U, "not-an-ip"],
        digest: U,
        enabled: U,
        transport: "carrier-pigeon",
      }),
    ).toEqual(["transport"]);
  });
});

describe("createOwned: take back only what this resource made", () => {
  const OWNER = "urn:pulumi:dev::p::pulumi-nodejs:dynamic/genesys:Site::site";
  const OTHER = "urn:pulumi:prod::p::pulumi-nodejs:dynamic/genesys:Site::site";
  interface Obj {
    id: string;
    description?: string;
  }
  const failure = (status: number, code: string, fields: string[] = []) =>
    new GenesysError({
      status,
      code,
      message: status === 502 ? "bad gateway" : "At least one of the values in the request were a duplicate.",
      method: "POST",
      path: "/api/v2/things",
      details: fields.map((fieldName) => ({ fieldName })),
    });
  const ours: Obj = { id: "s-1", description: withTag("branch", OWNER) };
  const theirs: Obj = { id: "s-2", description: "made by hand" };
  const another: Obj = { id: "s-3", description: withTag("branch", OTHER) };

  /** A kind whose create fails with `errors` in turn (then succeeds), with `found` holding the name. */
  function kind(errors: Error[], found?: Obj, over: Partial<OwnedCreate<Obj>> = {}) {
    const calls: string[] = [];
    const o: OwnedCreate<Obj> = {
      kind: "site",
      name: "dev-Site",
      owner: OWNER,
      tagText: (x) => x.description,
      create: async () => {
        calls.push("create");
        const e = errors.shift();
        if (e) throw e;
        return { id: "new" };
      },
      find: async () => {
        calls.push("find");
        return found;
      },
      adopt: async (x) => {
        calls.push(`adopt ${x.id}`);
        return x;
      },
      ...over,
    };
    return { o, calls };
  }
  const notOurs = (id: string) =>
    `Site "dev-Site" could not be created: a site of that name already exists (id ${id}) and this stack did ` +
    `not make it. If this stack should manage it, set adoptId to ${id}; otherwise choose another name.`;

  it("creates once when the create succeeds, looking nothing up", async () => {
    const { o, calls } = kind([]);
    await expect(createOwned(o)).resolves.toEqual({ id: "new" });
    expect(calls).toEqual(["create"]);
  });

  it.each<[string, Error]>([
    ["a 502", failure(502, "bad.gateway")],
    ["no answer", failure(0, "ECONNRESET")],
  ])(
    "after %s: takes back its own object, refuses another's or an untagged one, creates again when none",
    async (_, err) => {
      let k = kind([err], ours);
      await expect(createOwned(k.o)).resolves.toBe(ours);
      expect(k.calls).toEqual(["create", "find", "adopt s-1"]);

      for (const found of [theirs, another]) {
        k = kind([err], found);
        await expect(createOwned(k.o)).rejects.toThrow(notOurs(found.id));
        expect(k.calls).toEqual(["create", "find"]);
      }

      k = kind([err]);
      await expect(createOwned(k.o)).resolves.toEqual({ id: "new" });
      expect(k.calls).toEqual(["create", "find", "create"]);
    },
  );

  it("without an owner, takes back nothing, not even an object carrying a tag", async () => {
    const k = kind([failure(502, "bad.gateway")], ours, { owner: undefined });
    await expect(createOwned(k.o)).rejects.toThrow(notOurs("s-1"));
  });

  it("a name taken (the error names the field `name`, or none and the name is held): the same rule", async () => {
    for (const err of [failure(400, "duplicate.value", ["name"]), failure(400, "duplicate.value")]) {
      let k = kind([err], ours);
      await expect(createOwned(k.o)).resolves.toBe(ours);
      k = kind([err], theirs);
      await expect(createOwned(k.o)).rejects.toThrow(notOurs("s-2"));
    }
  });

  it("a duplicate about another field gets that field's advice, without a lookup when the error names it", async () => {
    const named = failure(400, "duplicate.value", ["emergencyNumber"]);
    let k = kind([named], theirs, {
      otherDuplicate: async (e) => new Error(`number taken: ${e.apiMessage}`),
    });
    await expect(createOwned(k.o)).rejects.toThrow(
      "number taken: At least one of the values in the request were a duplicate.",
    );
    expect(k.calls).toEqual(["create"]);
    // The general advice, naming the field.
    k = kind([named], theirs);
    await expect(createOwned(k.o)).rejects.toThrow(
      /^Site "dev-Site" could not be created: Genesys says a value of it is already used elsewhere \(emergencyNumber\): .* Change that value, or free it where it is used/,
    );
    // No field named and no object of the name: not about the name.
    k = kind([failure(400, "duplicate.value")], undefined);
    await expect(createOwned(k.o)).rejects.toThrow(/a value of it is already used elsewhere: /);
    expect(k.calls).toEqual(["create", "find"]);
  });

  it("a name taken but no object of it found: says so, and to run again", async () => {
    const k = kind([failure(400, "duplicate.value", ["name"])], undefined);
    await expect(createOwned(k.o)).rejects.toThrow(
      /^Site "dev-Site" could not be created: Genesys says one of that name exists, but none was found by name/,
    );
  });

  it("the create again after an ambiguous failure goes by the same rules when refused", async () => {
    const k = kind([failure(502, "bad.gateway"), failure(400, "duplicate.value", ["name"])], undefined);
    let lookups = 0;
    k.o.find = async () => (++lookups === 1 ? undefined : ours); // the lost create shows up late
    await expect(createOwned(k.o)).resolves.toBe(ours);
  });

  it("an object known before the create is decided on at once, with no create", async () => {
    let k = kind([], undefined, { before: async () => ours });
    await expect(createOwned(k.o)).resolves.toBe(ours);
    expect(k.calls).toEqual(["adopt s-1"]);
    k = kind([], undefined, { before: async () => theirs, notOurs: (x) => new Error(`overlaps ${x.id}`) });
    await expect(createOwned(k.o)).rejects.toThrow("overlaps s-2");
    expect(k.calls).toEqual([]);
  });

  it("other failures pass through untouched", async () => {
    const err = failure(400, "bad.request");
    const k = kind([err], ours);
    await expect(createOwned(k.o)).rejects.toBe(err);
    expect(k.calls).toEqual(["create"]);
  });

  it("names where the name is unique, with the right article", () => {
    expect(notMadeHere("outbound route", "dev-Route", "r-1", "on site s-1").message).toBe(
      'Outbound route "dev-Route" could not be created: an outbound route of that name already exists on site ' +
        "s-1 (id r-1) and this stack did not make it. If this stack should manage it, set adoptId to r-1; " +
        "otherwise choose another name.",
    );
    expect(madeBy(undefined, ours.description)).toBe(false);
    expect(madeBy(OWNER, ours.description)).toBe(true);
    expect(madeBy(OWNER, another.description)).toBe(false);
  });
});

describe("createOrAdopt", () => {
  interface Obj {
    id?: string;
    name?: string;
  }
  const kind = (found: Obj | undefined) => {
    const calls: string[] = [];
    return {
      calls,
      o: {
        kind: "site",
        get: async (id: string) => {
          calls.push(`get ${id}`);
          return found;
        },
        adopt: async (x: Obj) => {
          calls.push(`adopt ${x.id}`);
          return { ...x, name: "adopted" };
        },
        create: async () => {
          calls.push("create");
          return { id: "new" };
        },
      },
    };
  };

  it("with adoptId: the object of that id, made to match; nothing created", async () => {
    const { o, calls } = kind({ id: "s-1", name: "Site" });
    expect(await createOrAdopt({ ...o, inputs: { adoptId: "s-1" } })).toEqual({
      id: "s-1",
      object: { id: "s-1", name: "adopted" },
    });
    expect(calls).toEqual(["get s-1", "adopt s-1"]);
  });

  it("with an adoptId that names nothing: fails naming the id, before any write", async () => {
    const { o, calls } = kind(undefined);
    await expect(createOrAdopt({ ...o, inputs: { adoptId: "s-9" } })).rejects.toThrow(
      "adoptId: no site with id s-9 exists in this org",
    );
    expect(calls).toEqual(["get s-9"]);
  });

  it("without adoptId: a new object, nothing read", async () => {
    const { o, calls } = kind({ id: "s-1" });
    expect(await createOrAdopt({ ...o, inputs: {} })).toEqual({ id: "new", object: { id: "new" } });
    expect(calls).toEqual(["create"]);
  });
});

describe("readAsDeclared", () => {
  type Found = { id: string; name: string; notes: string };
  type Inputs = { name?: string; notes?: string; adoptId?: string };
  /** `declared` undefined: no stored state (`pulumi import`). */
  const read = (found: Found | undefined, declared: Inputs | undefined, adoptId?: string) =>
    readAsDeclared({
      id: "x-1",
      get: async () => found,
      declared,
      imported: (f): Inputs => ({ name: f.name, notes: f.notes }),
      seen: (f, d): Inputs => ({ name: f.name, ...(d.notes !== undefined && { notes: f.notes }) }),
      adoptId,
      outputs: (inputs: Inputs, f) => ({ ...inputs, seenId: f.id }),
    });
  const found = { id: "x-1", name: "A", notes: "kept by hand" };

  it("the object as inputs and outputs, only what was declared, keeping the adoptId the state holds", async () => {
    expect(await read(found, { name: "A" }, "x-1")).toEqual({
      id: "x-1",
      props: { name: "A", adoptId: "x-1", seenId: "x-1" },
      inputs: { name: "A", adoptId: "x-1" },
    });
    expect((await read(found, { name: "A" })).inputs).toEqual({ name: "A" });
  });

  it("without stored state (pulumi import): what the kind's imported declares", async () => {
    expect((await read(found, undefined)).inputs).toEqual({ name: "A", notes: "kept by hand" });
  });

  it("an object that is gone reads as nothing (the engine drops it)", async () => {
    expect(await read(undefined, { name: "A" })).toEqual({});
  });
});

describe("updateVersioned", () => {
  const refusal = (status: number, code: string) =>
    new GenesysError({ status, code, message: "refused", method: "PUT", path: "/api/v2/things/t-1" });
  const GONE =
    'Trunk "Carrier" (t-1) no longer exists in Genesys Cloud: it was deleted outside Pulumi. Run `pulumi refresh` ' +
    "to drop it from the stack's state, then `pulumi up` to create it again.";

  /** Writes failing with `errors` in turn (then succeeding), reads returning `fresh`. */
  function update(errors: Error[], fresh: number | undefined, first?: number) {
    const calls: string[] = [];
    const done = updateVersioned({
      kind: "Trunk",
      name: "Carrier",
      id: "t-1",
      read: async () => {
        calls.push("read");
        return fresh;
      },
      write: async (version) => {
        calls.push(`write v${version}`);
        const e = errors.shift();
        if (e) throw e;
        return `written v${version}`;
      },
      first,
    });
    return { done, calls };
  }

  it("writes on the base in hand; after a version conflict, reads again and writes on the fresh copy", async () => {
    const { done, calls } = update([refusal(409, "general.conflict")], 8, 7);
    await expect(done).resolves.toBe("written v8");
    expect(calls).toEqual(["write v7", "read", "write v8"]);
  });

  it("reads first when no base is in hand", async () => {
    const { done, calls } = update([], 3);
    await expect(done).resolves.toBe("written v3");
    expect(calls).toEqual(["read", "write v3"]);
  });

  it.each<[string, Error[], number | undefined, number | undefined]>([
    ["the read finds nothing", [], undefined, undefined],
    ["the write is answered 404", [refusal(404, "not.found")], 1, 1],
  ])("says the object was deleted outside Pulumi when %s", async (_, errors, fresh, first) => {
    await expect(update(errors, fresh, first).done).rejects.toThrow(GONE);
  });

  it("other failures pass through untouched", async () => {
    const other = refusal(400, "bad.request");
    await expect(update([other], 1, 1).done).rejects.toBe(other);
  });
});
