/**
 * The shared check/diff verbs.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkWith, diffDeclared } from "../../resources/common/lifecycle";
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
