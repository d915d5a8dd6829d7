/**
 * The sweep's command line (tools/sweep.ts): node:util's parseArgs, and a flag after --prefix is
 * never taken as the prefix.
 */
import { main, parseSweepArgs } from "../../tools/sweep";

describe("npm run sweep -- <args>", () => {
  it.each([
    [["--prefix", "test-"], { prefix: "test-", yes: false }],
    [["--prefix", "test-", "--yes"], { prefix: "test-", yes: true }],
    [["--yes", "--prefix=test-"], { prefix: "test-", yes: true }],
    [["-y", "--prefix", "test-"], { prefix: "test-", yes: true }],
    [["--prefix=-dash-"], { prefix: "-dash-", yes: false }],
  ])("%j → %j", (argv, parsed) => {
    expect(parseSweepArgs(argv)).toEqual(parsed);
  });

  it("answers --help with the usage", () => {
    expect(parseSweepArgs(["--help"])).toBe("help");
  });

  it.each([
    [
      ["--prefix", "--yes"],
      "--prefix needs a value, but the option --yes follows it: put the prefix right after --prefix (e.g. --prefix test- --yes), or write --prefix=--yes for a prefix that starts with a dash",
    ],
    [["--yes", "--prefix"], "Option '--prefix <value>' argument missing"],
    [["--prefix", "  "], "--prefix is required and must not be empty (it selects what goes)"],
    [["--yes"], "--prefix is required and must not be empty (it selects what goes)"],
    [["--prefix", "t-", "--force"], "Unknown option '--force'"],
    [["--prefix", "t-", "now"], "Unexpected argument 'now'"],
  ])("refuses %j: %s", (argv, first) => {
    expect(() => parseSweepArgs(argv)).toThrow(first);
    let message = "";
    try {
      parseSweepArgs(argv);
    } catch (e) {
      message = (e as Error).message;
    }
    const [line, blank, usage] = message.split("\n");
    expect([line.startsWith(first), blank, usage]).toEqual([true, "", expect.stringMatching(/^Usage: /)]);
  });

  it("exits 2 on `--prefix --yes` before it reads any connection setting", async () => {
    const errors: string[] = [];
    const spy = jest.spyOn(console, "error").mockImplementation((m: string) => void errors.push(m));
    const env = { ...process.env };
    delete process.env.GENESYS_CLOUD_API_URL; // no org to reach: only an argument error can answer
    delete process.env.GENESYS_CLOUD_REGION;
    try {
      const said: string[] = [];
      expect(await main(["--prefix", "--yes"], (l) => said.push(l))).toBe(2);
      expect(said).toEqual([]);
      expect(errors[0]).toMatch(/^sweep: --prefix needs a value, but the option --yes follows it/);
    } finally {
      spy.mockRestore();
      process.env = env;
    }
  });
});
