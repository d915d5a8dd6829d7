/**
 * The policy pack through the real engine: `pulumi preview --policy-pack policy` (CLI and Node.js
 * language host from scripts/ensure-pulumi.sh) on a file backend against the emulator. A bad
 * configuration is refused with the rule's name and message before any API write, a good one
 * passes, a policy config file (`--policy-pack-config`) changes a rule's level and settings, and
 * the pack sees the stack's config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DEFAULT_CLIENT_SECRET } from "../../emulator";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, ProviderEnv } from "../helpers/providers";
import { createTestStack, PROJECT_DIR, TestStack } from "../helpers/pulumi";
import { stackFile } from "../helpers/stackConfig";

jest.setTimeout(600_000);

/** The preflight's reads: all a refused preview may send to the org. */
const PREFLIGHT = ["GET /api/v2/authorization/products", "GET /api/v2/telephony/providers/edges/sites"];

describe("the policy pack through the real pulumi CLI", () => {
  let env: ProviderEnv;
  let t: TestStack;
  let project: string;
  const output: string[] = [];
  const onOutput = (s: string) => output.push(s);

  /** Writes the stack's config file (a compliant BYOC setup), with `trunkExtra` lines added to sipTrunk. */
  const configure = async (trunkExtra: string[] = []) => {
    fs.writeFileSync(
      path.join(project, "Pulumi.policy.yaml"),
      stackFile({ apiUrl: env.emulator.url, prefix: "pol-", terminationId: "acme-policy", trunkExtra }),
    );
    await t.stack.setConfig("genesys:clientSecret", { value: DEFAULT_CLIENT_SECRET, secret: true });
    await t.stack.setConfig("sipTrunk.password", { value: "sip-secret", secret: true }, true);
  };

  /** `pulumi preview --policy-pack policy [--policy-pack-config <file>]`, from the project dir. */
  const preview = (policyConfig?: Record<string, unknown>) => {
    const policyPackConfigs: string[] = [];
    if (policyConfig) {
      const file = path.join(project, "policy-config.json");
      fs.writeFileSync(file, JSON.stringify(policyConfig));
      policyPackConfigs.push(file);
    }
    output.length = 0;
    return t.stack.preview({ policyPacks: ["policy"], policyPackConfigs, onOutput });
  };

  /** The preview's failure text (the CLI's output is in the error). */
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    try {
      await p;
    } catch (e) {
      return String(e);
    }
    throw new Error(`expected the preview to be refused; it passed:\n${output.join("")}`);
  };

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    // A checkout: the pack reuses the resources' checks from their sources.
    project = copyCheckout();
    // The pack sits in the project, as in the repository; its dependencies resolve from the
    // project's node_modules.
    fs.cpSync(path.join(PROJECT_DIR, "policy"), path.join(project, "policy"), { recursive: true });
    t = await createTestStack(project, "policy");
    await configure();
  });
  afterAll(async () => {
    await t?.dispose();
    await env?.close();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("passes a compliant configuration, showing advisory findings", async () => {
    const result = await preview();
    expect(result.changeSummary).toEqual({ create: 6 });
    const text = output.join("");
    expect(text).toContain("genesys-byoc@v0.1.0");
    // The trunk declares no transport (API default udp); TLS-only is advisory by default.
    expect(text).toMatch(/\[advisory\]\s+trunk-transport/);
    expect(text).not.toContain("[mandatory]");
  });

  it("refuses a trunk open to the whole internet, naming the rule, before any API write", async () => {
    await configure(["aclAllowList: [54.172.60.0/23, 0.0.0.0/0]"]);
    await env.clearLog();
    const text = await refusal(preview());
    expect(text).toMatch(/\[mandatory\]\s+acl-allow-list/);
    expect(text).toContain('aclAllowList[1] "0.0.0.0/0" opens the trunk to the whole internet');
    expect(await env.calls()).toEqual(PREFLIGHT);
    await configure();
  });

  it("takes enforcement levels and settings from --policy-pack-config", async () => {
    await env.clearLog();
    const strict = await refusal(preview({ "trunk-transport": { enforcementLevel: "mandatory" } }));
    expect(strict).toMatch(/\[mandatory\]\s+trunk-transport/);
    expect(strict).toContain("transport is not declared (the API default is udp); this stack allows tls");
    expect(await env.calls()).toEqual(PREFLIGHT);

    const relaxed = await preview({
      "trunk-transport": { enforcementLevel: "mandatory", allowedTransports: ["udp", "tls"] },
    });
    expect(relaxed.changeSummary).toEqual({ create: 6 });
    expect(output.join("")).not.toContain("trunk-transport");
  });

  it("sees the stack's config: a SIP password kept in plain text is refused", async () => {
    await t.stack.setConfig("sipTrunk.password", { value: "sip-secret-in-plain-text", secret: false }, true);
    await env.clearLog();
    const text = await refusal(preview());
    expect(text).toMatch(/\[mandatory\]\s+trunk-digest-credentials/);
    expect(text).toContain("the stack config holds genesys-byoc:sipTrunk.password in plain text");
    expect(text).not.toContain("sip-secret-in-plain-text");
    expect(await env.calls()).toEqual(PREFLIGHT);
  });
});
