/**
 * Stack config: what loadConfig accepts (one carrier or several, routes), and the one message
 * naming every stack config key to fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../../program/config";

const P = "genesys-byoc";
const location = {
  name: "HQ",
  number: "+13175550100",
  street1: "1 Main St",
  city: "Indy",
  country: "US",
};
const trunk = (id: string) => ({
  externalTrunkName: `Carrier ${id}`,
  sipServers: [`sip.${id}.example`],
  inboundSipTerminationIdentifier: `acme-${id}`,
});
const good = {
  [`${P}:location`]: location,
  [`${P}:site`]: { name: "Site" },
  [`${P}:sipTrunk`]: {
    externalTrunkName: "Carrier",
    sipServers: "sip.carrier.example",
    inboundSipTerminationIdentifier: "acme",
    userName: "u",
    password: "pw",
  },
};

function setConfig(values: Record<string, unknown>, secretKeys: string[] = []): void {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat, secretKeys);
}

function messageOf(values: Record<string, unknown>): string {
  setConfig(values);
  try {
    loadConfig();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("loadConfig accepted the config");
}

function value<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

beforeAll(async () => {
  await pulumi.runtime.setMocks({ newResource: () => ({ id: "x", state: {} }), call: () => ({}) }, P, "test");
});

describe("loadConfig", () => {
  it("reads the seed-shaped config; a single SIP server becomes a list; the password stays a secret", async () => {
    setConfig(good, [`${P}:sipTrunk`]);
    const cfg = loadConfig();
    expect(cfg.namePrefix).toBe("");
    expect(cfg.carriers).toHaveLength(1);
    const [c] = cfg.carriers;
    expect(c).toMatchObject({ key: "sipTrunk", resourceName: "trunk", configPath: "sipTrunk" });
    expect(c.trunk.sipServers).toEqual(["sip.carrier.example"]);
    expect(JSON.stringify(c.trunk)).not.toContain("pw");
    expect(await pulumi.isSecret(c.password!)).toBe(true);
    expect(await value(c.password!)).toBe("pw");
    expect(cfg.routes).toEqual([{ carriers: ["sipTrunk"], resourceName: "outbound-route" }]);
  });

  it("reads several carriers and routes; each carrier's password stays a secret", async () => {
    setConfig(
      {
        [`${P}:location`]: location,
        [`${P}:site`]: { name: "Site" },
        [`${P}:carriers`]: {
          primary: { ...trunk("primary"), userName: "p", password: "pw-primary" },
          failover: trunk("failover"),
          intl: { ...trunk("intl"), userName: "i", password: "pw-intl" },
        },
        [`${P}:routes`]: [
          { carriers: ["primary", "failover"] },
          { name: "International", carriers: ["intl"], classificationTypes: ["International"] },
        ],
      },
      [`${P}:carriers`],
    );
    const cfg = loadConfig();
    expect(cfg.carriers.map((c) => [c.key, c.resourceName])).toEqual([
      ["primary", "trunk-primary"],
      ["failover", "trunk-failover"],
      ["intl", "trunk-intl"],
    ]);
    expect(await value(cfg.carriers[2].password!)).toBe("pw-intl");
    expect(await pulumi.isSecret(cfg.carriers[0].password!)).toBe(true);
    expect(cfg.carriers[1].password).toBeUndefined();
    expect(cfg.routes).toEqual([
      { carriers: ["primary", "failover"], resourceName: "outbound-route" },
      {
        name: "International",
        carriers: ["intl"],
        classificationTypes: ["International"],
        resourceName: "route-international",
      },
    ]);
  });

  it("without routes, the default route carries every carrier in order", () => {
    setConfig({
      [`${P}:location`]: location,
      [`${P}:site`]: { name: "Site" },
      [`${P}:carriers`]: { a: trunk("a"), b: trunk("b") },
    });
    expect(loadConfig().routes).toEqual([{ carriers: ["a", "b"], resourceName: "outbound-route" }]);
  });

  it("lists every missing or mistyped key in one message, and its last line agrees with the advice", () => {
    const message = messageOf({
      [`${P}:location`]: { name: "HQ", number: 13175550100, street1: "x", city: "y" },
      [`${P}:sipTrunk`]: { externalTrunkName: "C", sipServers: ["s"], userName: "u" },
    });
    expect(message).toMatch(/- site \(an object/);
    expect(message).toMatch(/- location\.country/);
    expect(message).toMatch(/- sipTrunk\.inboundSipTerminationIdentifier/);
    expect(message).toMatch(/location\.number was stored as the number 13175550100/);
    expect(message).toMatch(/--type string location\.number "\+13175550100"/);
    expect(message).toMatch(/sipTrunk\.userName and sipTrunk\.password go together/);
    expect(message.split("\n").pop()).toMatch(/--type string/);
  });

  it("names the stack config key, not the resource input, for bad values", () => {
    const message = messageOf({
      ...good,
      [`${P}:location`]: { ...location, number: "+1317", country: "ZZ" },
      [`${P}:site`]: { name: "Site", rrule: "FREQ=HOURLY", windowStart: "25:00", timeZone: "Mars/Base" },
      [`${P}:sipTrunk`]: { ...good[`${P}:sipTrunk`], sipServers: ["bad host!"], aclAllowList: ["300.1.1.1"] },
    });
    expect(message).toMatch(/- location\.number \+1317 is not a possible phone number/);
    expect(message).toMatch(/- location\.country "ZZ" is not an ISO 3166-1 country code/);
    expect(message).toMatch(/- site\.rrule "FREQ=HOURLY" is not supported/);
    expect(message).toMatch(/- site\.windowStart must be a local time/);
    expect(message).toMatch(/- site\.timeZone "Mars\/Base" is not an IANA time zone/);
    expect(message).toMatch(/- sipTrunk\.sipServers\[0\] "bad host!" is not host\[:port\]/);
    expect(message).toMatch(/- sipTrunk\.aclAllowList\[0\] "300\.1\.1\.1"/);
    expect(message).not.toMatch(/emergencyNumber|edgeAutoUpdate|address\./);
  });

  it("refuses names that are empty once the prefix is set aside, and control characters", () => {
    const message = messageOf({
      ...good,
      [`${P}:namePrefix`]: "dev-",
      [`${P}:location`]: { ...location, name: "" },
      [`${P}:site`]: { name: "Site\nTwo" },
      [`${P}:sipTrunk`]: { ...good[`${P}:sipTrunk`], externalTrunkName: "  " },
    });
    expect(message).toMatch(/- location\.name is required/);
    expect(message).toMatch(/- site\.name contains a control character \(U\+000a/);
    expect(message).toMatch(/- sipTrunk\.externalTrunkName is required/);
    expect(messageOf({ ...good, [`${P}:namePrefix`]: "dev\t" })).toMatch(
      /- namePrefix contains a control character/,
    );
  });

  it("refuses classifications a new site does not have, listing the valid ones", () => {
    const message = messageOf({
      ...good,
      [`${P}:route`]: { name: "Calls", classificationTypes: ["Bogus Calls"] },
    });
    expect(message).toMatch(
      /route\.classificationTypes: "Bogus Calls" is not a classification of a new site; use "Emergency"/,
    );
  });

  it("checks the routes of several carriers against each other", () => {
    const message = messageOf({
      [`${P}:location`]: location,
      [`${P}:site`]: { name: "Site" },
      [`${P}:carriers`]: { a: trunk("a"), b: { ...trunk("b"), inboundSipTerminationIdentifier: "ACME-a" } },
      [`${P}:routes`]: [
        { carriers: ["a", "nope"] },
        { carriers: ["b"] },
        { name: "Intl", carriers: ["b", "b"] },
        { name: "Long distance", carriers: ["a"], classificationTypes: ["International"] },
      ],
    });
    expect(message).toMatch(/routes\[0\]\.carriers: "nope" is not a key under carriers \(a, b\)/);
    expect(message).toMatch(/only one entry may omit name/);
    expect(message).toMatch(/routes\[2\]\.carriers lists a carrier more than once/);
    expect(message).toMatch(/routes\[3\] and routes\[2\] both serve "International"/);
    expect(message).toMatch(/carriers\.b\.inboundSipTerminationIdentifier repeats carriers\.a/);
  });

  it("refuses route names that differ only in case or punctuation (one Pulumi resource name)", () => {
    const message = messageOf({
      [`${P}:location`]: location,
      [`${P}:site`]: { name: "Site" },
      [`${P}:carriers`]: { a: trunk("a"), b: trunk("b") },
      [`${P}:routes`]: [
        { name: "Long Distance", carriers: ["a"], classificationTypes: ["National"] },
        { name: "long-distance", carriers: ["b"], classificationTypes: ["International"] },
      ],
    });
    expect(message).toMatch(
      /- routes\[1\]\.name "long-distance" and routes\[0\]\.name "Long Distance" differ only in case or punctuation, so both would be the Pulumi resource route-long-distance/,
    );
  });

  it("takes the emergency number's type, and names location.numberType when it is not one", () => {
    expect(messageOf({ ...good, [`${P}:location`]: { ...location, numberType: "cell" } })).toMatch(
      /- location\.numberType/,
    );
    setConfig({ ...good, [`${P}:location`]: { ...location, numberType: "elin" } });
    expect(loadConfig().location?.numberType).toBe("elin");
  });

  it("names each missing key once, with 'is required'", () => {
    const message = messageOf({
      ...good,
      [`${P}:location`]: { street1: "1 Main St", city: "Indianapolis", country: "US" },
      [`${P}:site`]: { description: "no name" },
    });
    for (const key of ["location.name", "location.number", "site.name"]) {
      expect(message.split("\n").filter((l) => l.startsWith("  - ") && l.includes(key))).toEqual([
        `  - ${key} is required`,
      ]);
    }
  });

  it("refuses a protect that is not true or false, in the same one message", () => {
    const message = messageOf({ ...good, [`${P}:protect`]: "yes", [`${P}:site`]: {} });
    expect(message).toMatch(/- protect must be true or false, got "yes"/);
    expect(message).toMatch(/- site \(an object/);
  });

  it("refuses sipTrunk and carriers together, and routes without carriers", () => {
    expect(messageOf({ ...good, [`${P}:carriers`]: { a: trunk("a") } })).toMatch(
      /either sipTrunk .* or carriers/,
    );
    expect(messageOf({ ...good, [`${P}:routes`]: [{ carriers: ["sipTrunk"] }] })).toMatch(
      /use it with carriers/,
    );
  });
});

describe("loadConfig, the estate form (sites, didPools)", () => {
  const gb = { ...location, name: "London", number: "+442071838750", country: "GB" };
  const estate = {
    [`${P}:carriers`]: { us: trunk("us"), uk: { ...trunk("uk"), inboundSite: "london" } },
    [`${P}:sites`]: {
      indy: { location, site: { name: "Indy" } },
      london: {
        location: gb,
        site: { name: "London" },
        numberPlans: [
          { name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: "^\\+447\\d{9}$" },
        ],
        routes: [{ name: "UK Mobile", carriers: ["uk", "us"], classificationTypes: ["UK Mobile"] }],
      },
    },
    [`${P}:didPools`]: { indianapolis: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" } },
  };

  it("reads the sites, the carriers with their inbound site, and the pools", () => {
    setConfig(estate);
    const cfg = loadConfig();
    expect(cfg.location).toBeUndefined();
    expect(cfg.routes).toEqual([]);
    expect(Object.keys(cfg.sites!)).toEqual(["indy", "london"]);
    expect(cfg.carriers.map((c) => [c.key, c.configPath, c.trunk.inboundSite])).toEqual([
      ["us", "carriers.us", undefined],
      ["uk", "carriers.uk", "london"],
    ]);
    expect(cfg.didPools).toEqual({
      indianapolis: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
    });
  });

  it("refuses sites with the single-site keys, naming each", () => {
    const message = messageOf({
      ...estate,
      [`${P}:location`]: location,
      [`${P}:route`]: { name: "Intl" },
      [`${P}:sipTrunk`]: trunk("x"),
    });
    expect(message).toMatch(
      /- location: set either sites .* or location, site and route\/routes \(one site\), not both/,
    );
    expect(message).toMatch(/- route: set either sites/);
    expect(message).toMatch(/- sipTrunk: with sites, declare the carriers by key under carriers/);
  });

  it("names each key path, and checks references before any write", () => {
    const message = messageOf({
      ...estate,
      [`${P}:carriers`]: { us: trunk("us"), uk: { ...trunk("uk"), inboundSite: "paris" } },
      [`${P}:sites`]: {
        indy: { location: { ...location, number: 13175550100 }, site: { name: "Indy" } },
        london: {
          location: gb,
          site: { name: "London" },
          numberPlans: [{ name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: "(" }],
          routes: [{ name: "Mobile", carriers: ["uk"], classificationTypes: ["UK Mobiles"] }],
        },
      },
      [`${P}:didPools`]: {
        indianapolis: { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
        more: { startPhoneNumber: "+13175550199", endPhoneNumber: 13175550299 },
      },
    });
    expect(message).toMatch(/- sites\.indy\.location\.number was stored as the number 13175550100/);
    expect(message).toMatch(/- sites\.london\.numberPlans\[0\]\.match is not a valid regular expression/);
    expect(message).toMatch(
      /- sites\.london\.routes\[0\]\.classificationTypes: "UK Mobiles" is not a classification of the site's number plans/,
    );
    expect(message).toMatch(/- carriers\.uk\.inboundSite: "paris" is not a key under sites \(indy, london\)/);
    expect(message).toMatch(/- didPools\.more\.endPhoneNumber was stored as the number 13175550299/);
  });

  it("names the doc and section for sites that is not a map", () => {
    expect(messageOf({ [`${P}:sites`]: ["indy"] })).toContain(
      "- sites must be a map from a site key to { location, site, numberPlans, routes } (see docs/configuration.md, Whole estates)",
    );
  });

  it("takes didPools with the single-site form too", () => {
    setConfig({ ...good, [`${P}:didPools`]: estate[`${P}:didPools`] });
    expect(Object.keys(loadConfig().didPools!)).toEqual(["indianapolis"]);
    expect(messageOf({ ...good, [`${P}:didPools`]: { us: { startPhoneNumber: "+13175550100" } } })).toMatch(
      /- didPools\.us\.endPhoneNumber is required/,
    );
    expect(messageOf({ ...good, [`${P}:didPools`]: 13175550100 })).toMatch(
      /- didPools must be a map from a key of your choice to \{ startPhoneNumber, endPhoneNumber, description, comments \} \(see docs\/configuration\.md, Whole estates\)/,
    );
  });

  it("still reads the list stacks were written with before keys, naming its entries by index", () => {
    const list = [
      { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" },
      { startPhoneNumber: "+13175550199", endPhoneNumber: "+13175550299" },
    ];
    setConfig({ ...good, [`${P}:didPools`]: [list[0]] });
    expect(loadConfig().didPools).toEqual([list[0]]);
    expect(messageOf({ ...good, [`${P}:didPools`]: list })).toMatch(
      /- didPools\[1\]\.startPhoneNumber\.\.endPhoneNumber .* overlaps didPools\[0\]/,
    );
    expect(messageOf({ ...good, [`${P}:didPools`]: [{ startPhoneNumber: 13175550100 }] })).toMatch(
      /- didPools\[0\]\.startPhoneNumber was stored as the number 13175550100/,
    );
  });
});
