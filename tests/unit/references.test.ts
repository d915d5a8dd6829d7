/**
 * Every input that holds another object's id (a Site's `locationId`, a Trunk's `inboundSiteId`, a
 * binding's `siteId` and `trunkIds`, number plans' `siteId`), as its kind's check sees it when that
 * object failed to be created earlier in the same `pulumi up`: left out (a TypeScript program: the
 * engine drops an id unknown at `up`, from a list too) or `""` (a Go or YAML program). The reason
 * says the object was not created, and the fix for a value set by hand; a value still never passes.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type CheckFailure, idReference, idReferences, UNKNOWN } from "../../resources/common/validate";
import { checkNumberPlans } from "../../resources/numberPlans/schema";
import { checkBinding } from "../../resources/outboundRouteBinding/schema";
import { provider as bindingProvider } from "../../resources/outboundRouteBinding/provider";
import { checkSite } from "../../resources/site/schema";
import { provider as trunkProvider } from "../../resources/trunk/provider";
import { checkTrunk } from "../../resources/trunk/schema";

const ID = "5d14641f-5917-4dfa-b20c-9a3ece274899";
const EDGE = "39190f4e-acca-4ef8-9824-d5f83cb201c4";

/** Each reference field: its kind's check, valid inputs, the field, the kind it refers to and the fix. */
const FIELDS: [
  string,
  (news: Record<string, unknown>) => CheckFailure[],
  Record<string, unknown>,
  string,
  string,
  string,
][] = [
  [
    "Site",
    (n) => checkSite(n).failures,
    { name: "Indy", locationId: ID, primarySiteIds: [EDGE] },
    "locationId",
    "location",
    "set it to a location's id",
  ],
  [
    "Trunk",
    (n) => checkTrunk(n).failures,
    { name: "Carrier", inboundSiteId: ID, sipServers: ["sip.carrier.example"] },
    "inboundSiteId",
    "site",
    "set it to the id of the site inbound calls go to",
  ],
  [
    "OutboundRouteBinding",
    (n) => checkBinding(n).failures,
    { siteId: ID, trunkIds: [ID] },
    "siteId",
    "site",
    "set it to a site's id",
  ],
  [
    "NumberPlans",
    (n) => checkNumberPlans(n).failures,
    { siteId: ID, plans: [] },
    "siteId",
    "site",
    "set it to a site's id",
  ],
];

describe.each(FIELDS)("%s", (_kind, check, valid, field, kind, fix) => {
  const notCreated = `the ${kind} it refers to was not created in this run (see that ${kind}'s own error)`;
  const failures = (value: unknown) => {
    const news = { ...valid, [field]: value };
    if (value === undefined) delete news[field];
    return check(news);
  };

  it("passes with an id, and with an id unknown at preview", () => {
    expect(failures(ID)).toEqual([]);
    expect(failures(UNKNOWN)).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      "left out (the id of a failed object, TypeScript)",
      undefined,
      `${field} has no value: ${notCreated}; if you did not set it, ${fix}`,
    ],
    ["null", null, `${field} has no value: ${notCreated}; if you did not set it, ${fix}`],
    [
      "empty (the id of a failed object, Go or YAML)",
      "",
      `${field} is empty: ${notCreated}; if you set it yourself, ${fix}`,
    ],
    ["blank", "  ", `${field} "  " is blank: ${fix}`],
    ["a number", 7, `${field} must be a string (a ${kind}'s id), got number: ${fix}`],
    ["too long", "x".repeat(65), `${field} is 65 characters long; the limit is 64`],
  ])("%s: one failure, on the field, that says so", (_case, value, reason) => {
    expect(failures(value)).toEqual([{ property: field, reason }]);
  });

  it("never says only that the value is required", () => {
    for (const value of [undefined, null, ""]) expect(failures(value)[0].reason).not.toMatch(/is required/);
  });
});

describe("OutboundRouteBinding trunkIds", () => {
  const valid = { siteId: ID, trunkIds: [ID] };
  const failures = (trunkIds: unknown) => {
    const news: Record<string, unknown> = { ...valid, trunkIds };
    if (trunkIds === undefined) delete news.trunkIds;
    return checkBinding(news).failures;
  };
  const notCreated = "the trunks it refers to were not created in this run (see their own errors)";
  const oneNotCreated = "the trunk it refers to was not created in this run (see that trunk's own error)";

  it("passes with ids, and with ids unknown at preview", () => {
    expect(failures([ID, "t2"])).toEqual([]);
    expect(failures([UNKNOWN, UNKNOWN])).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    [
      "empty (every trunk it listed failed, TypeScript)",
      [],
      `trunkIds lists no trunk: ${notCreated}; if you set it yourself, list at least one trunk's id`,
    ],
    [
      "left out",
      undefined,
      `trunkIds has no value: ${notCreated}; if you did not set it, list at least one trunk's id`,
    ],
    [
      "an empty id (a failed trunk, Go or YAML)",
      [ID, ""],
      `trunkIds[1] is empty: ${oneNotCreated}; if you set it yourself, set it to a trunk's id`,
    ],
    ["a blank id", ["  "], `trunkIds[0] "  " is blank: set it to a trunk's id`],
    ["not a list", ID, "trunkIds must be a list"],
    ["the same id twice", [ID, ID], "trunkIds lists the same value more than once"],
  ])("%s: one failure that says so", (_case, trunkIds, reason) => {
    expect(failures(trunkIds)).toEqual([{ property: "trunkIds", reason }]);
  });
});

describe("through the provider's check, as the engine prints it", () => {
  const check = async (p: pulumi.dynamic.ResourceProvider, news: Record<string, unknown>) =>
    (await p.check!({}, news)).failures;

  it("a trunk whose site was not created: one reason on the resource, not 'is required'", async () => {
    expect(await check(trunkProvider, { name: "Carrier", sipServers: ["sip.carrier.example"] })).toEqual([
      {
        property: "",
        reason:
          "inboundSiteId has no value: the site it refers to was not created in this run (see that site's own " +
          "error); if you did not set it, set it to the id of the site inbound calls go to",
      },
    ]);
  });

  it("a binding whose one trunk was not created (Go or YAML: an empty id)", async () => {
    expect(await check(bindingProvider, { siteId: ID, trunkIds: [""] })).toEqual([
      {
        property: "",
        reason:
          "trunkIds[0] is empty: the trunk it refers to was not created in this run (see that trunk's own error); " +
          "if you set it yourself, set it to a trunk's id",
      },
    ]);
  });
});

describe("idReference and idReferences", () => {
  it("apply the limit they are given", () => {
    expect(idReference("x".repeat(10), "id", "site", undefined, 9)).toBe(
      "id is 10 characters long; the limit is 9",
    );
    expect(idReferences(["x".repeat(10)], "ids", "trunk", 9)).toBe(
      "ids[0] is 10 characters long; the limit is 9",
    );
  });
});
