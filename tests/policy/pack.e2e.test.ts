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

/**
 * The rules about number plans, DID pools and phone numbers, on a program that declares those
 * resources directly (as a user's own program would), through `pulumi preview --policy-pack`.
 * Preview only: no API call is made, so no emulator is needed.
 */
describe("the pack's rules for number plans, DID pools and phone numbers through the real pulumi CLI", () => {
  let t: TestStack;
  let project: string;
  const output: string[] = [];

  /** `pulumi preview --policy-pack policy`; its output and whether it was refused. */
  const preview = async (): Promise<{ refused: boolean; text: string }> => {
    output.length = 0;
    try {
      await t.stack.preview({ policyPacks: ["policy"], onOutput: (s) => output.push(s) });
      return { refused: false, text: output.join("") };
    } catch (e) {
      return { refused: true, text: `${output.join("")}\n${String(e)}` };
    }
  };

  beforeAll(async () => {
    project = copyCheckout();
    fs.cpSync(path.join(PROJECT_DIR, "policy"), path.join(project, "policy"), { recursive: true });
    // The program: a site's number plans with a classification no route of the stack serves, two
    // DID pools that share numbers, and a pool of possible numbers no range of +1 holds.
    fs.writeFileSync(
      path.join(project, "program.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        'const { DidPool, NumberPlans } = require("genesys-byoc-pulumi");',
        "const config = new pulumi.Config();",
        'new NumberPlans("tollfree", { siteId: "site-1", plans: [{ name: "Toll free", classification: "Toll Free",',
        '  matchType: "regex", match: config.get("tollFreeMatch") ?? "^1?8(00|88)\\\\d{7}$" }] });',
        'new DidPool("main", { startPhoneNumber: "+13175550100", endPhoneNumber: "+13175550199" });',
        'new DidPool("more", { startPhoneNumber: "+13175550150", endPhoneNumber: "+13175550250" });',
        'new DidPool("unassigned", { startPhoneNumber: "+11235550100", endPhoneNumber: "+11235550199" });',
        "",
      ].join("\n"),
    );
    const yaml = path.join(project, "Pulumi.yaml");
    fs.writeFileSync(yaml, fs.readFileSync(yaml, "utf8").replace(/^main: .*$/m, "main: program.js"));
    t = await createTestStack(project, "numbers");
  });
  afterAll(async () => {
    await t?.dispose();
    if (project) fs.rmSync(project, { recursive: true, force: true });
  });

  it("refuses overlapping DID pools and shows the advisory findings; a possible number passes check", async () => {
    const { refused, text } = await preview();
    expect(refused).toBe(true);
    expect(text).toMatch(/\[mandatory\]\s+did-pools-disjoint/);
    expect(text).toContain(
      'DidPool "more" +13175550150..+13175550250 overlaps DidPool "main" +13175550100..+13175550199',
    );
    expect(text).toMatch(/\[advisory\]\s+number-plan-classifications-routed/);
    expect(text).toContain(
      'plans[0] classifies numbers as "Toll Free", but no outbound route binding of this stack',
    );
    expect(text).toMatch(/\[advisory\]\s+phone-numbers-valid-for-country/);
    expect(text).toContain("startPhoneNumber +11235550100 is not a valid number of country code +1");
    // The pool of numbers no range holds passes the resource's own check and e164-numbers.
    expect(text).not.toMatch(/has a problem|e164-numbers/);
  });

  it("refuses a number plan whose regex does not compile (the resource's check says so as well)", async () => {
    await t.stack.setConfig("tollFreeMatch", { value: "^(1?8(00|88)" });
    const { refused, text } = await preview();
    expect(refused).toBe(true);
    expect(text).toMatch(/\[mandatory\]\s+number-plan-regex/);
    expect(text).toContain('plans[0].match (plan "Toll free") is not a valid regular expression');
    expect(text).toMatch(
      /NumberPlans.*tollfree.*has a problem: plans\[0\]\.match is not a valid regular expression/,
    );
  });
});
