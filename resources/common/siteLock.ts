/**
 * One lock per site for changes to its outbound routes, shared by every provider in this process
 * (the bindings, and a trunk's delete taking itself off routes). A classification can be on only
 * one route of a site, and a route PUT replaces the whole route, so two changes to one site's
 * routes made at once would undo each other; within a deployment they run one after the other.
 */

const siteLocks = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier change to the routes of `siteId` in this process has finished. */
export function underSiteLock<T>(siteId: string, fn: () => Promise<T>): Promise<T> {
  const previous = siteLocks.get(siteId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  // The chain only orders the changes: each caller gets its own result or error from `run`, so
  // the chain itself ignores the outcome (nothing is lost here).
  siteLocks.set(
    siteId,
    run.catch(() => undefined),
  );
  return run;
}
