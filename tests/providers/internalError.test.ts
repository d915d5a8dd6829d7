/**
 * An internal error (a bug) in a real provider, against the in-process emulator through the real
 * SDK: a listing the real API would never send (an entity that is null) makes the client code
 * throw a TypeError. The user reads one line saying it is a bug and how to see its stack trace;
 * with PULUMI_DEBUG the stack trace follows, pointing into the code that failed.
 */
import { provider } from "../../resources/didPool/provider";
import type { DidPoolInputs } from "../../resources/didPool/schema";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const P = provider as Required<typeof provider>;
const LIST = "/api/v2/telephony/providers/edges/didpools";
const INPUTS = {
  startPhoneNumber: "+13175550100",
  endPhoneNumber: "+13175550109",
  __owner: "urn:pulumi:dev::byoc::pulumi-nodejs:dynamic/genesys:DidPool::numbers",
} as DidPoolInputs;

let env: ProviderEnv;
const saved = process.env.PULUMI_DEBUG;
beforeAll(async () => {
  env = await providerEnv();
});
afterAll(async () => env.close());
afterEach(() => {
  if (saved === undefined) delete process.env.PULUMI_DEBUG;
  else process.env.PULUMI_DEBUG = saved;
});

/** The message `create` fails with after one malformed listing of the org's DID pools. */
async function createAfterMalformedListing(): Promise<string> {
  await env.admin("POST", "/_emulator/faults", {
    method: "GET",
    path: LIST,
    effect: { body: { entities: [null], pageNumber: 1, pageSize: 100, pageCount: 1, total: 1 } },
  });
  try {
    await P.create(INPUTS);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("create succeeded");
}

describe("an internal error in a provider", () => {
  it("without detail: one line, that it is a bug, how to see its stack trace", async () => {
    delete process.env.PULUMI_DEBUG;
    await env.clearLog();
    const message = await createAfterMalformedListing();
    expect(message).toMatch(
      /^Internal error in genesys-byoc-pulumi \(a bug, not a problem with your settings or the org\): TypeError: Cannot read properties of null \(reading '\w+'\)\. To see its stack trace, run the pulumi command again with --debug \(or with PULUMI_DEBUG=1 in its environment\); please report it/,
    );
    expect(message).not.toContain("\n");
    expect(await env.calls()).toEqual([`GET ${LIST}`]); // a bug is never retried, and nothing is written
  });

  it("with PULUMI_DEBUG=1: the line, then the stack trace into the code that failed", async () => {
    process.env.PULUMI_DEBUG = "1";
    const message = await createAfterMalformedListing();
    const [line, ...trace] = message.split("\n");
    expect(line).toMatch(
      /^Internal error .*: TypeError: Cannot read properties of null .* stack trace below\.$/,
    );
    expect(trace[0]).toMatch(/^TypeError: Cannot read properties of null/);
    expect(trace.join("\n")).toMatch(/^\s+at .*[/\\]genesys[/\\]didPools\.ts:\d+:\d+\)?$/m);
  });
});
