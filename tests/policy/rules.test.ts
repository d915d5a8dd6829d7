/**
 * Every policy of the pack, through the function the policy SDK calls: a compliant case and a
 * violating case each, settings from the policy's config, and unknown preview values skipped.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { makePolicies } from "../../policy/policies";
import { isUnknown, stackFacts } from "../../policy/rules";
import {
  UNKNOWN,
  binding,
  didPool,
  location,
  numberPlans,
  policy,
  site,
  trunk,
  validateResource,
  validateStack,
} from "./helpers";

const GOOD_STACK = () => [location(), site(), trunk(), binding(), numberPlans(), didPool()];
const policies = makePolicies();

describe("the pack's metadata", () => {
  it("gives every policy an explicit enforcement level and a description", () => {
    for (const p of policies) {
      expect(["advisory", "mandatory"]).toContain(p.enforcementLevel);
      expect(p.description.length).toBeGreaterThan(10);
      expect(p.name).toMatch(/^[a-z0-9-]+$/);
    }
    expect(new Set(policies.map((p) => p.name)).size).toBe(policies.length);
  });

  it("is listed in docs/policy.md's rules table, in order, with each policy's level", () => {
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/policy.md"), "utf8");
    const table = doc.slice(doc.indexOf("| rule | level |"));
    const rows = [...table.matchAll(/^\| `([a-z0-9-]+)` \| (advisory|mandatory) \|/gm)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(rows).toEqual(policies.map((p) => [p.name, p.enforcementLevel]));
  });

  it("gives every setting a default", () => {
    for (const p of policies) {
      for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
        expect({ policy: p.name, key, hasDefault: "default" in schema }).toEqual({
          policy: p.name,
          key,
          hasDefault: true,
        });
      }
    }
  });

  it("finds no violation in a compliant stack, with every policy's defaults", async () => {
    const found: string[] = [];
    for (const p of policies) {
      if ("validateStack" in p) found.push(...(await validateStack(p.name, GOOD_STACK())));
      else for (const r of GOOD_STACK()) found.push(...(await validateResource(p.name, r)));
    }
    expect(found).toEqual([]);
  });
});

describe("e164-numbers", () => {
  it("passes E.164 emergency numbers, caller ids and calling addresses", async () => {
    for (const r of [location(), site(), trunk()])
      expect(await validateResource("e164-numbers", r)).toEqual([]);
  });
  it("refuses a number that is not E.164, naming the field", async () => {
    expect(
      await validateResource("e164-numbers", location({ emergencyNumber: { number: "317-555-0100" } })),
    ).toEqual([expect.stringMatching(/^emergencyNumber\.number must be an E\.164 number/)]);
    expect(await validateResource("e164-numbers", site({ callerId: "+1555" }))).toEqual([
      expect.stringMatching(/callerId/),
    ]);
    expect(
      await validateResource("e164-numbers", trunk({ outboundIdentity: { callingAddress: "+99912345678" } })),
    ).toEqual([expect.stringMatching(/outboundIdentity\.callingAddress/)]);
  });
  it("skips a number not known during preview", async () => {
    expect(
      await validateResource("e164-numbers", location({ emergencyNumber: { number: UNKNOWN } })),
    ).toEqual([]);
    expect(await validateResource("e164-numbers", didPool({ startPhoneNumber: UNKNOWN }))).toEqual([]);
  });
  it("passes a DID pool range, and a possible number not valid for its country (that is advisory)", async () => {
    expect(await validateResource("e164-numbers", didPool())).toEqual([]);
    expect(await validateResource("e164-numbers", site({ callerId: "+11235550100" }))).toEqual([]);
  });
  it("refuses a DID pool whose ends are not possible numbers or not a range", async () => {
    expect(await validateResource("e164-numbers", didPool({ endPhoneNumber: "+1317555019" }))).toEqual([
      "endPhoneNumber +1317555019 is not a possible phone number: it is too short for a number of country code +1; check the digits",
    ]);
    expect(await validateResource("e164-numbers", didPool({ startPhoneNumber: "3175550100" }))).toEqual([
      expect.stringMatching(/^startPhoneNumber must be an E\.164 number/),
    ]);
    expect(await validateResource("e164-numbers", didPool({ endPhoneNumber: "+13175550099" }))).toEqual([
      "endPhoneNumber +13175550099 is below startPhoneNumber +13175550100: swap them, the start is the lower number",
    ]);
    expect(await validateResource("e164-numbers", didPool({ endPhoneNumber: "+33612345678" }))).toEqual([
      expect.stringMatching(/^endPhoneNumber \+33612345678 has country code \+33 but startPhoneNumber/),
    ]);
  });
});

describe("phone-numbers-valid-for-country", () => {
  const NOT_VALID = (field: string, n: string) =>
    `${field} ${n} is not a valid number of country code +1 in the phone number metadata this project uses ` +
    "(no assigned range holds it): check the number; Genesys may refuse it";
  it("is advisory and passes numbers valid for their country", async () => {
    expect(policy("phone-numbers-valid-for-country").enforcementLevel).toBe("advisory");
    for (const r of GOOD_STACK())
      expect(await validateResource("phone-numbers-valid-for-country", r)).toEqual([]);
  });
  it("flags a possible number no range of its country holds, on every kind that declares one", async () => {
    const n = "+11235550100";
    expect(
      await validateResource("phone-numbers-valid-for-country", location({ emergencyNumber: { number: n } })),
    ).toEqual([NOT_VALID("emergencyNumber.number", n)]);
    expect(await validateResource("phone-numbers-valid-for-country", site({ callerId: n }))).toEqual([
      NOT_VALID("callerId", n),
    ]);
    expect(
      await validateResource(
        "phone-numbers-valid-for-country",
        trunk({ outboundIdentity: { callingAddress: n } }),
      ),
    ).toEqual([NOT_VALID("outboundIdentity.callingAddress", n)]);
    expect(
      await validateResource(
        "phone-numbers-valid-for-country",
        didPool({ startPhoneNumber: "+11235550100", endPhoneNumber: "+11235550199" }),
      ),
    ).toEqual([NOT_VALID("startPhoneNumber", n), NOT_VALID("endPhoneNumber", "+11235550199")]);
  });
  it("flags a DID pool whose ends are in two countries of one country code", async () => {
    expect(
      await validateResource("phone-numbers-valid-for-country", didPool({ endPhoneNumber: "+14165550199" })),
    ).toEqual([
      expect.stringMatching(
        /^endPhoneNumber \+14165550199 is in CA but startPhoneNumber \+13175550100 is in US/,
      ),
    ]);
  });
  it("leaves impossible numbers to e164-numbers and skips unknown ones", async () => {
    expect(await validateResource("phone-numbers-valid-for-country", site({ callerId: "+1555" }))).toEqual(
      [],
    );
    expect(await validateResource("phone-numbers-valid-for-country", site({ callerId: UNKNOWN }))).toEqual(
      [],
    );
  });
});

describe("number-plan-regex", () => {
  it("passes plans whose regex compiles, and plans of other match types", async () => {
    const plans = [
      { name: "Crisis", classification: "National", matchType: "regex", match: "^(988|211)$" },
      {
        name: "Short",
        classification: "National",
        matchType: "digitLength",
        digitLength: { start: "3", end: "4" },
      },
    ];
    expect(await validateResource("number-plan-regex", numberPlans({ plans }))).toEqual([]);
  });
  it("refuses a regex that does not compile, naming the plan", async () => {
    const plans = [
      { name: "Crisis", classification: "National", matchType: "regex", match: "^988$" },
      { name: "Broken", classification: "National", matchType: "regex", match: "^(988$" },
    ];
    expect(await validateResource("number-plan-regex", numberPlans({ plans }))).toEqual([
      expect.stringMatching(
        /^plans\[1\]\.match \(plan "Broken"\) is not a valid regular expression \(.*\): fix it$/,
      ),
    ]);
  });
  it("skips a regex not known during preview", async () => {
    const plans = [{ name: "Crisis", classification: "National", matchType: "regex", match: UNKNOWN }];
    expect(await validateResource("number-plan-regex", numberPlans({ plans }))).toEqual([]);
  });
});

describe("sip-servers-well-formed", () => {
  it("passes host[:port] servers", async () => {
    expect(
      await validateResource(
        "sip-servers-well-formed",
        trunk({ sipServers: ["sip.example", "203.0.113.10:5060"] }),
      ),
    ).toEqual([]);
  });
  it("refuses a URL, a bad port, an empty list and a repeat", async () => {
    const bad = await validateResource(
      "sip-servers-well-formed",
      trunk({ sipServers: ["sip://carrier.example", "sip.example:70000", "a.example", "A.example"] }),
    );
    expect(bad).toEqual([
      expect.stringMatching(/sipServers\[0\] "sip:\/\/carrier.example" is not host\[:port\]/),
      expect.stringMatching(/sipServers\[1\]/),
      expect.stringMatching(/lists A.example more than once/),
    ]);
    expect(await validateResource("sip-servers-well-formed", trunk({ sipServers: [] }))).toEqual([
      expect.stringMatching(/at least one/),
    ]);
  });
  it("skips unknown servers", async () => {
    expect(await validateResource("sip-servers-well-formed", trunk({ sipServers: UNKNOWN }))).toEqual([]);
    expect(
      await validateResource("sip-servers-well-formed", trunk({ sipServers: [UNKNOWN, "ok.example"] })),
    ).toEqual([]);
  });
});

describe("sip-servers-unique", () => {
  it("passes trunks with distinct servers", async () => {
    const second = trunk(
      { sipServers: ["sip2.carrier.example"], inboundSipTerminationIdentifier: "b" },
      { name: "t2" },
    );
    expect(await validateStack("sip-servers-unique", [...GOOD_STACK(), second])).toEqual([]);
  });
  it("refuses one server on two trunks, naming both", async () => {
    const second = trunk({ sipServers: ["SIP.carrier.example:5061"] }, { name: "t2" });
    expect(await validateStack("sip-servers-unique", [...GOOD_STACK(), second])).toEqual([
      't2: SIP server sip.carrier.example:5061 is listed by both Trunk "trunk" and Trunk "t2"; each carrier server belongs to one trunk',
    ]);
  });
});

describe("sip-termination-identifier-well-formed", () => {
  it("passes a DNS label", async () => {
    expect(await validateResource("sip-termination-identifier-well-formed", trunk())).toEqual([]);
  });
  it("refuses a dotted name", async () => {
    expect(
      await validateResource(
        "sip-termination-identifier-well-formed",
        trunk({ inboundSipTerminationIdentifier: "acme.byoc" }),
      ),
    ).toEqual([expect.stringMatching(/must be a DNS label/)]);
  });
});

describe("sip-termination-identifier-unique", () => {
  it("passes distinct identifiers", async () => {
    const second = trunk(
      { sipServers: ["b.example"], inboundSipTerminationIdentifier: "acme-2" },
      { name: "t2" },
    );
    expect(await validateStack("sip-termination-identifier-unique", [...GOOD_STACK(), second])).toEqual([]);
  });
  it("refuses a shared identifier", async () => {
    const second = trunk({ sipServers: ["b.example"] }, { name: "t2" });
    expect(await validateStack("sip-termination-identifier-unique", [...GOOD_STACK(), second])).toEqual([
      expect.stringMatching(
        /^t2: inboundSipTerminationIdentifier "acme-prod" is used by both Trunk "trunk" and Trunk "t2"/,
      ),
    ]);
  });
  it("skips identifiers not known yet", async () => {
    const a = trunk({ inboundSipTerminationIdentifier: UNKNOWN });
    const b = trunk({ inboundSipTerminationIdentifier: UNKNOWN }, { name: "t2" });
    expect(await validateStack("sip-termination-identifier-unique", [a, b])).toEqual([]);
  });
});

describe("acl-allow-list", () => {
  it("passes IPs and CIDR blocks", async () => {
    expect(
      await validateResource("acl-allow-list", trunk({ aclAllowList: ["203.0.113.7", "10.0.0.0/8"] })),
    ).toEqual([]);
  });
  it("refuses a malformed entry and the whole internet, v4 and v6", async () => {
    expect(
      await validateResource("acl-allow-list", trunk({ aclAllowList: ["10.0.0.0/33", "0.0.0.0/0", "::/0"] })),
    ).toEqual([
      expect.stringMatching(/aclAllowList\[0\] "10.0.0.0\/33" is not an IP address or CIDR block/),
      expect.stringMatching(/aclAllowList\[1\] "0.0.0.0\/0" opens the trunk to the whole internet/),
      expect.stringMatching(/aclAllowList\[2\] "::\/0" opens the trunk to the whole internet/),
    ]);
  });
});

describe("trunk-digest-credentials", () => {
  it("passes a user name with a password, and a trunk without digest", async () => {
    expect(await validateResource("trunk-digest-credentials", trunk())).toEqual([]);
    expect(await validateResource("trunk-digest-credentials", trunk({ digest: undefined }))).toEqual([]);
  });
  it("refuses a user name without a password, and a password without a user name", async () => {
    expect(
      await validateResource("trunk-digest-credentials", trunk({ digest: { username: "acme" } })),
    ).toEqual([expect.stringMatching(/digest.username "acme" has no password/)]);
    expect(await validateResource("trunk-digest-credentials", trunk({ digest: { password: "x" } }))).toEqual([
      expect.stringMatching(/digest.username is required/),
    ]);
  });
  it("refuses a password kept in plain text in the stack config", async () => {
    const stack = { plaintextSecrets: ["genesys-byoc:sipTrunk.password"] };
    expect(await validateResource("trunk-digest-credentials", trunk(), { stack })).toEqual([
      expect.stringMatching(/the stack config holds genesys-byoc:sipTrunk.password in plain text/),
    ]);
  });
  it("refuses a digest that is not secret", async () => {
    const plain = trunk({}, { additionalSecretOutputs: [] });
    expect(await validateResource("trunk-digest-credentials", plain)).toEqual([
      expect.stringMatching(/digest holds the SIP password but is not secret/),
    ]);
  });
  it("skips a password not known during preview", async () => {
    expect(
      await validateResource(
        "trunk-digest-credentials",
        trunk({ digest: { username: "acme", password: UNKNOWN } }),
      ),
    ).toEqual([]);
  });
});

describe("trunk-transport", () => {
  it("is advisory and allows TLS only by default", async () => {
    expect(policy("trunk-transport").enforcementLevel).toBe("advisory");
    expect(await validateResource("trunk-transport", trunk({ transport: "TLS" }))).toEqual([]);
    expect(await validateResource("trunk-transport", trunk({ transport: "udp" }))).toEqual([
      'transport is "udp"; this stack allows tls: set transport to "tls"',
    ]);
  });
  it("treats an undeclared transport as the API default udp", async () => {
    expect(await validateResource("trunk-transport", trunk({ transport: undefined }))).toEqual([
      expect.stringMatching(/not declared \(the API default is udp\)/),
    ]);
  });
  it("takes the allowed set from its config", async () => {
    const config = { allowedTransports: ["udp", "tls"] };
    expect(await validateResource("trunk-transport", trunk({ transport: "udp" }), { config })).toEqual([]);
    expect(await validateResource("trunk-transport", trunk({ transport: "tcp" }), { config })).toHaveLength(
      1,
    );
  });
});

describe("edge-update-window", () => {
  it("passes a valid window inside the default hours 00:00–06:00", async () => {
    expect(await validateResource("edge-update-window", site())).toEqual([]);
  });
  it("refuses an unknown time zone and an unsupported rrule", async () => {
    const bad = site({
      edgeAutoUpdate: { timeZone: "Mars/Olympus", rrule: "FREQ=MONTHLY", start: "02:00", end: "05:00" },
    });
    expect(await validateResource("edge-update-window", bad)).toEqual([
      expect.stringMatching(/edgeAutoUpdate.timeZone "Mars\/Olympus" is not an IANA time zone/),
      expect.stringMatching(/edgeAutoUpdate.rrule "FREQ=MONTHLY" is not supported/),
    ]);
  });
  it("refuses a window outside the allowed hours, which come from config and may cross midnight", async () => {
    const evening = site({
      edgeAutoUpdate: { timeZone: "Europe/Paris", rrule: "FREQ=DAILY", start: "22:00", end: "01:00" },
    });
    expect(await validateResource("edge-update-window", evening)).toEqual([
      "the edge update window 22:00–01:00 (Europe/Paris) is outside the allowed hours 00:00–06:00: move edgeAutoUpdate.start/end inside them",
    ]);
    const config = { earliestStart: "21:00", latestEnd: "04:00" };
    expect(await validateResource("edge-update-window", evening, { config })).toEqual([]);
    expect(await validateResource("edge-update-window", site(), { config })).toHaveLength(1); // 02:00–05:00
  });
});

describe("name-prefix", () => {
  it("is advisory and requires nothing without a configured prefix", async () => {
    expect(policy("name-prefix").enforcementLevel).toBe("advisory");
    expect(await validateResource("name-prefix", location({ name: "HQ" }))).toEqual([]);
  });
  it("passes names with the prefix, and a binding on the default route", async () => {
    const config = { prefix: "prod-" };
    for (const r of GOOD_STACK()) expect(await validateResource("name-prefix", r, { config })).toEqual([]);
  });
  it("takes the stack's namePrefix config when the policy sets none", async () => {
    const stack = { namePrefix: "dev-" };
    expect(await validateResource("name-prefix", site({ name: "dev-Site" }), { stack })).toEqual([]);
    expect(await validateResource("name-prefix", site({ name: "Site" }), { stack })).toEqual([
      expect.stringMatching(/does not start with this stack's prefix "dev-"/),
    ]);
  });
  it("refuses a name without the prefix", async () => {
    const config = { prefix: "prod-" };
    expect(await validateResource("name-prefix", trunk({ name: "Carrier" }), { config })).toEqual([
      'name "Carrier" does not start with this stack\'s prefix "prod-" (set namePrefix in the stack config)',
    ]);
    expect(await validateResource("name-prefix", binding({ routeName: "Intl" }), { config })).toEqual([
      expect.stringMatching(/^routeName "Intl"/),
    ]);
  });
});

describe("protect-in-production", () => {
  it("requires nothing on a stack that is not production", async () => {
    expect(await validateResource("protect-in-production", location())).toEqual([]);
  });
  it("refuses unprotected Locations and Sites on a production stack (config or stack tag)", async () => {
    expect(await validateResource("protect-in-production", site(), { config: { production: true } })).toEqual(
      [
        'Site "site" is not protected on a production stack: add the resource option { protect: true } so it cannot be deleted by accident ' +
          "(this project's stack program: pulumi config set genesys-byoc:protect true)",
      ],
    );
    expect(
      await validateResource("protect-in-production", location(), {
        stackTags: { environment: "production" },
      }),
    ).toHaveLength(1);
  });
  it("treats stacks named prod or production (configurable) as production", async () => {
    expect(
      await validateResource("protect-in-production", site(), { stack: { stackName: "prod" } }),
    ).toHaveLength(1);
    expect(await validateResource("protect-in-production", site(), { stack: { stackName: "dev" } })).toEqual(
      [],
    );
    const config = { productionStacks: ["live"] };
    expect(
      await validateResource("protect-in-production", site(), { config, stack: { stackName: "live" } }),
    ).toHaveLength(1);
  });
  it("passes protected ones, and leaves trunks alone", async () => {
    const config = { production: true };
    expect(await validateResource("protect-in-production", site({}, { protect: true }), { config })).toEqual(
      [],
    );
    expect(await validateResource("protect-in-production", trunk(), { config })).toEqual([]);
  });
});

describe("binding-trunks-in-stack", () => {
  it("passes a binding to the stack's trunk", async () => {
    expect(await validateStack("binding-trunks-in-stack", GOOD_STACK())).toEqual([]);
  });
  it("refuses a trunk id from outside the stack", async () => {
    const rs = [location(), site(), trunk(), binding({ trunkIds: ["trunk-1", "someone-elses-trunk"] })];
    expect(await validateStack("binding-trunks-in-stack", rs)).toEqual([
      expect.stringMatching(
        /^outbound-route: OutboundRouteBinding "outbound-route": trunkIds\[1\] "someone-elses-trunk" is not a Trunk of this stack/,
      ),
    ]);
  });
  it("skips ids not known yet (a new or replaced trunk)", async () => {
    const rs = [
      site({ siteId: UNKNOWN }),
      trunk({ trunkId: UNKNOWN }),
      binding(
        { siteId: UNKNOWN, trunkIds: [UNKNOWN] },
        { dependsOn: { siteId: ["site"], trunkIds: ["trunk"] } },
      ),
    ];
    expect(await validateStack("binding-trunks-in-stack", rs)).toEqual([]);
  });
});

describe("route-claims-unique", () => {
  const second = (props: Record<string, unknown>) => binding(props, { name: "second" });
  it("passes bindings on different routes and classifications", async () => {
    const rs = [
      ...GOOD_STACK(),
      second({ routeName: "prod-International", classificationTypes: ["International"] }),
    ];
    expect(await validateStack("route-claims-unique", rs)).toEqual([]);
  });
  it("refuses two bindings on the site's default route", async () => {
    expect(await validateStack("route-claims-unique", [...GOOD_STACK(), second({})])).toEqual([
      'second: OutboundRouteBinding "second" and OutboundRouteBinding "outbound-route" both claim the route "Default Outbound Route" on Site "site"; give one of them its own routeName',
    ]);
  });
  it("refuses one classification on two routes of a site", async () => {
    const rs = [
      location(),
      site(),
      trunk(),
      binding({ classificationTypes: ["National", "International"] }),
      second({ routeName: "Intl", classificationTypes: ["International"] }),
    ];
    expect(await validateStack("route-claims-unique", rs)).toEqual([
      expect.stringMatching(/^second: .* both claim the classification "International" on Site "site"/),
    ]);
  });
  it("matches bindings to a new site through their dependencies while its id is unknown", async () => {
    const rs = [
      site({ siteId: UNKNOWN }),
      trunk(),
      binding({ siteId: UNKNOWN }, { dependsOn: { siteId: ["site"] } }),
      binding({ siteId: UNKNOWN }, { name: "second", dependsOn: { siteId: ["site"] } }),
    ];
    expect(await validateStack("route-claims-unique", rs)).toHaveLength(1);
    const unresolved = rs.map((r) => ({ ...r, dependsOn: undefined }));
    expect(await validateStack("route-claims-unique", unresolved)).toEqual([]);
  });
  it("skips a route name not known yet", async () => {
    expect(
      await validateStack("route-claims-unique", [...GOOD_STACK(), second({ routeName: UNKNOWN })]),
    ).toEqual([]);
  });
});

describe("site-routes-have-trunks", () => {
  it("passes a site whose route carries a trunk", async () => {
    expect(await validateStack("site-routes-have-trunks", GOOD_STACK())).toEqual([]);
  });
  it("refuses a site without a binding", async () => {
    const rs = [
      location(),
      site(),
      site({ siteId: "site-2", name: "prod-Other" }, { name: "other" }),
      trunk(),
      binding(),
    ];
    expect(await validateStack("site-routes-have-trunks", rs)).toEqual([
      expect.stringMatching(/^other: Site "other" has no outbound route carrying a trunk/),
    ]);
  });
  it("refuses a binding with no trunk", async () => {
    expect(await validateStack("site-routes-have-trunks", [site(), binding({ trunkIds: [] })])).toEqual([
      expect.stringMatching(/routes to no trunk/),
    ]);
  });
  it("does not judge while a binding's site is unknown", async () => {
    const rs = [site({ siteId: UNKNOWN }), binding({ siteId: UNKNOWN })];
    expect(await validateStack("site-routes-have-trunks", rs)).toEqual([]);
  });
});

describe("number-plan-classifications-routed", () => {
  const tollFree = numberPlans({
    plans: [
      { name: "Toll free", classification: "Toll Free", matchType: "regex", match: "^1?8(00|88)\\d{7}$" },
      {
        name: "Desk",
        classification: "Extension",
        matchType: "digitLength",
        digitLength: { start: "4", end: "6" },
      },
    ],
  });
  const named = (props: Record<string, unknown>) =>
    binding({ routeName: "prod-Toll free", ...props }, { name: "tollfree" });
  it("is advisory and passes plans whose classification a binding on the site serves", async () => {
    expect(policy("number-plan-classifications-routed").enforcementLevel).toBe("advisory");
    expect(await validateStack("number-plan-classifications-routed", GOOD_STACK())).toEqual([]);
    const rs = [site(), trunk(), binding(), named({ classificationTypes: ["Toll Free"] }), tollFree];
    expect(await validateStack("number-plan-classifications-routed", rs)).toEqual([]);
  });
  it("flags a classification no binding of the stack on that site serves (Extension needs no route)", async () => {
    const rs = [site(), trunk(), binding(), named({}), tollFree];
    expect(await validateStack("number-plan-classifications-routed", rs)).toEqual([
      'numberplans: NumberPlans "numberplans": plans[0] classifies numbers as "Toll Free", but no outbound route ' +
        'binding of this stack on Site "site" serves "Toll Free", so calls to those numbers have no route: add ' +
        '"Toll Free" to the classificationTypes of a binding on that site (or leave it to a route this stack does not manage)',
    ]);
    // A binding on another site does not count; after up, what the route really serves does.
    const elsewhere = [
      site(),
      trunk(),
      binding(),
      named({ siteId: "site-2", classificationTypes: ["Toll Free"] }),
      tollFree,
    ];
    expect(await validateStack("number-plan-classifications-routed", elsewhere)).toHaveLength(1);
    const actual = [
      site(),
      trunk(),
      binding({ classificationTypes: ["Toll Free"], classifications: ["National"] }),
      tollFree,
    ];
    expect(await validateStack("number-plan-classifications-routed", actual)).toHaveLength(1);
  });
  it("skips while what decides it is unknown (preview)", async () => {
    const unknownClasses = [site(), trunk(), binding(), named({ classificationTypes: [UNKNOWN] }), tollFree];
    expect(await validateStack("number-plan-classifications-routed", unknownClasses)).toEqual([]);
    const unknownSite = [site(), trunk(), binding(), named({ siteId: UNKNOWN }), tollFree];
    expect(await validateStack("number-plan-classifications-routed", unknownSite)).toEqual([]);
    const newSite = [
      site({ siteId: UNKNOWN }),
      trunk(),
      binding({ siteId: UNKNOWN }, { dependsOn: { siteId: ["site"] } }),
      numberPlans({ ...tollFree.props, siteId: UNKNOWN }, { dependsOn: { siteId: ["site"] } }),
    ];
    // Matched through their dependencies: the new site's plans are judged all the same.
    expect(await validateStack("number-plan-classifications-routed", newSite)).toHaveLength(1);
  });
});

describe("did-pools-disjoint", () => {
  const second = (start: string, end: string) =>
    didPool({ startPhoneNumber: start, endPhoneNumber: end }, { name: "second" });
  it("passes pools that share no number", async () => {
    expect(
      await validateStack("did-pools-disjoint", [...GOOD_STACK(), second("+13175550200", "+13175550299")]),
    ).toEqual([]);
    // Ranges of different lengths never share a number.
    expect(
      await validateStack("did-pools-disjoint", [didPool(), second("+442071838700", "+442071838799")]),
    ).toEqual([]);
  });
  it("refuses two pools that share a number", async () => {
    expect(
      await validateStack("did-pools-disjoint", [didPool(), second("+13175550150", "+13175550250")]),
    ).toEqual([
      'second: DidPool "second" +13175550150..+13175550250 overlaps DidPool "didpool" +13175550100..+13175550199: ' +
        "a number can be in only one DID pool; change one of the ranges",
    ]);
    // Reported on the pool that starts later, whatever order the engine lists them in.
    expect(
      await validateStack("did-pools-disjoint", [second("+13175550150", "+13175550250"), didPool()]),
    ).toEqual([expect.stringMatching(/^second: DidPool "second" \+13175550150\.\.\+13175550250 overlaps/)]);
  });
  it("skips a range not known during preview", async () => {
    expect(await validateStack("did-pools-disjoint", [didPool(), second(UNKNOWN, "+13175550150")])).toEqual(
      [],
    );
  });
});

describe("emergency-route", () => {
  const named = (props: Record<string, unknown>) =>
    binding({ routeName: "prod-Intl", ...props }, { name: "named" });
  const REFUSED =
    'site: Site "site" has no outbound route with a trunk that serves the "Emergency" classification, so emergency calls from the site reach no carrier: add "Emergency" to the classificationTypes of a binding with trunks (or leave them off the default-route binding, which keeps the route\'s own)';
  it("passes a default-route binding that keeps the route's own classifications, or declares Emergency", async () => {
    expect(await validateStack("emergency-route", GOOD_STACK())).toEqual([]);
    const rs = [location(), site(), trunk(), binding({ classificationTypes: ["National"] })];
    rs.push(named({ classificationTypes: ["Emergency", "International"] }));
    expect(await validateStack("emergency-route", rs)).toEqual([]);
  });
  it("refuses a site whose routes leave Emergency on no route with a trunk", async () => {
    const declared = [
      location(),
      site(),
      trunk(),
      binding({ classificationTypes: ["National", "International"] }),
    ];
    expect(await validateStack("emergency-route", declared)).toEqual([REFUSED]);
    const namedOnly = [location(), site(), trunk(), named({})]; // a named route serves National and International
    expect(await validateStack("emergency-route", namedOnly)).toEqual([REFUSED]);
    const noTrunk = [
      location(),
      site(),
      trunk(),
      binding({ trunkIds: [], classificationTypes: ["Emergency"] }),
    ];
    expect(await validateStack("emergency-route", noTrunk)).toEqual([REFUSED]);
    // After up, what the route really serves counts.
    const actual = [location(), site(), trunk(), binding({ classifications: ["National"] })];
    expect(await validateStack("emergency-route", actual)).toEqual([REFUSED]);
  });
  it("skips a site while what decides it is unknown (preview)", async () => {
    const unknownClasses = [location(), site(), trunk(), binding({ classificationTypes: [UNKNOWN] })];
    expect(await validateStack("emergency-route", unknownClasses)).toEqual([]);
    const unknownSite = [
      site({ siteId: UNKNOWN }),
      trunk(),
      binding({ siteId: UNKNOWN, classificationTypes: ["National"] }),
    ];
    expect(await validateStack("emergency-route", unknownSite)).toEqual([]);
  });
});

describe("stackFacts", () => {
  it("reads the stack's name, namePrefix and plain-text secrets from the environment the host sets", () => {
    const env = {
      PULUMI_NODEJS_PROJECT: "genesys-byoc",
      PULUMI_NODEJS_STACK: "prod",
      PULUMI_CONFIG: JSON.stringify({
        "genesys-byoc:namePrefix": "prod-",
        "genesys-byoc:sipTrunk": JSON.stringify({ userName: "acme", password: "plain" }),
        "genesys:clientId": "id",
        "genesys:clientSecret": "encrypted-in-the-file",
      }),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["genesys:clientSecret"]),
    };
    expect(stackFacts(env)).toEqual({
      stackName: "prod",
      namePrefix: "prod-",
      plaintextSecrets: ["genesys-byoc:sipTrunk.password"],
    });
  });
  it("knows nothing when the host passes no config", () => {
    expect(stackFacts({})).toEqual({ plaintextSecrets: [] });
  });
});

describe("isUnknown", () => {
  it("knows the engine's placeholder and a missing value", () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown(undefined)).toBe(true);
    expect(isUnknown("site-1")).toBe(false);
  });
});
