/**
 * DidPool: pure tables for check (possible E.164, one country code, same length, start <= end), range overlap and the API mapping.
 */
import { fromApi, toCreateBody, toPutBody } from "../../resources/didPool/mapping";
import { provider } from "../../resources/didPool/provider";
import {
  checkDidPool,
  DidPoolInputs,
  DIFF_KEYS,
  rangesOverlap,
  showRange,
} from "../../resources/didPool/schema";
import { ownerTag } from "../../resources/common/ownership";
import { UNKNOWN } from "../../resources/common/validate";
import type { Models } from "purecloud-platform-client-v2";

const valid = { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" };

describe("checkDidPool", () => {
  it("accepts a range and a one-number pool; empty texts are absent", () => {
    expect(checkDidPool({ ...valid, description: "main", comments: "" })).toEqual({
      inputs: { ...valid, description: "main" },
      failures: [],
    });
    const one = { startPhoneNumber: "+442071838750", endPhoneNumber: "+442071838750" };
    expect(checkDidPool(one)).toEqual({ inputs: one, failures: [] });
  });

  it.each([
    [{ startPhoneNumber: "3175550100" }, "startPhoneNumber", /must be an E\.164 number/],
    [{ startPhoneNumber: "+1 317 555 0100" }, "startPhoneNumber", /must be an E\.164 number/],
    [{ endPhoneNumber: undefined }, "endPhoneNumber", /must be an E\.164 number/],
    [
      { endPhoneNumber: "+1317555019" },
      "endPhoneNumber",
      /\+1317555019 is not a possible phone number: it is too short/,
    ],
    [
      { endPhoneNumber: "+33612345678" },
      "endPhoneNumber",
      /has country code \+33 but startPhoneNumber \+13175550100 has \+1/,
    ],
    [{ endPhoneNumber: "+13175550099" }, "endPhoneNumber", /is below startPhoneNumber.*swap them/],
    [
      { startPhoneNumber: "+4930123456", endPhoneNumber: "+49301234567" },
      "endPhoneNumber",
      /has 11 digits but startPhoneNumber \+4930123456 has 10/,
    ],
    [{ description: 7 }, "description", /description must be a string/],
    [{ comments: "x".repeat(513) }, "comments", /513 characters long; the limit is 512/],
  ])("case %#: fails on %s", (over, property, reason) => {
    const { failures } = checkDidPool({ ...valid, ...over });
    expect(failures).toEqual([{ property, reason: expect.stringMatching(reason) }]);
  });

  it("a range rule is not judged while a number is unknown (preview); the known one still is", async () => {
    const r = await provider.check!(
      {} as DidPoolInputs,
      {
        startPhoneNumber: UNKNOWN,
        endPhoneNumber: "+13175550099",
      } as DidPoolInputs,
    );
    expect(r.failures).toBeUndefined();
    const bad = await provider.check!(
      {} as DidPoolInputs,
      {
        startPhoneNumber: UNKNOWN,
        endPhoneNumber: "317",
      } as DidPoolInputs,
    );
    expect(bad.failures).toEqual([
      { property: "", reason: expect.stringMatching(/^endPhoneNumber must be an E\.164/) },
    ]);
  });
});

describe("ranges", () => {
  const r = (s: string, e: string) => ({ startPhoneNumber: s, endPhoneNumber: e });
  it.each([
    [r("+13175550100", "+13175550199"), r("+13175550199", "+13175550300"), true],
    [r("+13175550100", "+13175550199"), r("+13175550150", "+13175550150"), true],
    [r("+13175550100", "+13175550199"), r("+13175550000", "+13175559999"), true],
    [r("+13175550100", "+13175550199"), r("+13175550200", "+13175550299"), false],
    [r("+13175550100", "+13175550199"), r("+13175550000", "+13175550099"), false],
    [r("+4930123456", "+4930123459"), r("+49301234560", "+49301234569"), false],
  ])("%j and %j overlap: %s", (a, b, expected) => {
    expect(rangesOverlap(a, b)).toBe(expected);
    expect(rangesOverlap(b, a)).toBe(expected);
  });
  it("display", () => {
    expect(showRange(valid)).toBe("+13175550100..+13175550199");
  });
});

describe("mapping", () => {
  it("create body: range and texts, no provider or name", () => {
    expect(toCreateBody({ ...valid, comments: "c" }, "d [pulumi 0123456789abcdef]")).toEqual({
      ...valid,
      description: "d [pulumi 0123456789abcdef]",
      comments: "c",
    });
    expect(toCreateBody(valid, undefined)).toEqual(valid);
  });

  it("PUT body keeps what the pool has (provider, name, version), sets the range, clears undeclared texts", () => {
    const current = {
      id: "p1",
      name: "pool",
      version: 4,
      provider: "PURE_CLOUD",
      startPhoneNumber: "+13175550100",
      endPhoneNumber: "+13175550109",
      description: "old",
      comments: "old",
    } as Models.DIDPool;
    expect(toPutBody(current, valid, undefined)).toEqual({
      ...current,
      ...valid,
      description: "",
      comments: "",
    });
  });

  it("fromApi: empty texts are absent; the ownership tag stays for the caller to strip", () => {
    const tag = ownerTag("urn:x");
    expect(fromApi({ ...valid, description: "", comments: "" } as Models.DIDPool)).toEqual(valid);
    expect(fromApi({ ...valid, description: `d ${tag}` } as Models.DIDPool)).toEqual({
      ...valid,
      description: `d ${tag}`,
    });
  });

  it("diff compares the range and texts; a range change updates in place (no replace)", async () => {
    expect(DIFF_KEYS).toEqual(["startPhoneNumber", "endPhoneNumber", "description", "comments"]);
    const d = await provider.diff!("p1", { ...valid, version: 1 } as never, {
      ...valid,
      endPhoneNumber: "+13175550150",
    });
    expect(d).toEqual({ changes: true });
    expect(await provider.diff!("p1", { ...valid, version: 1 } as never, valid)).toEqual({ changes: false });
  });
});
