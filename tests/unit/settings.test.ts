/**
 * The settings' schema (settings/): the component's arguments get the stack config's
 * messages, each section's table names every input its resource check reports on, and values not
 * known yet are left to the resources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ByocTelephonyArgs } from "../../lib";
import { checkArgs } from "../../lib/component";
import { DOCS } from "../../resources/common/section";
import { UNKNOWN } from "../../resources/common/validate";
import type { DidPoolArgs } from "../../resources/didPool";
import {
  CARRIER,
  DID_POOL,
  DID_POOLS_SHAPE,
  LOCATION,
  ROUTE,
  SITE,
  checkSection,
  checkSettings,
  didPoolEntries,
  type Section,
} from "../../settings";

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
    ["didPools[1]", DID_POOL],
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

describe("the estate form (sites, didPools)", () => {
  const loc = (country: string, number: string) => ({
    name: `HQ ${country}`,
    number,
    street1: "1 Main St",
    city: "Town",
    country,
  });
  const estate = (over: Partial<ByocTelephonyArgs> = {}): ByocTelephonyArgs => ({
    carriers: {
      us: { externalTrunkName: "US", sipServers: ["sip.us.example"], inboundSipTerminationIdentifier: "us" },
      uk: { externalTrunkName: "UK", sipServers: ["sip.uk.example"], inboundSipTerminationIdentifier: "uk" },
    },
    sites: {
      indy: { location: loc("US", "+13175550100"), site: { name: "Indy" }, routes: [{ carriers: ["us"] }] },
      london: {
        location: loc("GB", "+442071838750"),
        site: { name: "London" },
        numberPlans: [
          { name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: "^\\+447\\d{9}$" },
        ],
        routes: [
          { carriers: ["uk"] },
          { name: "Mobile", carriers: ["uk", "us"], classificationTypes: ["UK Mobile"] },
        ],
      },
    },
    didPools: { indy: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" } },
    ...over,
  });
  const poolsOf = (a: ByocTelephonyArgs) => a.didPools as Record<string, DidPoolArgs>;

  it("passes a good estate: a route may use a classification its site's plans declare", () => {
    expect(checkArgs(estate())).toEqual([]);
  });

  it("refuses sites together with location, site or routes", () => {
    const a = { ...estate(), location: loc("US", "+13175550100"), routes: [] };
    expect(checkArgs(a)).toEqual([
      "location, routes and sites are exclusive: declare each site's location, site and routes under sites.<key>",
    ]);
  });

  it("names every problem by its key path under sites, carriers and didPools", () => {
    const a = estate();
    a.sites!.london.numberPlans![0].match = "([";
    a.sites!.london.numberPlans!.push({ name: "uk mobile", classification: "X", matchType: "digitLength" });
    a.sites!.indy.site.rrule = "FREQ=HOURLY";
    poolsOf(a).london = { startPhoneNumber: "+13175550100", endPhoneNumber: "+4420" };
    expect(checkArgs(a)).toEqual([
      expect.stringMatching(/^sites\.indy\.site\.rrule "FREQ=HOURLY" is not supported/),
      expect.stringMatching(/^sites\.london\.numberPlans\[0\]\.match is not a valid regular expression/),
      expect.stringMatching(
        /^sites\.london\.numberPlans\[1\]\.digitLength is required for matchType digitLength/,
      ),
      expect.stringMatching(
        /^sites\.london\.numberPlans\[1\]\.name "uk mobile" repeats sites\.london\.numberPlans\[0\]\.name/,
      ),
      expect.stringMatching(/^didPools\.london\.endPhoneNumber /),
    ]);
  });

  it("checks the references across sections before any write", () => {
    const a = estate();
    a.carriers.uk.inboundSite = "paris";
    a.sites!.indy.routes = [{ name: "Mobile", carriers: ["us", "fr"], classificationTypes: ["UK Mobile"] }];
    a.sites!.london.site.name = "indy";
    poolsOf(a).more = { startPhoneNumber: "+13175550150", endPhoneNumber: "+13175550250" };
    expect(checkArgs(a)).toEqual([
      'sites.indy.routes[0].carriers: "fr" is not a key under carriers (us, uk)',
      'sites.indy.routes[0].classificationTypes: "UK Mobile" is not a classification of the site\'s number plans; use "Emergency", "Extension", "National", "International", "Network", "Suicide Prevention", or declare a plan with classification "UK Mobile" under sites.indy.numberPlans',
      'sites.london.site.name repeats sites.indy.site.name ("indy"): each site needs its own site name',
      'carriers.uk.inboundSite: "paris" is not a key under sites (indy, london): name one of them',
      "didPools.more.startPhoneNumber..endPhoneNumber +13175550150..+13175550250 overlaps didPools.indy +13175550100..+13175550199: a number can be in only one DID pool; change one of the ranges",
    ]);
  });

  it("requires each site's location and site, and a key that can name resources", () => {
    const a = estate();
    a.sites = { "bad key": a.sites!.indy, ok: { site: { name: "Ok" } } as never };
    expect(checkArgs(a)).toEqual([
      'sites.bad key: a site key is letters, digits, "-" and "_" (it names the Pulumi resources <key>-site, …)',
      "sites.ok.location is required (an object with the keys of location; see docs/configuration.md, Whole estates)",
    ]);
  });
});

describe("messages that point to the docs", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "location not an object",
      { location: "HQ" },
      "location must be an object (see README.md, Use it from your own Pulumi program, for an example)",
    ],
    [
      "site not an object",
      { site: [] },
      "site must be an object (see README.md, Use it from your own Pulumi program, for an example)",
    ],
    [
      "a carrier not an object",
      { carriers: { us: "x" } },
      "carriers.us must be an object like sipTrunk (see docs/configuration.md, Several carriers and routes)",
    ],
    [
      "a site not an object",
      { sites: { indy: 1 }, carriers: {} },
      "sites.indy must be an object with location, site, numberPlans and routes (see docs/configuration.md, Whole estates)",
    ],
    [
      "a site without its location",
      { sites: { indy: { site: { name: "Indy" } } }, carriers: {} },
      "sites.indy.location is required (an object with the keys of location; see docs/configuration.md, Whole estates)",
    ],
    [
      "a site whose site is not an object",
      { sites: { indy: { location: {}, site: "Indy" } }, carriers: {} },
      "sites.indy.site must be an object with the keys of site (see docs/configuration.md, Whole estates)",
    ],
    [
      "didPools neither a map nor a list",
      { didPools: 7 },
      "didPools must be a map from a key of your choice to { startPhoneNumber, endPhoneNumber, description, comments } (see docs/configuration.md, Whole estates)",
    ],
  ])("%s: names the doc and its section", (_case, settings, message) => {
    expect(checkSettings(settings).map((i) => i.message)).toContain(message);
  });

  it.each(Object.entries(DOCS))(
    "%s: the file exists and has a heading that begins with the section named",
    (_key, where) => {
      const [file, section] = where.split(", ");
      const text = fs.readFileSync(path.join(__dirname, "../..", file), "utf8");
      expect(
        text.split("\n").filter((l) => /^#+ /.test(l) && l.replace(/^#+ /, "").startsWith(section)),
      ).toHaveLength(1);
    },
  );
});

describe("DID pools: by key, or as the list stacks had before keys", () => {
  const US = { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" };
  const GB = { startPhoneNumber: "+442071838750", endPhoneNumber: "+442071838759" };

  it("takes both forms", () => {
    expect(checkSettings({ didPools: { indianapolis: US, london: GB } })).toEqual([]);
    expect(checkSettings({ didPools: [US, GB] })).toEqual([]);
  });

  it("names a keyed pool didpool-<key>, with an alias to the list-form name of its start", () => {
    expect(didPoolEntries({ indianapolis: US, london: { ...GB, startPhoneNumber: UNKNOWN } })).toEqual([
      {
        path: "didPools.indianapolis",
        key: "indianapolis",
        child: "didpool-indianapolis",
        formerChild: "didpool-13175550100",
        pool: US,
      },
      // A start not known yet names no former pool.
      {
        path: "didPools.london",
        key: "london",
        child: "didpool-london",
        pool: { ...GB, startPhoneNumber: UNKNOWN },
      },
    ]);
  });

  it("names a list-form pool after the digits of its start, as it always was, with no alias", () => {
    expect(didPoolEntries([US, GB])).toEqual([
      { path: "didPools[0]", child: "didpool-13175550100", pool: US },
      { path: "didPools[1]", child: "didpool-442071838750", pool: GB },
    ]);
  });

  it("refuses a key that cannot name a resource or that reads as a list-form name, naming it", () => {
    expect(
      checkSettings({
        didPools: { "bad key": US, "13175550100": GB, ok_1: { ...US, startPhoneNumber: "+1" } },
      }),
    ).toEqual([
      {
        key: "didPools.bad key",
        message:
          'didPools.bad key: a DID pool key is letters, digits, "-" and "_", starting with a letter, e.g. indianapolis (it names the Pulumi resource didpool-<key>)',
      },
      {
        key: "didPools.13175550100",
        message:
          'didPools.13175550100: a DID pool key is letters, digits, "-" and "_", starting with a letter, e.g. indianapolis (it names the Pulumi resource didpool-<key>)',
      },
      {
        key: "didPools.ok_1.startPhoneNumber",
        message: expect.stringMatching(/^didPools\.ok_1\.startPhoneNumber /),
      },
    ]);
  });

  it("names a keyed pool's fields and overlaps by key, a list-form pool's by index", () => {
    const overlap = { startPhoneNumber: "+13175550150", endPhoneNumber: "+13175550250" };
    expect(checkSettings({ didPools: { us: US, more: overlap, gb: "x" } }).map((i) => i.message)).toEqual([
      "didPools.gb must be an object with startPhoneNumber and endPhoneNumber",
      "didPools.more.startPhoneNumber..endPhoneNumber +13175550150..+13175550250 overlaps didPools.us +13175550100..+13175550199: a number can be in only one DID pool; change one of the ranges",
    ]);
    expect(
      checkSettings({ didPools: [US, { endPhoneNumber: "+13175550199" }] }).map((i) => i.message),
    ).toEqual(["didPools[1].startPhoneNumber is required"]);
  });

  it("refuses didPools that is neither a map nor a list", () => {
    expect(checkSettings({ didPools: "+13175550100" })).toEqual([
      { key: "didPools", message: DID_POOLS_SHAPE },
    ]);
  });

  it("the component: takes either form; a list-form start given as an Output cannot name its pool", () => {
    const a = args();
    expect(checkArgs({ ...a, didPools: { indianapolis: US } })).toEqual([]);
    expect(checkArgs({ ...a, didPools: [US] })).toEqual([]);
    // Keyed, the start may be an Output (the resource checks it once known).
    expect(
      checkArgs({ ...a, didPools: { indianapolis: { ...US, startPhoneNumber: pulumi.output("+1") } } }),
    ).toEqual([]);
    expect(
      checkArgs({ ...a, didPools: [{ ...US, startPhoneNumber: pulumi.output(US.startPhoneNumber) }] }),
    ).toEqual([
      "didPools[0].startPhoneNumber: a pool of the list form is named after its first number, which must be known when the program runs; declare the pools by key instead (didPools: { <key>: { … } })",
    ]);
  });
});
