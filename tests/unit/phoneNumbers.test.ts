/**
 * Phone numbers are checked the same way for the life of a stack: every resource's `check` (and
 * the stack config's checks built on them) refuses only a number that cannot be a phone number
 * (libphonenumber's `isPossible`: a country code that exists, a length its numbers have). Whether
 * a number is valid for its country moves with libphonenumber's metadata, so it is only the
 * advisory policy rule `phone-numbers-valid-for-country`.
 */
import type { ByocTelephonyArgs } from "../../lib";
import { checkArgs } from "../../lib/component";
import { e164, toE164, validForCountry } from "../../resources/common/validate";
import { provider as didPool } from "../../resources/didPool/provider";
import { provider as location } from "../../resources/location/provider";
import { provider as site } from "../../resources/site/provider";
import { provider as trunk } from "../../resources/trunk/provider";
import { phoneNumbersValidForCountry, TYPES, type ResourceView } from "../../policy/rules";
import * as fs from "node:fs";
import * as path from "node:path";

/** Possible (NANP length) but not valid: no NANP area code starts with 1. */
const INVALID = "+11235550100";
/** Not possible: one digit short for +1. */
const IMPOSSIBLE = "+1317555010";

type Check = (
  news: Record<string, unknown>,
) => Promise<{ failures?: { property: string; reason: string }[] }>;
const checkOf =
  (p: { check?: (olds: never, news: never) => Promise<unknown> }): Check =>
  (news) =>
    p.check!({} as never, news as never) as ReturnType<Check>;

const KINDS: {
  kind: keyof typeof TYPES;
  field: string;
  check: Check;
  inputs: (n: string) => Record<string, unknown>;
}[] = [
  {
    kind: "location",
    field: "emergencyNumber.number",
    check: checkOf(location),
    inputs: (n) => ({
      name: "HQ",
      emergencyNumber: { number: n, type: "default" },
      address: { street1: "1 Main St", city: "Indianapolis", country: "US" },
    }),
  },
  {
    kind: "site",
    field: "callerId",
    check: checkOf(site),
    inputs: (n) => ({ name: "Site", locationId: "loc-1", primarySiteIds: ["edge-1"], callerId: n }),
  },
  {
    kind: "trunk",
    field: "outboundIdentity.callingAddress",
    check: checkOf(trunk),
    inputs: (n) => ({
      name: "Carrier",
      inboundSiteId: "site-1",
      sipServers: ["sip.carrier.example"],
      outboundIdentity: { callingAddress: n },
    }),
  },
  {
    kind: "didPool",
    field: "startPhoneNumber",
    check: checkOf(didPool),
    inputs: (n) => ({ startPhoneNumber: n, endPhoneNumber: "+13175550199" }),
  },
];

const view = (kind: keyof typeof TYPES, props: Record<string, unknown>): ResourceView => ({
  type: TYPES[kind],
  urn: `urn:pulumi:test::p::${TYPES[kind]}::r`,
  name: "r",
  props,
});

describe.each(KINDS)("$kind $field", ({ kind, field, check, inputs }) => {
  it("passes check with a possible number that is not valid for its country; the advisory rule flags it", async () => {
    expect((await check(inputs(INVALID))).failures).toBeUndefined();
    expect(phoneNumbersValidForCountry(view(kind, inputs(INVALID)))).toEqual([
      `${field} ${INVALID} is not a valid number of country code +1 in the phone number metadata this project ` +
        "uses (no assigned range holds it): check the number; Genesys may refuse it",
    ]);
    expect(phoneNumbersValidForCountry(view(kind, inputs("+13175550100")))).toEqual([]);
  });

  it("refuses an impossible number at check with one line naming the field", async () => {
    const { failures } = await check(inputs(IMPOSSIBLE));
    expect(failures).toHaveLength(1);
    expect(failures![0].reason).toMatch(
      new RegExp(
        `^${field.replace(/\./g, "\\.")} \\+1317555010 is not a possible phone number: it is too short`,
      ),
    );
    expect(failures![0].reason).not.toContain("\n");
  });
});

describe("the number checks", () => {
  it.each([
    ["+99912345678", "has no country code that exists"],
    ["+1317555010", "is too short for a number of country code +1"],
    ["+131755501000", "is too long for a number of country code +1"],
    ["+12", "is too short"],
  ])("say why %s cannot be a phone number", (n, why) => {
    expect(e164(n, "callerId")).toContain(`callerId ${n} is not a possible phone number: it ${why}`);
  });

  it("keep a possible number as written and normalise only the national prefix, whatever its validity", () => {
    expect(toE164(INVALID)).toBe(INVALID);
    expect(toE164("+4407911123456")).toBe("+447911123456");
    expect(validForCountry("+13175550100", "callerId")).toBeUndefined();
  });

  it("a DID pool across two countries of one country code passes check; the advisory rule names both", async () => {
    const range = { startPhoneNumber: "+13175550100", endPhoneNumber: "+14165550100" };
    expect((await checkOf(didPool)(range)).failures).toBeUndefined();
    expect(phoneNumbersValidForCountry(view("didPool", range))).toEqual([
      "endPhoneNumber +14165550100 is in CA but startPhoneNumber +13175550100 is in US: a DID pool holds the " +
        "numbers of one country; declare one pool per country",
    ]);
  });

  it("the stack config's checks take possible numbers and name the key of an impossible one", () => {
    const args = (n: string): ByocTelephonyArgs => ({
      location: { name: "HQ", number: n, street1: "1 Main St", city: "Indy", country: "US" },
      site: { name: "Site", callerId: n },
      carriers: {
        primary: {
          externalTrunkName: "Primary",
          sipServers: ["sip.p.example"],
          inboundSipTerminationIdentifier: "p",
          callingAddress: n,
        },
      },
      didPools: [{ startPhoneNumber: n, endPhoneNumber: n }],
    });
    expect(checkArgs(args(INVALID))).toEqual([]);
    expect(checkArgs(args(IMPOSSIBLE))).toEqual([
      expect.stringMatching(/^location\.number \+1317555010 is not a possible phone number/),
      expect.stringMatching(/^site\.callerId \+1317555010 is not a possible phone number/),
      expect.stringMatching(/^carriers\.primary\.callingAddress \+1317555010 is not a possible phone number/),
      expect.stringMatching(/^didPools\[0\]\.startPhoneNumber \+1317555010 is not a possible phone number/),
      expect.stringMatching(/^didPools\[0\]\.endPhoneNumber \+1317555010 is not a possible phone number/),
    ]);
  });
});

describe("the libphonenumber-js version", () => {
  it("is pinned to the one the lock holds, so the numbers' checks do not move under a deployed stack", () => {
    const root = path.resolve(__dirname, "../..");
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    const pinned = pkg.dependencies["libphonenumber-js"];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(lock.packages["node_modules/libphonenumber-js"].version).toBe(pinned);
    expect(lock.packages[""].dependencies!["libphonenumber-js"]).toBe(pinned);
  });
});
