/**
 * An internal error (a bug) in the scripts, against an in-process emulator: its listing of the
 * org's sites answers once with a body the real API would never send (a site that is null), so the
 * script's code throws a TypeError. `npm run sweep` says it is a bug in one line, with the way to
 * see its stack trace, and shows the trace with `--debug` or PULUMI_DEBUG; `npm run import` keeps
 * the TypeError as it is (never turned into an ImportError's one line, which would lose the trace)
 * for its command line to format the same way.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runImport } from "../../tools/import";
import { ImportError } from "../../tools/importOrg";
import { main as sweep } from "../../tools/sweep";
import { providerEnv, type ProviderEnv } from "../helpers/providers";

const SITES = "/api/v2/telephony/providers/edges/sites";
const MALFORMED = { entities: [null], pageNumber: 1, pageSize: 100, pageCount: 1, total: 1 };
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

let env: ProviderEnv;
const saved = process.env.PULUMI_DEBUG;
beforeEach(async () => {
  env = await providerEnv();
  delete process.env.PULUMI_DEBUG;
  await env.admin("POST", "/_emulator/faults", { method: "GET", path: SITES, effect: { body: MALFORMED } });
});
afterEach(async () => {
  if (saved === undefined) delete process.env.PULUMI_DEBUG;
  else process.env.PULUMI_DEBUG = saved;
  await env.close();
});

/** Runs the sweep with `argv`; returns its exit code, what it said and what it wrote to stderr. */
async function sweepWith(argv: string[]): Promise<{ code: number; said: string[]; errors: string[] }> {
  const errors: string[] = [];
  const spy = jest.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
  try {
    const said: string[] = [];
    const code = await sweep(argv, (l) => said.push(l));
    return { code, said, errors };
  } finally {
    spy.mockRestore();
  }
}

describe("npm run sweep: an internal error", () => {
  it("without --debug: exit 1, one line saying it is a bug and how to see its stack trace", async () => {
    const r = await sweepWith(["--prefix", "t-"]);
    expect(r.code).toBe(1);
    expect(r.said).toEqual([]);
    expect(r.errors).toEqual([
      "sweep: Internal error in genesys-byoc-pulumi (a bug, not a problem with your settings or the org): " +
        "TypeError: Cannot read properties of null (reading 'state'). To see its stack trace, run it again " +
        "with --debug (or PULUMI_DEBUG=1 in the environment); please report it, with that trace, to the " +
        "maintainers of genesys-byoc-pulumi.",
    ]);
  });

  it.each([
    ["--debug", ["--prefix", "t-", "--debug"], undefined],
    ["PULUMI_DEBUG=1", ["--prefix", "t-"], "1"],
  ])("with %s: the line, then the stack trace into the code that failed", async (_how, argv, debugEnv) => {
    if (debugEnv) process.env.PULUMI_DEBUG = debugEnv;
    const r = await sweepWith(argv);
    expect(r.code).toBe(1);
    expect(r.errors).toHaveLength(1);
    const [line, ...trace] = r.errors[0].split("\n");
    expect(line).toMatch(/^sweep: Internal error .*: TypeError: .* with the stack trace below\.$/);
    expect(trace.join("\n")).toMatch(STACK_LINE);
    expect(trace.join("\n")).toMatch(/at .*[/\\]genesys[/\\]sites\.ts:\d+:\d+/);
  });
});

describe("npm run import: an internal error", () => {
  it("reaches the command line as the TypeError itself, with its stack trace", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "import-bug-"));
    try {
      const err = await runImport(
        {
          stack: "dev",
          sites: ["Indianapolis"],
          allSites: false,
          didPools: false,
          prefix: "",
          dryRun: true,
          force: false,
        },
        dir,
      ).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TypeError);
      expect(err).not.toBeInstanceOf(ImportError);
      expect((err as Error).stack).toMatch(/at .*[/\\]genesys[/\\]sites\.ts:\d+:\d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
