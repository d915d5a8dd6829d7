/**
 * OutboundRouteBinding: pure tables for check (adoptId) and for whether a taken-over route needs a write.
 */
import type { Models } from "purecloud-platform-client-v2";
import { needsWrite, toRouteBody } from "../../resources/outboundRouteBinding/mapping";
import { checkBinding, OutboundRouteBindingInputs } from "../../resources/outboundRouteBinding/schema";

describe("checkBinding: adoptId", () => {
  const base = { siteId: "s1", trunkIds: ["t1"] };

  it("keeps adoptId with routeName; an empty one is absent", () => {
    expect(checkBinding({ ...base, routeName: "Carrier", adoptId: "r1" })).toEqual({
      inputs: { ...base, routeName: "Carrier", distribution: "SEQUENTIAL", enabled: true, adoptId: "r1" },
      failures: [],
    });
    expect(checkBinding({ ...base, routeName: "Carrier", adoptId: "" }).inputs).not.toHaveProperty("adoptId");
  });

  it.each([
    [
      { adoptId: "r1" },
      /adoptId needs routeName: the site's Default Outbound Route is always taken over, so omit adoptId/,
    ],
    [{ adoptId: "r1", routeName: "Default Outbound Route" }, /adoptId needs routeName/],
    [{ adoptId: 7, routeName: "Carrier" }, /adoptId must be a string/],
    [{ adoptId: "x".repeat(65), routeName: "Carrier" }, /adoptId is 65 characters long; the limit is 64/],
  ])("refuses %j", (extra, reason) => {
    const { failures } = checkBinding({ ...base, ...extra });
    expect(failures).toEqual([{ property: "adoptId", reason: expect.stringMatching(reason) }]);
  });
});

describe("needsWrite", () => {
  const inputs: OutboundRouteBindingInputs = {
    siteId: "s1",
    trunkIds: ["t1", "t2"],
    routeName: "Carrier",
    distribution: "SEQUENTIAL",
    enabled: true,
  };
  const route: Models.OutboundRouteBase = {
    id: "r1",
    name: "Carrier",
    version: 3,
    classificationTypes: ["International", "National"],
    externalTrunkBases: [{ id: "t1", name: "Carrier A" }, { id: "t2" }],
    enabled: true,
    description: "made in the UI",
  };
  const body = (
    i: Partial<OutboundRouteBindingInputs> = {},
    classifications = ["National", "International"],
  ) => toRouteBody({ ...inputs, ...i }, classifications, route);

  it("is false when the route already has what the body sends (classifications in any order, no distribution = SEQUENTIAL, the description kept)", () => {
    expect(needsWrite(route, body())).toBe(false);
    expect(needsWrite({ ...route, distribution: "SEQUENTIAL" }, body())).toBe(false);
    expect(needsWrite(route, body({ description: "made in the UI" }))).toBe(false);
    expect(
      needsWrite({ ...route, description: undefined }, toRouteBody(inputs, ["National", "International"])),
    ).toBe(false);
  });

  it.each<[string, Models.OutboundRouteBase, Models.OutboundRouteBase]>([
    ["another name", route, body({ routeName: "Carrier 2" })],
    ["the trunks in another order", route, body({ trunkIds: ["t2", "t1"] })],
    ["one trunk more", route, body({ trunkIds: ["t1", "t2", "t3"] })],
    ["one trunk less", route, body({ trunkIds: ["t1"] })],
    ["a classification less", route, body({}, ["National"])],
    ["another classification", route, body({}, ["National", "Extension"])],
    ["a classification more", route, body({}, ["National", "International", "Extension"])],
    ["disabled", route, body({ enabled: false })],
    ["a disabled route, enabled declared", { ...route, enabled: false }, body()],
    ["RANDOM distribution", route, body({ distribution: "RANDOM" })],
    ["another declared description", route, body({ description: "ours" })],
    [
      "a declared description on a route without one",
      { ...route, description: undefined },
      body({ description: "ours" }),
    ],
  ])("is true for %s", (_what, r, b) => {
    expect(needsWrite(r, b)).toBe(true);
  });
});
