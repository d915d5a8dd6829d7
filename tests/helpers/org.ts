/**
 * The emulator's org as a comparable shape: what a user would call "the org" (objects, names, what
 * each outbound route carries, and the DID pools' ranges), without versions and timestamps.
 */
import type { ProviderEnv } from "./providers";

interface Named {
  id: string;
  name: string;
  state?: string;
}
interface RouteState extends Named {
  siteId: string;
  classificationTypes?: string[];
  externalTrunkBases?: { id: string }[];
  enabled?: boolean;
  distribution?: string;
  description?: string;
}
/** The parts of `GET /_emulator/state` the tests read. */
export interface OrgState {
  locations: Named[];
  sites: (Named & { managed?: boolean })[];
  trunkBases: (Named & {
    managed?: boolean;
    properties?: Record<string, { value?: { instance?: unknown } }>;
  })[];
  outboundRoutes: RouteState[];
  didPools: { id: string; startPhoneNumber: string; endPhoneNumber: string; state?: string }[];
}

/** The emulator's current state. */
export async function orgState(env: Pick<ProviderEnv, "admin">): Promise<OrgState> {
  return (await env.admin("GET", "/_emulator/state")) as OrgState;
}

const live = <T extends { state?: string }>(xs: T[]) => xs.filter((x) => x.state !== "deleted");
const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));

/** Objects and route contents, comparable with `toEqual` (versions and dates left out). */
export async function orgShape(env: Pick<ProviderEnv, "admin">): Promise<unknown> {
  const s = await orgState(env);
  return {
    locations: byId(live(s.locations)).map((l) => [l.id, l.name]),
    sites: byId(live(s.sites)).map((x) => [x.id, x.name]),
    trunkBases: byId(live(s.trunkBases)).map((t) => [t.id, t.name]),
    outboundRoutes: byId(live(s.outboundRoutes)).map((r) => ({
      id: r.id,
      name: r.name,
      siteId: r.siteId,
      classificationTypes: [...(r.classificationTypes ?? [])].sort(),
      trunks: (r.externalTrunkBases ?? []).map((t) => t.id),
      enabled: r.enabled,
      distribution: r.distribution,
    })),
    didPools: byId(live(s.didPools ?? [])).map((p) => [p.id, p.startPhoneNumber, p.endPhoneNumber]),
  };
}

/** How many live objects of each kind carry the prefix. */
export async function countPrefixed(env: ProviderEnv, prefix: string): Promise<Record<string, number>> {
  const s = await orgState(env);
  const n = (xs: Named[]) => live(xs).filter((x) => x.name.startsWith(prefix)).length;
  return {
    locations: n(s.locations),
    sites: n(s.sites),
    trunkBases: n(s.trunkBases),
    outboundRoutes: n(s.outboundRoutes),
  };
}
