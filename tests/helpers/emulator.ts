/**
 * Test helpers for the emulator: a fresh, non-global SDK client logged in against an emulator URL, and valid
 * request bodies for the BYOC objects.
 */
import platformClient from "purecloud-platform-client-v2";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  SEED_IDS,
  type EmulatorState,
  type FaultRule,
  type FaultRuleInput,
  type RequestLogEntry,
} from "../../emulator";

/** The SDK's ApiClient instance type. */
export type SdkApiClient = typeof platformClient.ApiClient;

/** A new ApiClient (not the SDK's global singleton) pointed at the emulator. */
export function newApiClient(url: string): SdkApiClient {
  const { port } = new URL(url);
  const client = new (platformClient.ApiClient.constructor as new () => SdkApiClient)();
  // Don't let each client watch ~/.genesyscloudjavascript/config (as genesys/client.ts does).
  (client.config as unknown as { live_reload_config: boolean }).live_reload_config = false;
  client.setGateway({ host: "127.0.0.1", protocol: "http", port: Number(port) });
  return client;
}

/** The access token a logged-in SDK client holds. */
export function accessToken(client: SdkApiClient): string {
  return (client as unknown as { authData: { accessToken: string } }).authData.accessToken;
}

/** The SDK API objects built on one client. */
export interface SdkApis {
  client: SdkApiClient;
  locations: platformClient.LocationsApi;
  telephony: platformClient.TelephonyProvidersEdgeApi;
  authorization: platformClient.AuthorizationApi;
  organization: platformClient.OrganizationApi;
}

/**
 * Builds a fresh SDK client for the emulator at `url`, logs in with client credentials (the default emulator
 * client unless given) and returns the API objects built with it.
 */
export async function sdkClient(
  url: string,
  clientId = DEFAULT_CLIENT_ID,
  clientSecret = DEFAULT_CLIENT_SECRET,
): Promise<SdkApis> {
  const client = newApiClient(url);
  await client.loginClientCredentialsGrant(clientId, clientSecret);
  return {
    client,
    locations: new platformClient.LocationsApi(client),
    telephony: new platformClient.TelephonyProvidersEdgeApi(client),
    authorization: new platformClient.AuthorizationApi(client),
    organization: new platformClient.OrganizationApi(client),
  };
}

/**
 * Awaits a promise that should reject and returns what the SDK rejected with (the error body for HTTP errors).
 * Fails when the promise resolves.
 */
export async function rejection(p: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

let counter = 0;
/** A short unique suffix for names within one test process. */
export function uniq(prefix = "t"): string {
  counter++;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A distinct, valid US E.164 number per call. */
export function phoneNumber(): string {
  counter++;
  return `+1317555${String(1000 + (counter % 9000)).padStart(4, "0")}`;
}

/** A valid location body with an emergency number. */
export function locationBody(
  overrides: Record<string, unknown> = {},
): platformClient.Models.LocationCreateDefinition {
  return {
    name: uniq("loc"),
    emergencyNumber: { number: phoneNumber(), type: "default" },
    address: {
      street1: "7601 Interactive Way",
      city: "Indianapolis",
      state: "IN",
      zipcode: "46278",
      country: "US",
    },
    notes: "created by a test",
    path: [],
    ...overrides,
  } as platformClient.Models.LocationCreateDefinition;
}

/** A valid Cloud site body on a location, with the managed PCV site as primary and secondary. */
export function siteBody(
  locationId: string,
  overrides: Record<string, unknown> = {},
): platformClient.Models.Site {
  const pcv = {
    id: SEED_IDS.pcvSite,
    selfUri: `/api/v2/telephony/providers/edges/sites/${SEED_IDS.pcvSite}`,
  };
  return {
    name: uniq("site"),
    location: { id: locationId },
    mediaModel: "Cloud",
    primarySites: [pcv],
    secondarySites: [pcv],
    edgeAutoUpdateConfig: {
      timeZone: "America/New_York",
      rrule: "FREQ=DAILY",
      start: "2025-01-02T02:00:00.000",
      end: "2025-01-02T05:00:00.000",
    },
    ntpSettings: { servers: [] },
    ...overrides,
  } as platformClient.Models.Site;
}

/** A valid BYOC carrier trunk-base body (reduced property form) with an inbound site. */
export function trunkBody(
  inboundSiteId: string,
  overrides: Record<string, unknown> = {},
): platformClient.Models.TrunkBase {
  const name = uniq("trunk");
  return {
    name,
    state: "active",
    trunkMetabase: { id: "external_sip_pcv_byoc_carrier.json" },
    trunkType: "EXTERNAL",
    inboundSite: { id: inboundSiteId },
    properties: {
      trunk_transport_serverProxyList: { value: { instance: [`${name}.sip.example.com`] } },
      trunk_sip_termination_uri: { value: { instance: name } },
    },
    ...overrides,
  } as platformClient.Models.TrunkBase;
}

/** A thin client for the emulator's admin API (`/_emulator/...`). */
export function emulatorAdmin(url: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
  return {
    /** Every object, by kind. */
    state: async () => (await call("GET", "state")).body as unknown as EmulatorState,
    /** The request log. */
    requests: async () => ((await call("GET", "requests")).body as { requests: RequestLogEntry[] }).requests,
    clearRequests: () => call("DELETE", "requests"),
    reset: () => call("POST", "reset"),
    addFault: (rule: FaultRuleInput) => call("POST", "faults", rule),
    faults: async () => ((await call("GET", "faults")).body as { faults: FaultRule[] }).faults,
    clearFaults: () => call("DELETE", "faults"),
    call,
  };
}
