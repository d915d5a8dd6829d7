/**
 * `npm run sweep`: leftovers of an `up` through the real CLI that failed part-way (an emulator
 * fault rule) and whose state was then lost, plus objects another run left on a site without the
 * prefix. The dry run writes nothing; `--yes` removes every prefixed object in dependency order,
 * gives the other site's default route back its own trunk, and leaves everything else alone.
 */
import * as fs from "node:fs";
import type { EmulatorState } from "../../emulator";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, SEED_IDS } from "../../emulator";
import { locationBody, sdkClient, siteBody, trunkBody } from "../helpers/emulator";
import { copyProject } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, PROJECT_DIR, TestStack } from "../helpers/pulumi";
import { run } from "../helpers/run";
import { configureTestStack } from "../helpers/stackConfig";

jest.setTimeout(600_000);

const PREFIX = "sw-";
const ROUTE_PATH = "/api/v2/telephony/providers/edges/sites/*/outboundroutes/*";

describe("npm run sweep", () => {
  let env: ProviderEnv;
  let t: TestStack;
  let project: string;
  const state = async () => (await env.admin("GET", "/_emulator/state")) as EmulatorState;
  const sweep = (...args: string[]) =>
    run("npm", ["run", "--silent", "sweep", "--", ...args], {
      cwd: PROJECT_DIR,
      env: {
        ...process.env,
        GENESYS_CLOUD_API_URL: env.emulator.url,
        GENESYS_CLOUD_CLIENT_ID: DEFAULT_CLIENT_ID,
        GENESYS_CLOUD_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
        GENESYS_CLOUD_REGION: "",
      },
    });
  let keep: { locationId: string; siteId: string; trunkId: string; otherLocationId: string };

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    project = copyProject();
    t = await createTestStack(project, "sweep");
    await configureTestStack(t, project, { apiUrl: env.emulator.url, prefix: PREFIX });
    // The up stops at the last step: taking over the site's default route fails.
    await env.admin("POST", "/_emulator/faults", {
      method: "PUT",
      path: ROUTE_PATH,
      times: 1,
      effect: { status: 400, code: "bad.request", message: "injected: the run was interrupted" },
    });
    await expect(t.stack.up({ onOutput: () => undefined })).rejects.toThrow(/injected/);
    fs.rmSync(t.dir, { recursive: true, force: true }); // the state is lost

    // Another site, without the prefix, whose default route a prefixed trunk was added to, and a
    // prefixed named route on it.
    const sdk = await sdkClient(env.emulator.url);
    const s = await state();
    const swTrunk = s.trunkBases.find((x) => x.name === `${PREFIX}Carrier`)!;
    const loc = (await sdk.locations.postLocations(locationBody({ name: "keep-HQ" }))) as { id: string };
    const other = (await sdk.locations.postLocations(locationBody({ name: "keep-other" }))) as { id: string };
    const site = await sdk.telephony.postTelephonyProvidersEdgesSites(
      siteBody(loc.id, { name: "keep-site" }),
    );
    const trunk = await sdk.telephony.postTelephonyProvidersEdgesTrunkbasesettings(
      trunkBody(site.id!, { name: "keep-trunk" }),
    );
    const routes = await sdk.telephony.getTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {});
    const def = routes.entities!.find((r) => r.name === "Default Outbound Route")!;
    await sdk.telephony.putTelephonyProvidersEdgesSiteOutboundroute(site.id!, def.id!, {
      ...def,
      externalTrunkBases: [{ id: trunk.id }, { id: swTrunk.id }],
    });
    await sdk.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(site.id!, {
      name: `${PREFIX}Extra route`,
      classificationTypes: ["Extension"],
      externalTrunkBases: [{ id: swTrunk.id }],
    });
    keep = { locationId: loc.id, siteId: site.id!, trunkId: trunk.id!, otherLocationId: other.id };
  });
  afterAll(async () => {
    await env?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("leaves what the interrupted up made", async () => {
    const s = await state();
    expect(s.locations.map((l) => l.name)).toContain(`${PREFIX}HQ`);
    expect(s.sites.map((x) => x.name)).toContain(`${PREFIX}Cloud Site`);
    expect(s.trunkBases.map((x) => x.name)).toContain(`${PREFIX}Carrier`);
  });

  it("dry run: lists every step in order and writes nothing", async () => {
    const before = await state();
    await env.clearLog();
    const r = await sweep("--prefix", PREFIX);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.split("\n");
    const at = (re: RegExp) => lines.findIndex((l) => re.test(l));
    expect(r.stdout).toContain("(dry run: nothing is changed)");
    const extra = at(/^ {2}delete route "sw-Extra route" \(.+\) on site "keep-site"$/);
    const strip = at(
      /^ {2}update route "Default Outbound Route" \(.+\) on site "keep-site": take off "sw-Carrier"; it keeps "keep-trunk"$/,
    );
    const trunk = at(/^ {2}delete trunk "sw-Carrier"/);
    const site = at(/^ {2}delete site "sw-Cloud Site"/);
    const loc = at(/^ {2}delete location "sw-HQ"/);
    for (const i of [extra, strip, trunk, site, loc]) expect(i).toBeGreaterThan(0);
    expect(Math.max(extra, strip)).toBeLessThan(trunk);
    expect(trunk).toBeLessThan(site);
    expect(site).toBeLessThan(loc);
    expect(r.stdout).not.toMatch(/(delete|update) \w+ "keep-|PureCloud Voice/);
    expect(r.stdout).toContain("Run again with --yes");

    // Only reads (and the login) reached the org, and nothing changed.
    const requests = await env.log();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((q) => q.method !== "GET")).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it("--yes removes the prefixed objects in order and leaves the rest", async () => {
    const before = await state();
    await env.clearLog();
    const r = await sweep("--prefix", PREFIX, "--yes");
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("FAILED");

    const s = await state();
    const names = [...s.locations, ...s.sites, ...s.trunkBases, ...s.outboundRoutes].map((x) => x.name);
    expect(names.filter((n) => n.startsWith(PREFIX))).toEqual([]);
    // Everything without the prefix is still there: the managed edge site, the other site, its
    // location, its trunk, the unrelated location.
    expect(s.sites.map((x) => x.id)).toEqual(expect.arrayContaining([SEED_IDS.pcvSite, keep.siteId]));
    expect(s.locations.map((x) => x.id)).toEqual(
      expect.arrayContaining([keep.locationId, keep.otherLocationId]),
    );
    expect(s.trunkBases.map((x) => x.id)).toContain(keep.trunkId);
    expect(s.sites.length).toBe(before.sites.length - 1);
    expect(s.trunkBases.length).toBe(before.trunkBases.length - 1);
    expect(s.locations.length).toBe(before.locations.length - 1);
    const def = s.outboundRoutes.find(
      (x) => x.siteId === keep.siteId && x.name === "Default Outbound Route",
    )!;
    expect(def.externalTrunkBases.map((x) => x.id)).toEqual([keep.trunkId]);

    // Dependency order of the writes: routes, then the trunk, the site, the location. Each delete
    // right after the step before meets the emulator's delete lag: refused, then tried again until
    // Genesys caught up (the retries of one delete follow each other).
    const log = (await env.log()).filter((q) => q.method !== "GET");
    const kindOf = (p: string) =>
      /outboundroutes/.test(p)
        ? "route"
        : /trunkbase/.test(p)
          ? "trunk"
          : /sites/.test(p)
            ? "site"
            : "location";
    const kinds = log
      .map((q) => kindOf(q.path))
      .filter((k, i, all) => i === 0 || k === "route" || k !== all[i - 1]);
    expect(kinds).toEqual(["route", "route", "trunk", "site", "location"]);
    const deletes = log.filter((q) => q.method === "DELETE");
    expect(deletes.filter((q) => q.status < 300).length).toBe(4);
    expect(new Set(deletes.filter((q) => q.status >= 400).map((q) => kindOf(q.path)))).toEqual(
      new Set(["trunk", "site", "location"]),
    );
  });

  it("finds nothing left on a second run", async () => {
    const r = await sweep("--prefix", PREFIX);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Nothing to remove.");
  });

  it("never touches the managed edge site, even when its name has the prefix", async () => {
    const before = await state();
    await env.clearLog();
    const r = await sweep("--prefix", "PureCloud Voice", "--yes");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/keep site "PureCloud Voice - AWS" \(.+\): managed/);
    expect(r.stdout).toContain("Nothing to remove.");
    expect((await env.log()).filter((q) => q.method !== "GET")).toEqual([]);
    expect(await state()).toEqual(before);
  });

  it("refuses to run without a prefix", async () => {
    const r = await sweep("--yes");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--prefix is required");
  });
});
