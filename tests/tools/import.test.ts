/**
 * `npm run import` below the end-to-end level (tests/e2e/import.test.ts runs the real CLI): the
 * pure helpers (`keysFor`, `didPoolKeys`, `declaredPlans`), `carrierSettings` on trunks read back from the
 * emulator, `importOrg` against a small brownfield on an in-process emulator (the config it
 * builds, GETs only, the prefix round trip, each refusal as the one line the user reads, the
 * notes), `runImport` in a temp project directory (what the stack file keeps and gets, --force,
 * --dry-run, missing credentials, an unreachable API), `parseImportArgs`, and the carrier rule
 * that lets an adopted trunk name its user without the password.
 *
 * Each test starts its own emulator (fresh org, its own request log) and its own temp dirs.
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { Models } from "purecloud-platform-client-v2";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SEED_IDS } from "../../emulator";
import { clientFor, type GenesysClient } from "../../genesys/client";
import { resolveConnection } from "../../genesys/config";
import * as trunks from "../../genesys/trunks";
import { declaredPlans } from "../../resources/numberPlans/settings";
import { carrierSettings } from "../../resources/trunk/settings";
import { parseImportArgs, runImport, type ImportArgs } from "../../tools/import";
import { ImportError, didPoolKeys, importOrg, keysFor, type ImportOptions } from "../../tools/importOrg";
import { CARRIER, checkSection, checkSettings, prefixed, SITE_DEFAULTS } from "../../settings";
import { orgState } from "../helpers/org";
import { locationBody, sdkClient, siteBody, trunkBody, type SdkApis } from "../helpers/emulator";
import { UK_MOBILE_MATCH as UK_MOBILE } from "../helpers/estate";
import { instantRetryPolicy, providerEnv, type ProviderEnv } from "../helpers/providers";

const DEFAULT_ROUTE = "Default Outbound Route";
const PASSWORD = "a-Digest-4417!";

// ---------------------------------------------------------------------------------------------
// An org per test, and a small brownfield on it.
// ---------------------------------------------------------------------------------------------

/** A fresh emulator, an SDK client to build objects with, and the client the import uses. */
interface Org {
  env: ProviderEnv;
  sdk: SdkApis;
  /** The process-wide client for the emulator (instant retries: providerEnv cached it). */
  client: GenesysClient;
  url: string;
}

const savedEnv = { ...process.env };
let org: Org | undefined;

async function newOrg(): Promise<Org> {
  const env = await providerEnv(); // sets GENESYS_CLOUD_* to the emulator, caches its client
  const sdk = await sdkClient(env.emulator.url);
  org = { env, sdk, client: clientFor(resolveConnection(undefined)), url: env.emulator.url };
  return org;
}

afterEach(async () => {
  await org?.env.close();
  org = undefined;
  process.env = { ...savedEnv };
});

const v = (instance: unknown) => ({ value: { instance } });

/** What the brownfield holds, by what the import should call it. */
interface Brownfield {
  locations: { indianapolis: string; london: string };
  sites: { indianapolis: string; london: string };
  trunks: { a: string; b: string };
  routes: { indyDefault: string; international: string; spare: string; londonDefault: string };
}

/**
 * Two sites as an admin leaves them (every name starting with `p`): Indianapolis with a weekly
 * update window, a default route carrying both carriers, a named International route (taken off
 * the default route, RANDOM) and a named route with no trunk; London without an update window, a
 * custom number plan at the top of its list and a default route carrying carrier B. Carrier A
 * (inbound on Indianapolis) has TLS, two servers, an ACL, digest credentials, an outbound
 * identity, a property the stack does not type and is disabled; carrier B (inbound on London)
 * has only its servers, termination and transport udp (the default) set.
 */
async function brownfield(sdk: SdkApis, p = ""): Promise<Brownfield> {
  const t = sdk.telephony;
  const indyLoc = await sdk.locations.postLocations(
    locationBody({ name: `${p}Indianapolis`, emergencyNumber: { number: "+13175550100", type: "default" } }),
  );
  const londonLoc = await sdk.locations.postLocations(
    locationBody({
      name: `${p}London`,
      emergencyNumber: { number: "+442071838750", type: "default" },
      address: { street1: "1 Poultry", city: "London", zipcode: "EC2R 8EJ", country: "GB" },
      notes: undefined,
    }),
  );
  const indy = await t.postTelephonyProvidersEdgesSites(
    siteBody(indyLoc.id!, {
      name: `${p}Indianapolis`,
      edgeAutoUpdateConfig: {
        timeZone: "America/Indiana/Indianapolis",
        rrule: "FREQ=WEEKLY;BYDAY=SU",
        start: "2025-01-05T01:00:00.000",
        end: "2025-01-05T04:00:00.000",
      },
    }),
  );
  const london = await t.postTelephonyProvidersEdgesSites(
    siteBody(londonLoc.id!, { name: `${p}London`, edgeAutoUpdateConfig: undefined }),
  );
  const a = await t.postTelephonyProvidersEdgesTrunkbasesettings(
    trunkBody(indy.id!, {
      name: `${p}Carrier A`,
      properties: {
        trunk_enabled: v(false),
        trunk_transport_serverProxyList: v(["sip1.a.example:5061", "sip2.a.example:5061"]),
        trunk_transport_protocolVariant: v("tls"),
        trunk_sip_termination_uri: v("acme-a"),
        trunk_access_acl_allowList: v(["203.0.113.0/24"]),
        trunk_sip_authentication_credentials_realm: v("a.example"),
        trunk_sip_authentication_credentials_username: v("acme-a"),
        trunk_sip_authentication_credentials_password: v(PASSWORD),
        trunk_outboundIdentity_callingName: v("Acme"),
        trunk_outboundIdentity_callingAddress: v("+13175550100"),
        trunk_outboundIdentity_callingAddress_overrideMethod: v("Unassigned DID"),
        trunk_outboundIdentity_calledAddress_omitPlusPrefix: v(true),
        trunk_language: v("es-US"),
        trunk_media_codec: v(["audio/pcmu"]),
      },
    }),
  );
  const b = await t.postTelephonyProvidersEdgesTrunkbasesettings(
    trunkBody(london.id!, {
      name: `${p}Carrier B`,
      properties: {
        trunk_transport_serverProxyList: v(["sip.b.example"]),
        trunk_transport_protocolVariant: v("udp"),
        trunk_sip_termination_uri: v("acme-b"),
      },
    }),
  );
  const refs = (...xs: Models.TrunkBase[]) => xs.map((x) => ({ id: x.id }));

  const indyDefault = await defaultRoute(sdk, indy.id!);
  await t.putTelephonyProvidersEdgesSiteOutboundroute(indy.id!, indyDefault.id!, {
    ...indyDefault,
    classificationTypes: indyDefault.classificationTypes!.filter((c) => c !== "International"),
    externalTrunkBases: refs(a, b),
  });
  const international = await t.postTelephonyProvidersEdgesSiteOutboundroutes(indy.id!, {
    name: `${p}International`,
    classificationTypes: ["International"],
    externalTrunkBases: refs(b, a),
    distribution: "RANDOM",
    enabled: true,
  });
  const spare = await t.postTelephonyProvidersEdgesSiteOutboundroutes(indy.id!, {
    name: `${p}Spare`,
    classificationTypes: ["Extension"],
    externalTrunkBases: [],
  });

  const plans = await t.getTelephonyProvidersEdgesSiteNumberplans(london.id!);
  await t.putTelephonyProvidersEdgesSiteNumberplans(london.id!, [
    { name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: UK_MOBILE },
    ...plans,
  ] as Models.NumberPlan[]);
  const londonDefault = await defaultRoute(sdk, london.id!);
  await t.putTelephonyProvidersEdgesSiteOutboundroute(london.id!, londonDefault.id!, {
    ...londonDefault,
    externalTrunkBases: refs(b),
    enabled: true,
  });
  return {
    locations: { indianapolis: indyLoc.id!, london: londonLoc.id! },
    sites: { indianapolis: indy.id!, london: london.id! },
    trunks: { a: a.id!, b: b.id! },
    routes: {
      indyDefault: indyDefault.id!,
      international: international.id!,
      spare: spare.id!,
      londonDefault: londonDefault.id!,
    },
  };
}

async function defaultRoute(sdk: SdkApis, siteId: string): Promise<Models.OutboundRouteBase> {
  const routes = await sdk.telephony.getTelephonyProvidersEdgesSiteOutboundroutes(siteId, {});
  return routes.entities!.find((r) => r.name === DEFAULT_ROUTE)!;
}

/** A site (on a location of its own) with nothing else done to it. */
async function bareSite(sdk: SdkApis, name: string, overrides: Record<string, unknown> = {}) {
  const loc = await sdk.locations.postLocations(locationBody({ name }));
  return sdk.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!, { name, ...overrides }));
}

/** A site whose default route carries a new BYOC trunk of its own. */
async function siteWithCarrier(sdk: SdkApis, name: string, trunkName = `${name} Carrier`) {
  const site = await bareSite(sdk, name);
  const trunk = await sdk.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
    trunkBody(site.id!, { name: trunkName }),
  );
  const route = await defaultRoute(sdk, site.id!);
  await sdk.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, route.id!, {
    ...route,
    externalTrunkBases: [{ id: trunk.id }],
  });
  return { site, trunk, route };
}

const options = (o: Partial<ImportOptions> = {}): ImportOptions => ({
  sites: [],
  allSites: false,
  didPools: false,
  prefix: "",
  ...o,
});

/** The message of the ImportError `p` rejects with (fails on anything else). */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return (err as Error).message;
  }
  throw new Error("expected an ImportError, but it succeeded");
}

type Raw = Record<string, unknown>;
type SiteConfig = { location: Raw; site: Raw; numberPlans?: Raw[]; routes: Raw[] };

// ---------------------------------------------------------------------------------------------

describe("keysFor", () => {
  it.each([
    [["Carrier A"], ["carrier-a"]],
    [["  London  HQ  "], ["london-hq"]],
    [["US -- Carrier (primary)!"], ["us-carrier-primary"]],
    [["--Edge__Site--"], ["edge-site"]],
    [["Ünïcode Straße"], ["n-code-stra-e"]],
    [["ABC123"], ["abc123"]],
  ])("%j → %j", (names, keys) => {
    expect(keysFor(names, "site")).toEqual(keys);
  });

  it("gives repeats -2, -3, … in the order given", () => {
    expect(keysFor(["Carrier A", "carrier a", "Carrier-A", "Carrier B", "CARRIER A"], "carrier")).toEqual([
      "carrier-a",
      "carrier-a-2",
      "carrier-a-3",
      "carrier-b",
      "carrier-a-4",
    ]);
  });

  it("uses the fallback for a name with no letter or digit, numbered when it repeats", () => {
    expect(keysFor(["!!!", "", "Carrier", "—"], "carrier")).toEqual([
      "carrier",
      "carrier-2",
      "carrier-3",
      "carrier-4",
    ]);
  });

  it('keeps a key to 56 characters, without a "-" at the cut', () => {
    expect(keysFor(["x".repeat(80)], "site")).toEqual(["x".repeat(56)]);
    expect(keysFor([`${"x".repeat(55)} B`, `${"x".repeat(55)} C`], "site")).toEqual([
      "x".repeat(55),
      `${"x".repeat(55)}-2`,
    ]);
  });
});

describe("didPoolKeys", () => {
  const pool = (description: string | undefined, startPhoneNumber = "+13175550100") => ({
    description,
    startPhoneNumber,
  });

  it("makes a key of the description, as keysFor does of a name, numbered when it repeats", () => {
    expect(didPoolKeys([pool("Indianapolis HQ"), pool("indianapolis hq"), pool("London")])).toEqual([
      "indianapolis-hq",
      "indianapolis-hq-2",
      "london",
    ]);
  });

  it("keys a pool without a usable description by its first number, and puts pool- before a digit", () => {
    expect(
      didPoolKeys([
        pool(undefined, "+13175550100"),
        pool("", "+442071838750"),
        pool("—", "+13175550300"),
        pool("317 area"),
      ]),
    ).toEqual(["pool-13175550100", "pool-442071838750", "pool-13175550300", "pool-317-area"]);
  });

  it("gives only keys a DID pool may have (a letter first)", () => {
    const keys = didPoolKeys([pool("9"), pool("Main"), pool(undefined), pool("_x")]);
    expect(checkSettings({ didPools: Object.fromEntries(keys.map((k) => [k, pool("x")])) })).toEqual(
      keys.map(() =>
        expect.objectContaining({ message: expect.stringMatching(/endPhoneNumber is required$/) }),
      ),
    );
  });
});

describe("declaredPlans", () => {
  const plan = (name: string, extra: Partial<Models.NumberPlan> = {}): Models.NumberPlan => ({
    id: `id-${name}`,
    name,
    classification: name,
    matchType: "regex",
    match: `^${name.length}$`,
    state: "active",
    version: 3,
    priority: 1,
    selfUri: "/x",
    ...extra,
  });
  const spec = (name: string) => ({
    name,
    classification: name,
    matchType: "regex",
    match: `^${name.length}$`,
  });
  const emergency = plan("Emergency", {
    matchType: "numberList",
    match: undefined,
    numbers: [{ start: "911", end: "911" }],
  });
  const national = plan("National", { matchType: "intraCountryCode", match: undefined });

  it("a custom plan at the top: only it", () => {
    expect(declaredPlans([plan("UK Mobile"), emergency, national])).toEqual([spec("UK Mobile")]);
  });

  it("a custom plan below some defaults: the run from the top down to it, defaults included, in order", () => {
    expect(declaredPlans([emergency, national, plan("UK Mobile"), plan("International")])).toEqual([
      {
        name: "Emergency",
        classification: "Emergency",
        matchType: "numberList",
        numbers: [{ start: "911", end: "911" }],
      },
      { name: "National", classification: "National", matchType: "intraCountryCode" },
      spec("UK Mobile"),
    ]);
  });

  it("down to the last custom plan when there are several", () => {
    expect(declaredPlans([plan("A"), emergency, plan("B"), national]).map((p) => p.name)).toEqual([
      "A",
      "Emergency",
      "B",
    ]);
  });

  it("only defaults (in any case, in any order): none", () => {
    expect(declaredPlans([national, emergency, plan("network"), plan("Suicide Prevention")])).toEqual([]);
    expect(declaredPlans([])).toEqual([]);
  });
});

describe("carrierSettings, on trunks read back from the emulator", () => {
  it("writes only what differs from the metabase defaults, the user but never the password", async () => {
    const { sdk, client } = await newOrg();
    const ids = await brownfield(sdk);
    const a = (await trunks.get(client, ids.trunks.a))!;
    const settings = carrierSettings(a, "Carrier A", "indianapolis");
    expect(settings).toEqual({
      externalTrunkName: "Carrier A",
      sipServers: ["sip1.a.example:5061", "sip2.a.example:5061"],
      transport: "tls",
      inboundSipTerminationIdentifier: "acme-a",
      aclAllowList: ["203.0.113.0/24"],
      realm: "a.example",
      userName: "acme-a",
      callingName: "Acme",
      callingAddress: "+13175550100",
      callingAddressOverride: "Unassigned DID",
      omitPlusPrefixCalled: true,
      enabled: false,
      extraProperties: { trunk_language: "es-US", trunk_media_codec: ["audio/pcmu"] },
      inboundSite: "indianapolis",
      adoptId: ids.trunks.a,
    });
    expect(settings).not.toHaveProperty("password");
    expect(JSON.stringify(settings)).not.toContain(PASSWORD);
  });

  it("leaves out transport udp, enabled, the identity and every property at its default", async () => {
    const { sdk, client } = await newOrg();
    const ids = await brownfield(sdk, "x-");
    const b = (await trunks.get(client, ids.trunks.b))!;
    expect(b.properties).toMatchObject({ trunk_transport_protocolVariant: v("udp") });
    expect(carrierSettings(b, "Carrier B", "london")).toEqual({
      externalTrunkName: "Carrier B",
      sipServers: ["sip.b.example"],
      inboundSipTerminationIdentifier: "acme-b",
      inboundSite: "london",
      adoptId: ids.trunks.b,
    });
  });

  it("passes the carrier checks as written (adoptId without the password)", async () => {
    const { sdk, client } = await newOrg();
    const ids = await brownfield(sdk);
    const a = carrierSettings((await trunks.get(client, ids.trunks.a))!, "Carrier A", "indianapolis");
    expect(checkSection(CARRIER, a, "carriers.carrier-a", "")).toEqual([]);
  });
});

describe("importOrg against a small brownfield", () => {
  it("builds the estate config (which passes the stack's checks) with GETs only", async () => {
    const { env, sdk, client } = await newOrg();
    const ids = await brownfield(sdk);
    await env.clearLog();
    const r = await importOrg(client, options({ sites: ["London", "indianapolis"] }));

    const calls = await env.calls();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => !c.startsWith("GET "))).toEqual([]);

    expect(checkSettings(r.config)).toEqual([]);
    expect(Object.keys(r.config)).toEqual(["carriers", "sites"]); // no namePrefix without --prefix
    const sites = r.config.sites as Record<string, SiteConfig>;
    const carriers = r.config.carriers as Record<string, Raw>;
    expect(Object.keys(sites)).toEqual(["indianapolis", "london"]); // by name
    expect(Object.keys(carriers)).toEqual(["carrier-a", "carrier-b"]); // in the order first met

    expect(sites.indianapolis).toEqual({
      location: {
        name: "Indianapolis",
        number: "+13175550100",
        street1: "7601 Interactive Way",
        city: "Indianapolis",
        state: "IN",
        zipcode: "46278",
        country: "US",
        notes: "created by a test",
        adoptId: ids.locations.indianapolis,
      },
      site: {
        name: "Indianapolis",
        timeZone: "America/Indiana/Indianapolis",
        rrule: "FREQ=WEEKLY;BYDAY=SU",
        windowStart: "01:00",
        windowEnd: "04:00",
        adoptId: ids.sites.indianapolis,
      },
      routes: [
        {
          carriers: ["carrier-a", "carrier-b"],
          classificationTypes: ["Emergency", "National", "Network", "Suicide Prevention"],
          enabled: false,
        },
        {
          name: "International",
          adoptId: ids.routes.international,
          carriers: ["carrier-b", "carrier-a"],
          classificationTypes: ["International"],
          distribution: "RANDOM",
        },
      ],
    });
    expect(sites.london).toEqual({
      location: {
        name: "London",
        number: "+442071838750",
        street1: "1 Poultry",
        city: "London",
        zipcode: "EC2R 8EJ",
        country: "GB",
        adoptId: ids.locations.london,
      },
      site: { name: "London", adoptId: ids.sites.london },
      numberPlans: [{ name: "UK Mobile", classification: "UK Mobile", matchType: "regex", match: UK_MOBILE }],
      routes: [
        {
          carriers: ["carrier-b"],
          classificationTypes: ["Emergency", "National", "International", "Network", "Suicide Prevention"],
        },
      ],
    });
    expect(carriers["carrier-a"]).toMatchObject({ adoptId: ids.trunks.a, inboundSite: "indianapolis" });
    expect(carriers["carrier-b"]).toMatchObject({ adoptId: ids.trunks.b, inboundSite: "london" });
    expect(JSON.stringify(r.config)).not.toContain(PASSWORD);
    expect(r.passwords).toEqual(["carriers.carrier-a.password"]);
    expect(r.summary).toEqual([
      `site indianapolis: "Indianapolis" (${ids.sites.indianapolis}), location "Indianapolis" (${ids.locations.indianapolis}), 2 route(s)`,
      `site london: "London" (${ids.sites.london}), location "London" (${ids.locations.london}), 1 route(s), 1 number plan(s)`,
      `carrier carrier-a: trunk "Carrier A" (${ids.trunks.a})`,
      `carrier carrier-b: trunk "Carrier B" (${ids.trunks.b})`,
    ]);
  });

  it("notes a named route without trunks (left out) and a site without an update window", async () => {
    const { sdk, client } = await newOrg();
    const ids = await brownfield(sdk);
    const r = await importOrg(client, options({ allSites: true }));
    expect(r.notes).toEqual([
      `route "Spare" (${ids.routes.spare}) of site "Indianapolis" (${ids.sites.indianapolis}) carries no trunk: not imported`,
      `site "London" (${ids.sites.london}) has no edge update window: the first \`pulumi up\` sets the default one ` +
        `(${SITE_DEFAULTS.windowStart}-${SITE_DEFAULTS.windowEnd} ${SITE_DEFAULTS.timeZone}, ${SITE_DEFAULTS.rrule})`,
    ]);
    const sites = r.config.sites as Record<string, SiteConfig>;
    expect(sites.indianapolis.routes.map((x) => x.name)).toEqual([undefined, "International"]);
    expect(JSON.stringify(r.config)).not.toContain(ids.routes.spare);
  });

  it("notes a named route that serves no classification (left out)", async () => {
    const { sdk, client } = await newOrg();
    const { site, trunk } = await siteWithCarrier(sdk, "HQ");
    const idle = await sdk.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
      name: "Idle",
      classificationTypes: [],
      externalTrunkBases: [{ id: trunk.id }],
    });
    const r = await importOrg(client, options({ sites: ["HQ"] }));
    expect(r.notes).toEqual([
      `route "Idle" (${idle.id}) of site "HQ" (${site.id}) serves no classification: not imported`,
    ]);
    expect((r.config.sites as Record<string, SiteConfig>).hq.routes).toHaveLength(1);
  });

  it("with --did-pools, every pool of the org by key, with its adoptId", async () => {
    const { sdk, client } = await newOrg();
    await brownfield(sdk);
    const pool = await sdk.telephony.postTelephonyProvidersEdgesDidpools({
      startPhoneNumber: "+13175550100",
      endPhoneNumber: "+13175550199",
      description: "Indianapolis",
    } as Models.DIDPool);
    const bare = await sdk.telephony.postTelephonyProvidersEdgesDidpools({
      startPhoneNumber: "+13175550300",
      endPhoneNumber: "+13175550309",
    } as Models.DIDPool);
    const r = await importOrg(client, options({ allSites: true, didPools: true }));
    // By key (the description's, else the first number's), in the order of their first numbers.
    expect(r.config.didPools).toEqual({
      indianapolis: {
        startPhoneNumber: "+13175550100",
        endPhoneNumber: "+13175550199",
        description: "Indianapolis",
        adoptId: pool.id,
      },
      "pool-13175550300": {
        startPhoneNumber: "+13175550300",
        endPhoneNumber: "+13175550309",
        adoptId: bare.id,
      },
    });
    expect(Object.keys(r.config.didPools as object)).toEqual(["indianapolis", "pool-13175550300"]);
    expect(r.summary).toContain(`DID pool indianapolis: +13175550100..+13175550199 (${pool.id})`);
    expect(checkSettings(r.config)).toEqual([]);
  });

  describe("--prefix", () => {
    it("round-trips: names without the prefix, namePrefix set, prefix + short name is the org's name", async () => {
      const { env, sdk, client } = await newOrg();
      const ids = await brownfield(sdk, "acme-");
      const r = await importOrg(client, options({ sites: ["Indianapolis", "acme-London"], prefix: "acme-" }));
      expect(r.config.namePrefix).toBe("acme-");
      expect(checkSettings(r.config)).toEqual([]);

      // Every name in the config, with the prefix put back, is the org's name of the object adopted.
      const state = await orgState(env);
      const all = [...state.locations, ...state.sites, ...state.trunkBases, ...state.outboundRoutes];
      const orgName = (id: unknown) => all.find((x) => x.id === id)!.name;
      const sites = r.config.sites as Record<string, SiteConfig>;
      const carriers = r.config.carriers as Record<string, Raw>;
      expect(Object.keys(sites)).toEqual(["indianapolis", "london"]);
      expect(Object.keys(carriers)).toEqual(["carrier-a", "carrier-b"]);
      const named: [unknown, unknown][] = [
        ...Object.values(sites).flatMap((x) => [
          [x.location.name, x.location.adoptId] as [unknown, unknown],
          [x.site.name, x.site.adoptId] as [unknown, unknown],
          ...x.routes
            .filter((y) => y.name !== undefined)
            .map((y) => [y.name, y.adoptId] as [unknown, unknown]),
        ]),
        ...Object.values(carriers).map((c) => [c.externalTrunkName, c.adoptId] as [unknown, unknown]),
      ];
      expect(named.map(([name]) => name)).toEqual([
        "Indianapolis",
        "Indianapolis",
        "International",
        "London",
        "London",
        "Carrier A",
        "Carrier B",
      ]);
      for (const [name, id] of named) expect(prefixed("acme-", name)).toBe(orgName(id));
      expect(r.summary).toContain(`carrier carrier-a: trunk "acme-Carrier A" (${ids.trunks.a})`);

      // The site named with the prefix or without it is the same import.
      const again = await importOrg(
        client,
        options({ sites: ["acme-Indianapolis", "London"], prefix: "acme-" }),
      );
      expect(again.config).toEqual(r.config);
    });

    it.each(["acme-", "zz-"])(
      "prefers the prefixed site when the org has it both with and without the prefix %j",
      async (prefix) => {
        const { sdk, client } = await newOrg();
        await siteWithCarrier(sdk, "London", "Carrier");
        const { site } = await siteWithCarrier(sdk, `${prefix}London`, `${prefix}Carrier`);
        const r = await importOrg(client, options({ sites: ["London"], prefix }));
        const sites = r.config.sites as Record<string, SiteConfig>;
        expect(sites.london.site).toMatchObject({ name: "London", adoptId: site.id });
      },
    );

    it("refuses an imported object whose name lacks the prefix, naming it", async () => {
      const { sdk, client } = await newOrg();
      const { site } = await siteWithCarrier(sdk, "acme-Indianapolis", "acme-Carrier");
      const route = await defaultRoute(sdk, site.id!);
      const plain = await sdk.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
        trunkBody(site.id!, { name: "Carrier X" }),
      );
      await sdk.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, route.id!, {
        ...route,
        externalTrunkBases: [...route.externalTrunkBases!.map((x) => ({ id: x.id })), { id: plain.id }],
      });
      expect(await refusal(importOrg(client, options({ sites: ["Indianapolis"], prefix: "acme-" })))).toBe(
        `trunk "Carrier X" (${plain.id}) does not start with the prefix "acme-"`,
      );
    });

    it("--all-sites takes only the sites whose name starts with it", async () => {
      const { sdk, client } = await newOrg();
      await siteWithCarrier(sdk, "Other Site", "Other Carrier");
      const { site } = await siteWithCarrier(sdk, "acme-HQ", "acme-Carrier");
      const r = await importOrg(client, options({ allSites: true, prefix: "acme-" }));
      const sites = r.config.sites as Record<string, SiteConfig>;
      expect(Object.keys(sites)).toEqual(["hq"]);
      expect(sites.hq.site).toMatchObject({ name: "HQ", adoptId: site.id });
      expect(Object.keys(r.config.carriers as Raw)).toEqual(["carrier"]);
    });
  });

  describe("refuses in one line", () => {
    it("an unknown site, listing the org's sites", async () => {
      const { sdk, client, url } = await newOrg();
      await brownfield(sdk);
      expect(await refusal(importOrg(client, options({ sites: ["Paris"] })))).toBe(
        `no site named "Paris" in the org at ${url} (its sites: "Indianapolis", "London")`,
      );
      expect(await refusal(importOrg(client, options({ sites: ["Paris"], prefix: "acme-" })))).toBe(
        `no site named "Paris" or "acme-Paris" in the org at ${url} (its sites: "Indianapolis", "London")`,
      );
    });

    it("an unknown site in an org with no site of its own", async () => {
      const { client, url } = await newOrg();
      expect(await refusal(importOrg(client, options({ sites: ["Paris"] })))).toBe(
        `no site named "Paris" in the org at ${url} (it has no site of its own)`,
      );
    });

    it("the managed edge site named with --site", async () => {
      const { client } = await newOrg();
      expect(await refusal(importOrg(client, options({ sites: ["purecloud voice - aws"] })))).toBe(
        `site "PureCloud Voice - AWS" (${SEED_IDS.pcvSite}) is managed by Genesys (the edge site BYOC Cloud sites run on): ` +
          "it is never imported; name one of your own sites",
      );
    });

    it("nothing to import (--all-sites)", async () => {
      const { env, sdk, client, url } = await newOrg();
      expect(await refusal(importOrg(client, options({ allSites: true })))).toBe(
        `nothing to import: the org at ${url} has no site of its own (managed sites such as "PureCloud Voice - AWS" are never imported)`,
      );
      await bareSite(sdk, "Other Site");
      await env.clearLog();
      expect(await refusal(importOrg(client, options({ allSites: true, prefix: "acme-" })))).toBe(
        `nothing to import: the org at ${url} has no site of its own whose name starts with "acme-" ` +
          `(managed sites such as "PureCloud Voice - AWS" are never imported)`,
      );
      expect((await env.calls()).filter((c) => !c.startsWith("GET "))).toEqual([]);
    });

    it("a route carrying the managed PureCloud Voice trunk", async () => {
      const { sdk, client } = await newOrg();
      const { site, route } = await siteWithCarrier(sdk, "HQ");
      const current = await defaultRoute(sdk, site.id!);
      await sdk.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, route.id!, {
        ...current,
        externalTrunkBases: [{ id: SEED_IDS.pcvTrunkBase }],
      });
      expect(await refusal(importOrg(client, options({ sites: ["HQ"] })))).toBe(
        `route "${DEFAULT_ROUTE}" (${route.id}) of site "HQ" (${site.id}) carries trunk "PureCloud Voice - AWS" ` +
          `(${SEED_IDS.pcvTrunkBase}), which is not a BYOC carrier trunk (only those can be imported): ` +
          "take it off the route in Genesys Cloud, or leave the site out",
      );
    });

    it("a named route carrying a generic SIP trunk", async () => {
      const { sdk, client } = await newOrg();
      const { site } = await siteWithCarrier(sdk, "HQ");
      const sip = await sdk.telephony.postTelephonyProvidersEdgesTrunkbasesettings({
        name: "Premises SIP",
        state: "active",
        trunkMetabase: { id: "external_sip.json" },
        trunkType: "EXTERNAL",
      } as Models.TrunkBase);
      const route = await sdk.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
        name: "Premises",
        classificationTypes: ["Extension"],
        externalTrunkBases: [{ id: sip.id }],
      });
      expect(await refusal(importOrg(client, options({ sites: ["HQ"] })))).toBe(
        `route "Premises" (${route.id}) of site "HQ" (${site.id}) carries trunk "Premises SIP" (${sip.id}), ` +
          "which is not a BYOC carrier trunk (only those can be imported): " +
          "take it off the route in Genesys Cloud, or leave the site out",
      );
    });

    it("a trunk whose inbound site is not chosen, naming the --site to add", async () => {
      const { sdk, client } = await newOrg();
      const ids = await brownfield(sdk);
      expect(await refusal(importOrg(client, options({ sites: ["Indianapolis"] })))).toBe(
        `trunk "Carrier B" (${ids.trunks.b}) takes inbound calls on site "London" (${ids.sites.london}), ` +
          'which is not imported: add --site "London"',
      );
    });

    it("a default route whose only trunk takes inbound calls on a site not chosen: that line alone", async () => {
      const { sdk, client } = await newOrg();
      const { site: other, trunk } = await siteWithCarrier(sdk, "Other", "Shared Carrier");
      const site = await bareSite(sdk, "HQ");
      const route = await defaultRoute(sdk, site.id!);
      await sdk.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, route.id!, {
        ...route,
        externalTrunkBases: [{ id: trunk.id }],
      });
      expect(await refusal(importOrg(client, options({ sites: ["HQ"] })))).toBe(
        `trunk "Shared Carrier" (${trunk.id}) takes inbound calls on site "Other" (${other.id}), ` +
          'which is not imported: add --site "Other"',
      );
      const both = await importOrg(client, options({ sites: ["HQ", "Other"] }));
      const sites = both.config.sites as Record<string, SiteConfig>;
      expect(sites.hq.routes).toEqual([expect.objectContaining({ carriers: ["shared-carrier"] })]);
      expect(both.config.carriers).toEqual({
        "shared-carrier": expect.objectContaining({ inboundSite: "other", adoptId: trunk.id }),
      });
    });

    it("every problem at once, one line each, without repeats", async () => {
      const { sdk, client } = await newOrg();
      const a = await bareSite(sdk, "A");
      const b = await bareSite(sdk, "B");
      const message = await refusal(importOrg(client, options({ allSites: true })));
      expect(message.split("\n")).toEqual([
        `site "A" (${a.id}): its "${DEFAULT_ROUTE}" carries no trunk, and the stack binds each site's default ` +
          "route to carriers: put a BYOC trunk on it in Genesys Cloud, or leave the site out",
        `site "B" (${b.id}): its "${DEFAULT_ROUTE}" carries no trunk, and the stack binds each site's default ` +
          "route to carriers: put a BYOC trunk on it in Genesys Cloud, or leave the site out",
      ]);
    });

    it("a default route with no trunk", async () => {
      const { sdk, client } = await newOrg();
      const site = await bareSite(sdk, "HQ");
      expect(await refusal(importOrg(client, options({ sites: ["HQ"] })))).toBe(
        `site "HQ" (${site.id}): its "${DEFAULT_ROUTE}" carries no trunk, and the stack binds each site's default ` +
          "route to carriers: put a BYOC trunk on it in Genesys Cloud, or leave the site out",
      );
    });
  });
});

// ---------------------------------------------------------------------------------------------
// runImport in a temp project directory.
// ---------------------------------------------------------------------------------------------

describe("runImport", () => {
  let dir: string;
  const STACK = "brown";
  const file = () => path.join(dir, `Pulumi.${STACK}.yaml`);
  const SALT = "v1:Zm9vYmFyYmF6cXV4:v1:AAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  const args = (o: Partial<ImportArgs> = {}): ImportArgs => ({
    stack: STACK,
    sites: ["Indianapolis", "London"],
    allSites: false,
    didPools: false,
    prefix: "",
    dryRun: false,
    force: false,
    ...o,
  });
  /** Every request the emulator saw, login included. */
  const everyRequest = async (o: Org) =>
    ((await o.env.admin("GET", "/_emulator/requests")) as { requests: { method: string; path: string }[] })
      .requests;
  /** A stack file as `pulumi stack init` and `pulumi config set` leave it, plus `extra` config. */
  const writeStackFile = (url: string, extra: Raw = {}) => {
    const text =
      `encryptionsalt: ${SALT}\n` +
      yaml.dump({ config: { "genesys:apiUrl": url, "genesys:clientId": DEFAULT_CLIENT_ID, ...extra } });
    fs.writeFileSync(file(), text);
    return text;
  };
  const read = () => yaml.load(fs.readFileSync(file(), "utf8")) as { encryptionsalt: string; config: Raw };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-unit-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the salt and genesys:* keys, writes the genesys-byoc:* keys; the secret comes from the environment", async () => {
    const o = await newOrg();
    const ids = await brownfield(o.sdk);
    writeStackFile(o.url, { "genesys:someOther": "kept" });
    // Only the secret in the environment: the target and the client id come from the file.
    delete process.env.GENESYS_CLOUD_API_URL;
    delete process.env.GENESYS_CLOUD_CLIENT_ID;
    process.env.GENESYS_CLOUD_CLIENT_SECRET = DEFAULT_CLIENT_SECRET;
    await o.env.clearLog();

    const lines = await runImport(args(), dir);
    expect((await o.env.calls()).filter((c) => !c.startsWith("GET "))).toEqual([]);
    const doc = read();
    expect(doc.encryptionsalt).toBe(SALT);
    expect(Object.keys(doc.config)).toEqual([
      "genesys:apiUrl",
      "genesys:clientId",
      "genesys:someOther",
      "genesys-byoc:carriers",
      "genesys-byoc:sites",
    ]);
    expect(doc.config).toMatchObject({
      "genesys:apiUrl": o.url,
      "genesys:clientId": DEFAULT_CLIENT_ID,
      "genesys:someOther": "kept",
    });
    const expected = await importOrg(o.client, args());
    expect(doc.config["genesys-byoc:sites"]).toEqual(expected.config.sites);
    expect(doc.config["genesys-byoc:carriers"]).toEqual(expected.config.carriers);
    const text = fs.readFileSync(file(), "utf8");
    expect(text).not.toContain(DEFAULT_CLIENT_SECRET);
    expect(text).not.toContain(PASSWORD);
    expect(fs.readdirSync(dir)).toEqual([`Pulumi.${STACK}.yaml`]); // no temp file left

    expect(lines[0]).toBe(`Imported into Pulumi.${STACK}.yaml:`);
    expect(lines).toContain(`  carrier carrier-a: trunk "Carrier A" (${ids.trunks.a})`);
    expect(lines).toContain("Notes:");
    expect(lines).toContain(
      `  pulumi config set --secret --path 'genesys-byoc:carriers.carrier-a.password' <password> --stack ${STACK}`,
    );
    expect(lines[lines.length - 1]).toMatch(/^Next: pulumi up --stack brown /);
  });

  it("creates the stack file when there is none (connection from the environment)", async () => {
    const o = await newOrg();
    await brownfield(o.sdk);
    await runImport(args({ prefix: "" }), dir);
    expect(Object.keys(read().config)).toEqual(["genesys-byoc:carriers", "genesys-byoc:sites"]);
  });

  it("refuses a second run without --force: the file as it was, and no request reached the emulator", async () => {
    const o = await newOrg();
    await brownfield(o.sdk);
    writeStackFile(o.url);
    await runImport(args(), dir);
    const before = fs.readFileSync(file());
    await o.env.admin("DELETE", "/_emulator/requests");

    const message = await refusal(runImport(args({ sites: ["London"] }), dir));
    expect(message).toBe(
      `Pulumi.${STACK}.yaml already has genesys-byoc:carriers, genesys-byoc:sites: run again with --force to ` +
        "replace them (every genesys-byoc:* key), or import into a new stack",
    );
    expect(fs.readFileSync(file()).equals(before)).toBe(true);
    expect(await everyRequest(o)).toEqual([]);
    // --dry-run does not get around it either.
    await expect(runImport(args({ dryRun: true }), dir)).rejects.toThrow(/--force/);
    expect(await everyRequest(o)).toEqual([]);
  });

  it("--force replaces every genesys-byoc:* key in place, new ones after the last key, those the import does not write taken out", async () => {
    const o = await newOrg();
    const ids = await brownfield(o.sdk, "acme-");
    writeStackFile(o.url, {
      "genesys-byoc:location": { name: "Old HQ" },
      "genesys-byoc:sites": { old: { site: { name: "Old" } } },
      "genesys-byoc:namePrefix": "old-",
      "genesys-byoc:protect": "false",
    });
    await runImport(args({ sites: ["London"], prefix: "acme-", force: true }), dir);
    const { config } = read();
    expect(Object.keys(config)).toEqual([
      "genesys:apiUrl",
      "genesys:clientId",
      "genesys-byoc:sites",
      "genesys-byoc:namePrefix",
      "genesys-byoc:carriers",
    ]);
    expect(config["genesys-byoc:namePrefix"]).toBe("acme-");
    expect(Object.keys(config["genesys-byoc:sites"] as Raw)).toEqual(["london"]);
    expect(config["genesys-byoc:carriers"]).toEqual({
      "carrier-b": expect.objectContaining({ adoptId: ids.trunks.b, externalTrunkName: "Carrier B" }),
    });
  });

  /** The imported config as stack keys, in the import's order. */
  const asKeys = (config: Raw) =>
    Object.fromEntries(Object.entries(config).map(([k, val]) => [`genesys-byoc:${k}`, val]));
  /** Matches `parts` in order: a string stands for itself, null for any text (captured). */
  const shape = (parts: (string | null)[]) =>
    new RegExp(
      `^${parts.map((p) => (p === null ? "([\\s\\S]*?)" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    );

  it("a stack file as its owner wrote it (comments, key order, quoting, blank lines) keeps every byte; the keys go after config's last key", async () => {
    const o = await newOrg();
    await brownfield(o.sdk);
    const head =
      "# The brown stack: owned by the telephony team.\n" +
      "\n" +
      "config:\n" +
      "  # how the import and the stack reach the org\n" +
      `  'genesys:clientId': "${DEFAULT_CLIENT_ID}"   # the team's OAuth client\n` +
      "\n" +
      `  genesys:apiUrl: '${o.url}'\n` +
      "  other:flag: yes # another project's key, as written\n";
    const tail = "# the salt last, as this team keeps it\n" + `encryptionsalt:   ${SALT}\n` + "\n# end\n";
    fs.writeFileSync(file(), head + tail);

    await runImport(args(), dir);
    const text = fs.readFileSync(file(), "utf8");
    const [, added] = shape([head, null, tail]).exec(text) ?? [];
    expect(added).toMatch(/^ {2}genesys-byoc:carriers:\n/);
    expect(
      added.split("\n").filter((l) => l && !l.startsWith("    ") && !l.startsWith("  genesys-byoc:")),
    ).toEqual([]);
    const expected = asKeys((await importOrg(o.client, args())).config);
    expect(yaml.load(`config:\n${added}`)).toEqual({ config: expected });
    expect(Object.keys(read().config)).toEqual([
      "genesys:clientId",
      "genesys:apiUrl",
      "other:flag",
      ...Object.keys(expected),
    ]);
  });

  it("--force replaces each genesys-byoc:* key where it stands: the comments around and on it stay", async () => {
    const o = await newOrg();
    await brownfield(o.sdk, "acme-");
    const kept = [
      `# top\nencryptionsalt: ${SALT}\nconfig:\n  genesys:apiUrl: ${o.url}\n  # the location we had before\n`,
      "\n  # the sites, imported\n",
      `  genesys:clientId: "${DEFAULT_CLIENT_ID}"  # between two of ours\n`,
      "# after config\n",
    ];
    fs.writeFileSync(
      file(),
      kept[0] +
        "  genesys-byoc:location:\n    name: Old HQ # inside a value the import drops\n" +
        kept[1] +
        "  genesys-byoc:sites: # from npm run import\n    old:\n      site:\n        name: Old\n" +
        kept[2] +
        "  genesys-byoc:namePrefix: 'old-' # the org's prefix\n" +
        kept[3],
    );

    await runImport(args({ sites: ["London"], prefix: "acme-", force: true }), dir);
    const text = fs.readFileSync(file(), "utf8");
    const [, sites, rest] = shape([kept[0], kept[1], null, kept[2], null, kept[3]]).exec(text) ?? [];
    expect(sites).toMatch(/^ {2}genesys-byoc:sites: # from npm run import\n {4}london:\n/);
    expect(rest).toMatch(
      /^ {2}genesys-byoc:namePrefix: acme- # the org's prefix\n {2}genesys-byoc:carriers:\n/,
    );
    const expected = asKeys((await importOrg(o.client, args({ sites: ["London"], prefix: "acme-" }))).config);
    expect(Object.keys(expected)).toEqual([
      "genesys-byoc:namePrefix",
      "genesys-byoc:carriers",
      "genesys-byoc:sites",
    ]);
    expect(read().config).toEqual({
      "genesys:apiUrl": o.url,
      "genesys:clientId": DEFAULT_CLIENT_ID,
      ...expected,
    });
    expect(Object.keys(read().config)).toEqual([
      "genesys:apiUrl",
      "genesys-byoc:sites",
      "genesys:clientId",
      "genesys-byoc:namePrefix",
      "genesys-byoc:carriers",
    ]);
  });

  it("--dry-run returns the file it would write and writes nothing", async () => {
    const o = await newOrg();
    await brownfield(o.sdk);
    const before = writeStackFile(o.url);
    const lines = await runImport(args({ dryRun: true }), dir);
    expect(fs.readFileSync(file(), "utf8")).toBe(before);
    expect(lines[0]).toBe(`# Pulumi.${STACK}.yaml as the import would write it (--dry-run: nothing written)`);
    const shown = yaml.load(lines[1]) as { encryptionsalt: string; config: Raw };
    expect(shown.encryptionsalt).toBe(SALT);
    expect(Object.keys(shown.config)).toContain("genesys-byoc:sites");
    expect(lines[2]).toBe("Would import:");
    expect(fs.readdirSync(dir)).toEqual([`Pulumi.${STACK}.yaml`]);

    // Without a stack file: none is created.
    const other = await runImport(args({ stack: "other", dryRun: true }), dir);
    expect(other[1]).toContain("genesys-byoc:sites:");
    expect(fs.readdirSync(dir)).toEqual([`Pulumi.${STACK}.yaml`]);
  });

  it("missing credentials: an ImportError naming the setting, no file created, no request", async () => {
    const o = await newOrg();
    delete process.env.GENESYS_CLOUD_CLIENT_SECRET;
    await o.env.admin("DELETE", "/_emulator/requests");
    expect(await refusal(runImport(args(), dir))).toBe(
      "cannot connect to Genesys Cloud: no OAuth client secret: run 'pulumi config set --secret genesys:clientSecret <secret>' " +
        "(or set GENESYS_CLOUD_CLIENT_SECRET)",
    );
    expect(fs.existsSync(file())).toBe(false);

    delete process.env.GENESYS_CLOUD_CLIENT_ID;
    delete process.env.GENESYS_CLOUD_API_URL;
    const message = await refusal(runImport(args(), dir));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      /^cannot connect to Genesys Cloud: no target: .*; no OAuth client id: set genesys:clientId/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(await everyRequest(o)).toEqual([]);
  });

  it("a stack file that is not YAML, or not a config map: one line, the file as it was, no request", async () => {
    const o = await newOrg();
    await o.env.admin("DELETE", "/_emulator/requests");
    for (const [text, why] of [
      ["config: [unclosed\n", /^Pulumi\.brown\.yaml is not valid YAML \(.+\)$/],
      ["config:\n  a: *nowhere\n", /^Pulumi\.brown\.yaml is not valid YAML \(.+\)$/],
      ["- a\n- b\n", /^Pulumi\.brown\.yaml is not a Pulumi stack config file \(no config map\)$/],
      ["config: just text\n", /^Pulumi\.brown\.yaml is not a Pulumi stack config file \(no config map\)$/],
    ] as const) {
      fs.writeFileSync(file(), text);
      expect(await refusal(runImport(args({ force: true }), dir))).toMatch(why);
      expect(fs.readFileSync(file(), "utf8")).toBe(text);
    }
    expect(await everyRequest(o)).toEqual([]);
  });

  it("credentials the org refuses: one line naming the settings, no file", async () => {
    const o = await newOrg();
    process.env.GENESYS_CLOUD_CLIENT_SECRET = "not-the-secret";
    clientFor(resolveConnection(undefined), { retry: instantRetryPolicy() });
    const message = await refusal(runImport(args(), dir));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      new RegExp(`^Genesys Cloud at ${o.url} refused the OAuth client credentials \\(`),
    );
    expect(message).toContain("GENESYS_CLOUD_CLIENT_SECRET");
    expect(message).not.toContain("not-the-secret");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("an unreachable API: one line, no file", async () => {
    const port = await closedPort();
    process.env.GENESYS_CLOUD_API_URL = `http://127.0.0.1:${port}`;
    process.env.GENESYS_CLOUD_CLIENT_ID = DEFAULT_CLIENT_ID;
    process.env.GENESYS_CLOUD_CLIENT_SECRET = DEFAULT_CLIENT_SECRET;
    delete process.env.GENESYS_CLOUD_REGION;
    clientFor(resolveConnection(undefined), { retry: instantRetryPolicy() }); // retries without waiting
    const message = await refusal(runImport(args(), dir));
    expect(message.split("\n")).toHaveLength(1);
    expect(message).toMatch(
      new RegExp(`^Could not reach Genesys Cloud at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED on `),
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  return port;
}

// ---------------------------------------------------------------------------------------------

describe("parseImportArgs", () => {
  it("reads a full command line", () => {
    expect(
      parseImportArgs([
        "--stack",
        "prod",
        "--site",
        "Indianapolis",
        "--site",
        " London ",
        "--did-pools",
        "--prefix",
        "acme-",
        "--dry-run",
        "--force",
      ]),
    ).toEqual({
      stack: "prod",
      sites: ["Indianapolis", "London"],
      allSites: false,
      didPools: true,
      prefix: "acme-",
      dryRun: true,
      force: true,
    });
    expect(parseImportArgs(["--stack=dev", "--all-sites"])).toEqual({
      stack: "dev",
      sites: [],
      allSites: true,
      didPools: false,
      prefix: "",
      dryRun: false,
      force: false,
    });
  });

  it.each([["--help"], ["-h"]])("answers %s with the usage", (flag) => {
    expect(parseImportArgs([flag])).toBe("help");
    expect(parseImportArgs(["--stack", "x", flag, "--all-sites"])).toBe("help");
  });

  it.each([
    [["--site", "HQ"], "--stack NAME is required (the stack whose Pulumi.NAME.yaml gets the keys)"],
    [
      ["--stack", " ", "--site", "HQ"],
      "--stack NAME is required (the stack whose Pulumi.NAME.yaml gets the keys)",
    ],
    [["--stack", "a/b", "--site", "HQ"], '--stack "a/b": a stack name is letters, digits, "-", "_" and "."'],
    [["--stack", "dev", "--site", "HQ", "--all-sites"], "use either --site or --all-sites, not both"],
    [["--stack", "dev"], 'name the sites to import with --site "SITE NAME", or use --all-sites'],
    [
      ["--stack", "dev", "--site", "  "],
      'name the sites to import with --site "SITE NAME", or use --all-sites',
    ],
    [["--stack", "dev", "--all-sites", "--yes"], "Unknown option '--yes'"],
    [["--stack", "dev", "--all-sites", "now"], "Unexpected argument 'now'"],
    [["--stack"], "Option '--stack <value>' argument missing"],
  ])("refuses %j: %s, then the usage", (argv, first) => {
    let message = "";
    try {
      parseImportArgs(argv);
    } catch (e) {
      message = (e as Error).message;
    }
    const [line, blank, usage] = message.split("\n");
    expect([line.startsWith(first), blank, usage]).toEqual([
      true,
      "",
      expect.stringMatching(/^Usage: npm run import -- --stack NAME/),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("the carrier rule for an adopted trunk (config checks)", () => {
  const carrier = (over: Raw = {}): Raw => ({
    externalTrunkName: "Carrier A",
    sipServers: ["sip.a.example"],
    inboundSipTerminationIdentifier: "acme-a",
    ...over,
  });
  const estate = (c: Raw) => ({
    carriers: { "carrier-a": c },
    sites: {
      hq: {
        location: { name: "HQ", number: "+13175550100", street1: "1 Main St", city: "Indy", country: "US" },
        site: { name: "HQ" },
        routes: [{ carriers: ["carrier-a"] }],
      },
    },
  });
  const goTogether =
    "carriers.carrier-a.userName and carriers.carrier-a.password go together (SIP digest authentication): " +
    "set both, the password with 'pulumi config set --secret --path carriers.carrier-a.password <password>', or neither";

  it("with adoptId, userName without password passes", () => {
    expect(
      checkSettings(estate(carrier({ adoptId: "t-1", userName: "acme-a", realm: "a.example" }))),
    ).toEqual([]);
  });

  it("without adoptId, userName without password still fails with the go-together message", () => {
    expect(checkSettings(estate(carrier({ userName: "acme-a" })))).toEqual([
      { key: "carriers.carrier-a.userName", message: goTogether },
    ]);
  });

  it("a password without userName fails, adoptId or not", () => {
    for (const over of [{ password: "pw" }, { password: "pw", adoptId: "t-1" }])
      expect(checkSettings(estate(carrier(over))).map((i) => i.message)).toEqual([goTogether]);
  });

  it("with adoptId, userName and password passes", () => {
    expect(checkSettings(estate(carrier({ adoptId: "t-1", userName: "acme-a", password: "pw" })))).toEqual(
      [],
    );
  });
});
