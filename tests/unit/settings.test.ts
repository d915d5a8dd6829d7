/**
 * The settings' schema (settingsSchema.ts): the component's arguments get the stack config's
 * messages, each section's table names every input its resource check reports on, and values not
 * known yet are left to the resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkArgs, type ByocTelephonyArgs } from "../../component";
import { UNKNOWN } from "../../resources/common/validate";
import { CARRIER, LOCATION, ROUTE, SITE, checkSection, type Section } from "../../settingsSchema";

const args = (over: Partial<ByocTelephonyArgs> = {}): ByocTelephonyArgs => ({
  location: { name: "HQ", number: "+13175550100", street1: "1 Main St", city: "Indy", country: "US" },
  site: { name: "Site" },
  carriers: {
    primary: {
      externalTrunkName: "Primary",
      sipServers: ["sip.p.example"],
      inboundSipTerminationIdentifier: "p",
    },
    intl: { externalTrunkName: "Intl", sipServers: ["sip.i.example"], inboundSipTerminationIdentifier: "i" },
  },
  ...over,
});

describe("the component's arguments", () => {
  it("pass when they are good", () => {
    expect(checkArgs(args())).toEqual([]);
  });

  it("fail with the stack config's messages, named carriers.<key>.… and routes[i].…", () => {
    const a = args();
    a.location!.country = "ZZ";
    a.carriers.intl.sipServers = ["bad host!"];
    a.routes = [
      { carriers: ["primary"] },
      { name: "Intl", carriers: ["intl", "nope"], classificationTypes: ["Bogus"] },
    ];
    expect(checkArgs(a)).toEqual([
      'location.country "ZZ" is not an ISO 3166-1 country code: use an ISO 3166-1 alpha-2 country code such as US, GB or DE',
      'carriers.intl.sipServers[0] "bad host!" is not host[:port], e.g. sip.carrier.example or 203.0.113.10:5060',
      'routes[1].carriers: "nope" is not a key under carriers (primary, intl)',
      expect.stringMatching(
        /^routes\[1\]\.classificationTypes: "Bogus" is not a classification of a new site; use "Emergency"/,
      ),
    ]);
  });

  it("leave a value given as an Output to the resource, and still judge the rest", () => {
    const a = args({ namePrefix: "dev-" });
    a.location!.number = pulumi.output("not a number") as unknown as string;
    a.site!.rrule = "FREQ=HOURLY";
    a.carriers.primary.password = pulumi.secret("pw");
    a.carriers.primary.userName = "u";
    expect(checkArgs(a)).toEqual([expect.stringMatching(/^site\.rrule "FREQ=HOURLY" is not supported/)]);
  });

  it("name a missing section and an empty carrier map", () => {
    expect(checkArgs({ ...args(), carriers: {} })).toEqual([
      "carriers is empty: declare at least one carrier",
    ]);
    expect(checkArgs({ ...args(), site: undefined } as unknown as ByocTelephonyArgs)).toEqual([
      "site is required (see ByocTelephonyArgs)",
    ]);
  });
});

describe("each section", () => {
  // A value every setting of the sections refuses (wrong type), so each check reports on every input it can.
  const bad = (section: Section) =>
    Object.fromEntries([...section.required, ...Object.values(section.keys)].map((k) => [k, { bad: true }]));
  it.each([
    ["location", LOCATION],
    ["site", SITE],
    ["carriers.a", CARRIER],
    ["routes[0]", ROUTE],
  ] as const)("%s: every failure names a setting of the section, never a resource input", (path, section) => {
    const issues = checkSection(section, bad(section), path, "");
    expect(issues.length).toBeGreaterThan(0);
    const settings = new Set(
      [...section.required, ...Object.values(section.keys)].map((k) => `${path}.${k}`),
    );
    for (const i of issues) {
      expect(settings).toContain(i.key);
      expect(i.message.startsWith(i.key)).toBe(true);
    }
  });

  it("skips a setting that holds the engine's unknown placeholder", () => {
    const raw = { name: "HQ", number: UNKNOWN, street1: "1 Main St", city: "Indy", country: "ZZ" };
    expect(checkSection(LOCATION, raw, "location", "").map((i) => i.key)).toEqual(["location.country"]);
  });
});
