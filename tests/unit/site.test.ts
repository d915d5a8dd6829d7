/**
 * Site: pure tables for check, the edge auto-update window mapping and the API mapping.
 */
import {
  ANCHOR_DATE,
  fromApi,
  putBaseFromApi,
  toCreateBody,
  toPutBody,
  windowFromApi,
  windowToApi,
} from "../../resources/site/mapping";
import { checkSite, DIFF_KEYS, SiteInputs } from "../../resources/site/schema";
import { provider } from "../../resources/site/provider";
import type { Models } from "purecloud-platform-client-v2";

const EDGE = "39190f4e-acca-4ef8-9824-d5f83cb201c4";
const valid = {
  name: "Indy Site",
  locationId: "5d14641f-5917-4dfa-b20c-9a3ece274899",
  primarySiteIds: [EDGE],
  edgeAutoUpdate: { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "02:00", end: "05:00" },
};

describe("checkSite", () => {
  it("accepts a minimal site and fills the defaults", () => {
    const { inputs, failures } = checkSite({ name: " Indy ", locationId: "loc", primarySiteIds: [EDGE] });
    expect(failures).toEqual([]);
    expect(inputs).toEqual({
      name: "Indy",
      locationId: "loc",
      primarySiteIds: [EDGE],
      secondarySiteIds: [EDGE],
      mediaModel: "Cloud",
    });
  });

  it("normalises times, rrule, caller id and empty optionals", () => {
    const { inputs, failures } = checkSite({
      ...valid,
      secondarySiteIds: [],
      mediaModel: "Premises",
      edgeAutoUpdate: {
        timeZone: "Europe/Paris",
        rrule: "freq=weekly;byday=su,mo",
        start: "2:00",
        end: "4:30",
      },
      ntpServers: [],
      callerId: "+1 317 555 0100",
      callerName: "",
      description: "",
    });
    expect(failures.map((f) => f.property)).toEqual(["callerId"]); // spaces are not E.164
    expect(inputs.edgeAutoUpdate).toEqual({
      timeZone: "Europe/Paris",
      rrule: "FREQ=WEEKLY;BYDAY=SU,MO",
      start: "02:00",
      end: "04:30",
    });
    expect(inputs.secondarySiteIds).toEqual([]);
    expect(inputs.mediaModel).toBe("Premises");
    expect(inputs).not.toHaveProperty("ntpServers");
    expect(inputs).not.toHaveProperty("callerName");
    expect(inputs).not.toHaveProperty("description");
    expect(checkSite({ ...valid, callerId: "+13175550100" }).inputs.callerId).toBe("+13175550100");
  });

  const w = valid.edgeAutoUpdate;
  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ["missing name", { name: undefined }, "name", /name is required/],
    ["blank name", { name: "  " }, "name", /name is required/],
    ["long name", { name: "x".repeat(256) }, "name", /limit is 255/],
    [
      "missing location",
      { locationId: undefined },
      "locationId",
      /locationId has no value: the location it refers to/,
    ],
    ["no primary sites", { primarySiteIds: [] }, "primarySiteIds", /at least 1.*PureCloud Voice - AWS/],
    ["primary not a list", { primarySiteIds: EDGE }, "primarySiteIds", /must be a list/],
    ["primary repeated", { primarySiteIds: [EDGE, EDGE] }, "primarySiteIds", /more than once/],
    ["blank secondary", { secondarySiteIds: [""] }, "secondarySiteIds", /secondarySiteIds\[0\] is required/],
    ["media model", { mediaModel: "Hybrid" }, "mediaModel", /"Cloud", "Premises"/],
    ["window not object", { edgeAutoUpdate: "daily" }, "edgeAutoUpdate", /must be an object/],
    ["time zone", { edgeAutoUpdate: { ...w, timeZone: "EST5" } }, "edgeAutoUpdate.timeZone", /IANA/],
    [
      "monthly",
      { edgeAutoUpdate: { ...w, rrule: "FREQ=MONTHLY" } },
      "edgeAutoUpdate.rrule",
      /daily and weekly/,
    ],
    [
      "weekly, no day",
      { edgeAutoUpdate: { ...w, rrule: "FREQ=WEEKLY" } },
      "edgeAutoUpdate.rrule",
      /not supported/,
    ],
    [
      "weekly, empty",
      { edgeAutoUpdate: { ...w, rrule: "FREQ=WEEKLY;BYDAY=" } },
      "edgeAutoUpdate.rrule",
      /at least one day/,
    ],
    [
      "weekly, bad day",
      { edgeAutoUpdate: { ...w, rrule: "FREQ=WEEKLY;BYDAY=XX" } },
      "edgeAutoUpdate.rrule",
      /at least one day/,
    ],
    [
      "weekly, twice",
      { edgeAutoUpdate: { ...w, rrule: "FREQ=WEEKLY;BYDAY=SU,SU" } },
      "edgeAutoUpdate.rrule",
      /more than once/,
    ],
    ["start format", { edgeAutoUpdate: { ...w, start: "2am" } }, "edgeAutoUpdate.start", /HH:mm/],
    ["end format", { edgeAutoUpdate: { ...w, end: "24:00" } }, "edgeAutoUpdate.end", /HH:mm/],
    [
      "short window",
      { edgeAutoUpdate: { ...w, start: "02:00", end: "03:59" } },
      "edgeAutoUpdate.end",
      /119 minutes.*at least 2 hours/,
    ],
    [
      "short across midnight",
      { edgeAutoUpdate: { ...w, start: "23:30", end: "01:00" } },
      "edgeAutoUpdate.end",
      /90 minutes/,
    ],
    [
      "empty window",
      { edgeAutoUpdate: { ...w, start: "02:00", end: "02:00" } },
      "edgeAutoUpdate.end",
      /0 minutes/,
    ],
    ["ntp not host", { ntpServers: ["ntp://time.example.com"] }, "ntpServers", /host name or IP/],
    ["ntp with port", { ntpServers: ["192.0.2.10:123"] }, "ntpServers", /ntpServers\[0\]/],
    ["caller id", { callerId: "317-555-0100" }, "callerId", /E\.164/],
    ["caller id impossible", { callerId: "+1999555010" }, "callerId", /not a possible phone number/],
    ["caller name", { callerName: 42 }, "callerName", /must be a string/],
    ["description", { description: "x".repeat(501) }, "description", /limit is 500/],
    ["adoptId", { adoptId: 7 }, "adoptId", /must be a string/],
  ])("%s: the failure names the field", (_label, over, property, reason) => {
    const { failures } = checkSite({ ...valid, ...over });
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0].reason).toMatch(reason);
  });

  it("accepts 2-hour windows, windows across midnight and IP/host NTP servers", () => {
    for (const [start, end] of [
      ["02:00", "04:00"],
      ["22:00", "02:00"],
      ["23:59", "01:59"],
      ["00:00", "23:59"],
    ]) {
      expect(checkSite({ ...valid, edgeAutoUpdate: { ...w, start, end } }).failures).toEqual([]);
    }
    const ntp = ["time.example.com", "192.0.2.10", "2001:db8::1"];
    expect(checkSite({ ...valid, ntpServers: ntp }).failures).toEqual([]);
  });
});

describe("edge auto-update window mapping", () => {
  it.each([
    ["02:00", "05:00", "2024-01-01T02:00:00.000", "2024-01-01T05:00:00.000"],
    ["22:00", "02:00", "2024-01-01T22:00:00.000", "2024-01-02T02:00:00.000"],
    ["00:00", "23:59", "2024-01-01T00:00:00.000", "2024-01-01T23:59:00.000"],
    ["23:00", "01:00", "2024-01-01T23:00:00.000", "2024-01-02T01:00:00.000"],
  ])("%s–%s → %s .. %s on the fixed anchor date, and back", (start, end, apiStart, apiEnd) => {
    const declared = { timeZone: "Europe/Paris", rrule: "FREQ=WEEKLY;BYDAY=SU", start, end };
    const api = windowToApi(declared);
    expect(api).toEqual({
      timeZone: "Europe/Paris",
      rrule: "FREQ=WEEKLY;BYDAY=SU",
      start: apiStart,
      end: apiEnd,
    });
    expect(api.start).not.toMatch(/Z$/);
    expect(windowFromApi(api)).toEqual(declared);
  });

  it("never depends on today's date", () => {
    const declared = valid.edgeAutoUpdate;
    const first = windowToApi(declared);
    jest.useFakeTimers({ now: new Date("2031-07-15T12:00:00Z") });
    try {
      expect(windowToApi(declared)).toEqual(first);
    } finally {
      jest.useRealTimers();
    }
    expect(first.start.startsWith(ANCHOR_DATE)).toBe(true);
  });

  it("reads back only the time of day (6 fraction digits, other dates)", () => {
    expect(
      windowFromApi({
        timeZone: "UTC",
        rrule: "FREQ=DAILY",
        start: "2021-08-08T08:00:00.000000",
        end: "2021-08-08T11:00:00.000000",
      }),
    ).toEqual({ timeZone: "UTC", rrule: "FREQ=DAILY", start: "08:00", end: "11:00" });
    expect(windowFromApi(undefined)).toBeUndefined();
  });
});

describe("site mapping", () => {
  const inputs = checkSite({
    ...valid,
    ntpServers: ["time.example.com"],
    callerId: "+13175550100",
    callerName: "Indy",
    description: "main site",
  }).inputs;

  it("builds the POST body", () => {
    expect(toCreateBody(inputs)).toEqual({
      name: "Indy Site",
      description: "main site",
      location: { id: valid.locationId },
      primarySites: [{ id: EDGE, selfUri: `/api/v2/telephony/providers/edges/sites/${EDGE}` }],
      secondarySites: [{ id: EDGE, selfUri: `/api/v2/telephony/providers/edges/sites/${EDGE}` }],
      mediaModel: "Cloud",
      edgeAutoUpdateConfig: windowToApi(valid.edgeAutoUpdate),
      ntpSettings: { servers: ["time.example.com"] },
      callerId: "+13175550100",
      callerName: "Indy",
    });
  });

  /** What the API answers: our values plus what it adds by itself. */
  const apiSite: Models.Site = {
    ...toCreateBody(inputs),
    id: "site-1",
    version: 3,
    state: "active",
    managed: false,
    coreSite: false,
    location: { id: valid.locationId, name: "Indy HQ", selfUri: `/api/v2/locations/${valid.locationId}` },
    primarySites: [{ id: EDGE, name: "PureCloud Voice - AWS" }],
    secondarySites: [{ id: EDGE, name: "PureCloud Voice - AWS" }],
    mediaRegions: ["us-east-1"],
    mediaRegionsUseLatencyBased: true,
    cloudProxyForceTurn: false,
    primaryEdges: [{ id: "edge-1", name: "virtual-edge" } as Models.Edge],
  };

  it("reads the API object back as the declared inputs (nothing the API added shows)", () => {
    expect(fromApi(apiSite)).toEqual(inputs);
    expect(
      fromApi({ ...apiSite, callerId: "", callerName: "", description: "", ntpSettings: { servers: [] } }),
    ).toEqual({
      ...inputs,
      callerId: undefined,
      callerName: undefined,
      description: undefined,
      ntpServers: undefined,
    });
    expect(Object.keys(fromApi(apiSite)).every((k) => (DIFF_KEYS as readonly string[]).includes(k))).toBe(
      true,
    );
  });

  it("builds the PUT body: whole object, version, undeclared settings kept, no edges", () => {
    const next: SiteInputs = { ...inputs, name: "Renamed", callerName: undefined, description: undefined };
    const base = putBaseFromApi({ ...apiSite, description: "set in the UI" });
    const body = toPutBody(next, base, ["callerName"]); // callerName was declared before: cleared
    expect(body).toMatchObject({
      name: "Renamed",
      version: 3,
      description: "set in the UI", // never declared: kept
      callerName: "",
      callerId: "+13175550100",
      mediaRegions: ["us-east-1"],
      mediaRegionsUseLatencyBased: true,
      cloudProxyForceTurn: false,
      location: { id: valid.locationId },
    });
    expect(body).not.toHaveProperty("primaryEdges");
    expect(body).not.toHaveProperty("secondaryEdges");
    expect(body).not.toHaveProperty("edges");
  });

  it("clears a removed window and NTP list, keeps an undeclared one", () => {
    const base = putBaseFromApi(apiSite);
    const next: SiteInputs = { ...inputs, edgeAutoUpdate: undefined, ntpServers: undefined };
    const cleared = toPutBody(next, base, ["edgeAutoUpdate", "ntpServers"]);
    expect(cleared).not.toHaveProperty("edgeAutoUpdateConfig");
    expect(cleared.ntpSettings).toEqual({ servers: [] });
    const kept = toPutBody(next, base, []);
    expect(kept.edgeAutoUpdateConfig).toEqual(apiSite.edgeAutoUpdateConfig);
    expect(kept.ntpSettings).toEqual({ servers: ["time.example.com"] });
  });
});

describe("Site diff", () => {
  const i = checkSite(valid).inputs;
  const d = (news: SiteInputs) => provider.diff!("id", i as never, news);

  it.each<[string, Partial<SiteInputs>, boolean, string[] | undefined]>([
    ["nothing", {}, false, undefined],
    ["rename", { name: "Other" }, true, undefined],
    ["location", { locationId: "loc-2" }, true, undefined],
    ["window", { edgeAutoUpdate: { ...valid.edgeAutoUpdate, end: "06:00" } }, true, undefined],
    ["media model", { mediaModel: "Premises" }, true, ["mediaModel"]],
    ["adoptId only", { adoptId: "x" }, false, undefined],
  ])("%s", async (_l, over, changes, replaces) => {
    const r = await d({ ...i, ...over });
    expect(r.changes).toBe(changes);
    expect(r.replaces).toEqual(replaces);
    expect(r.deleteBeforeReplace).toBe(replaces ? true : undefined);
  });
});
