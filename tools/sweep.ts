#!/usr/bin/env node
/**
 * `npm run sweep -- --prefix P [--yes]`: removes what test stacks left behind in an org (lost
 * state, interrupted runs), by name prefix. A dry run by default: it lists what would go and
 * changes nothing. With `--yes` it removes, in dependency order:
 *
 * 1. routes: every outbound route whose name has the prefix is deleted; every other route that
 *    carries a trunk with the prefix (a site's "Default Outbound Route" taken over by a stack) is
 *    given back its contents without those trunks;
 * 2. trunks (BYOC trunk bases) with the prefix;
 * 3. sites with the prefix;
 * 4. locations with the prefix.
 *
 * Each delete waits (bounded) while Genesys catches up with the step before it, as `pulumi destroy`
 * does (resources/common/lifecycle.ts `deleteWhenUnreferenced`).
 *
 * Never touched: managed objects (the managed edge site "PureCloud Voice - AWS", managed trunks),
 * anything whose name lacks the prefix, and a prefixed site that still carries a route without
 * the prefix (deleting the site would take that route with it) or a location such a site uses.
 *
 * Connection from the environment, as for the stack: GENESYS_CLOUD_REGION (or
 * GENESYS_CLOUD_API_URL), GENESYS_CLOUD_CLIENT_ID, GENESYS_CLOUD_CLIENT_SECRET.
 */
import { parseArgs } from "node:util";
import { clientFor, GenesysClient } from "../genesys/client";
import { resolveConnection } from "../genesys/config";
import * as locations from "../genesys/locations";
import * as routes from "../genesys/outboundRoutes";
import * as sites from "../genesys/sites";
import * as trunks from "../genesys/trunks";
import type { ReferredKind } from "../genesys/references";
import { failureText, SCRIPT_HOW_TO_DEBUG, takeDebugFlag } from "../resources/common/internalError";
import { deleteWhenUnreferenced } from "../resources/common/lifecycle";
import { DEFAULT_ROUTE_NAME } from "../resources/outboundRouteBinding/schema";

const USAGE = `Usage: npm run sweep -- --prefix PREFIX [--yes] [--debug]

Lists (dry run, the default) or removes (--yes) every outbound route, BYOC trunk, site and location
whose name starts with PREFIX, in that order, and takes trunks with the prefix off other routes.
Managed objects and names without the prefix are never touched. With --debug (or PULUMI_DEBUG=1),
an internal error (a bug) is followed by its stack trace.

Connection: GENESYS_CLOUD_REGION (e.g. us_east_1) or GENESYS_CLOUD_API_URL, GENESYS_CLOUD_CLIENT_ID,
GENESYS_CLOUD_CLIENT_SECRET.`;

/** A named object in the plan. */
export interface Named {
  id: string;
  name: string;
}

/** One step on an outbound route. */
export interface RouteStep {
  site: Named;
  route: Named;
  /** `delete` the route, or `strip` the trunks in `remove` from it. */
  action: "delete" | "strip";
  /** Trunks taken off the route (for `strip`). */
  remove: Named[];
  /** Trunks the route keeps (for `strip`). */
  keep: Named[];
}

/** What a sweep removes, in order, and what it leaves and why. */
export interface SweepPlan {
  prefix: string;
  routes: RouteStep[];
  trunks: Named[];
  sites: Named[];
  locations: Named[];
  /** Objects with the prefix that stay, each with the reason. */
  kept: string[];
}

const named = (o: { id?: string; name?: string }): Named => ({ id: o.id!, name: o.name ?? "" });
const q = (n: Named) => `"${n.name}" (${n.id})`;

/** Lists the org (reads only) and works out what a sweep of `prefix` would do. */
export async function planSweep(client: GenesysClient, prefix: string): Promise<SweepPlan> {
  const has = (name?: string) => (name ?? "").startsWith(prefix);
  const kept: string[] = [];

  const allSites = await sites.list(client);
  for (const s of allSites.filter((x) => x.managed && has(x.name))) kept.push(`site ${q(named(s))}: managed`);
  const ownSites = allSites.filter((s) => !s.managed);

  const allTrunks = await trunks.list(client);
  for (const t of allTrunks.filter((x) => x.managed && has(x.name)))
    kept.push(`trunk ${q(named(t))}: managed`);
  const sweptTrunks = allTrunks.filter((t) => !t.managed && has(t.name)).map(named);
  const sweptTrunkIds = new Set(sweptTrunks.map((t) => t.id));

  const routeSteps: RouteStep[] = [];
  const blockedSites = new Set<string>();
  for (const site of ownSites) {
    for (const r of await routes.list(client, site.id!)) {
      const carried = (r.externalTrunkBases ?? []).map(named);
      if (has(r.name)) {
        routeSteps.push({ site: named(site), route: named(r), action: "delete", remove: [], keep: [] });
        continue;
      }
      const remove = carried.filter((t) => sweptTrunkIds.has(t.id));
      if (remove.length)
        routeSteps.push({
          site: named(site),
          route: named(r),
          action: "strip",
          remove,
          keep: carried.filter((t) => !sweptTrunkIds.has(t.id)),
        });
      // A site's own routes go with it: keep a prefixed site that has a named route without the prefix.
      if (has(site.name) && r.name !== DEFAULT_ROUTE_NAME) {
        blockedSites.add(site.id!);
        kept.push(`site ${q(named(site))}: it carries the route "${r.name}", whose name lacks the prefix`);
      }
    }
  }
  const sweptSites = ownSites.filter((s) => has(s.name) && !blockedSites.has(s.id!)).map(named);
  const sweptSiteIds = new Set(sweptSites.map((s) => s.id));

  const sweptLocations: Named[] = [];
  for (const l of await locations.list(client)) {
    if (!has(l.name)) continue;
    const user = allSites.find((s) => s.location?.id === l.id && !sweptSiteIds.has(s.id!));
    if (user) kept.push(`location ${q(named(l))}: in use by site "${user.name}", which stays`);
    else sweptLocations.push(named(l));
  }
  return {
    prefix,
    routes: routeSteps,
    trunks: sweptTrunks,
    sites: sweptSites,
    locations: sweptLocations,
    kept,
  };
}

/** One line per step, as printed by a dry run. */
export function describePlan(plan: SweepPlan): string[] {
  const lines = plan.routes.map((s) =>
    s.action === "delete"
      ? `delete route ${q(s.route)} on site "${s.site.name}"`
      : `update route ${q(s.route)} on site "${s.site.name}": take off ${s.remove.map((t) => `"${t.name}"`).join(", ")}` +
        `; it keeps ${s.keep.length ? s.keep.map((t) => `"${t.name}"`).join(", ") : "no trunk"}`,
  );
  lines.push(...plan.trunks.map((t) => `delete trunk ${q(t)}`));
  lines.push(...plan.sites.map((s) => `delete site ${q(s)}`));
  lines.push(...plan.locations.map((l) => `delete location ${q(l)}`));
  return lines;
}

/** The text of a failure: its message; an internal error's says so (with its stack trace when `debug`). */
function failureOf(err: unknown, debug: boolean): string {
  return failureText(err, {
    describe: (e) => (e as Error).message,
    detail: debug,
    howToDebug: SCRIPT_HOW_TO_DEBUG,
  });
}

/**
 * Carries out `plan` in order; returns the failures (each naming the object), after trying every
 * step. With `debug`, an internal error's failure carries its stack trace.
 */
export async function executeSweep(
  client: GenesysClient,
  plan: SweepPlan,
  say: (line: string) => void,
  debug = false,
): Promise<string[]> {
  const failures: string[] = [];
  const step = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      say(`done: ${what}`);
    } catch (err) {
      const why = failureOf(err, debug);
      failures.push(`${what}: ${why}`);
      say(`FAILED: ${what}: ${why}`);
    }
  };
  for (const s of plan.routes) {
    if (s.action === "delete") {
      await step(`delete route ${q(s.route)} on site "${s.site.name}"`, () =>
        routes.remove(client, s.site.id, s.route.id),
      );
      continue;
    }
    await step(`take ${s.remove.map((t) => `"${t.name}"`).join(", ")} off route ${q(s.route)}`, () =>
      routes.removeTrunks(
        client,
        s.site.id,
        s.route.id,
        s.remove.map((t) => t.id),
      ),
    );
  }
  // Each delete waits, within one call's deadline, while Genesys catches up with the step before
  // (a trunk just taken off its routes, a site whose trunk was just deleted, a location whose site
  // was), and fails at once when something that stays still uses the object.
  const remove = (kind: ReferredKind, x: Named, fn: () => Promise<void>) =>
    deleteWhenUnreferenced(client, {
      kind,
      id: x.id,
      what: `${kind} ${q(x)}`,
      remove: fn,
      fix: (by) =>
        by.length
          ? "Remove that first (or sweep its prefix too), then run the sweep again."
          : "Run the sweep again in a minute.",
    });
  for (const t of plan.trunks)
    await step(`delete trunk ${q(t)}`, () => remove("trunk", t, () => trunks.remove(client, t.id)));
  for (const s of plan.sites)
    await step(`delete site ${q(s)}`, () => remove("site", s, () => sites.remove(client, s.id)));
  for (const l of plan.locations)
    await step(`delete location ${q(l)}`, () => remove("location", l, () => locations.remove(client, l.id)));
  return failures;
}

/** Parsed command line. */
export interface SweepArgs {
  prefix: string;
  yes: boolean;
}

/**
 * Parses `--prefix P` / `--prefix=P` and `--yes` (`-y`) with node:util's parseArgs; throws, with
 * the usage, on anything else. A flag right after `--prefix` is refused, never taken as the
 * prefix (`--prefix --yes` would otherwise sweep names starting with "--yes", or, with an empty
 * prefix check, everything).
 */
export function parseSweepArgs(argv: string[]): SweepArgs | "help" {
  let values: { prefix?: string; yes?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        prefix: { type: "string" },
        yes: { type: "boolean", short: "y" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    const at = argv.indexOf("--prefix");
    const next = at >= 0 ? argv[at + 1] : undefined;
    const why =
      next?.startsWith("-") && (err as { code?: string }).code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE"
        ? `--prefix needs a value, but the option ${next} follows it: put the prefix right after --prefix ` +
          `(e.g. --prefix test- --yes), or write --prefix=${next} for a prefix that starts with a dash`
        : (err as Error).message.split("\n")[0];
    throw new Error(`${why}\n\n${USAGE}`);
  }
  if (values.help) return "help";
  if (values.prefix === undefined || values.prefix.trim() === "")
    throw new Error(`--prefix is required and must not be empty (it selects what goes)\n\n${USAGE}`);
  return { prefix: values.prefix, yes: values.yes ?? false };
}

/**
 * The command: plan, print, and with --yes carry out. Returns the exit code; a failure before the
 * steps is one line on stderr (an internal error's with its stack trace under `--debug` or
 * PULUMI_DEBUG), exit 1.
 */
export async function main(argv: string[], say: (line: string) => void = console.log): Promise<number> {
  const { argv: rest, debug } = takeDebugFlag(argv);
  let args: SweepArgs | "help";
  try {
    args = parseSweepArgs(rest);
  } catch (err) {
    console.error(`sweep: ${(err as Error).message}`);
    return 2;
  }
  if (args === "help") {
    say(USAGE);
    return 0;
  }
  try {
    return await sweep(args, say, debug);
  } catch (err) {
    console.error(`sweep: ${failureOf(err, debug)}`);
    return 1;
  }
}

/** Plans, prints, and with --yes carries out the sweep `args` asks for; returns the exit code. */
async function sweep(args: SweepArgs, say: (line: string) => void, debug: boolean): Promise<number> {
  const client = clientFor(resolveConnection(undefined));
  const plan = await planSweep(client, args.prefix);
  const lines = describePlan(plan);
  say(
    `Sweep of names starting with "${args.prefix}" in ${client.target}` +
      (args.yes ? "" : " (dry run: nothing is changed)"),
  );
  for (const l of lines) say(`  ${l}`);
  for (const k of plan.kept) say(`  keep ${k}`);
  if (!lines.length) {
    say("Nothing to remove.");
    return 0;
  }
  if (!args.yes) {
    say(`${lines.length} step(s). Run again with --yes to carry them out.`);
    return 0;
  }
  const failures = await executeSweep(client, plan, (l) => say(`  ${l}`), debug);
  if (failures.length) {
    say(`${failures.length} of ${lines.length} step(s) failed; run the sweep again once the cause is fixed.`);
    return 1;
  }
  say(`Removed or updated ${lines.length} object(s).`);
  return 0;
}

// main never rejects (every failure is a line on stderr and an exit code), so nothing is lost here.
if (require.main === module) void main(process.argv.slice(2)).then((code) => process.exit(code));
