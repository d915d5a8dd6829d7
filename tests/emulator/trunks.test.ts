/** BYOC trunk base settings through the real SDK: template, property bag, validation, uniqueness, delete rules. */
import { SEED_IDS, startEmulator, type RunningEmulator } from "../../emulator";
import {
  emulatorAdmin,
  locationBody,
  rejection,
  sdkClient,
  siteBody,
  trunkBody,
  uniq,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let siteId: string;

const BYOC = "external_sip_pcv_byoc_carrier.json";
type Prop = { value: { default: unknown; instance: unknown }; type: string };
const props = (t: { properties?: unknown }) => t.properties as Record<string, Prop>;

beforeAll(async () => {
  emu = await startEmulator();
  api = await sdkClient(emu.url);
  const loc = await api.locations.postLocations(locationBody());
  siteId = (await api.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!))).id!;
});
afterAll(() => emu.close());

test("template: full property bag without id", async () => {
  const tpl = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettingsTemplate(BYOC);
  expect(tpl.id).toBeUndefined();
  expect(tpl).toMatchObject({
    trunkType: "EXTERNAL",
    trunkMetabase: { id: BYOC, name: "Generic BYOC Carrier" },
  });
  const p = props(tpl);
  expect(p.trunk_label.value).toEqual({ default: "Generic BYOC Carrier", instance: "Generic BYOC Carrier" });
  expect(p.trunk_transport_serverProxyList).toMatchObject({
    type: "array",
    uniqueItems: true,
    required: true,
  });
  expect(p.trunk_outboundIdentity_callingName).toMatchObject({ pattern: "^[\\S ]{0,40}$" });
  expect(
    (await rejection(api.telephony.getTelephonyProvidersEdgesTrunkbasesettingsTemplate("nope.json"))).status,
  ).toBe(404);
});

test("create (reduced form) → GET returns every property, defaults filled, trunk_label = name", async () => {
  const created = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId));
  const got = await api.telephony.getTelephonyProvidersEdgesTrunkbasesetting(created.id!, {
    ignoreHidden: true,
  });
  expect(got).toEqual(created);
  expect(got).toMatchObject({ version: 1, state: "active", managed: false, inboundSite: { id: siteId } });
  const p = props(got);
  const tpl = props(await api.telephony.getTelephonyProvidersEdgesTrunkbasesettingsTemplate(BYOC));
  expect(Object.keys(p).sort()).toEqual(Object.keys(tpl).sort());
  expect(p.trunk_label.value.instance).toBe(got.name);
  expect(p.trunk_maxDialTimeout.value.instance).toBe("2m");
  expect(p.trunk_media_disconnectOnIdleRTP.value.instance).toBe(true);
  expect(p.trunk_media_codec.value.instance).toEqual(["audio/opus", "audio/pcmu", "audio/pcma"]);
  expect(p.trunk_sip_termination_uri.value.instance).toBe(got.name);

  // Rename: trunk_label follows; full-form properties accepted; version rises.
  const renamed = await api.telephony.putTelephonyProvidersEdgesTrunkbasesetting(got.id!, {
    ...got,
    name: `${got.name}-2`,
  });
  expect(renamed.version).toBe(2);
  expect(props(renamed).trunk_label.value.instance).toBe(`${got.name}-2`);
  expect(
    await rejection(
      api.telephony.putTelephonyProvidersEdgesTrunkbasesetting(got.id!, { ...got, version: 1 }),
    ),
  ).toMatchObject({ status: 409, code: "general.conflict" });
  // Without a version: refused (whether Genesys accepts it is unknown; the emulator's strict choice).
  expect(
    await rejection(
      api.telephony.putTelephonyProvidersEdgesTrunkbasesetting(got.id!, { ...renamed, version: undefined }),
    ),
  ).toMatchObject({ status: 400, code: "required.field.missing", details: [{ fieldName: "version" }] });
});

test("BYOC trunks need inboundSite: 400 REQUIRED_FIELD_MISSING on inboundSiteId", async () => {
  const e = await rejection(
    api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId, { inboundSite: undefined })),
  );
  expect(e).toMatchObject({
    status: 400,
    message: "Field 'inboundSiteId' is required and cannot be empty.",
    details: [{ errorCode: "REQUIRED_FIELD_MISSING", fieldName: "inboundSiteId" }],
  });
  expect(
    await rejection(api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody("no-such-site"))),
  ).toMatchObject({ status: 400, code: "referenced.key.does.not.exist" });
});

test("property validation names the property", async () => {
  const post = (properties: Record<string, unknown>) =>
    rejection(api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId, { properties })));
  const proxy = { trunk_transport_serverProxyList: { value: { instance: ["sip.example.com"] } } };
  const cases: [Record<string, unknown>, string][] = [
    [
      { trunk_outboundIdentity_callingName: { value: { instance: "x".repeat(41) } } },
      "trunk_outboundIdentity_callingName",
    ],
    [
      { trunk_outboundIdentity_callingName: { value: { instance: "tab\there" } } },
      "trunk_outboundIdentity_callingName",
    ],
    [{ trunk_transport_protocolVariant: { value: { instance: "sctp" } } }, "trunk_transport_protocolVariant"],
    [{ trunk_enabled: { value: { instance: "yes" } } }, "trunk_enabled"],
    [{ trunk_media_codec: { value: { instance: ["audio/opus", "audio/opus"] } } }, "trunk_media_codec"],
    [{ trunk_no_such_thing: { value: { instance: 1 } } }, "trunk_no_such_thing"],
    [{ trunk_enabled: true }, "trunk_enabled"],
  ];
  for (const [p, name] of cases) {
    const e = await post({ ...proxy, ...p });
    expect(e).toMatchObject({
      status: 400,
      code: "validation.error",
      details: [{ fieldName: `properties.${name}` }],
    });
    expect(e.message).toContain(name);
  }
  const ok = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
    trunkBody(siteId, {
      properties: {
        ...proxy,
        trunk_outboundIdentity_callingName: { value: { instance: "ACME Corp 40 chars ok" } },
      },
    }),
  );
  expect(props(ok).trunk_sip_termination_uri.value.instance).toBe("");
});

test("uniqueness: trunk name, and the inbound SIP termination identifier across the org", async () => {
  const a = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId));
  expect(
    await rejection(
      api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId, { name: a.name })),
    ),
  ).toMatchObject({
    status: 400,
    code: "duplicate.value",
    message: "A trunk with that name already exists.",
  });
  const e = await rejection(
    api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
      trunkBody(siteId, {
        properties: {
          trunk_transport_serverProxyList: { value: { instance: ["other.example.com"] } },
          trunk_sip_termination_uri: { value: { instance: a.name } },
        },
      }),
    ),
  );
  expect(e).toMatchObject({
    status: 400,
    code: "duplicate.value",
    details: [{ fieldName: "properties.trunk_sip_termination_uri" }],
  });
});

test("list: name prefix*, exact name, managed filter, expand=properties", async () => {
  const prefix = uniq("pfx");
  for (const n of ["a", "b", "c"])
    await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
      trunkBody(siteId, { name: `${prefix}-${n}` }),
    );
  const byPrefix = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettings({ name: `${prefix}*` });
  expect(byPrefix.entities!.map((t) => t.name)).toEqual([`${prefix}-a`, `${prefix}-b`, `${prefix}-c`]);
  expect(byPrefix.entities![0].properties).toBeUndefined();
  const exact = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettings({ name: prefix });
  expect(exact.total).toBe(0);
  const expanded = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettings({
    name: `${prefix}-a`,
    expand: ["properties"],
  });
  expect(expanded.total).toBe(1);
  expect(expanded.entities![0].properties).toHaveProperty("trunk_label");
  const managed = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettings({ managed: true });
  expect(managed.entities!.map((t) => t.id)).toEqual([SEED_IDS.pcvTrunkBase]);
  const goStyle = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettings({
    recordingEnabled: false,
    ignoreHidden: false,
    managed: false,
    name: `${prefix}*`,
  });
  expect(goStyle.total).toBe(3);
});

test("delete: used by an outbound route → 400 delete.referenced.entity; managed → 403; then 404", async () => {
  const t = api.telephony;
  const trunk = await t.postTelephonyProvidersEdgesTrunkbasesettings(trunkBody(siteId));
  const route = (await t.getTelephonyProvidersEdgesSiteOutboundroutes(siteId)).entities![0];
  await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!, {
    ...route,
    externalTrunkBases: [{ id: trunk.id! }],
  } as never);
  expect(await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!))).toMatchObject({
    status: 400,
    code: "delete.referenced.entity",
    message: "The trunk is being referenced.",
  });
  expect(
    await rejection(t.deleteTelephonyProvidersEdgesTrunkbasesetting(SEED_IDS.pcvTrunkBase)),
  ).toMatchObject({
    status: 403,
  });
  const current = await t.getTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!);
  await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!, {
    ...current,
    externalTrunkBases: [],
  } as never);
  await emulatorAdmin(emu.url).call("POST", "lags/expire"); // the route's use lingers: tests/emulator/lags.test.ts
  await t.deleteTelephonyProvidersEdgesTrunkbasesetting(trunk.id!);
  expect(await rejection(t.getTelephonyProvidersEdgesTrunkbasesetting(trunk.id!))).toMatchObject({
    status: 404,
    code: "entity.not.found",
  });
});
