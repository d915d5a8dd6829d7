/**
 * How an error reads for the user (resources/common/internalError.ts, and the providers' wrapper
 * `userFacing`): a failure described for the user is its one line; an internal error (a bug) is
 * one line saying so, how to see its stack trace and where to report it, and with detail asked
 * for, that line followed by the stack trace.
 */
import type * as pulumi from "@pulumi/pulumi";
import { GenesysError } from "../../genesys/errors";
import { PartialStateError, userFacing } from "../../resources/common/connection";
import {
  debugRequested,
  failureText,
  isInternalError,
  PULUMI_HOW_TO_DEBUG,
  SCRIPT_HOW_TO_DEBUG,
  takeDebugFlag,
} from "../../resources/common/internalError";

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

/** A TypeError thrown by JavaScript itself, as a bug throws it. */
function realTypeError(): TypeError {
  const missing = null as unknown as { state: string };
  try {
    return missing.state as never;
  } catch (e) {
    return e as TypeError;
  }
}

const genesys = new GenesysError({
  status: 400,
  code: "bad.request",
  message: "name is invalid",
  method: "POST",
  path: "/api/v2/locations",
});

describe("isInternalError", () => {
  it.each([
    ["a TypeError", realTypeError(), true],
    ["a ReferenceError", new ReferenceError("x is not defined"), true],
    ["a RangeError", new RangeError("Maximum call stack size exceeded"), true],
    ["a SyntaxError (bad JSON)", new SyntaxError("Unexpected token"), true],
    ["a thrown string", "oops", true],
    ["a thrown object", { status: 500 }, true],
    ["undefined", undefined, true],
    ["a plain Error (thrown on purpose)", new Error("adoptId: no site with id x exists in this org"), false],
    ["a GenesysError", genesys, false],
    ["a PartialStateError", new PartialStateError("half done", "id-1", {}), false],
  ])("%s: %s", (_what, err, internal) => {
    expect(isInternalError(err)).toBe(internal);
  });
});

describe("debugRequested", () => {
  it.each([
    [undefined, false],
    ["", false],
    ["0", false],
    ["false", false],
    ["No", false],
    [" off ", false],
    ["1", true],
    ["true", true],
    ["yes", true],
    ["anything", true],
  ])("PULUMI_DEBUG=%j → %s", (value, expected) => {
    expect(debugRequested(value === undefined ? {} : { PULUMI_DEBUG: value })).toBe(expected);
  });
});

describe("takeDebugFlag", () => {
  it("takes --debug out of the command line, wherever it is", () => {
    expect(takeDebugFlag(["--prefix", "t-", "--debug", "--yes"], {})).toEqual({
      argv: ["--prefix", "t-", "--yes"],
      debug: true,
    });
  });
  it("leaves the command line alone without it; PULUMI_DEBUG asks for detail too", () => {
    expect(takeDebugFlag(["--stack", "dev"], {})).toEqual({ argv: ["--stack", "dev"], debug: false });
    expect(takeDebugFlag(["--stack", "dev"], { PULUMI_DEBUG: "1" })).toEqual({
      argv: ["--stack", "dev"],
      debug: true,
    });
  });
  it("keeps a value that merely contains it (--site=--debug)", () => {
    expect(takeDebugFlag(["--site=--debug"], {}).argv).toEqual(["--site=--debug"]);
  });
});

describe("failureText", () => {
  const describe_ = (e: unknown) => `described: ${(e as Error).message}`;

  it("a failure described for the user is its one line, with or without detail", () => {
    for (const detail of [false, true]) {
      const opts = { describe: describe_, detail, howToDebug: SCRIPT_HOW_TO_DEBUG };
      expect(failureText(genesys, opts)).toBe(`described: ${genesys.message}`);
      expect(failureText(new Error("a name is taken"), opts)).toBe("described: a name is taken");
    }
  });

  it("an internal error without detail: one line, that it is a bug, how to see the trace, where to report", () => {
    const err = realTypeError();
    const text = failureText(err, { describe: describe_, detail: false, howToDebug: SCRIPT_HOW_TO_DEBUG });
    expect(text).toBe(
      `Internal error in genesys-byoc-pulumi (a bug, not a problem with your settings or the org): ` +
        `TypeError: ${err.message}. To see its stack trace, run it again with --debug (or PULUMI_DEBUG=1 ` +
        `in the environment); please report it, with that trace, to the maintainers of genesys-byoc-pulumi.`,
    );
    expect(text).not.toContain("\n");
  });

  it("an internal error with detail: the line, then its stack trace", () => {
    const err = realTypeError();
    const text = failureText(err, { describe: describe_, detail: true, howToDebug: PULUMI_HOW_TO_DEBUG });
    const [line, ...trace] = text.split("\n");
    expect(line).toMatch(
      /^Internal error in genesys-byoc-pulumi \(a bug.*\): TypeError: .* with the stack trace below\.$/,
    );
    expect(trace.join("\n")).toBe(err.stack);
    expect(trace.join("\n")).toMatch(STACK_LINE);
    expect(trace.join("\n")).toContain("internalError.test.ts");
  });

  it("a thrown value that is not an Error: shown inspected, on one line without detail", () => {
    const opts = { describe: describe_, howToDebug: SCRIPT_HOW_TO_DEBUG };
    const thrown = { status: 500, body: { nested: ["a", "b"] } };
    const text = failureText(thrown, { ...opts, detail: false });
    expect(text).toMatch(
      /^Internal error .*: a thrown value \{ status: 500, body: \{ nested: \[ 'a', 'b' \] \} \}\. /,
    );
    expect(text).not.toContain("\n");
    expect(failureText(thrown, { ...opts, detail: true })).toMatch(/below\.\n\{ status: 500/);
  });
});

describe("userFacing (every provider's wrapper)", () => {
  const saved = process.env.PULUMI_DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.PULUMI_DEBUG;
    else process.env.PULUMI_DEBUG = saved;
  });

  /** A provider whose `create` throws `err`. */
  const throwing = (err: unknown) =>
    userFacing({
      async create() {
        throw err;
      },
    } as pulumi.dynamic.ResourceProvider) as Required<pulumi.dynamic.ResourceProvider>;

  async function rejection(p: pulumi.dynamic.ResourceProvider & { create: (i: object) => Promise<unknown> }) {
    try {
      await p.create({ __owner: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/genesys:Site::s" });
    } catch (e) {
      return e as Error;
    }
    throw new Error("create succeeded");
  }

  it("a failure described for the user: one line, no stack", async () => {
    delete process.env.PULUMI_DEBUG;
    const e = await rejection(throwing(new Error('Site "x" already exists with id 1')));
    expect(e.message).toBe('Site "x" already exists with id 1');
    expect(e.stack).toBe("");
  });

  it("an internal error: one line and the hint; the stack follows with PULUMI_DEBUG", async () => {
    const bug = realTypeError();
    delete process.env.PULUMI_DEBUG;
    const plain = await rejection(throwing(bug));
    expect(plain.message).toMatch(
      /^Internal error in genesys-byoc-pulumi .*: TypeError: .*run the pulumi command again with --debug \(or with PULUMI_DEBUG=1 in its environment\); please report it/,
    );
    expect(plain.message).not.toContain("\n");
    expect(plain.message).not.toMatch(STACK_LINE);

    process.env.PULUMI_DEBUG = "1";
    const detailed = await rejection(throwing(bug));
    expect(detailed.message.split("\n")[0]).toMatch(
      /^Internal error .*TypeError: .* with the stack trace below\.$/,
    );
    expect(detailed.message).toContain(bug.stack!);
    expect(detailed.message).toMatch(STACK_LINE);
  });

  it("PULUMI_DEBUG never adds a stack to a failure described for the user", async () => {
    process.env.PULUMI_DEBUG = "1";
    const e = await rejection(throwing(new Error("adoptId: no site with id x exists in this org")));
    expect(e.message).toBe("adoptId: no site with id x exists in this org");
  });
});
