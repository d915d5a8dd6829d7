/**
 * An internal error (a bug) in a provider, as the user reads it through the real `pulumi` CLI.
 * No back door in the providers: the stack's own emulator answers one listing of a site's outbound
 * routes with a body the real API would never send (an entity that is null), and the provider
 * code throws a TypeError on it. Without detail the user reads one line saying it is a bug and how
 * to see its stack trace; the trace is shown with `--debug`, in the log with `-v=3`, and in the
 * error itself with PULUMI_DEBUG=1.
 */
import { arm, armed, E2E, e2e } from "../helpers/e2e";

jest.setTimeout(900_000);

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
const ROUTES = "GET /api/v2/telephony/providers/edges/sites/*/outboundroutes";
const MALFORMED = { entities: [null], pageNumber: 1, pageSize: 100, pageCount: 1, total: 1 };
const BUG = /TypeError: Cannot read properties of null \(reading '\w+'\)/;
/** A frame of the trace in the code that failed (compiled, or mapped back to its source). */
const FRAME = /at .*genesys[/\\]outboundRoutes\.[jt]s:\d+:\d+/;

const CONFIG = {
  namePrefix: "bug-",
  location: { name: "HQ", number: "+13175550145", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "bug-term",
  },
};

describe("an internal error in a provider, through the CLI", () => {
  let f: E2E;

  beforeAll(async () => {
    f = await e2e("bug");
    await f.configure(CONFIG);
  });
  afterAll(async () => {
    delete f.t.stack.workspace.envVars.PULUMI_DEBUG;
    await f.dispose();
  });

  /** Runs `up` with the next listing of a site's routes malformed; returns what the user read. */
  async function failedUp(opts: { debug?: boolean; logVerbosity?: number } = {}): Promise<string> {
    await arm(f.env, [ROUTES], { body: MALFORMED });
    const out: string[] = [];
    let text: string | undefined;
    try {
      await f.t.stack.up({
        onOutput: (s) => out.push(s),
        ...opts,
        ...(opts.logVerbosity ? { logToStdErr: true, logFlow: true } : {}),
      });
    } catch (err) {
      text = `${(err as Error).message}\n${out.join("")}`;
    }
    if (text === undefined) throw new Error(`up succeeded:\n${out.join("")}`);
    expect(await armed(f.env)).toEqual([]); // the malformed answer was read
    return text;
  }

  it("without detail: one line saying it is a bug, how to see its stack trace, where to report it", async () => {
    const text = await failedUp();
    const line = text.split("\n").find((l) => l.includes("Internal error in genesys-byoc-pulumi"));
    expect(line).toBeDefined();
    expect(line).toMatch(
      new RegExp(
        String.raw`error: Internal error in genesys-byoc-pulumi \(a bug, not a problem with your settings or the org\): ` +
          BUG.source +
          String.raw`\. To see its stack trace, run the pulumi command again with --debug \(or with PULUMI_DEBUG=1 ` +
          String.raw`in its environment\); please report it, with that trace, to the maintainers of genesys-byoc-pulumi\.`,
      ),
    );
    expect(text).not.toMatch(STACK_TRACE);
    expect(text).not.toMatch(FRAME);
  });

  it("with --debug: the stack trace, as a debug message on the resource", async () => {
    const text = await failedUp({ debug: true });
    expect(text).toMatch(new RegExp(String.raw`debug: internal error in create: ` + BUG.source));
    expect(text).toMatch(FRAME);
  });

  it("with -v=3 (and --logflow --logtostderr): the stack trace in the engine's log", async () => {
    const text = await failedUp({ logVerbosity: 3 });
    expect(text).toMatch(
      new RegExp(String.raw`internal error in create: ` + BUG.source + `[^"]*outboundRoutes\\.[jt]s`),
    );
  });

  it("with PULUMI_DEBUG=1: the line, then the stack trace, in the error itself", async () => {
    f.t.stack.workspace.envVars.PULUMI_DEBUG = "1";
    try {
      const text = await failedUp();
      expect(text).toMatch(
        new RegExp(
          String.raw`Internal error in genesys-byoc-pulumi .*: ` +
            BUG.source +
            String.raw`\. Please report it`,
        ),
      );
      expect(text).toMatch(STACK_TRACE);
      expect(text).toMatch(FRAME);
    } finally {
      delete f.t.stack.workspace.envVars.PULUMI_DEBUG;
    }
  });
});
