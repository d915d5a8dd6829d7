/**
 * jest's global teardown: fails the run when the tests changed the user's Pulumi home (its login,
 * stack selections, caches), which tests/globalSetup.ts recorded before they ran.
 */
import { changes, snapshot } from "./helpers/pulumiHome";

/** How many changed paths the failure lists. */
const SHOWN = 20;

export default function globalTeardown(): void {
  const before = globalThis.userPulumiHomesBefore;
  if (!before) throw new Error("tests/globalSetup.ts did not record the user's Pulumi home");
  const changed = changes(before.snapshot, snapshot(before.dirs));
  if (!changed.length) return;
  throw new Error(
    `the test run changed the user's Pulumi home (${before.dirs.join(", ")}): a test ran the pulumi ` +
      "CLI without a PULUMI_HOME of its own (or a pulumi command outside jest ran meanwhile):\n" +
      [
        ...changed.slice(0, SHOWN),
        ...(changed.length > SHOWN ? [`… and ${changed.length - SHOWN} more`] : []),
      ]
        .map((l) => `  ${l}`)
        .join("\n"),
  );
}
