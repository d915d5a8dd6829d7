/**
 * No lost updates, through the real `pulumi` CLI: while our PUT is held at the emulator (a `hold`
 * fault, released through the admin API; the test waits for the emulator to report it held, never
 * for a timer), an admin saves the same object with its current version, changing a field the
 * stack does not declare. Our PUT, sent with the version it read, is refused as out of date; the
 * provider reads the object again and reapplies only its own change. The admin's field survives,
 * the stack's change is made, and the next preview is clean.
 */
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { GenesysClient } from "../../genesys/client";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import { E2E, e2e } from "../helpers/e2e";
import { orgState } from "../helpers/org";
import { whileHeld } from "../helpers/providers";

jest.setTimeout(900_000);

const EDGES = "/api/v2/telephony/providers/edges";
const CONFIG = {
  namePrefix: "cc-",
  location: { name: "HQ", number: "+13175550146", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "cc-term",
  },
};

describe("an admin's edit made while our PUT is on its way is kept", () => {
  let f: E2E;
  let admin: GenesysClient;
  const onOutput = () => undefined;

  beforeAll(async () => {
    f = await e2e("race");
    await f.configure(CONFIG);
    admin = new GenesysClient({
      apiUrl: f.env.emulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
  });
  afterAll(async () => f?.dispose());

  it("the route: the admin's description stays, our trunk is on the route, the next preview is clean", async () => {
    let routePath = "";
    await whileHeld(
      f.env,
      `PUT ${EDGES}/sites/*/outboundroutes/*`, // the binding taking over the site's Default Outbound Route
      () => f.t.stack.up({ onOutput }),
      async (held) => {
        routePath = held.path;
        const [, siteId, routeId] = /sites\/([^/]+)\/outboundroutes\/([^/]+)$/.exec(held.path)!;
        const now = (await routes.get(admin, siteId, routeId))!;
        await routes.put(admin, siteId, routeId, { ...routes.bodyOf(now), description: "Ask the NOC first" });
      },
    );
    const onRoute = (await f.env.log()).filter((r) => r.path === routePath);
    // Ours held then refused (the admin's GET + PUT went first), then ours again on a fresh copy.
    expect(onRoute.map((r) => `${r.method} ${r.status}`)).toEqual([
      "PUT 409",
      "GET 200",
      "PUT 200",
      "GET 200",
      "PUT 200",
    ]);
    const s = await orgState(f.env);
    const trunk = s.trunkBases.find((t) => t.name === "cc-Carrier")!;
    const route = s.outboundRoutes.find((r) => routePath.endsWith(`/${r.id}`))!;
    expect(route).toMatchObject({ name: "Default Outbound Route", description: "Ask the NOC first" });
    expect(route.externalTrunkBases?.map((t) => t.id)).toEqual([trunk.id]);
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
  });

  it("the site: the admin's caller id stays, our caller name is set, the next preview is clean", async () => {
    await f.configure({ ...CONFIG, site: { name: "Site", callerName: "ACME Support" } });
    const site = (await orgState(f.env)).sites.find((x) => x.name === "cc-Site")!;
    const SITE = `${EDGES}/sites/${site.id}`;
    await f.env.clearLog();
    await whileHeld(
      f.env,
      `PUT ${SITE}`,
      () => f.t.stack.up({ onOutput }),
      async () => {
        const now = (await sites.get(admin, site.id))!;
        await sites.put(admin, site.id, { ...now, callerId: "+13175550111" }); // not declared by the stack
      },
    );
    expect((await f.env.log()).filter((r) => r.path === SITE).map((r) => `${r.method} ${r.status}`)).toEqual([
      "PUT 409",
      "GET 200",
      "PUT 200",
      "GET 200",
      "PUT 200",
    ]);
    expect(await sites.get(admin, site.id)).toMatchObject({
      callerName: "ACME Support",
      callerId: "+13175550111",
    });
    expect((await f.t.stack.preview({})).changeSummary).toEqual({ same: 6 });
  });
});
