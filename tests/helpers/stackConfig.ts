/**
 * A stack config file for an end-to-end test, written the way a user edits Pulumi.<stack>.yaml,
 * plus the two secrets set through the CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import type { TestStack } from "./pulumi";

/** The SIP digest password the test stacks use (must never appear in output or state). */
export const TEST_SIP_PASSWORD = "sip-pa55word-never-shown";

/** What differs between the test stacks. */
export interface TestStackSettings {
  /** `genesys:apiUrl` (the test's emulator); omit to take GENESYS_CLOUD_API_URL from the environment. */
  apiUrl?: string;
  /** The stack's name prefix, e.g. `sw-`. */
  prefix: string;
  /** The location's emergency number. */
  number?: string;
  /** The trunk's inbound SIP termination identifier. */
  terminationId?: string;
}

/** The text of a standard one-carrier Pulumi.<stack>.yaml (`trunkExtra`: more lines under sipTrunk). */
export function stackFile(s: TestStackSettings & { terminationId: string; trunkExtra?: string[] }): string {
  return [
    "config:",
    ...(s.apiUrl ? [`  genesys:apiUrl: ${s.apiUrl}`] : []),
    `  genesys:clientId: ${DEFAULT_CLIENT_ID}`,
    `  genesys-byoc:namePrefix: ${s.prefix}`,
    "  genesys-byoc:location:",
    "    name: HQ",
    `    number: "${s.number ?? "+13175550177"}"`,
    "    street1: 7601 Interactive Way",
    "    city: Indianapolis",
    "    country: US",
    "  genesys-byoc:site:",
    "    name: Cloud Site",
    "  genesys-byoc:sipTrunk:",
    "    externalTrunkName: Carrier",
    "    sipServers: [sip.carrier.example]",
    `    inboundSipTerminationIdentifier: ${s.terminationId}`,
    "    userName: acme",
    ...(s.trunkExtra ?? []).map((l) => `    ${l}`),
    "",
  ].join("\n");
}

/** Writes Pulumi.<stack>.yaml in `project` and sets the client secret and SIP password as secrets. */
export async function configureTestStack(
  t: TestStack,
  project: string,
  s: TestStackSettings,
  sipPassword = TEST_SIP_PASSWORD,
): Promise<void> {
  const name = t.stack.name.split("/").pop();
  fs.writeFileSync(
    path.join(project, `Pulumi.${name}.yaml`),
    stackFile({ ...s, terminationId: s.terminationId ?? `acme-${name}` }),
  );
  await t.stack.setConfig("genesys:clientSecret", { value: DEFAULT_CLIENT_SECRET, secret: true });
  await t.stack.setConfig("sipTrunk.password", { value: sipPassword, secret: true }, true);
}
