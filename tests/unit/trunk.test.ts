/**
 * Trunk: check, mapping and drift view as pure tables (no API), plus the public class under Pulumi mocks.
 */
import type { Models } from "purecloud-platform-client-v2";
import * as pulumi from "@pulumi/pulumi";
import { changedKeys } from "../../resources/common/diff";
import {
  declaredInstances,
  fromApi,
  toCreateBody,
  toPutBody,
  toReducedProperties,
} from "../../resources/trunk/mapping";
import { DIFF_KEYS, TrunkInputs, checkTrunk } from "../../resources/trunk/schema";

const base = {
  name: "Carrier A",
  inboundSiteId: "site-1",
  sipServers: ["sip.carrier.example", "203.0.113.10:5061"],
};

/** A full property in the API's shape. */
const prop = (type: string, dflt: unknown, instance: unknown) => ({
  type,
  value: { default: dflt, instance },
});

/** A trunk as GET returns it: every metabase property with defaults filled in. */
function apiTrunk(over: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Models.TrunkBase {
  return {
    id: "t-1",
    name: "Carrier A",
    version: 3,
    state: "active",
    trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json", name: "Generic BYOC Carrier" },
    trunkType: "EXTERNAL",
    managed: false,
    inboundSite: { id: "site-1" },
    properties: {
      trunk_type: prop("string", "external.pcv.byoc.carrier", "external.pcv.byoc.carrier"),
      trunk_label: prop("string", "Generic BYOC Carrier", "Carrier A"),
      trunk_enabled: prop("boolean", true, true),
      trunk_transport_serverProxyList: prop("array", null, ["sip.carrier.example", "203.0.113.10:5061"]),
      trunk_transport_protocolVariant: prop("string", "udp", "udp"),
      trunk_access_acl_allowList: prop("array", [], []),
      trunk_sip_termination_uri: prop("string", "", ""),
      trunk_sip_authentication_credentials_realm: prop("string", "", ""),
      trunk_sip_authentication_credentials_username: prop("string", "", ""),
      trunk_sip_authentication_credentials_password: prop("string", "", ""),
      trunk_outboundIdentity_callingName: prop("string", "", ""),
      trunk_outboundIdentity_callingName_overrideMethod: prop("string", "Always", "Always"),
      trunk_outboundIdentity_callingAddress: prop("string", "", ""),
      trunk_language: prop("string", "en-US", "en-US"),
      trunk_maxDialTimeout: prop("string", "2m", "2m"),
      trunk_media_codec: prop("array", ["audio/opus"], ["audio/opus"]),
      ...props,
    },
    ...over,
  } as Models.TrunkBase;
}

function checked(news: Record<string, unknown>): TrunkInputs {
  const { inputs, failures } = checkTrunk(news);
  expect(failures).toEqual([]);
  return inputs;
}

describe("checkTrunk failures name the field", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ["missing name", { ...base, name: "" }, "name", /name is required/],
    [
      "missing inboundSiteId",
      { ...base, inboundSiteId: undefined },
      "inboundSiteId",
      /inboundSiteId has no value: .*set it to the id of the site inbound calls go to/,
    ],
    ["no SIP servers", { ...base, sipServers: [] }, "sipServers", /at least 1/],
    ["missing SIP servers", { ...base, sipServers: undefined }, "sipServers", /at least 1/],
    [
      "bad SIP host",
      { ...base, sipServers: ["sip..carrier"] },
      "sipServers",
      /sipServers\[0\].*host\[:port\]/,
    ],
    ["bad SIP port", { ...base, sipServers: ["sip.carrier.example:70000"] }, "sipServers", /host\[:port\]/],
    [
      "repeated SIP server",
      { ...base, sipServers: ["a.example", "a.example"] },
      "sipServers",
      /more than once/,
    ],
    ["bad transport", { ...base, transport: "sctp" }, "transport", /"udp", "tcp", "tls"/],
    ["bad CIDR", { ...base, aclAllowList: ["54.172.60.0/33"] }, "aclAllowList", /aclAllowList\[0\].*CIDR/],
    ["not an IP", { ...base, aclAllowList: ["carrier.example"] }, "aclAllowList", /IP address or CIDR/],
    [
      "termination identifier with a dot",
      { ...base, inboundSipTerminationIdentifier: "acme.byoc" },
      "inboundSipTerminationIdentifier",
      /DNS label/,
    ],
    [
      "termination identifier with a leading hyphen",
      { ...base, inboundSipTerminationIdentifier: "-acme" },
      "inboundSipTerminationIdentifier",
      /DNS label/,
    ],
    ["digest without username", { ...base, digest: { password: "p" } }, "digest.username", /required/],
    ["digest without password", { ...base, digest: { username: "u" } }, "digest.password", /required/],
    [
      "41-char calling name",
      { ...base, outboundIdentity: { callingName: "x".repeat(41) } },
      "outboundIdentity.callingName",
      /41 characters long; the limit is 40/,
    ],
    [
      "calling name with a tab",
      { ...base, outboundIdentity: { callingName: "ACME\tCorp" } },
      "outboundIdentity.callingName",
      /tabs or line breaks/,
    ],
    [
      "bad E.164",
      { ...base, outboundIdentity: { callingAddress: "3175550100" } },
      "outboundIdentity.callingAddress",
      /E\.164/,
    ],
    [
      "bad override",
      { ...base, outboundIdentity: { callingNameOverride: "Sometimes" } },
      "outboundIdentity.callingNameOverride",
      /"Always", "Unassigned DID"/,
    ],
    [
      "omit-plus not a boolean",
      { ...base, outboundIdentity: { omitPlusPrefixCalled: "yes" } },
      "outboundIdentity.omitPlusPrefixCalled",
      /true or false/,
    ],
    [
      "unknown outboundIdentity field",
      { ...base, outboundIdentity: { callerName: "x" } },
      "outboundIdentity.callerName",
      /no field "callerName"/,
    ],
    [
      "extraProperties clash",
      { ...base, extraProperties: { trunk_transport_serverProxyList: ["x"] } },
      "extraProperties.trunk_transport_serverProxyList",
      /typed input sipServers/,
    ],
    [
      "extraProperties password clash",
      { ...base, extraProperties: { trunk_sip_authentication_credentials_password: "p" } },
      "extraProperties.trunk_sip_authentication_credentials_password",
      /digest\.password/,
    ],
    [
      "extraProperties label clash",
      { ...base, extraProperties: { trunk_label: "x" } },
      "extraProperties.trunk_label",
      /typed input name/,
    ],
    [
      "extraProperties bad value",
      { ...base, extraProperties: { trunk_language: { a: 1 } } },
      "extraProperties.trunk_language",
      /string, number, boolean/,
    ],
    [
      "extraProperties bad key",
      { ...base, extraProperties: { "bad key": "x" } },
      "extraProperties.bad key",
      /not a metabase/,
    ],
    ["enabled not boolean", { ...base, enabled: "true" }, "enabled", /true or false/],
  ];
  test.each(cases)("%s", (_label, news, property, reason) => {
    const { failures } = checkTrunk(news);
    expect(failures.map((f) => f.property)).toContain(property);
    expect(failures.find((f) => f.property === property)!.reason).toMatch(reason);
  });

  test("a failure never echoes the password", () => {
    const { failures } = checkTrunk({ ...base, digest: { username: "u", password: "s3cret-".repeat(40) } });
    expect(failures.map((f) => f.property)).toEqual(["digest.password"]);
    expect(JSON.stringify(failures)).not.toContain("s3cret-");
  });
});

describe("checkTrunk normalises", () => {
  test("defaults enabled to true and drops empty optionals", () => {
    const i = checked({ ...base, name: "  Carrier A ", description: "", siteId: "", adoptId: "" });
    expect(i).toEqual({ ...base, enabled: true });
  });

  test("lower-cases the transport and normalises the calling address", () => {
    const i = checked({ ...base, transport: "TLS" });
    expect(i.transport).toBe("tls");
    // "+1 317 555 0100" is not E.164 (spaces): rejected, not silently fixed.
    expect(
      checkTrunk({ ...base, outboundIdentity: { callingAddress: "+1 317 555 0100" } }).failures,
    ).toHaveLength(1);
    expect(
      checked({ ...base, outboundIdentity: { callingAddress: "+13175550100" } }).outboundIdentity,
    ).toEqual({
      callingAddress: "+13175550100",
    });
  });

  test("accepts a full declaration", () => {
    const i = checked({
      ...base,
      siteId: "media-1",
      description: "Primary carrier",
      enabled: false,
      transport: "tcp",
      inboundSipTerminationIdentifier: "acme-byoc",
      aclAllowList: ["54.172.60.0/23", "2001:db8::/32", "198.51.100.7"],
      digest: { realm: "carrier", username: "u", password: "p" },
      outboundIdentity: {
        callingName: "ACME Corp",
        callingAddress: "+13175550100",
        callingNameOverride: "Unassigned DID",
        callingAddressOverride: "Always",
        omitPlusPrefixCalled: true,
        omitPlusPrefixCalling: false,
      },
      extraProperties: { trunk_language: "en-GB", trunk_recording_enabled: true, trunk_maxDialTimeout: null },
      adoptId: "t-9",
    });
    expect(i.digest).toEqual({ realm: "carrier", username: "u", password: "p" });
    expect(i.extraProperties).toEqual({
      trunk_language: "en-GB",
      trunk_recording_enabled: true,
      trunk_maxDialTimeout: null,
    });
  });
});

describe("mapping: declared inputs -> reduced properties", () => {
  test("only declared properties are sent, in the reduced form", () => {
    const i = checked({
      ...base,
      inboundSipTerminationIdentifier: "acme-byoc",
      digest: { username: "u", password: "p" },
      outboundIdentity: { callingName: "ACME" },
      extraProperties: { trunk_language: "en-GB", trunk_maxDialTimeout: null },
    });
    expect(toReducedProperties(i)).toEqual({
      trunk_enabled: { value: { instance: true } },
      trunk_transport_serverProxyList: { value: { instance: base.sipServers } },
      trunk_sip_termination_uri: { value: { instance: "acme-byoc" } },
      trunk_sip_authentication_credentials_username: { value: { instance: "u" } },
      trunk_sip_authentication_credentials_password: { value: { instance: "p" } },
      trunk_outboundIdentity_callingName: { value: { instance: "ACME" } },
      trunk_language: { value: { instance: "en-GB" } },
      // trunk_maxDialTimeout: null = the default, left to the API on create
    });
  });

  test("create body: metabase, type, sites", () => {
    const body = toCreateBody(checked({ ...base, siteId: "media-1", description: "d" }));
    expect(body).toMatchObject({
      name: "Carrier A",
      description: "d",
      trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
      trunkType: "EXTERNAL",
      inboundSite: { id: "site-1" },
      site: { id: "media-1" },
    });
    expect(Object.keys(body.properties!)).toEqual(["trunk_enabled", "trunk_transport_serverProxyList"]);
  });

  test("outboundIdentity fields map to their metabase keys", () => {
    const keys = Object.keys(
      declaredInstances({
        outboundIdentity: {
          callingName: "n",
          callingAddress: "+13175550100",
          callingNameOverride: "Always",
          callingAddressOverride: "Unassigned DID",
          omitPlusPrefixCalled: true,
          omitPlusPrefixCalling: true,
        },
      }),
    );
    expect(keys.sort()).toEqual(
      [
        "trunk_outboundIdentity_calledAddress_omitPlusPrefix",
        "trunk_outboundIdentity_callingAddress",
        "trunk_outboundIdentity_callingAddress_omitPlusPrefix",
        "trunk_outboundIdentity_callingAddress_overrideMethod",
        "trunk_outboundIdentity_callingName",
        "trunk_outboundIdentity_callingName_overrideMethod",
      ].sort(),
    );
  });
});

describe("mapping: PUT body merges into the full bag", () => {
  const props = (b: Models.TrunkBase) => b.properties as Record<string, { value: { instance: unknown } }>;

  test("declared instances replace, undeclared properties keep the API's values", () => {
    const current = apiTrunk({}, { trunk_language: prop("string", "en-US", "fr-FR") });
    const next = checked({ ...base, sipServers: ["new.carrier.example"] });
    const body = toPutBody(current, checked(base), next);
    expect(props(body).trunk_transport_serverProxyList.value.instance).toEqual(["new.carrier.example"]);
    expect(props(body).trunk_language.value.instance).toBe("fr-FR"); // set outside the stack: untouched
    expect(props(body).trunk_media_codec.value.instance).toEqual(["audio/opus"]);
    expect(Object.keys(props(body)).sort()).toEqual(Object.keys(current.properties!).sort());
    expect(body).toMatchObject({
      id: "t-1",
      version: 3,
      trunkType: "EXTERNAL",
      inboundSite: { id: "site-1" },
    });
  });

  test("a property no longer declared goes back to its default; rename updates the label", () => {
    const current = apiTrunk({}, { trunk_access_acl_allowList: prop("array", [], ["54.172.60.0/23"]) });
    const before = checked({
      ...base,
      aclAllowList: ["54.172.60.0/23"],
      extraProperties: { trunk_language: "fr-FR" },
    });
    const body = toPutBody(current, before, checked({ ...base, name: "Carrier B" }));
    expect(props(body).trunk_access_acl_allowList.value.instance).toEqual([]);
    expect(props(body).trunk_language.value.instance).toBe("en-US");
    expect(props(body).trunk_label.value.instance).toBe("Carrier B");
    expect(body.name).toBe("Carrier B");
  });

  test("an extra property declared null takes the metabase default", () => {
    const current = apiTrunk({}, { trunk_maxDialTimeout: prop("string", "2m", "5m") });
    const body = toPutBody(
      current,
      undefined,
      checked({ ...base, extraProperties: { trunk_maxDialTimeout: null } }),
    );
    expect(props(body).trunk_maxDialTimeout.value.instance).toBe("2m");
  });

  test("description and media site: cleared when no longer declared, kept when never declared", () => {
    const current = apiTrunk({ description: "set elsewhere", site: { id: "media-x" } });
    const kept = toPutBody(current, checked(base), checked(base));
    expect(kept).toMatchObject({ description: "set elsewhere", site: { id: "media-x" } });
    const cleared = toPutBody(
      current,
      checked({ ...base, description: "d", siteId: "media-x" }),
      checked(base),
    );
    expect(cleared.description).toBe("");
    expect(cleared.site).toBeUndefined();
  });

  test("a masked password the inputs do not declare is not written back", () => {
    const current = apiTrunk(
      {},
      { trunk_sip_authentication_credentials_password: prop("string", "", "********") },
    );
    const body = toPutBody(current, checked(base), checked(base));
    expect(props(body).trunk_sip_authentication_credentials_password).toBeUndefined();
  });
});

describe("mapping: API bag -> declared view (drift)", () => {
  test("API defaults never show as a diff", () => {
    const declared = checked({ ...base, outboundIdentity: { callingName: "ACME" } });
    const api = apiTrunk(
      { description: "x", site: { id: "m" } },
      { trunk_outboundIdentity_callingName: prop("string", "", "ACME") },
    );
    const seen = fromApi(api, declared);
    expect(changedKeys<TrunkInputs>(declared, { ...seen }, DIFF_KEYS)).toEqual([]);
    expect(seen).toEqual({ ...base, enabled: true, outboundIdentity: { callingName: "ACME" } });
  });

  test("a declared property changed behind our back shows", () => {
    const declared = checked({ ...base, transport: "tls", aclAllowList: ["54.172.60.0/23"] });
    const api = apiTrunk({}, { trunk_transport_protocolVariant: prop("string", "udp", "udp") });
    expect(changedKeys<TrunkInputs>(declared, fromApi(api, declared), DIFF_KEYS)).toEqual([
      "transport",
      "aclAllowList",
    ]);
  });

  test("extraProperties: declared keys only; null reads back as null while the default holds", () => {
    const declared = checked({
      ...base,
      extraProperties: { trunk_language: "en-US", trunk_maxDialTimeout: null },
    });
    expect(fromApi(apiTrunk(), declared).extraProperties).toEqual({
      trunk_language: "en-US",
      trunk_maxDialTimeout: null,
    });
    const drifted = apiTrunk({}, { trunk_maxDialTimeout: prop("string", "2m", "9m") });
    expect(fromApi(drifted, declared).extraProperties).toEqual({
      trunk_language: "en-US",
      trunk_maxDialTimeout: "9m",
    });
  });

  const digestCases: [string, unknown, string][] = [
    ["masked", "********", "declared-pw"],
    ["empty", "", "declared-pw"],
    ["absent", undefined, "declared-pw"],
    ["plain and changed", "other-pw", "other-pw"],
  ];
  test.each(digestCases)("API password %s", (_label, apiValue, expected) => {
    const declared = checked({ ...base, digest: { username: "u", password: "declared-pw" } });
    const api = apiTrunk(
      {},
      {
        trunk_sip_authentication_credentials_username: prop("string", "", "u"),
        trunk_sip_authentication_credentials_password:
          apiValue === undefined ? { type: "string", value: { default: "" } } : prop("string", "", apiValue),
        trunk_sip_authentication_credentials_realm: prop("string", "", "not-declared"),
      },
    );
    expect(fromApi(api, declared).digest).toEqual({ username: "u", password: expected });
  });

  test("inbound site and name come from the object, not the bag", () => {
    const declared = checked(base);
    const seen = fromApi(apiTrunk({ name: "Renamed", inboundSite: { id: "site-2" } }), declared);
    expect(changedKeys<TrunkInputs>(declared, seen, DIFF_KEYS)).toEqual(["name", "inboundSiteId"]);
  });
});

describe("Trunk class", () => {
  it("registers pulumi-nodejs:dynamic/genesys:Trunk with digest secret", async () => {
    const seen: pulumi.runtime.MockResourceArgs[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => {
          seen.push(a);
          return { id: "t-1", state: { ...a.inputs, trunkId: "t-1", version: 1 } };
        },
        call: (a) => a.inputs,
      },
      "proj",
      "stack",
      false,
    );
    const { Trunk } = await import("../../resources/trunk");
    const t = new Trunk("carrier", { ...base, digest: { username: "u", password: "pw-in-class-test" } });
    const [isSecret, plainSecret, version] = await Promise.all([
      pulumi.isSecret(t.digest),
      pulumi.isSecret(t.sipServers),
      new Promise((resolve) => t.version.apply(resolve)),
    ]);
    expect(seen.map((s) => s.type)).toEqual(["pulumi-nodejs:dynamic/genesys:Trunk"]);
    expect(isSecret).toBe(true);
    expect(plainSecret).toBe(false);
    expect(version).toBe(1);
  });
});
