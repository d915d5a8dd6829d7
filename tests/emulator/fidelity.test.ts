/**
 * What other official clients showed the emulator got wrong (issue 11): the Python SDK's read-modify-write of a
 * site, number plans in the model's shape, audit fields, and the endpoints and defaults Genesys's Terraform
 * provider relies on (organizations/me, mediaregions, numberplans PUT, metabases, trunks with no properties,
 * locations with an empty address); plus the HTTP edge of a 60 KB request line and crash leftovers.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import platformClient from "purecloud-platform-client-v2";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_ROUTE_SETTLE_MS,
  SEED_IDS,
  startEmulator,
  type RunningEmulator,
} from "../../emulator";
import {
  emulatorAdmin,
  locationBody,
  rejection,
  sdkClient,
  siteBody,
  type SdkApis,
} from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let locationId: string;
/** How far the emulator's clock runs ahead of the wall clock (moved to let a new site's default route settle). */
let ahead = 0;

beforeAll(async () => {
  emu = await startEmulator({
    now: () => Date.now() + ahead,
    clients: [
      { id: DEFAULT_CLIENT_ID, secret: "emulator-secret" },
      { id: "second-client", secret: "second-secret" },
    ],
  });
  api = await sdkClient(emu.url);
  locationId = (await api.locations.postLocations(locationBody())).id!;
});
afterAll(() => emu.close());

const newSite = async (overrides: Record<string, unknown> = {}) =>
  api.telephony.postTelephonyProvidersEdgesSites(siteBody(locationId, overrides));

describe("item 3: the Python SDK's shapes", () => {
  test("a site read back and PUT with 0–9 fraction digits (or none) is accepted", async () => {
    const site = await newSite();
    let current = await api.telephony.getTelephonyProvidersEdgesSite(site.id!);
    for (const [start, end] of [
      ["2026-12-06T02:00:00", "2026-12-06T05:00:00"], // the Python SDK
      ["2026-12-06T02:00", "2026-12-06T05:00"],
      ["2026-12-06T02:00:00.1", "2026-12-06T05:00:00.123456789"],
    ]) {
      current = await api.telephony.putTelephonyProvidersEdgesSite(site.id!, {
        ...current,
        edgeAutoUpdateConfig: { timeZone: "Europe/Paris", rrule: "FREQ=DAILY", start, end },
      });
      expect(current.edgeAutoUpdateConfig).toMatchObject({ start, end });
    }
    const e = await rejection(
      api.telephony.putTelephonyProvidersEdgesSite(site.id!, {
        ...current,
        edgeAutoUpdateConfig: { ...current.edgeAutoUpdateConfig!, start: "2026-12-06T02:00:00Z" },
      }),
    );
    expect(e).toMatchObject({ status: 400, code: "invalid.value" });
    expect(String(e.message)).toContain("edgeAutoUpdateConfig.start");
  });

  test("telephony objects carry the home division and who made and changed them", async () => {
    const site = await newSite();
    expect(site).toMatchObject({
      division: { id: expect.any(String), name: "Home", selfUri: expect.stringContaining("/divisions/") },
      createdBy: DEFAULT_CLIENT_ID,
      modifiedBy: DEFAULT_CLIENT_ID,
      createdByApp: DEFAULT_CLIENT_ID,
      modifiedByApp: DEFAULT_CLIENT_ID,
      primaryEdges: [],
      secondaryEdges: [],
      edges: [],
    });
    const other = await sdkClient(emu.url, "second-client", "second-secret");
    const changed = await other.telephony.putTelephonyProvidersEdgesSite(site.id!, {
      ...site,
      description: "x",
    });
    expect(changed).toMatchObject({
      createdBy: DEFAULT_CLIENT_ID,
      modifiedBy: "second-client",
      modifiedByApp: "second-client",
    });
    const plans = await api.telephony.getTelephonyProvidersEdgesSiteNumberplans(site.id!);
    const emergency = plans.find((p) => p.classification === "Emergency")!;
    expect(emergency).toMatchObject({
      numbers: [{ start: "911", end: "911" }],
      createdBy: DEFAULT_CLIENT_ID,
    });
    expect(emergency.dateCreated).toBe(site.dateCreated);
    expect(emergency).not.toHaveProperty("numberList");
    expect(emergency).not.toHaveProperty("site");
  });

  test("the organization has features, defaultSiteId, voicemailEnabled and productPlatform", async () => {
    const org = await api.organization.getOrganizationsMe();
    expect(org).toMatchObject({
      defaultSiteId: SEED_IDS.pcvSite,
      voicemailEnabled: true,
      productPlatform: "PureCloud",
      features: expect.any(Object),
    });
  });
});

describe("item 4: what Genesys's Terraform provider relies on", () => {
  test("a BYOC carrier trunk base created with no properties gets the metabase defaults", async () => {
    const site = await newSite();
    const name = "carrier with defaults";
    const t = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings({
      name,
      trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
      trunkType: "EXTERNAL",
      inboundSite: { id: site.id! },
    });
    const instance = (k: string) => (t.properties![k] as { value: { instance: unknown } }).value.instance;
    expect(instance("trunk_label")).toBe(name);
    expect(instance("trunk_maxDialTimeout")).toBe("2m");
    expect(instance("trunk_media_disconnectOnIdleRTP")).toBe(true);
    expect(instance("trunk_media_codec")).toEqual(["audio/opus", "audio/pcmu", "audio/pcma"]);
    expect(instance("trunk_transport_serverProxyList")).toBeNull();
  });

  test("PUT organizations/me moves the default site; a stale version → 409; the default site cannot be deleted", async () => {
    const site = await newSite();
    const org = await api.organization.getOrganizationsMe();
    const moved = await api.organization.putOrganizationsMe({ body: { ...org, defaultSiteId: site.id! } });
    expect(moved).toMatchObject({ defaultSiteId: site.id, version: org.version + 1 });
    expect(
      await rejection(
        api.organization.putOrganizationsMe({ body: { ...org, defaultSiteId: SEED_IDS.pcvSite } }),
      ),
    ).toMatchObject({ status: 409, code: "general.conflict" });
    expect(
      await rejection(
        api.organization.putOrganizationsMe({ body: { ...moved, defaultSiteId: "no-such-site" } }),
      ),
    ).toMatchObject({ status: 400, code: "referenced.key.does.not.exist" });
    expect(await rejection(api.telephony.deleteTelephonyProvidersEdgesSite(site.id!))).toMatchObject({
      status: 409,
    });
    await api.organization.putOrganizationsMe({ body: { ...moved, defaultSiteId: SEED_IDS.pcvSite } });
    await api.telephony.deleteTelephonyProvidersEdgesSite(site.id!);
  });

  test("a location created with address {} comes back without an address; PATCH address {} clears it", async () => {
    const bare = await api.locations.postLocations({ name: "no address", address: {} } as never);
    expect(bare).not.toHaveProperty("address");
    const withAddress = await api.locations.postLocations({
      name: "with address",
      address: { city: "Paris", country: "FR" },
    } as never);
    expect(withAddress.address).toEqual({ city: "Paris", country: "FR" });
    const cleared = await api.locations.patchLocation(withAddress.id!, {
      name: "with address",
      version: 1,
      address: {},
    } as never);
    expect(cleared).not.toHaveProperty("address");
  });

  test("GET telephony/mediaregions: the home region and the regions a site may use", async () => {
    const r = await new platformClient.TelephonyApi(api.client).getTelephonyMediaregions();
    expect(r.awsHomeRegion).toBe("us-east-1");
    expect(r.awsCoreRegions).toContain("us-east-1");
    expect(r.awsSatelliteRegions!.length).toBeGreaterThan(0);
    for (const region of [...r.awsCoreRegions!, ...r.awsSatelliteRegions!])
      await newSite({ mediaRegions: [region] }); // every listed region is accepted on a site
  });

  test("PUT sites/{id}/numberplans replaces the list: keep, change, add, remove", async () => {
    const site = await newSite();
    ahead += DEFAULT_ROUTE_SETTLE_MS; // its default route now holds the default classifications
    const plans = await api.telephony.getTelephonyProvidersEdgesSiteNumberplans(site.id!);
    const emergencyPlan = plans.find((p) => p.name === "Emergency")!;
    const put = (list: unknown[]) =>
      api.telephony.putTelephonyProvidersEdgesSiteNumberplans(site.id!, list as never);
    const kept = plans.filter((p) => p.name !== "Extension"); // no route uses Extension
    const next = await put([
      ...kept.map((p) =>
        p.id === emergencyPlan.id ? { ...p, numbers: [{ start: "911", end: "911" }, { start: "933" }] } : p,
      ),
      {
        name: "Toll free",
        classification: "Toll free",
        matchType: "e164NumberList",
        numbers: [{ start: "+18005550100" }],
      },
    ]);
    expect(next.map((p) => p.name)).toEqual([...kept.map((p) => p.name), "Toll free"]);
    const ext = next.find((p) => p.id === emergencyPlan.id)!;
    expect(ext).toMatchObject({
      version: 2,
      numbers: [{ start: "911", end: "911" }, { start: "933" }],
      dateCreated: emergencyPlan.dateCreated,
    });
    const tollFree = next.find((p) => p.name === "Toll free")!;
    expect(tollFree).toMatchObject({ id: expect.any(String), version: 1, priority: next.length });
    expect(await api.telephony.getTelephonyProvidersEdgesSiteNumberplan(site.id!, tollFree.id!)).toEqual(
      tollFree,
    );
    expect(await api.telephony.getTelephonyProvidersEdgesSiteNumberplansClassifications(site.id!)).toContain(
      "Toll free",
    );
    expect(await api.telephony.getTelephonyProvidersEdgesSiteNumberplans(site.id!)).toEqual(next);

    // Refusals: duplicate names, a plan of another site, a stale version, a missing match field, a used classification.
    const dup = await rejection(
      put([...next, { name: "toll FREE", classification: "x", matchType: "intraCountryCode" }]),
    );
    expect(dup).toMatchObject({ status: 400, code: "duplicate.number.plan.name" });
    const other = await api.telephony.getTelephonyProvidersEdgesSiteNumberplans(SEED_IDS.pcvSite);
    expect(await rejection(put([...next, { ...other[0], name: "foreign" }]))).toMatchObject({
      status: 400,
      code: "referenced.key.does.not.exist",
    });
    expect(await rejection(put(next.map((p) => (p.id === ext.id ? { ...p, version: 1 } : p))))).toMatchObject(
      { status: 409 },
    );
    expect(
      await rejection(put([...next, { name: "r", classification: "r", matchType: "regex" }])),
    ).toMatchObject({ status: 400, code: "required.field.missing" });
    const inUse = await rejection(put(next.filter((p) => p.classification !== "Emergency")));
    expect(inUse).toMatchObject({ status: 400, code: "number.plan.in.use" });
    expect(
      await rejection(
        put(
          Array.from({ length: 201 }, (_, i) => ({
            name: `p${i}`,
            classification: "c",
            matchType: "intraCountryCode",
          })),
        ),
      ),
    ).toMatchObject({ status: 400 });
    expect(await api.telephony.getTelephonyProvidersEdgesSiteNumberplans(site.id!)).toEqual(next);
  });

  test("metabases external_sip.json (EXTERNAL, usable on a route) and phone_connections_webrtc.json (PHONE)", async () => {
    const available = await api.telephony.getTelephonyProvidersEdgesTrunkbasesettingsAvailablemetabases({
      pageSize: 100,
    });
    expect(available.entities!.map((m) => m.id)).toEqual(
      expect.arrayContaining(["external_sip.json", "phone_connections_webrtc.json"]),
    );
    const site = await newSite();
    const sip = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings({
      name: "premises sip",
      trunkMetabase: { id: "external_sip.json" },
      trunkType: "EXTERNAL",
    });
    expect(sip.properties).toHaveProperty("trunk_transport_serverProxyList");
    expect(sip.properties).not.toHaveProperty("trunk_sip_termination_uri");
    const route = await api.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
      name: "via premises",
      classificationTypes: ["Extension"],
      externalTrunkBases: [{ id: sip.id! }],
    });
    expect(route.externalTrunkBases![0].id).toBe(sip.id);

    const phone = await api.telephony.postTelephonyProvidersEdgesTrunkbasesettings({
      name: "webrtc phones",
      trunkMetabase: { id: "phone_connections_webrtc.json" },
      trunkType: "PHONE",
      properties: {
        trunk_max_dial_timeout: { value: { instance: "1m" } },
        trunk_transport_sip_dscp_value: { value: { instance: 25 } },
        trunk_media_disconnect_on_idle_rtp: { value: { instance: false } },
        trunk_media_codec: { value: { instance: ["audio/pcmu"] } },
      },
    });
    expect(phone.properties!.trunk_transport_sip_dscp_value).toMatchObject({
      type: "integer",
      value: { instance: 25 },
    });
    expect((phone.properties!.trunk_label as { value: { instance: string } }).value.instance).toBe(
      "webrtc phones",
    );
    const notExternal = await rejection(
      api.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
        name: "via phones",
        classificationTypes: ["National"],
        externalTrunkBases: [{ id: phone.id! }],
      }),
    );
    expect(notExternal).toMatchObject({ status: 400 });
    const wrongType = await rejection(
      api.telephony.postTelephonyProvidersEdgesTrunkbasesettings({
        name: "bad dscp",
        trunkMetabase: { id: "phone_connections_webrtc.json" },
        trunkType: "PHONE",
        properties: { trunk_transport_sip_dscp_value: { value: { instance: "25" } } },
      }),
    );
    expect(wrongType).toMatchObject({ status: 400, code: "validation.error" });
  });
});

describe("item 3: HTTP edges and crash leftovers", () => {
  test("a 60 KB request line gets 431 in the ErrorBody shape, not a socket reset", async () => {
    const { port } = new URL(emu.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), "127.0.0.1", () => {
        socket.write(`GET /api/v2/locations?q=${"x".repeat(60 * 1024)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      });
      let data = "";
      socket.on("data", (d: Buffer) => (data += d.toString()));
      socket.on("end", () => resolve(data));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
    const body = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 431, code: "request.header.fields.too.large" });
    expect((await emulatorAdmin(emu.url).state()).organization.id).toBe(SEED_IDS.organization); // still serving
  });

  test("<state>.<pid>.tmp files of dead processes are removed at start; a live process's file is kept", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-emulator-tmp-"));
    try {
      const file = path.join(dir, "org.json");
      const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
      const leftovers = [`org.json.${dead}.tmp`, `org.json.${process.pid}.tmp`];
      const live = `org.json.${process.ppid}.tmp`;
      for (const f of [...leftovers, live, "other.json.1.tmp"])
        fs.writeFileSync(path.join(dir, f), "{partial");
      const local = await startEmulator({ stateFile: file });
      await local.close();
      expect(fs.readdirSync(dir).sort()).toEqual([live, "org.json", "other.json.1.tmp"].sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a snapshot from the previous format loads with the model's field names and audit fields", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-emulator-old-"));
    try {
      const file = path.join(dir, "org.json");
      const first = await startEmulator({ stateFile: file });
      await first.close();
      const old = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Record<string, unknown>[]> & {
        organization: Record<string, unknown>;
      };
      for (const plan of old.numberPlans) {
        if (plan.numbers) plan.numberList = plan.numbers;
        delete plan.numbers;
        delete plan.division;
        delete plan.createdBy;
      }
      delete old.organization.defaultSiteId;
      fs.writeFileSync(file, JSON.stringify(old));
      const second = await startEmulator({ stateFile: file });
      try {
        const a = await sdkClient(second.url);
        const plans = await a.telephony.getTelephonyProvidersEdgesSiteNumberplans(SEED_IDS.pcvSite);
        expect(plans.find((p) => p.name === "Emergency")).toMatchObject({
          numbers: [{ start: "911", end: "911" }],
          division: { name: "Home" },
        });
        expect((await a.organization.getOrganizationsMe()).defaultSiteId).toBe(SEED_IDS.pcvSite);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
