/**
 * Trunk provider against an in-process emulator, through the real SDK.
 */
import type { Models } from "purecloud-platform-client-v2";
import * as locations from "../../genesys/locations";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import * as trunks from "../../genesys/trunks";
import { client } from "../../resources/common/connection";
import * as engineLog from "../../resources/common/engineLog";
import { provider } from "../../resources/trunk/provider";
import type { TrunkInputs, TrunkOutputs } from "../../resources/trunk/schema";
import { locationBody, siteBody } from "../helpers/emulator";
import { owned, providerEnv, ProviderEnv, TEST_OWNER, whileHeld } from "../helpers/providers";
import { failedInputs } from "../helpers/check";

const P = provider as Required<typeof provider>;
const TB = "/api/v2/telephony/providers/edges/trunkbasesettings";
const PASSWORD = "pw-Zq81-never-in-plain-outputs";

let env: ProviderEnv;
let siteId: string;
let otherSiteId: string;
beforeAll(async () => {
  env = await providerEnv();
  const c = client();
  const loc = await locations.create(c, locationBody());
  siteId = (await sites.create(c, siteBody(loc.id!))).id!;
  otherSiteId = (await sites.create(c, siteBody(loc.id!))).id!;
});
afterAll(async () => env.close());
beforeEach(async () => {
  await env.admin("DELETE", "/_emulator/faults");
  await env.clearLog();
  env.waits.length = 0;
});

let n = 0;
function inputs(over: Partial<TrunkInputs> = {}): TrunkInputs {
  n++;
  return {
    name: `Carrier ${n}`,
    inboundSiteId: siteId,
    sipServers: [`sip${n}.carrier.example`, "203.0.113.10:5061"],
    transport: "tls",
    inboundSipTerminationIdentifier: `acme-byoc-${n}`,
    aclAllowList: ["54.172.60.0/23"],
    digest: { realm: "carrier", username: `user${n}`, password: PASSWORD },
    outboundIdentity: {
      callingName: "ACME Corp",
      callingAddress: "+13175550100",
      omitPlusPrefixCalling: true,
    },
    extraProperties: { trunk_language: "en-GB" },
    ...over,
  };
}

async function checked(i: TrunkInputs): Promise<TrunkInputs> {
  const r = await P.check({} as TrunkInputs, i);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as TrunkInputs;
}

async function create(i: TrunkInputs): Promise<{ id: string; outs: TrunkOutputs; declared: TrunkInputs }> {
  const declared = await checked(i);
  const r = await P.create(declared);
  return { id: r.id, outs: r.outs as TrunkOutputs, declared };
}

/** The instance of one property as the API holds it. */
async function instance(id: string, key: string): Promise<unknown> {
  const t = await trunks.get(client(), id);
  return (t!.properties as Record<string, { value: { instance: unknown } }>)[key].value.instance;
}

/** Changes properties (and optionally the object) behind the provider's back, then clears the log. */
async function changeBehindOurBack(
  id: string,
  props: Record<string, unknown>,
  over: Partial<Models.TrunkBase> = {},
) {
  const c = client();
  const t = (await trunks.get(c, id))!;
  const bag = t.properties as Record<string, { value: Record<string, unknown> }>;
  for (const [k, v] of Object.entries(props)) bag[k] = { ...bag[k], value: { ...bag[k].value, instance: v } };
  await trunks.put(c, id, { ...t, ...over, properties: bag });
  await env.clearLog();
}

/** The outputs as JSON with the secret-marked key removed. */
function plainJson(o: unknown): string {
  const { digest: _d, ...rest } = (o ?? {}) as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** The FQDN the provider reports: the identifier under byoc. of the emulator's host. */
const fqdn = (i: { inboundSipTerminationIdentifier?: string }) =>
  `${i.inboundSipTerminationIdentifier}.byoc.127.0.0.1`;

describe("Trunk provider", () => {
  it("creates with one POST of the declared properties and reads back with one GET, without drift", async () => {
    const { id, outs, declared } = await create(inputs());
    expect(await env.calls()).toEqual([`POST ${TB}`]);
    const [post] = await env.log();
    expect(post.status).toBe(200);
    expect(outs).toEqual({ ...declared, trunkId: id, version: 1, sipTerminationFqdn: fqdn(declared) });
    expect(await instance(id, "trunk_transport_protocolVariant")).toBe("tls");
    expect(await instance(id, "trunk_label")).toBe(declared.name);

    await env.clearLog();
    const read = await P.read(id, outs);
    expect(await env.calls()).toEqual([`GET ${TB}/${id}`]);
    expect(read.id).toBe(id);
    expect(read.inputs).toEqual(declared);
    expect((await P.diff(id, read.props as TrunkOutputs, declared)).changes).toBe(false);
  });

  it("creates a minimal trunk; the API's defaults never show as drift", async () => {
    const { id, outs, declared } = await create({
      name: `Minimal ${++n}`,
      inboundSiteId: siteId,
      sipServers: ["sip.min.example"],
    });
    expect(await instance(id, "trunk_maxDialTimeout")).toBe("2m"); // filled in by the API
    const read = await P.read(id, outs);
    expect(read.inputs).toEqual(declared);
    expect((await P.diff(id, read.props as TrunkOutputs, declared)).changes).toBe(false);
  });

  it("never puts the password in outputs except under the secret-marked digest key", async () => {
    const { id, outs } = await create(inputs());
    expect(JSON.stringify(outs)).toContain(PASSWORD); // under digest, which the class marks secret
    expect(plainJson(outs)).not.toContain(PASSWORD);
    expect(Object.keys(outs)).not.toContain("properties");
    const read = await P.read(id, outs);
    expect(plainJson(read.props)).not.toContain(PASSWORD);
    expect(plainJson(read.inputs)).not.toContain(PASSWORD);
    const u = await P.update(id, outs, { ...(read.inputs as TrunkInputs), description: "x" });
    expect(plainJson(u.outs)).not.toContain(PASSWORD);
  });

  it("rejects a missing inboundSiteId at check, with no API call", async () => {
    const r = await P.check(
      {} as TrunkInputs,
      { ...inputs(), inboundSiteId: undefined } as unknown as TrunkInputs,
    );
    expect(failedInputs(r)).toEqual(["inboundSiteId"]);
    expect(r.failures?.[0].reason).toMatch(
      /inboundSiteId has no value: .*set it to the id of the site inbound calls go to/,
    );
    expect(await env.calls()).toEqual([]);
  });

  describe("read", () => {
    it("reports drift on a declared property changed behind our back", async () => {
      const { id, outs, declared } = await create(inputs());
      await changeBehindOurBack(id, {
        trunk_transport_protocolVariant: "udp",
        trunk_access_acl_allowList: ["198.51.100.0/24"],
      });
      const read = await P.read(id, outs);
      expect(await env.calls()).toEqual([`GET ${TB}/${id}`]);
      expect(read.inputs).toMatchObject({ transport: "udp", aclAllowList: ["198.51.100.0/24"] });
      expect((await P.diff(id, read.props as TrunkOutputs, declared)).changes).toBe(true);
    });

    it("does not report undeclared properties changed behind our back", async () => {
      const { id, outs, declared } = await create(inputs({ outboundIdentity: { callingName: "ACME" } }));
      await changeBehindOurBack(id, {
        trunk_recording_enabled: true,
        trunk_outboundIdentity_callingAddress: "+13175550199",
      });
      const read = await P.read(id, outs);
      expect(read.inputs).toEqual(declared);
      expect((await P.diff(id, read.props as TrunkOutputs, declared)).changes).toBe(false);
    });

    it("sees a password changed behind our back while the API shows it in plain text", async () => {
      const { id, outs, declared } = await create(inputs());
      await changeBehindOurBack(id, { trunk_sip_authentication_credentials_password: "changed-elsewhere" });
      const read = await P.read(id, outs);
      // A secret changed: the verdict is the engine's, which compares the unmasked inputs (see diffDeclared).
      expect(await P.diff(id, read.props as TrunkOutputs, declared)).toStrictEqual({ changes: undefined });
    });

    it("returns no id once the trunk is gone", async () => {
      const { id, outs } = await create(inputs());
      await trunks.remove(client(), id);
      await env.clearLog();
      expect(await P.read(id, outs)).toEqual({});
      expect(await env.calls()).toEqual([`GET ${TB}/${id}`]);
    });
  });

  describe("update", () => {
    it("changes the SIP servers with GET + PUT, keeping properties set outside the stack", async () => {
      const { id, outs, declared } = await create(inputs());
      await changeBehindOurBack(id, { trunk_recording_enabled: true });
      const next = await checked({ ...declared, sipServers: ["sip.new-carrier.example:5080"] });
      expect(await P.diff(id, outs, next)).toEqual({ changes: true });
      const u = await P.update(id, outs, next);
      expect(await env.calls()).toEqual([`GET ${TB}/${id}`, `PUT ${TB}/${id}`]);
      expect(u.outs).toEqual({ ...next, trunkId: id, version: 3, sipTerminationFqdn: fqdn(next) });
      expect(await instance(id, "trunk_transport_serverProxyList")).toEqual(["sip.new-carrier.example:5080"]);
      expect(await instance(id, "trunk_recording_enabled")).toBe(true);
      expect(await instance(id, "trunk_sip_authentication_credentials_password")).toBe(PASSWORD);
      const read = await P.read(id, u.outs as TrunkOutputs);
      expect((await P.diff(id, read.props as TrunkOutputs, next)).changes).toBe(false);
    });

    it("renames in place; trunk_label follows", async () => {
      const { id, outs, declared } = await create(inputs());
      const next = { ...declared, name: `${declared.name} renamed`, inboundSiteId: otherSiteId };
      const u = await P.update(id, outs, next);
      expect(await env.calls()).toEqual([`POST ${TB}`, `GET ${TB}/${id}`, `PUT ${TB}/${id}`]);
      const t = (await trunks.get(client(), id))!;
      expect(t.name).toBe(next.name);
      expect(t.inboundSite?.id).toBe(otherSiteId);
      expect(await instance(id, "trunk_label")).toBe(next.name);
      expect((u.outs as TrunkOutputs).trunkId).toBe(id);
    });

    it("resets a property that is no longer declared to its default", async () => {
      const { id, outs, declared } = await create(inputs());
      const { extraProperties: _e, aclAllowList: _a, ...next } = declared;
      await P.update(id, outs, next);
      expect(await instance(id, "trunk_language")).toBe("en-US");
      expect(await instance(id, "trunk_access_acl_allowList")).toEqual([]);
    });

    it("re-reads and retries on a version conflict", async () => {
      const { id, outs, declared } = await create(inputs());
      await env.clearLog();
      await env.admin("POST", "/_emulator/faults", {
        method: "PUT",
        path: `${TB}/${id}`,
        effect: {
          status: 409,
          code: "general.conflict",
          message:
            "The version number of the modified resource must match the version number in the database.",
        },
      });
      await P.update(id, outs, { ...declared, description: "after a conflict" });
      expect(await env.calls()).toEqual([
        `GET ${TB}/${id}`,
        `PUT ${TB}/${id}`,
        `GET ${TB}/${id}`,
        `PUT ${TB}/${id}`,
      ]);
      expect((await trunks.get(client(), id))!.description).toBe("after a conflict");
    });

    it("someone else's write between our GET and PUT: 409, GET, PUT again; their property is kept", async () => {
      const { id, outs, declared } = await create(inputs());
      await env.clearLog();
      const next = await checked({ ...declared, sipServers: ["sip.moved.example"] });
      await whileHeld(
        env,
        `PUT ${TB}/${id}`,
        () => P.update(id, outs, next),
        async () => {
          // The admin turns recording on (a property the stack does not declare).
          const c = client();
          const t = (await trunks.get(c, id))!;
          const bag = t.properties as Record<string, { value: Record<string, unknown> }>;
          const rec = bag.trunk_recording_enabled;
          bag.trunk_recording_enabled = { ...rec, value: { ...rec.value, instance: true } };
          await trunks.put(c, id, { ...t, properties: bag });
        },
      );
      expect((await env.log()).map((r) => `${r.method} ${r.status}`)).toEqual([
        "GET 200", // ours
        "PUT 409", // ours, held, then out of date: the admin's PUT (below) got in first
        "GET 200", // the admin's read
        "PUT 200", // the admin's write
        "GET 200", // ours: re-read
        "PUT 200", // ours: the declared change merged into the fresh bag
      ]);
      expect(await instance(id, "trunk_transport_serverProxyList")).toEqual(["sip.moved.example"]);
      expect(await instance(id, "trunk_recording_enabled")).toBe(true);
    });

    it("an update of a trunk deleted outside Pulumi says so, and to refresh, then up", async () => {
      const { id, outs, declared } = await create(inputs());
      await trunks.remove(client(), id);
      await expect(P.update(id, outs, { ...declared, description: "x" })).rejects.toThrow(
        new RegExp(
          `^Trunk "${declared.name}" \\(${id}\\) no longer exists in Genesys Cloud: it was deleted outside Pulumi\\. ` +
            "Run `pulumi refresh` to drop it from the stack's state, then `pulumi up` to create it again\\.$",
        ),
      );
    });
  });

  describe("delete", () => {
    it("deletes with one DELETE; a 404 counts as done", async () => {
      const { id, outs } = await create(inputs());
      await env.clearLog();
      await P.delete(id, outs);
      await P.delete(id, outs);
      expect(await env.calls()).toEqual([`DELETE ${TB}/${id}`, `DELETE ${TB}/${id}`]);
      expect((await env.log()).map((r) => r.status)).toEqual([200, 404]);
    });

    it("retries while the API still reports the trunk referenced, then succeeds", async () => {
      const { id, outs } = await create(inputs());
      await env.clearLog();
      await env.admin("POST", "/_emulator/faults", {
        method: "DELETE",
        path: `${TB}/*`,
        times: 2,
        effect: { status: 400, code: "delete.referenced.entity", message: "The trunk is being referenced." },
      });
      await P.delete(id, outs);
      // No route carries it: the referenced answers are the service catching up, so it retries,
      // looking for routes only once (backoff from 0.5 s; the test's jitter halves each wait).
      expect(await env.calls()).toEqual([
        `DELETE ${TB}/${id}`,
        "GET /api/v2/telephony/providers/edges/outboundroutes",
        `DELETE ${TB}/${id}`,
        `DELETE ${TB}/${id}`,
      ]);
      expect(env.waits).toEqual([500, 1000]);
      expect(await trunks.get(client(), id)).toBeUndefined();
    });

    it("takes itself off a route that still carries it (a leftover of lost state), says so in the engine's log, then deletes", async () => {
      const told = jest.spyOn(engineLog, "tellEngine");
      const { id, outs } = await create(owned(inputs()));
      const c = client();
      const other = await create(inputs());
      const route = await routes.create(c, siteId, {
        name: `Route ${n}`,
        classificationTypes: ["Extension"], // the only default classification the Default Outbound Route leaves free
        enabled: true,
        distribution: "SEQUENTIAL",
        externalTrunkBases: [{ id: other.id }, { id }],
      });
      await env.clearLog();
      await P.delete(id, outs);
      expect(await env.calls()).toEqual([
        `DELETE ${TB}/${id}`,
        "GET /api/v2/telephony/providers/edges/outboundroutes",
        `GET /api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes/${route.id}`,
        `PUT /api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes/${route.id}`,
        `DELETE ${TB}/${id}`,
      ]);
      expect(await trunks.get(c, id)).toBeUndefined();
      const after = await routes.get(c, siteId, route.id!);
      expect(after?.externalTrunkBases?.map((t) => t.id)).toEqual([other.id]);
      expect(after?.classificationTypes).toEqual(["Extension"]);
      // The edit of a route the stack may not manage is said on the trunk (its owner's URN).
      const site = await sites.get(c, siteId);
      expect(told.mock.calls).toEqual([
        [
          TEST_OWNER,
          `took this trunk off outbound route "${route.name}" (${route.id}) on site "${site!.name}" (${siteId}) ` +
            `before deleting it: Genesys deletes no trunk a route still carries (the route's other settings are unchanged)`,
        ],
      ]);
      told.mockRestore();
      await routes.remove(c, siteId, route.id!);
      await P.delete(other.id, other.outs);
    });

    it("takes itself off a route with the route's version: an admin's edit made meanwhile is kept", async () => {
      const { id, outs } = await create(inputs());
      const c = client();
      const other = await create(inputs());
      const route = await routes.create(c, siteId, {
        name: `Route ${n}`,
        classificationTypes: ["Extension"],
        enabled: true,
        distribution: "SEQUENTIAL",
        description: "before",
        externalTrunkBases: [{ id: other.id }, { id }],
      });
      const ROUTE = `/api/v2/telephony/providers/edges/sites/${siteId}/outboundroutes/${route.id}`;
      await env.clearLog();
      await whileHeld(
        env,
        `PUT ${ROUTE}`,
        () => P.delete(id, outs),
        async () => {
          const now = (await routes.get(c, siteId, route.id!))!;
          await routes.put(c, siteId, route.id!, {
            ...routes.bodyOf(now),
            description: "edited by the admin",
          });
        },
      );
      const onRoute = (await env.log()).filter((r) => r.path === ROUTE);
      expect(onRoute.map((r) => `${r.method} ${r.status}`)).toEqual([
        "GET 200", // ours, under the site's lock
        "PUT 409", // ours (with the version read), held, then out of date
        "GET 200", // the admin's read
        "PUT 200", // the admin's write
        "GET 200", // ours: re-read
        "PUT 200", // ours: only our trunk taken off the fresh copy
      ]);
      expect(await trunks.get(c, id)).toBeUndefined();
      const after = await routes.get(c, siteId, route.id!);
      expect(after).toMatchObject({ description: "edited by the admin", classificationTypes: ["Extension"] });
      expect(after?.externalTrunkBases?.map((t) => t.id)).toEqual([other.id]);
      await routes.remove(c, siteId, route.id!);
      await P.delete(other.id, other.outs);
    });

    it("names what still uses it when Genesys keeps refusing", async () => {
      const { id, outs } = await create(inputs());
      await env.admin("POST", "/_emulator/faults", {
        method: "DELETE",
        path: `${TB}/*`,
        times: 50,
        effect: { status: 409, code: "resource.referenced.by.another", message: "Referenced by an edge." },
      });
      await expect(P.delete(id, outs)).rejects.toThrow(
        /Trunk ".*" \(.*\) could not be deleted: Genesys says it is still in use \(Referenced by an edge\.\)/,
      );
      await env.admin("DELETE", "/_emulator/faults");
      await P.delete(id, outs);
    });
  });

  describe("create, safe to retry", () => {
    it("takes back the trunk its lost POST created (its tag) instead of duplicating it", async () => {
      const i = owned(inputs());
      await env.admin("POST", "/_emulator/faults", {
        method: "POST",
        path: TB,
        effect: { commitThenDrop: true },
      });
      const { id, outs, declared } = await create(i);
      // Taken back as an adoption: the masked password cannot be compared, so it is written once.
      expect(await env.calls()).toEqual([`POST ${TB}`, `GET ${TB}`, `PUT ${TB}/${id}`]);
      expect(outs).toEqual({ ...declared, trunkId: id, version: 2, sipTerminationFqdn: fqdn(declared) });
      const same = (
        await client().listAll<Models.TrunkBase>(`GET ${TB}`, (a, pageNumber) =>
          a.edges.getTelephonyProvidersEdgesTrunkbasesettings({ pageSize: 100, pageNumber, name: i.name }),
        )
      ).filter((t) => t.name === i.name);
      expect(same.map((t) => t.id)).toEqual([id]);
    });

    it("names the input to change when the termination identifier is taken", async () => {
      const first = await create(inputs());
      const err = create(
        inputs({ inboundSipTerminationIdentifier: first.declared.inboundSipTerminationIdentifier }),
      );
      await expect(err).rejects.toThrow(/choose another inboundSipTerminationIdentifier/);
    });

    it("names adoptId when the name is taken", async () => {
      const first = await create(inputs());
      await expect(create(inputs({ name: first.declared.name }))).rejects.toThrow(
        `Trunk "${first.declared.name}" could not be created: a trunk of that name already exists (id ${first.id}) ` +
          `and this stack did not make it. If this stack should manage it, set adoptId to ${first.id}; otherwise ` +
          `choose another name.`,
      );
    });
  });

  describe("adoptId", () => {
    it("adopts an existing trunk and brings it to the declared state with GET + PUT", async () => {
      const c = client();
      const existing = await trunks.create(c, {
        name: `Existing ${++n}`,
        trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
        trunkType: "EXTERNAL",
        inboundSite: { id: siteId },
        properties: { trunk_transport_serverProxyList: { value: { instance: ["old.carrier.example"] } } },
      });
      await env.clearLog();
      const { id, outs, declared } = await create(inputs({ name: existing.name, adoptId: existing.id }));
      expect(id).toBe(existing.id);
      expect(await env.calls()).toEqual([`GET ${TB}/${id}`, `PUT ${TB}/${id}`]);
      expect(outs).toEqual({ ...declared, trunkId: id, version: 2, sipTerminationFqdn: fqdn(declared) });
      const read = await P.read(id, outs);
      expect(read.inputs).toEqual(declared);
    });

    it("adopts with a single GET when the trunk already matches", async () => {
      const { id, declared } = await create(inputs());
      await env.clearLog();
      const r = await P.create({ ...declared, adoptId: id });
      expect(await env.calls()).toEqual([`GET ${TB}/${id}`]);
      expect(r.id).toBe(id);
    });

    it("refuses an unknown id", async () => {
      await expect(create(inputs({ adoptId: "00000000-0000-4000-8000-00000000dead" }))).rejects.toThrow(
        /adoptId: no trunk with id/,
      );
    });
  });
});
