/**
 * The benchmark's scale program: N carriers, each its own Location → Site → Trunk →
 * OutboundRouteBinding, built from the project's resource classes after one preflight. bench/stack.ts
 * copies it into a private copy of the project as index.ts (imports rewritten from "../" to "./").
 *
 * Config: `carriers` (N), and the genesys:* connection keys.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveConnection } from "../genesys/config";
import { Location } from "../resources/location";
import { OutboundRouteBinding } from "../resources/outboundRouteBinding";
import { Site } from "../resources/site";
import { Trunk } from "../resources/trunk";
import { preflight } from "../lib/org";

async function main(): Promise<Record<string, pulumi.Output<string>>> {
  const n = new pulumi.Config().requireNumber("carriers");
  // Each location needs its own emergency number: +1 317 555 0100 … 0199.
  if (n > 100) throw new pulumi.RunError("carriers: at most 100 (one emergency number each)");
  const org = await preflight(resolveConnection({ get: (k) => pulumi.runtime.getConfig(k) }));
  const routes: Record<string, pulumi.Output<string>> = {};
  for (let i = 0; i < n; i++) {
    const p = `bench-${i}-`;
    const location = new Location(`${p}location`, {
      name: `${p}HQ`,
      emergencyNumber: { number: `+1317555${String(100 + i).padStart(4, "0")}` },
      address: { street1: "7601 Interactive Way", city: "Indianapolis", country: "US" },
    });
    const site = new Site(`${p}site`, {
      name: `${p}Site`,
      locationId: location.id,
      primarySiteIds: [org.edgeSiteId],
      secondarySiteIds: [org.edgeSiteId],
      mediaModel: "Cloud",
      edgeAutoUpdate: { timeZone: "America/New_York", rrule: "FREQ=DAILY", start: "02:00", end: "05:00" },
    });
    const trunk = new Trunk(`${p}trunk`, {
      name: `${p}Carrier`,
      inboundSiteId: site.id,
      sipServers: ["sip.carrier.example"],
      inboundSipTerminationIdentifier: `bench-${i}`,
    });
    const binding = new OutboundRouteBinding(`${p}route`, { siteId: site.id, trunkIds: [trunk.id] });
    routes[`route${i}`] = binding.routeId;
  }
  return routes;
}

export = main();
