/**
 * Contract test: every response of the emulator, walked against the field lists of the official SDK's models.
 *
 * The models are read at test time from `purecloud-platform-client-v2/index.d.ts` (the SDK the project uses), so a
 * field the emulator returns that no model has, a field of the wrong JSON type, or a field that the real API always
 * returns but the emulator leaves out shows as a failure here. Each route of the emulator's table is exercised by a
 * realistic provisioning flow (the SDK's read-modify-write included) and must answer 2xx at least once; the error
 * bodies met on the way are checked against `ErrorBody`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import { matchRoute, ROUTES } from "../../emulator/router";
import { locationBody, sdkClient, accessToken, siteBody } from "../helpers/emulator";

type Field = { type: string; optional: boolean };
type Models = Map<string, Map<string, Field>>;

/** Parses `declare namespace Models { export interface X { "f"?: T; … } }` of the SDK's typings. */
function parseModels(): Models {
  const dir = path.dirname(require.resolve("purecloud-platform-client-v2/package.json"));
  const text = fs.readFileSync(path.join(dir, "index.d.ts"), "utf8");
  const ns = text.slice(text.indexOf("declare namespace Models {"));
  const models: Models = new Map();
  for (const m of ns.matchAll(/^\texport interface (\w+) \{\s*\n([\s\S]*?)^\t\}/gm)) {
    const fields = new Map<string, Field>();
    for (const f of m[2].matchAll(/^\t\t"([^"]+)"(\?)?: (.+);$/gm))
      fields.set(f[1], { type: f[3].trim(), optional: f[2] === "?" });
    models.set(m[1], fields);
  }
  return models;
}

const AUDIT = [
  "id",
  "name",
  "division",
  "version",
  "dateCreated",
  "dateModified",
  "createdBy",
  "modifiedBy",
  "createdByApp",
  "modifiedByApp",
  "state",
  "selfUri",
];
const LISTING = [
  "entities",
  "pageSize",
  "pageNumber",
  "total",
  "pageCount",
  "firstUri",
  "selfUri",
  "lastUri",
];

/**
 * Fields the real API always returns, beyond the ones the model itself marks required. Why:
 * - telephony objects (Site, TrunkBase, OutboundRoute(Base), NumberPlan) are stored entities of the edge service:
 *   id, version, state, dates and selfUri appear on every one in real exports (reference Appendix A, EXPORT
 *   tfstate), and division plus the *By/*ByApp audit fields are filled by the platform on every write (issue 11,
 *   found by the Python SDK against a real org);
 * - Site: the lists and flags a real site GET shows (Appendix A), plus the edge lists (issue 11);
 * - Organization: defaultSiteId is dereferenced by Genesys's Terraform provider on every site read [C-test];
 *   defaultCountryCode by its configure [C-code]; features/voicemailEnabled/productPlatform (issue 11);
 * - listings: the paging envelope of reference §11.5 (`totalNumberOfEntities` on telephony lists);
 * - LocationDefinition: the fields the location GET always carries (reference §6);
 * - ErrorBody: message, code, status and contextId (reference §4.2).
 */
const ALWAYS: Record<string, string[]> = {
  Site: [
    ...AUDIT,
    "primarySites",
    "secondarySites",
    "primaryEdges",
    "secondaryEdges",
    "edges",
    "mediaRegionsUseLatencyBased",
    "location",
    "managed",
    "ntpSettings",
    "mediaModel",
    "coreSite",
    "mediaRegions",
  ],
  TrunkBase: [...AUDIT, "trunkMetabase", "trunkType", "managed"],
  OutboundRouteBase: [...AUDIT, "classificationTypes", "enabled", "distribution", "externalTrunkBases"],
  OutboundRoute: [...AUDIT, "classificationTypes", "enabled", "distribution", "externalTrunkBases", "site"],
  NumberPlan: [...AUDIT, "classification", "matchType", "priority"],
  DIDPool: AUDIT,
  LocationDefinition: [
    "id",
    "name",
    "state",
    "version",
    "path",
    "addressVerified",
    "addressStored",
    "selfUri",
  ],
  Organization: [
    "id",
    "name",
    "defaultLanguage",
    "defaultCountryCode",
    "thirdPartyOrgName",
    "domain",
    "version",
    "state",
    "features",
    "defaultSiteId",
    "voicemailEnabled",
    "productPlatform",
    "selfUri",
  ],
  Division: ["id", "name", "selfUri"],
  MediaRegions: ["awsHomeRegion", "awsCoreRegions", "awsSatelliteRegions"],
  SiteEntityListing: [...LISTING, "totalNumberOfEntities"],
  TrunkBaseEntityListing: [...LISTING, "totalNumberOfEntities"],
  OutboundRouteBaseEntityListing: [...LISTING, "totalNumberOfEntities"],
  OutboundRouteEntityListing: [...LISTING, "totalNumberOfEntities"],
  TrunkMetabaseEntityListing: [...LISTING, "totalNumberOfEntities"],
  DIDPoolEntityListing: [...LISTING, "totalNumberOfEntities"],
  LocationEntityListing: LISTING,
  OrganizationProductEntityListing: ["entities", "pageSize", "pageNumber", "total", "pageCount"],
  ErrorBody: ["message", "code", "status", "contextId"],
};

/**
 * What a template is not: it has never been stored, so it has no id, audit fields or selfUri [C-code: the
 * template is POSTed back as a new trunk base].
 */
const NOT_STORED = AUDIT.filter((f) => f !== "name" && f !== "state");

/** Models whose always-present fields are checked wherever they appear (not only on top-level entities). */
const EVERYWHERE = new Set(["Division"]);

/**
 * Walks `value` against a typings type expression; collects the problems found, each with its JSON path. The
 * always-present fields ({@link ALWAYS}) are checked on the response itself and on the entities of a listing; an
 * object embedded in another (a `location` or `site` reference) only has to use the model's field names.
 */
function walker(models: Models) {
  const problems: string[] = [];
  const check = (value: unknown, type: string, at: string, exempt: string[] = [], top = true): void => {
    const t = type.trim();
    const arr = /^Array<(.+)>$/.exec(t);
    const map = /^\{ \[key: string\]: (.+); \}$/.exec(t);
    if (arr) {
      if (!Array.isArray(value)) problems.push(`${at}: expected an array (${t})`);
      else value.forEach((v, i) => check(v, arr[1], `${at}[${i}]`, [], top));
    } else if (map) {
      if (typeof value !== "object" || value === null || Array.isArray(value))
        problems.push(`${at}: expected an object map (${t})`);
      else for (const [k, v] of Object.entries(value)) check(v, map[1], `${at}.${k}`, [], false);
    } else if (t.startsWith("Models.")) {
      model(value, t.slice("Models.".length), at, exempt, top);
    } else if (t === "string" || t === "number" || t === "boolean") {
      if (typeof value !== t) problems.push(`${at}: expected ${t}, got ${JSON.stringify(value)}`);
    } else if (t === "object") {
      if (typeof value !== "object" || value === null) problems.push(`${at}: expected an object`);
    } else problems.push(`${at}: the walker does not know the type ${t}`);
  };
  const model = (value: unknown, name: string, at: string, exempt: string[], top: boolean): void => {
    const fields = models.get(name);
    if (!fields) return void problems.push(`${at}: no model ${name} in the SDK typings`);
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return void problems.push(`${at}: expected a ${name} object`);
    const obj = value as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj)) {
      const f = fields.get(k);
      if (!f) problems.push(`${at}.${k}: not a field of ${name}`);
      else if (v !== null) check(v, f.type, `${at}.${k}`, [], top && (k === "entities" || k === "results"));
    }
    if (!top && !EVERYWHERE.has(name)) return;
    const required = [
      ...[...fields].filter(([, f]) => !f.optional).map(([k]) => k),
      ...(ALWAYS[name] ?? []),
    ].filter((k) => !exempt.includes(k));
    for (const k of new Set(required))
      if (obj[k] === undefined) problems.push(`${at}.${k}: missing (${name} always has it)`);
  };
  return { check, problems };
}

let emu: RunningEmulator;
let token: string;

beforeAll(async () => {
  // Strongly consistent: the tear-down below deletes each object right after what referred to it
  // (a lagging refusal has the same shape as the refusals checked here; tests/emulator/lags.test.ts).
  emu = await startEmulator({ deleteLags: 0 });
  token = accessToken((await sdkClient(emu.url)).client);
});
afterAll(() => emu.close());

interface Exchange {
  method: string;
  path: string;
  status: number;
  body: unknown;
}

test("every route answers in the shape of the SDK's models", async () => {
  const exchanges: Exchange[] = [];
  const call = async <T = Record<string, unknown>>(method: string, url: string, body?: unknown) => {
    const res = await fetch(`${emu.url}${url}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    exchanges.push({ method, path: url.split("?")[0], status: res.status, body: parsed });
    return { status: res.status, body: parsed as T };
  };
  const ok = async <T = Record<string, unknown>>(method: string, url: string, body?: unknown) => {
    const r = await call<T>(method, url, body);
    if (r.status >= 300) throw new Error(`${method} ${url} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  type Obj = Record<string, unknown> & { id: string; version: number };
  const EDGES = "/api/v2/telephony/providers/edges";

  // The org and its products.
  await ok("GET", "/api/v2/authorization/products");
  const org = await ok<Obj>("GET", "/api/v2/organizations/me");
  await ok("GET", "/api/v2/telephony/mediaregions");

  // Locations: one for the site, one created with an empty address; list, search, patch.
  const loc = await ok<Obj>("POST", "/api/v2/locations", locationBody());
  const bare = await ok<Obj>("POST", "/api/v2/locations", { name: "bare", address: {} });
  expect(bare.address).toBeUndefined();
  await ok("GET", `/api/v2/locations?id=${loc.id}`);
  await ok("GET", `/api/v2/locations/${loc.id}`);
  await ok("PATCH", `/api/v2/locations/${bare.id}`, { name: "bare 2", version: bare.version });
  const query = { query: [{ type: "EXACT", fields: ["name"], value: "bare 2" }] };
  await ok("POST", "/api/v2/locations/search", query);
  await ok("GET", `/api/v2/locations/search?q64=${Buffer.from(JSON.stringify(query)).toString("base64")}`);

  // Site: create, then the Python SDK's read-modify-write (no fraction digits), list with the location expanded.
  const site = await ok<Obj>("POST", `${EDGES}/sites`, siteBody(loc.id));
  const read = await ok<Obj>("GET", `${EDGES}/sites/${site.id}`);
  const edited = await ok<Obj>("PUT", `${EDGES}/sites/${site.id}`, {
    ...read,
    description: "edited",
    edgeAutoUpdateConfig: {
      timeZone: "America/New_York",
      rrule: "FREQ=WEEKLY;BYDAY=SU",
      start: "2026-12-06T02:00:00",
      end: "2026-12-06T05:00:00",
    },
  });
  expect(edited.version).toBe(read.version + 1);
  await ok("GET", `${EDGES}/sites?expand=location&managed=false`);

  // Number plans: read, read one, classifications, then PUT the list back with one more plan.
  const plans = await ok<Obj[]>("GET", `${EDGES}/sites/${site.id}/numberplans`);
  await ok("GET", `${EDGES}/sites/${site.id}/numberplans/${plans[0].id}`);
  await ok("GET", `${EDGES}/sites/${site.id}/numberplans/classifications`);
  const extra = {
    name: "Toll free",
    classification: "Toll free",
    matchType: "numberList",
    numbers: [{ start: "+18005550100", end: "+18005550199" }],
  };
  await ok("PUT", `${EDGES}/sites/${site.id}/numberplans`, [...plans, extra]);

  // The org's default site: set it to the new site and back (what Terraform's set_as_default_site does).
  const moved = await ok<Obj>("PUT", "/api/v2/organizations/me", { ...org, defaultSiteId: site.id });
  await ok("PUT", "/api/v2/organizations/me", { ...moved, defaultSiteId: SEED_IDS.pcvSite });

  // Trunk bases: metabases, template, a BYOC trunk with no properties, an external SIP trunk, read-modify-write.
  await ok("GET", `${EDGES}/trunkbasesettings/availablemetabases?type=EXTERNAL`);
  await ok("GET", `${EDGES}/trunkbasesettings/template?trunkMetabaseId=external_sip_pcv_byoc_carrier.json`);
  const trunk = await ok<Obj>("POST", `${EDGES}/trunkbasesettings`, {
    name: "carrier",
    trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
    trunkType: "EXTERNAL",
    inboundSite: { id: site.id },
  });
  const sip = await ok<Obj>("POST", `${EDGES}/trunkbasesettings`, {
    name: "premises sip",
    trunkMetabase: { id: "external_sip.json" },
    trunkType: "EXTERNAL",
  });
  await ok("GET", `${EDGES}/trunkbasesettings`);
  await ok("GET", `${EDGES}/trunkbasesettings?expand=properties`);
  const t = await ok<Obj>("GET", `${EDGES}/trunkbasesettings/${trunk.id}`);
  await ok("PUT", `${EDGES}/trunkbasesettings/${trunk.id}`, { ...t, description: "edited" });

  // Outbound routes: the default one gets the trunk; a second route for the new plan's classification.
  const routes = await ok<{ entities: Obj[] }>("GET", `${EDGES}/sites/${site.id}/outboundroutes`);
  const def = await ok<Obj>("GET", `${EDGES}/sites/${site.id}/outboundroutes/${routes.entities[0].id}`);
  const withTrunk = await ok<Obj>("PUT", `${EDGES}/sites/${site.id}/outboundroutes/${def.id}`, {
    ...def,
    externalTrunkBases: [{ id: trunk.id }],
  });
  const tollFree = await ok<Obj>("POST", `${EDGES}/sites/${site.id}/outboundroutes`, {
    name: "toll free",
    classificationTypes: ["Toll free"],
    externalTrunkBases: [{ id: sip.id }],
  });
  await ok("GET", `${EDGES}/outboundroutes?site.id=${site.id}`);

  // DID pools: create, list, read, PUT with the version read, delete.
  const didPool = await ok<Obj>("POST", `${EDGES}/didpools`, {
    startPhoneNumber: "+13175550100",
    endPhoneNumber: "+13175550199",
    description: "ours",
  });
  await ok("GET", `${EDGES}/didpools?pageSize=100&pageNumber=1`);
  const dp = await ok<Obj>("GET", `${EDGES}/didpools/${didPool.id}`);
  await ok("PUT", `${EDGES}/didpools/${didPool.id}`, { ...dp, comments: "edited" });
  expect((await call("POST", `${EDGES}/didpools`, { ...dp, id: undefined })).status).toBe(400);
  await ok("DELETE", `${EDGES}/didpools/${didPool.id}`);

  // Errors on the way: unknown site, stale version, a duplicate, a malformed date-time.
  expect((await call("GET", `${EDGES}/sites/00000000-0000-4000-8000-00000000ffff`)).status).toBe(404);
  expect((await call("PUT", `${EDGES}/sites/${site.id}`, { ...read })).status).toBe(409);
  expect((await call("POST", `${EDGES}/trunkbasesettings`, { ...t, id: undefined })).status).toBe(400);
  const badTime = {
    ...siteBody(loc.id),
    edgeAutoUpdateConfig: { ...(edited.edgeAutoUpdateConfig as object), start: "2026-12-06T02:00:00Z" },
  };
  expect((await call("POST", `${EDGES}/sites`, badTime)).status).toBe(400);

  // Tear down in dependency order.
  await ok("DELETE", `${EDGES}/sites/${site.id}/outboundroutes/${tollFree.id}`);
  await ok("PUT", `${EDGES}/sites/${site.id}/outboundroutes/${def.id}`, {
    ...withTrunk,
    externalTrunkBases: [],
  });
  await ok("DELETE", `${EDGES}/trunkbasesettings/${trunk.id}`);
  await ok("DELETE", `${EDGES}/trunkbasesettings/${sip.id}`);
  await ok("DELETE", `${EDGES}/sites/${site.id}`);
  await ok("DELETE", `/api/v2/locations/${loc.id}`);
  await ok("DELETE", `/api/v2/locations/${bare.id}`);

  // Every route was exercised with success.
  const hit = new Set(
    exchanges.filter((x) => x.status < 300).map((x) => matchRoute(x.method, x.path)?.route),
  );
  const missed = ROUTES.filter((r) => !hit.has(r)).map((r) => `${r.method} ${r.pattern}`);
  expect(missed).toEqual([]);

  // Every body against its model.
  const { check, problems } = walker(parseModels());
  for (const x of exchanges) {
    const where = `${x.method} ${x.path} (${x.status})`;
    const route = matchRoute(x.method, x.path)?.route;
    if (x.status >= 400) check(x.body, "Models.ErrorBody", where);
    else if (route?.model) {
      const exempt = route.pattern.endsWith("/template") ? NOT_STORED : [];
      check(
        x.body,
        route.model.startsWith("Array<")
          ? route.model.replace(/<([A-Z]\w*)>/, "<Models.$1>")
          : `Models.${route.model}`,
        where,
        exempt,
      );
    } else expect(x.body).toBeUndefined();
  }
  expect(problems).toEqual([]);
});

test("the walker catches a field no model has and a missing always-present field", () => {
  const { check, problems } = walker(parseModels());
  check({ id: "x", name: "n", numberList: [] }, "Models.NumberPlan", "plan");
  expect(problems).toEqual(
    expect.arrayContaining([
      "plan.numberList: not a field of NumberPlan",
      "plan.division: missing (NumberPlan always has it)",
    ]),
  );
  check({ awsHomeRegion: 1 }, "Models.MediaRegions", "regions");
  expect(problems).toContain("regions.awsHomeRegion: expected string, got 1");
});
