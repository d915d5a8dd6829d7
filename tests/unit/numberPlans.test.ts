/**
 * NumberPlans: check (validation, the 200 limit, unknowns at preview), mapping (whole-list body,
 * order, give-back), and diff of declared fields only.
 */
import type { Models } from "purecloud-platform-client-v2";
import { UNKNOWN } from "../../resources/common/validate";
import {
  buildList,
  declaredAsSeen,
  replacedBy,
  sameAsCurrent,
  seenAs,
  specOf,
} from "../../resources/numberPlans/mapping";
import { provider } from "../../resources/numberPlans/provider";
import { MAX_PLANS, type NumberPlanSpec, type NumberPlansInputs } from "../../resources/numberPlans/schema";
import { failedInputs } from "../helpers/check";

const P = provider as Required<typeof provider>;
const SITE = "11111111-2222-4333-8444-555555555555";

const tollFree: NumberPlanSpec = {
  name: "Toll free",
  classification: "Toll free",
  matchType: "e164NumberList",
  numbers: [{ start: "+18005550100", end: "+18005550199" }],
};
const shortCodes: NumberPlanSpec = {
  name: "Short codes",
  classification: "Short codes",
  matchType: "digitLength",
  digitLength: { start: "3", end: "3" },
};

async function check(news: Record<string, unknown>) {
  return P.check({} as NumberPlansInputs, news as unknown as NumberPlansInputs);
}

describe("check", () => {
  test("valid plans of every match type pass, normalised to their declared keys", async () => {
    const plans = [
      tollFree,
      shortCodes,
      {
        name: "Sip",
        classification: "Network",
        matchType: "regex",
        match: "^sip:(.+)$",
        normalizedFormat: "$1",
      },
      { name: "Helpdesk", classification: "Helpdesk", matchType: "numberList", numbers: [{ start: "4357" }] },
      { name: "Nat", classification: "National", matchType: "intraCountryCode", description: undefined },
      { name: "Intl", classification: "International", matchType: "interCountryCode" },
    ];
    const r = await check({ siteId: SITE, plans });
    expect(r.failures ?? []).toEqual([]);
    expect((r.inputs as NumberPlansInputs).plans[4]).toEqual({
      name: "Nat",
      classification: "National",
      matchType: "intraCountryCode",
    });
  });

  test.each([
    [
      { name: "r", classification: "r", matchType: "regex" },
      "plans[0].match",
      /required for matchType regex/,
    ],
    [
      { name: "r", classification: "r", matchType: "regex", match: "(" },
      "plans[0].match",
      /not a valid regular/,
    ],
    [{ name: "n", classification: "n", matchType: "numberList" }, "plans[0].numbers", /at least one/],
    [
      { name: "n", classification: "n", matchType: "numberList", numbers: [{ start: "+1800" }] },
      "plans[0].numbers[0].start",
      /digits only/,
    ],
    [
      { name: "n", classification: "n", matchType: "e164NumberList", numbers: [{ start: "8005550100" }] },
      "plans[0].numbers[0].start",
      /E\.164/,
    ],
    [
      { name: "n", classification: "n", matchType: "numberList", numbers: [{ start: "200", end: "100" }] },
      "plans[0].numbers[0].end",
      /lower than its start/,
    ],
    [{ name: "d", classification: "d", matchType: "digitLength" }, "plans[0].digitLength", /required/],
    [
      { name: "d", classification: "d", matchType: "digitLength", digitLength: { start: "6", end: "4" } },
      "plans[0].digitLength.end",
      /lower than its start/,
    ],
    [
      { name: "d", classification: "d", matchType: "digitLength", digitLength: { start: 4, end: "6" } },
      "plans[0].digitLength.start",
      /as a string/,
    ],
    [
      { name: "x", classification: "x", matchType: "intraCountryCode", match: "^1" },
      "plans[0].match",
      /not used with matchType intraCountryCode: remove it/,
    ],
    [{ name: "x", classification: "x", matchType: "prefix" }, "plans[0].matchType", /must be one of/],
    [{ name: "x", classification: "x" }, "plans[0].matchType", /is required/],
    [{ name: "", classification: "x", matchType: "interCountryCode" }, "plans[0].name", /required/],
    [{ name: "x", matchType: "interCountryCode" }, "plans[0].classification", /required/],
  ])("%j fails on %s, naming the fix", async (plan, path, reason) => {
    const r = await check({ siteId: SITE, plans: [plan] });
    expect(failedInputs(r)).toEqual([path]);
    expect(r.failures![0].reason).toMatch(reason);
    expect(r.failures![0].reason.startsWith(path)).toBe(true);
  });

  test("names are unique without regard to case", async () => {
    const r = await check({ siteId: SITE, plans: [tollFree, { ...shortCodes, name: "TOLL FREE" }] });
    expect(failedInputs(r)).toEqual(["plans[1].name"]);
    expect(r.failures![0].reason).toMatch(/repeats plans\[0\]\.name.*rename one/);
  });

  test("at most 200 plans: 200 pass, 201 fail with the count and how many to remove", async () => {
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `p${i}`,
        classification: "c",
        matchType: "intraCountryCode",
      }));
    expect((await check({ siteId: SITE, plans: many(MAX_PLANS) })).failures ?? []).toEqual([]);
    const r = await check({ siteId: SITE, plans: many(MAX_PLANS + 1) });
    expect(r.failures).toHaveLength(1);
    expect(r.failures![0].reason).toBe(
      "plans: 201 number plans declared; a site may have at most 200: remove 1",
    );
  });

  test("unknown at preview: an unknown siteId or plan field skips only its own failures; the 200 limit still holds", async () => {
    const ok = await check({ siteId: UNKNOWN, plans: [tollFree] });
    expect(ok.failures ?? []).toEqual([]);
    expect((ok.inputs as NumberPlansInputs).siteId).toBe(UNKNOWN);
    const unknownName = await check({
      siteId: SITE,
      plans: [
        { ...tollFree, classification: UNKNOWN },
        { ...tollFree, name: UNKNOWN },
      ],
    });
    expect(unknownName.failures ?? []).toEqual([]);
    const wholeList = await check({ siteId: SITE, plans: UNKNOWN });
    expect(wholeList.failures ?? []).toEqual([]);
    const tooMany = await check({
      siteId: UNKNOWN,
      plans: Array.from({ length: 201 }, () => ({ ...tollFree, name: UNKNOWN })),
    });
    expect(tooMany.failures?.map((f) => f.reason)).toEqual([
      "plans: 201 number plans declared; a site may have at most 200: remove 1",
    ]);
    // A known failure elsewhere still shows while the plans hold unknowns.
    expect(failedInputs(await check({ siteId: "", plans: [{ ...tollFree, name: UNKNOWN }] }))).toEqual([
      "siteId",
    ]);
  });

  test("plans must be a list", async () => {
    expect(failedInputs(await check({ siteId: SITE, plans: {} }))).toEqual(["plans"]);
  });
});

/** A plan as Genesys lists it (ids, versions, audit fields). */
function apiPlan(
  i: number,
  name: string,
  matchType: string,
  extra: Partial<Models.NumberPlan> = {},
): Models.NumberPlan {
  return {
    id: `id-${name}`,
    version: 3,
    name,
    classification: name,
    matchType,
    priority: i + 1,
    state: "active",
    dateCreated: "2024-01-01T00:00:00.000Z",
    selfUri: `/x/${name}`,
    ...extra,
  };
}
const DEFAULTS: Models.NumberPlan[] = [
  apiPlan(0, "Emergency", "numberList", { numbers: [{ start: "911", end: "911" }] }),
  apiPlan(1, "Extension", "digitLength", { digitLength: { start: "4", end: "6" } }),
  apiPlan(2, "National", "intraCountryCode"),
  apiPlan(3, "International", "interCountryCode"),
  apiPlan(4, "Network", "regex", { match: "^([^@\\:]+@)([^@ ]+)?$", normalizedFormat: "sip:$1$2" }),
  apiPlan(5, "Suicide Prevention", "regex", { match: "^988$", normalizedFormat: "+18002738255" }),
];

describe("mapping", () => {
  test("declared plans first in order, then the defaults kept in their order; priority = position", () => {
    const body = buildList(DEFAULTS, [tollFree, shortCodes]);
    expect(body.map((p) => [p.name, p.priority])).toEqual([
      ["Toll free", 1],
      ["Short codes", 2],
      ["Emergency", 3],
      ["Extension", 4],
      ["National", 5],
      ["International", 6],
      ["Network", 7],
      ["Suicide Prevention", 8],
    ]);
    expect(body[0]).toEqual({ ...tollFree, priority: 1 }); // new: no id
    // Kept plans go back with their id and version, and without read-only fields.
    expect(body[2]).toEqual({
      id: "id-Emergency",
      version: 3,
      name: "Emergency",
      classification: "Emergency",
      matchType: "numberList",
      numbers: [{ start: "911", end: "911" }],
      priority: 3,
    });
  });

  test("a declared plan named like a default overrides it in place (its id and version, its old match fields dropped)", () => {
    const emergency: NumberPlanSpec = {
      name: "emergency",
      classification: "Emergency",
      matchType: "regex",
      match: "^(911|933)$",
    };
    const body = buildList(DEFAULTS, [emergency]);
    expect(body).toHaveLength(6);
    expect(body[0]).toEqual({
      id: "id-Emergency",
      version: 3,
      name: "emergency",
      classification: "Emergency",
      matchType: "regex",
      match: "^(911|933)$",
      priority: 1,
    });
    expect(replacedBy(DEFAULTS, ["emergency", "Toll free"])).toEqual([
      {
        name: "Emergency",
        position: 1,
        plan: {
          name: "Emergency",
          classification: "Emergency",
          matchType: "numberList",
          numbers: [{ start: "911", end: "911" }],
        },
      },
    ]);
  });

  test("give back: a taken-over plan returns to its old position with its old fields; a made one is removed", () => {
    const taken = replacedBy(DEFAULTS, ["Extension"]);
    const ext: NumberPlanSpec = { ...shortCodes, name: "Extension", classification: "Extension" };
    const now = buildList(DEFAULTS, [tollFree, ext]).map((p) => ({ ...p, id: p.id ?? "id-Toll free" }));
    const back = buildList(now, [], { restore: taken, remove: ["Toll free"] });
    expect(back.map((p) => p.name)).toEqual(DEFAULTS.map((p) => p.name));
    expect(back[1]).toMatchObject({ id: "id-Extension", digitLength: { start: "4", end: "6" }, priority: 2 });
    expect(sameAsCurrent(DEFAULTS, back)).toBe(true);
  });

  test("a reorder changes the body; the same list does not", () => {
    const current = buildList(DEFAULTS, [tollFree, shortCodes]).map((p, i) => ({
      ...p,
      id: p.id ?? `new-${i}`,
    }));
    expect(sameAsCurrent(current, buildList(current, [tollFree, shortCodes]))).toBe(true);
    const swapped = buildList(current, [shortCodes, tollFree]);
    expect(sameAsCurrent(current, swapped)).toBe(false);
    expect(swapped.slice(0, 2).map((p) => [p.id, p.priority])).toEqual([
      ["new-1", 1],
      ["new-0", 2],
    ]);
  });

  test("read shows only declared fields, at any depth: values Genesys fills in are not a change", () => {
    const filled = apiPlan(0, "Helpdesk", "numberList", {
      description: "filled in",
      numbers: [{ start: "4357", end: "4357" }],
    });
    const declared: NumberPlanSpec = {
      name: "helpdesk",
      classification: "Helpdesk",
      matchType: "numberList",
      numbers: [{ start: "4357" }],
    };
    expect(seenAs(filled, declared)).toEqual(declared);
    expect(specOf(filled)).toMatchObject({
      description: "filled in",
      numbers: [{ start: "4357", end: "4357" }],
    });
    // A changed declared field does show.
    expect(seenAs({ ...filled, numbers: [{ start: "4358" }] }, declared).numbers).toEqual([
      { start: "4358" },
    ]);
    // The site's order, declared plans only; a declared plan the site lacks is left out.
    expect(declaredAsSeen([...DEFAULTS, filled], [tollFree, declared])).toEqual([declared]);
  });
});

describe("diff", () => {
  const olds: NumberPlansInputs = { siteId: SITE, plans: [tollFree, shortCodes] };
  test("same plans: no change, whatever the key order or absent keys", async () => {
    const same = { siteId: SITE, plans: [{ ...shortCodes }, { ...tollFree }].reverse() };
    expect(await P.diff(SITE, olds as never, same)).toEqual({ changes: false });
    const withUndefined = {
      siteId: SITE,
      plans: [{ ...tollFree, description: undefined }, shortCodes],
    } as NumberPlansInputs;
    expect(await P.diff(SITE, olds as never, withUndefined)).toEqual({ changes: false });
  });
  test("a reorder or a changed field is an update; another site replaces", async () => {
    expect(await P.diff(SITE, olds as never, { siteId: SITE, plans: [shortCodes, tollFree] })).toEqual({
      changes: true,
    });
    expect(
      await P.diff(SITE, olds as never, {
        siteId: SITE,
        plans: [{ ...tollFree, numbers: [{ start: "+18005550100" }] }, shortCodes],
      }),
    ).toEqual({ changes: true });
    expect(await P.diff(SITE, olds as never, { ...olds, siteId: "other" })).toMatchObject({
      changes: true,
      replaces: ["siteId"],
      deleteBeforeReplace: true,
    });
    expect(await P.diff(SITE, olds as never, { ...olds, siteId: UNKNOWN })).toMatchObject({
      replaces: ["siteId"],
    });
  });
});
