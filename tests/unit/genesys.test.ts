/**
 * The client layer's pure parts: connection settings, error normalisation, retry policy, the
 * deadline's abort signal and the least time a retry needs.
 */
import { attachCallSignal, withCallSignal } from "../../genesys/client";
import { ConfigurationError, regionToDomain, resolveConnection } from "../../genesys/config";
import { DeadlineError, describeFailure, GenesysError, toGenesysError } from "../../genesys/errors";
import {
  CANCELLED,
  DEFAULT_RETRY_POLICY,
  MIN_ATTEMPT_MS,
  ReferenceLagError,
  referenceMayClear,
  retryable,
  retryWhileReferenced,
  withRetry,
  writeWithVersion,
} from "../../genesys/retry";
import { instantRetryPolicy } from "../helpers/providers";

const cfg = (o: Record<string, string>) => ({ get: (k: string) => o[k] });

describe("resolveConnection", () => {
  it.each([
    ["us_east_1", "mypurecloud.com"],
    ["us-west-2", "usw2.pure.cloud"],
    ["mypurecloud.ie", "mypurecloud.ie"],
    ["https://api.mypurecloud.de", "mypurecloud.de"],
    ["mars_north_1", undefined],
  ])("maps region %s to %s", (region, domain) => {
    expect(regionToDomain(region)).toBe(domain);
  });

  it("takes stack config over the environment, region and URL as a pair", () => {
    const s = resolveConnection(
      cfg({
        "genesys:apiUrl": "http://127.0.0.1:8787/",
        "genesys:clientId": "id",
        "genesys:clientSecret": "s",
      }),
      { GENESYS_CLOUD_REGION: "us_east_1" },
    );
    expect(s).toEqual({
      clientId: "id",
      clientSecret: "s",
      apiUrl: "http://127.0.0.1:8787",
      domain: undefined,
    });
  });

  it("falls back to the environment", () => {
    const s = resolveConnection(undefined, {
      GENESYS_CLOUD_REGION: "eu_west_1",
      GENESYS_CLOUD_CLIENT_ID: "i",
      GENESYS_CLOUD_CLIENT_SECRET: "x",
    });
    expect(s.domain).toBe("mypurecloud.ie");
  });

  it("lists every problem at once, naming what to set", () => {
    expect(() => resolveConnection(cfg({}), {})).toThrow(ConfigurationError);
    const both = () => resolveConnection(cfg({ "genesys:region": "x", "genesys:apiUrl": "y" }), {});
    expect(both).toThrow(/both a region/);
    expect(both).toThrow(/genesys:clientId/);
    expect(both).toThrow(/pulumi config set --secret genesys:clientSecret/);
  });

  it("refuses an unknown region with the list of keys", () => {
    expect(() =>
      resolveConnection(
        cfg({ "genesys:region": "moon", "genesys:clientId": "i", "genesys:clientSecret": "s" }),
        {},
      ),
    ).toThrow(/not a Genesys Cloud region.*us_east_1/s);
  });
});

describe("toGenesysError", () => {
  it("normalises an extended SDK error response", () => {
    const e = toGenesysError(
      {
        status: 400,
        headers: { "inin-correlation-id": "corr-1", "retry-after": "3" },
        body: {
          message: "Field 'inboundSiteId' is required and cannot be empty.",
          code: "bad.request",
          details: [{ errorCode: "REQUIRED_FIELD_MISSING", fieldName: "inboundSiteId" }],
        },
        error: {
          config: {
            method: "post",
            url: "http://127.0.0.1:1/api/v2/telephony/providers/edges/trunkbasesettings",
          },
        },
      },
      { method: "?", path: "?" },
    );
    expect(e).toMatchObject({
      status: 400,
      code: "bad.request",
      method: "POST",
      path: "/api/v2/telephony/providers/edges/trunkbasesettings",
      correlationId: "corr-1",
      retryAfterSeconds: 3,
    });
    expect(e.message).toBe(
      "Genesys Cloud POST /api/v2/telephony/providers/edges/trunkbasesettings failed: 400 bad.request: " +
        "Field 'inboundSiteId' is required and cannot be empty. [fields: inboundSiteId] (correlation id corr-1)",
    );
  });

  it("normalises a network error and an OAuth error", () => {
    const net = toGenesysError(
      Object.assign(new Error("socket hang up"), {
        code: "ECONNRESET",
        config: { method: "get", url: "http://h/x" },
      }),
      { method: "GET", path: "/x" },
    );
    expect(net).toMatchObject({ status: 0, code: "ECONNRESET", isAmbiguous: true });
    const auth = toGenesysError(
      {
        response: {
          status: 401,
          headers: {},
          data: { error: "invalid_client", error_description: "authentication failed" },
        },
      },
      { method: "POST", path: "/oauth/token" },
    );
    expect(auth.message).toMatch(/401 invalid_client: authentication failed/);
  });

  it.each([
    // [status, code, method, message, version conflict, still referenced]
    [409, "general.conflict", "PUT", "The version number of the modified resource must match…", true, false],
    [
      409,
      "general.conflict",
      "PATCH",
      "The version supplied does not match the current version",
      true,
      false,
    ],
    [409, "invalid.update.wrong.version", "PUT", "wrong version", true, false],
    [400, "bad.request", "PUT", "does not match the current version of the user", true, false],
    [
      409,
      "resource.referenced.by.another",
      "DELETE",
      "The site is referenced by another resource.",
      false,
      true,
    ],
    [
      409,
      "general.conflict",
      "DELETE",
      "The site is being referenced or is set as the default site.",
      false,
      true,
    ],
    [400, "delete.referenced.entity", "DELETE", "The trunk is being referenced.", false, true],
    // Told by the code, not the words: a 409 of another kind is neither.
    [409, "some.other.conflict", "PUT", "version referenced in use", false, false],
    [404, "not.found", "PUT", "x", false, false],
  ])("%s %s on %s → version conflict %s, still referenced %s", (status, code, method, message, v, r) => {
    const e = new GenesysError({ status, code, message, method, path: "/p" });
    expect([e.isVersionConflict, e.isStillReferenced]).toEqual([v, r]);
  });
});

describe("versioned writes and references", () => {
  const conflict = () =>
    new GenesysError({ status: 409, code: "general.conflict", message: "stale", method: "PUT", path: "/p" });

  it("writeWithVersion rereads after a conflict and writes the change onto the fresh copy", async () => {
    let stored = { version: 2, description: "admin's", trunks: [] as string[] };
    const writes: number[] = [];
    const result = await writeWithVersion(
      "Route r",
      async () => ({ ...stored }),
      async (current) => {
        writes.push(current.version);
        if (current.version !== stored.version) throw conflict();
        stored = { ...current, trunks: ["ours"], version: current.version + 1 };
        return stored;
      },
      { version: 1, description: "old", trunks: [] }, // the copy read before the other writer
    );
    expect(writes).toEqual([1, 2]);
    expect(result).toEqual({ version: 3, description: "admin's", trunks: ["ours"] });
  });

  it("writeWithVersion gives up after a bounded number of writes, naming the object and what to do", async () => {
    let writes = 0;
    await expect(
      writeWithVersion(
        () => 'Site "S" (s1)',
        async () => 1,
        async () => {
          writes++;
          throw conflict();
        },
      ),
    ).rejects.toThrow(
      /^Site "S" \(s1\) kept changing while this deployment updated it: Genesys refused 4 writes in a row as out of date \(409 general.conflict: stale\)\. .*run the command again\.$/,
    );
    expect(writes).toBe(4);
  });

  it("writeWithVersion passes any other failure through at once", async () => {
    const gone = new GenesysError({
      status: 404,
      code: "not.found",
      message: "x",
      method: "PUT",
      path: "/p",
    });
    let writes = 0;
    await expect(
      writeWithVersion(
        "x",
        async () => 1,
        async () => (writes++, Promise.reject(gone)),
      ),
    ).rejects.toBe(gone);
    expect(writes).toBe(1);
  });

  it("retries a delete only while a reference may clear (nothing refers any more), within one deadline", async () => {
    const refused = (status: number, code: string) =>
      new GenesysError({ status, code, message: "in use", method: "DELETE", path: "/p" });
    // A refusal alone says nothing: only the caller, having looked, can say nothing refers any more.
    expect(referenceMayClear(refused(400, "delete.referenced.entity"))).toBe(false);
    expect(referenceMayClear(refused(409, "resource.referenced.by.another"))).toBe(false);
    const lag = new ReferenceLagError(refused(400, "delete.referenced.entity"));
    expect(referenceMayClear(lag)).toBe(true);
    expect(lag).toMatchObject({
      status: 400,
      code: "delete.referenced.entity",
      method: "DELETE",
      path: "/p",
    });

    const once = async (failure: () => Error) => {
      let calls = 0;
      const waits: number[] = [];
      const err = await retryWhileReferenced(async () => {
        calls++;
        throw failure();
      }, instantRetryPolicy(waits)).catch((e: unknown) => e);
      return { calls, waits, err };
    };
    // A reference that stays: once, no wait.
    const staying = await once(() => refused(409, "resource.referenced.by.another"));
    expect([staying.calls, staying.waits]).toEqual([1, []]);
    // A lagging one: backoff from 1 s (full jitter; the test's jitter is 0.5), at most 4 s apart,
    // until the 60 s deadline leaves no 2 s for another attempt.
    const lagging = await once(() => new ReferenceLagError(refused(400, "delete.referenced.entity")));
    expect(lagging.waits.slice(0, 5)).toEqual([500, 1000, 2000, 2000, 2000]);
    expect(Math.max(...lagging.waits)).toBe(2000);
    expect(lagging.waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(58_000);
    expect(lagging.calls).toBe(lagging.waits.length + 1);
    expect(lagging.err).toBeInstanceOf(DeadlineError);
    expect((lagging.err as DeadlineError).last).toBeInstanceOf(ReferenceLagError);
  });
});

describe("retry policy", () => {
  const err = (status: number, method = "GET", code = "x", retryAfterSeconds?: number) =>
    new GenesysError({ status, code, message: "m", method, path: "/p", retryAfterSeconds });

  it.each([
    ["429 on POST", err(429, "POST", "too.many.requests", 2), true, 2000],
    ["503 on POST", err(503, "POST"), true, 0],
    ["502 on GET", err(502, "GET"), true, 0],
    ["502 on POST (may have applied)", err(502, "POST"), false, 0],
    ["reset on POST (may have applied)", err(0, "POST", "ECONNRESET"), false, 0],
    ["refused on POST (never sent)", err(0, "POST", "ECONNREFUSED"), true, 0],
    ["reset on PUT", err(0, "PUT", "ECONNRESET"), true, 0],
    ["400 on POST", err(400, "POST", "invalid_request"), false, 0],
    ["404", err(404), false, 0],
    ["cancelled (an enclosing call's deadline)", err(0, "GET", CANCELLED), false, 0],
  ])("%s → retry %s, wait ≥ %s ms", (_label, e, retry, minWaitMs) => {
    expect(retryable(e)).toEqual({ retry, minWaitMs });
  });

  it("honours Retry-After, backs off, and stops after maxAttempts", async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw err(429, "GET", "too.many.requests", calls === 1 ? 5 : undefined);
      }, instantRetryPolicy(waits)),
    ).rejects.toThrow(GenesysError);
    expect(calls).toBe(6);
    expect(waits[0]).toBe(5000);
    expect(waits.slice(1)).toEqual([250, 500, 1000, 2000]);
  });

  it("fails fast, without waiting, on a Retry-After longer than the call has left", async () => {
    let calls = 0;
    const waits: number[] = [];
    const e = await withRetry(async () => {
      calls++;
      throw err(429, "GET", "too.many.requests", 600);
    }, instantRetryPolicy(waits)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DeadlineError);
    expect((e as Error).message).toBe(
      "Genesys Cloud GET /p failed: network error DEADLINE_EXCEEDED: no success within 60 s, the limit for one " +
        "call, after 1 attempt: Genesys Cloud asked to wait 600 s before the next attempt (last failure: 429 too.many.requests: m)",
    );
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it("counts the time attempts take, not only the waits: timed-out attempts stop at the deadline", async () => {
    // Each attempt runs into the SDK's 16 s timeout; the clock moves by that and by every wait.
    let clock = 0;
    const policy = {
      ...instantRetryPolicy(),
      now: () => clock,
      sleep: async (ms: number) => void (clock += ms),
    };
    let attempts = 0;
    const e = await withRetry(async () => {
      attempts++;
      clock += 16_000;
      throw new GenesysError({
        status: 0,
        code: "ECONNABORTED",
        message: "timeout of 16000ms exceeded",
        method: "GET",
        path: "/api/v2/locations",
      });
    }, policy).catch((x: unknown) => x);
    expect(attempts).toBe(4); // not 6: the fifth could not even start before the 60 s were up
    expect(e).toMatchObject({ name: "DeadlineError", status: 0, code: "DEADLINE_EXCEEDED", attempts: 4 });
    expect(retryable(e)).toEqual({ retry: false, minWaitMs: 0 });
    expect(describeFailure(e, "https://api.mypurecloud.com")).toBe(
      "Genesys Cloud at https://api.mypurecloud.com did not complete GET /api/v2/locations: no success within 60 s, " +
        "the limit for one call, after 4 attempts: no time was left for another attempt (last failure: network " +
        "error ECONNABORTED: timeout of 16000ms exceeded). Check genesys:region or genesys:apiUrl (or " +
        "GENESYS_CLOUD_REGION / GENESYS_CLOUD_API_URL) and the network if it keeps happening; otherwise run the " +
        "command again later.",
    );
  });

  it("abandons an attempt that is still running at the deadline, aborting the call's signal", async () => {
    let signal: AbortSignal | undefined;
    const e = await withRetry(
      (s) => {
        signal = s;
        return new Promise<never>(() => undefined); // never answers
      },
      { ...instantRetryPolicy(), deadlineMs: 20 },
      undefined,
      { method: "GET", path: "/api/v2/organizations/me" },
    ).catch((x: unknown) => x);
    expect((e as Error).message).toBe(
      "Genesys Cloud GET /api/v2/organizations/me failed: network error DEADLINE_EXCEEDED: no success within " +
        "0.02 s, the limit for one call, after 1 attempt: the last attempt was still waiting for an answer",
    );
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(e); // the request in flight is cancelled with the error the user sees
  });
});

describe("the deadline's abort signal and the least time a retry needs", () => {
  const fail503 = () =>
    new GenesysError({ status: 503, code: "service.unavailable", message: "m", method: "GET", path: "/p" });

  /** A policy on a test clock: waits move it, attempts move it by what `attempt` says. */
  const clocked = () => {
    const c = { now: 0, waits: [] as number[] };
    const policy = {
      ...instantRetryPolicy(),
      now: () => c.now,
      sleep: async (ms: number) => {
        c.waits.push(ms);
        c.now += ms;
      },
    };
    return { c, policy };
  };

  it("defaults to 2 s, and the defaults hold it", () => {
    expect(MIN_ATTEMPT_MS).toBe(2_000);
    expect(DEFAULT_RETRY_POLICY.minAttemptMs).toBe(MIN_ATTEMPT_MS);
  });

  it.each([
    // ms left when the first attempt fails; the wait is 125 ms (250 ms backoff at jitter 0.5)
    [2_125, 2],
    [2_124, 1],
  ])(
    "with %s ms of the 60 s left after a failure, makes %s attempt(s)",
    async (leftAfterFailure, expectedAttempts) => {
      const { c, policy } = clocked();
      let attempts = 0;
      const e = await withRetry(async () => {
        attempts++;
        if (attempts === 1) c.now = 60_000 - leftAfterFailure;
        throw fail503();
      }, policy).catch((x: unknown) => x);
      expect(attempts).toBe(expectedAttempts);
      if (expectedAttempts === 2) {
        expect(c.waits).toEqual([125]); // a retry with exactly 2 s left after its wait starts…
        expect(e).toBeInstanceOf(GenesysError); // …and the second one (clock at 59 875 ms) does not
        expect(e).toMatchObject({ name: "DeadlineError", attempts: 2 });
      } else {
        expect(c.waits).toEqual([]); // no wait started: less than 2 s would have been left after it
        expect((e as Error).message).toBe(
          "Genesys Cloud GET /p failed: network error DEADLINE_EXCEEDED: no success within 60 s, the limit for " +
            "one call, after 1 attempt: no time was left for another attempt (last failure: 503 " +
            "service.unavailable: m)",
        );
      }
    },
  );

  it("gives every attempt of one call the same signal, never aborted when the call ends without a deadline", async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    expect(
      await withRetry(async (s) => {
        signals.push(s);
        if (++calls < 3) throw fail503();
        return "ok";
      }, instantRetryPolicy()),
    ).toBe("ok");
    expect(signals).toHaveLength(3);
    expect(new Set(signals).size).toBe(1);
    expect(signals[0].aborted).toBe(false);
    const failed: AbortSignal[] = [];
    await withRetry(async (s) => {
      failed.push(s);
      throw new GenesysError({ status: 404, code: "not.found", message: "m", method: "GET", path: "/p" });
    }, instantRetryPolicy()).catch(() => undefined);
    expect(failed[0].aborted).toBe(false);
  });

  it("hands the running call's signal to every SDK request through the pre-hook, and nothing outside a call", async () => {
    const call = new AbortController();
    const login = new AbortController();
    expect(await attachCallSignal({ url: "/x" })).toEqual({ url: "/x" });
    const inCall = await withCallSignal(call.signal, () => attachCallSignal({ url: "/a" }));
    expect(inCall.signal).toBe(call.signal);
    // The login runs with its own signal inside a caller's attempt; after it, the caller's applies again.
    const seen = await withCallSignal(call.signal, async () => {
      const l = await withCallSignal(login.signal, () => attachCallSignal({ url: "/oauth/token" }));
      const after = await attachCallSignal({ url: "/b" });
      return [l.signal, after.signal];
    });
    expect(seen).toEqual([login.signal, call.signal]);
  });
});
