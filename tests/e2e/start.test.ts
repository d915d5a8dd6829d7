/**
 * `npm start` (scripts/start.sh) only ever talks to the emulator it started: with another
 * emulator listening on the port it is told to use, it stops with the real cause and touches
 * nothing; left to pick a port, it provisions into its own emulator (whatever
 * GENESYS_CLOUD_API_URL the shell had), and a later run on another port finds the same objects.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EmulatorState } from "../../emulator";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { pulumiBinDir } from "../helpers/pulumi";
import { run } from "../helpers/run";

jest.setTimeout(600_000);

describe("npm start (scripts/start.sh)", () => {
  let other: ProviderEnv;
  let project: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  const start = (args: string[] = [], extra: NodeJS.ProcessEnv = {}) =>
    run("bash", [path.join(project, "scripts/start.sh"), ...args], {
      cwd: project,
      env: { ...env, ...extra },
    });
  const ownState = () =>
    JSON.parse(fs.readFileSync(path.join(project, ".emulator-data/state.json"), "utf8")) as EmulatorState;

  beforeAll(async () => {
    other = await providerEnv(CLI_EMULATOR); // someone else's emulator, already running
    project = copyCheckout(); // start.sh builds dist/ from the sources first
    home = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-start-"));
    env = {
      PATH: `${pulumiBinDir()}${path.delimiter}${process.env.PATH}`,
      HOME: home,
      PULUMI_HOME: path.join(home, ".pulumi"),
      // A shell that points at the other emulator must not matter.
      GENESYS_CLOUD_API_URL: other.emulator.url,
    };
  });
  afterAll(async () => {
    await other?.close();
    for (const d of [project, home]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it("stops with the real cause when EMULATOR_PORT is taken, and touches nothing", async () => {
    await other.clearLog();
    const r = await start([], { EMULATOR_PORT: String(other.emulator.port) });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      `port ${other.emulator.port} on 127.0.0.1 is already in use by another program`,
    );
    expect(r.stderr).toContain("unset EMULATOR_PORT to let it pick a free port");
    expect(await other.log()).toEqual([]);
  });

  it("provisions into its own emulator on a free port", async () => {
    const r = await start();
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });
    const url = /Genesys Cloud emulator listening on (http:\/\/127\.0\.0\.1:\d+) \(this run's own/.exec(
      r.stdout,
    )?.[1];
    expect(url).toBeDefined();
    expect(url).not.toBe(other.emulator.url);
    expect(r.stdout).toMatch(/6 created/);
    const s = ownState();
    expect(s.locations.map((l) => l.name)).toContain("dev-Indianapolis HQ");
    expect(s.trunkBases.map((t) => t.name)).toContain("dev-Carrier BYOC Trunk");
    // Its emulator runs with the default settle time, so the binding met a site whose default route
    // had no classifications yet: it waited for them and kept them.
    const site = s.sites.find((x) => x.name === "dev-BYOC Cloud Site")!;
    const trunk = s.trunkBases.find((t) => t.name === "dev-Carrier BYOC Trunk")!;
    const route = s.outboundRoutes.find((r) => r.siteId === site.id)!;
    expect(route).toMatchObject({
      name: "Default Outbound Route",
      classificationTypes: ["Emergency", "National", "International", "Network", "Suicide Prevention"],
      externalTrunkBases: [{ id: trunk.id }],
    });
    expect(await other.log()).toEqual([]);
  });

  it("follows its emulator to another port on the next run: no changes", async () => {
    const r = await start(["preview", "--diff"]);
    expect({ status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ status: 0, stderr: "" });
    expect(r.stdout).toMatch(/6 unchanged/);
    expect(await other.log()).toEqual([]);
  });
});
