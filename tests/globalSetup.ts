/**
 * jest's global setup: records the user's Pulumi home before any test runs, for
 * tests/globalTeardown.ts to compare (see tests/helpers/pulumiHome.ts).
 */
import { snapshot, userPulumiHomes } from "./helpers/pulumiHome";

/** The record the teardown reads (global setup and teardown share the main jest process). */
declare global {
  var userPulumiHomesBefore: { dirs: string[]; snapshot: Map<string, string> } | undefined;
}

export default function globalSetup(): void {
  const dirs = userPulumiHomes();
  globalThis.userPulumiHomesBefore = { dirs, snapshot: snapshot(dirs) };
}
