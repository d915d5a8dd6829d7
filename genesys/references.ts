/**
 * Who refers to an object Genesys refuses to delete: the references the object shows, read from
 * the API (only what is there now; deleted objects are left out by every listing here).
 *
 * | function            | HTTP                                                                        |
 * |---------------------|-----------------------------------------------------------------------------|
 * | referrersOf location | GET /api/v2/telephony/providers/edges/sites?location.id=… (every page) + GET /api/v2/locations (every page: sub-locations) |
 * | referrersOf site    | GET /api/v2/telephony/providers/edges/trunkbasesettings (every page) + GET /api/v2/telephony/providers/edges/sites (every page: primary/secondary sites) + GET /api/v2/organizations/me (the default site) |
 * | referrersOf trunk   | GET /api/v2/telephony/providers/edges/outboundroutes?externalTrunkBases.ids=… (org-wide, every page) |
 *
 * The org-wide listings are shared by the deletes that ask for them at the same time
 * ({@link GenesysClient.shared}): a large estate's destroy refuses dozens of deletes at once while
 * Genesys catches up, and each would otherwise list the same trunks, sites and locations. What
 * this run deleted is left out by the caller, so a listing started a moment before a delete of
 * this run finished says nothing wrong.
 *
 * Why the listings rather than the refusal: the live service catches up slowly after deletes
 * (reference §4.5.1), and while it does, it refuses the delete exactly as if the reference were
 * still there. Whether the refusal names the referrer is not documented (for a location, not even
 * its status or code is), so the refusal cannot tell a reference that stays from one that is
 * already gone; the references the object shows now can.
 */
import type { GenesysClient } from "./client";
import type { GenesysError } from "./errors";
import * as locations from "./locations";
import { getOrganization } from "./org";
import * as routes from "./outboundRoutes";
import * as sites from "./sites";
import * as trunks from "./trunks";

/** The kinds of object Genesys refuses to delete while something refers to them. */
export type ReferredKind = "location" | "site" | "trunk";

/** An object that refers to another one, keeping Genesys from deleting it. */
export interface Referrer {
  /** What it is; `org` is the organization's default-site setting. */
  kind: "site" | "location" | "trunk" | "outbound route" | "org";
  id: string;
  name?: string;
  /** The site of an outbound route. */
  siteId?: string;
  /** That site's name, when the listing gives it. */
  siteName?: string;
}

/** `site "London" (id)`; the org as "the org's default site setting". */
export function describeReferrer(r: Referrer): string {
  if (r.kind === "org") return `the org's default site setting${r.name ? ` (org "${r.name}")` : ""}`;
  return `${r.kind} ${r.name ? `"${r.name}" ` : ""}(${r.id})`;
}

/** Several referrers as one phrase: `site "A" (1), trunk "B" (2)`. */
export function describeReferrers(by: readonly Referrer[]): string {
  return by.map(describeReferrer).join(", ");
}

/**
 * Whether a failed DELETE may be Genesys refusing because something still refers to the object.
 * Genesys answers that with a 400 or a 409, and which one varies by kind: a trunk's is a 400
 * `delete.referenced.entity`, a site's a 409 (`resource.referenced.by.another`, `general.conflict`)
 * and Genesys's own Terraform provider also retries a site's 400, and a location's is not
 * documented at all (its provider sleeps 8 s rather than retry a 409; reference §4.5.1, §7.5, §8.4,
 * Appendix B). So any 400 or 409 answering a DELETE counts, and the references the object shows
 * ({@link referrersOf}) decide what it means.
 */
export function refusedAsReferenced(err: GenesysError): boolean {
  return err.method === "DELETE" && (err.status === 400 || err.status === 409);
}

/** What refers to the `kind` object `id` now, as the API lists it. */
export async function referrersOf(c: GenesysClient, kind: ReferredKind, id: string): Promise<Referrer[]> {
  switch (kind) {
    case "location": {
      const [users, all] = await Promise.all([
        sites.inLocation(c, id),
        c.shared("locations", () => locations.list(c)),
      ]);
      return [
        ...users.map((s): Referrer => ({ kind: "site", id: s.id!, name: s.name })),
        ...all
          .filter((l) => l.id !== id && (l.path ?? []).includes(id))
          .map((l): Referrer => ({ kind: "location", id: l.id!, name: l.name })),
      ];
    }
    case "site": {
      const [allTrunks, allSites, org] = await Promise.all([
        c.shared("trunks", () => trunks.list(c)),
        c.shared("sites", () => sites.list(c)),
        c.shared("organization", () => getOrganization(c)),
      ]);
      return [
        ...allTrunks
          .filter((t) => t.site?.id === id || t.inboundSite?.id === id)
          .map((t): Referrer => ({ kind: "trunk", id: t.id!, name: t.name })),
        ...allSites
          .filter(
            (s) =>
              s.id !== id &&
              [...(s.primarySites ?? []), ...(s.secondarySites ?? [])].some((r) => r.id === id),
          )
          .map((s): Referrer => ({ kind: "site", id: s.id!, name: s.name })),
        ...(org.defaultSiteId === id ? [{ kind: "org" as const, id: org.id ?? "", name: org.name }] : []),
      ];
    }
    case "trunk":
      return (await routes.usingTrunk(c, id)).map((r): Referrer => ({
        kind: "outbound route",
        id: r.id!,
        name: r.name,
        siteId: r.site?.id,
        siteName: r.site?.name,
      }));
  }
}
