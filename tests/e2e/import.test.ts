/**
 * `npm run import`: a brownfield org (tests/helpers/brownfield.ts), set up by hand the way an admin
 * leaves it (two sites, BYOC
 * carriers with TLS, two SIP servers, an ACL, digest credentials, a calling identity and a property
 * the stack does not declare, default routes carrying them, a custom number plan with a named route
 * serving it, a named International route taken off a default route, a DID pool), read into a
 * stack's config with GETs only. Then, through the real `pulumi` CLI: the first `up` takes every
 * object over and writes nothing, a preview shows no changes, one changed value is one PUT, the
 * printed password command is one PUT and the password stays out of every output and the state,
 * and destroy leaves the org as seeded. Every refusal is one line on stderr, with the stack file as
 * it was (byte for byte, or still absent).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { EmulatorState } from "../../emulator";
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  SEED_IDS,
  startEmulator,
  type RunningEmulator,
} from "../../emulator";
import {
  buildBrownfield,
  buildIndianapolisBrownfield,
  PASSWORDS,
  POOL,
  SERVERS,
  UK_MOBILE,
  type Brownfield,
  type IndianapolisBrownfield,
} from "../helpers/brownfield";
import { sdkClient, type SdkApis } from "../helpers/emulator";
import { orgShape } from "../helpers/org";
import { copyCheckout } from "../helpers/project";
import { CLI_EMULATOR } from "../helpers/e2e";
import { providerEnv, type ProviderEnv } from "../helpers/providers";
import { createTestStack, readBackendFiles, type TestStack } from "../helpers/pulumi";
import { run, type RunResult } from "../helpers/run";

jest.setTimeout(900_000);

const STACK = "brown";
const EDGES = "/api/v2/telephony/providers/edges";
/** The password the user sets with the printed command (a rotated one, so the PUT is visible). */
const NEW_PASSWORD = "rotated-Digest-5150!";

/** The environment without any GENESYS_CLOUD_* variable (the connection must come from elsewhere). */
function withoutGenesysEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("GENESYS_CLOUD_")));
}

/** Runs `npm run import` in `cwd`, with the stack's pulumi environment and `env` on top. */
function importer(
  cwd: string,
  t: TestStack | undefined,
  args: string[],
  env: Record<string, string> = {},
): Promise<RunResult> {
  return run("npm", ["run", "--silent", "import", "--", ...args], {
    cwd,
    env: { ...withoutGenesysEnv(), ...t?.env, ...env },
  });
}

/** A refusal: a non-zero exit and one line on stderr matching `message`, no stack trace. */
function expectOneLineFailure(r: RunResult, message: RegExp): void {
  expect(r.status).not.toBe(0);
  expect(r.status).not.toBeNull();
  expect(r.stderr.trimEnd().split("\n")).toEqual([expect.stringMatching(message)]);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

/** The stack's config as Pulumi reads it: structured values parsed, secrets shown, Pulumi.yaml defaults in. */
async function stackConfig(t: TestStack): Promise<Record<string, unknown>> {
  const all = await t.stack.getAllConfig();
  return Object.fromEntries(
    Object.entries(all).map(([k, v]) => {
      try {
        return [k, JSON.parse(v.value) as unknown];
      } catch {
        return [k, v.value];
      }
    }),
  );
}

/** The `byoc…` resources an up touched (`<op> <name>`), from its engine events. */
function opsCollector(): { ops: string[]; onEvent: (e: EngineEvent) => void } {
  const ops: string[] = [];
  return {
    ops,
    onEvent: (e) => {
      const m = e.resOutputsEvent?.metadata;
      const name = m?.urn.split("::").pop() ?? "";
      if (m && m.op !== "same" && name.startsWith("byoc")) ops.push(`${m.op} ${name}`);
    },
  };
}

const PASSWORD_LINE =
  /^pulumi config set --secret --path 'genesys-byoc:carriers\.([a-z0-9-]+)\.password' <password> --stack brown$/;
const passwordLines = (stdout: string) =>
  stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("pulumi config set"));

interface ImportedRoute {
  name?: string;
  carriers?: string[];
  classificationTypes?: string[];
  adoptId?: string;
}

/** The requests since the log was last cleared that change the org (all but GETs). */
async function writesTo(env: ProviderEnv): Promise<string[]> {
  return (await env.calls()).filter((c) => !c.startsWith("GET "));
}

/** `preview --expect-no-changes` passes, shows only "same", and writes nothing. */
async function expectCleanPreview(t: TestStack, env: ProviderEnv, onOutput: (s: string) => void) {
  await env.clearLog();
  const preview = await t.stack.preview({ expectNoChanges: true, onOutput });
  expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
  expect(await writesTo(env)).toEqual([]);
}

/** The stack's connection to `env`'s emulator, as a user sets it (the client secret a secret). */
async function connect(t: TestStack, env: ProviderEnv): Promise<void> {
  await t.stack.setConfig("genesys:apiUrl", { value: env.emulator.url });
  await t.stack.setConfig("genesys:clientId", { value: DEFAULT_CLIENT_ID });
  await t.stack.setConfig("genesys:clientSecret", { value: DEFAULT_CLIENT_SECRET, secret: true });
}

/** Destroys what the stack left, then stops the emulator and removes the checkout copy. */
async function disposeAll(t: TestStack | undefined, env: ProviderEnv | undefined, checkout?: string) {
  try {
    await t?.dispose();
  } finally {
    await env?.close();
    if (checkout) fs.rmSync(checkout, { recursive: true, force: true });
  }
}

describe("npm run import: a brownfield org into a stack that takes it over", () => {
  let env: ProviderEnv;
  let sdk: SdkApis;
  let seeded: unknown;
  let ids: Brownfield;
  let checkout: string;
  let t: TestStack;
  let stackFile: string;
  let printed = ""; // stdout of the import
  /** The steps after the import build on it: without it they fail at once, naming the cause. */
  let imported = false;
  const afterImport = () => {
    if (!imported)
      throw new Error("the import did not succeed (see its test), so there is nothing to take over");
  };
  const captured: string[] = []; // every output of the pulumi runs
  const onOutput = (s: string) => void captured.push(s);
  const state = async () => (await env.admin("GET", "/_emulator/state")) as EmulatorState;
  const writes = () => writesTo(env);

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR); // a new site's default route settles at once
    seeded = await orgShape(env);
    sdk = await sdkClient(env.emulator.url);
    await env.clearLog();
    ids = await buildBrownfield(sdk);
    checkout = copyCheckout();
    stackFile = path.join(checkout, `Pulumi.${STACK}.yaml`);
    t = await createTestStack(checkout, STACK);
    await connect(t, env);
  });
  afterAll(() => disposeAll(t, env, checkout));

  it("the brownfield is built without an error, as the admin left it", async () => {
    expect((await env.log()).filter((q) => q.status >= 400)).toEqual([]);
    const s = await state();
    const live = <T extends { state?: string; managed?: boolean }>(xs: T[]) =>
      xs.filter((x) => x.state !== "deleted" && !x.managed);
    expect(live(s.sites).map((x) => x.name)).toEqual(["Indianapolis", "London"]);
    expect(s.sites.find((x) => x.id === ids.sites.london)!.primarySites).toEqual([
      expect.objectContaining({ id: SEED_IDS.pcvSite }),
    ]);
    expect(live(s.trunkBases).map((x) => x.name)).toEqual(["US Carrier", "UK Carrier", "Intl Carrier"]);
    const us = s.trunkBases.find((x) => x.id === ids.trunks["us-carrier"])!;
    const instance = (k: string) => (us.properties[k] as { value: { instance: unknown } }).value.instance;
    expect(instance("trunk_transport_protocolVariant")).toBe("tls");
    expect(instance("trunk_transport_serverProxyList")).toEqual(SERVERS["us-carrier"]);
    expect(instance("trunk_language")).toBe("es-US");

    const route = (id: string) => {
      const r = s.outboundRoutes.find((x) => x.id === id)!;
      return { classificationTypes: r.classificationTypes, trunks: r.externalTrunkBases.map((x) => x.id) };
    };
    const tr = ids.trunks;
    expect(route(ids.routes.indianapolisDefault).classificationTypes).not.toContain("International");
    expect(route(ids.routes.indianapolisDefault).trunks).toEqual([tr["us-carrier"], tr["intl-carrier"]]);
    expect(route(ids.routes.international)).toEqual({
      classificationTypes: ["International"],
      trunks: [tr["intl-carrier"], tr["us-carrier"]],
    });
    expect(route(ids.routes.londonDefault).trunks).toEqual([tr["uk-carrier"]]);
    expect(route(ids.routes.ukMobile)).toEqual({
      classificationTypes: ["UK Mobile"],
      trunks: [tr["uk-carrier"], tr["us-carrier"]],
    });
    const plans = s.numberPlans
      .filter((p) => p.siteId === ids.sites.london)
      .sort((a, b) => a.priority - b.priority);
    expect(plans[0]).toMatchObject({ name: "UK Mobile", classification: "UK Mobile", match: UK_MOBILE });
    expect(plans.map((p) => p.name)).toEqual(expect.arrayContaining(["Emergency", "International"]));
    expect(s.didPools.map((p) => [p.id, p.startPhoneNumber, p.endPhoneNumber])).toEqual([
      [ids.pool, POOL.startPhoneNumber, POOL.endPhoneNumber],
    ]);

    // The stack file holds only what the test set: the salt and the connection.
    const text = fs.readFileSync(stackFile, "utf8");
    expect(text).toMatch(/^encryptionsalt: /m);
    expect(text).not.toContain("genesys-byoc:");
  });

  it("refuses a site the org does not have, in one line naming it; the stack file stays as it was", async () => {
    const before = fs.readFileSync(stackFile);
    await env.clearLog();
    const r = await importer(checkout, t, ["--stack", STACK, "--site", "No Such Site"]);
    expectOneLineFailure(r, /No Such Site/);
    expect(fs.readFileSync(stackFile).equals(before)).toBe(true);
    expect(await writes()).toEqual([]);
  });

  it("--dry-run prints the config and writes nothing", async () => {
    const before = fs.readFileSync(stackFile);
    await env.clearLog();
    const r = await importer(checkout, t, [
      "--stack",
      STACK,
      "--site",
      "Indianapolis",
      "--site",
      "London",
      "--did-pools",
      "--dry-run",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const key of [
      "genesys-byoc:sites:",
      "genesys-byoc:carriers:",
      "genesys-byoc:didPools:",
      "indianapolis:",
      "london:",
      "us-carrier:",
      "uk-carrier:",
      "intl-carrier:",
      ids.sites.london,
      ids.trunks["us-carrier"],
      ids.routes.ukMobile,
    ])
      expect(r.stdout).toContain(key);
    for (const pw of Object.values(PASSWORDS)) expect(r.stdout).not.toContain(pw);
    expect(fs.readFileSync(stackFile).equals(before)).toBe(true);
    expect(await writes()).toEqual([]);
  });

  it("imports two sites, their carriers, routes and plans, and the DID pool, with GETs only", async () => {
    const before = fs.readFileSync(stackFile, "utf8");
    const connection = await stackConfig(t);
    await env.clearLog();
    const r = await importer(checkout, t, [
      "--stack",
      STACK,
      "--site",
      "Indianapolis",
      "--site",
      "London",
      "--did-pools",
    ]);
    printed = r.stdout;
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const requests = await env.log();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((q) => q.method !== "GET")).toEqual([]);

    // What was there is kept: the salt line and the connection, the secret as the same ciphertext.
    const text = fs.readFileSync(stackFile, "utf8");
    const lineOf = (s: string, re: RegExp) => s.split("\n").find((l) => re.test(l));
    expect(lineOf(text, /^encryptionsalt: /)).toBe(lineOf(before, /^encryptionsalt: /));
    expect(lineOf(text, /genesys:clientSecret/)).toBeDefined();
    const secretOf = (s: string) => s.match(/genesys:clientSecret:\s*\n?\s*secure:\s*(\S+)/)?.[1];
    expect(secretOf(text)).toBe(secretOf(before));
    for (const pw of Object.values(PASSWORDS)) {
      expect(text).not.toContain(pw);
      expect(r.stdout).not.toContain(pw);
    }

    const cfg = await stackConfig(t);
    for (const k of ["genesys:apiUrl", "genesys:clientId", "genesys:clientSecret"])
      expect(cfg[k]).toEqual(connection[k]);
    expect(text).not.toContain("genesys-byoc:namePrefix"); // no --prefix (Pulumi.yaml's default applies)

    const sites = cfg["genesys-byoc:sites"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(sites).sort()).toEqual(["indianapolis", "london"]);
    for (const key of ["indianapolis", "london"] as const) {
      expect(sites[key].location).toMatchObject({
        name: key === "london" ? "London" : "Indianapolis",
        adoptId: ids.locations[key],
      });
      expect(sites[key].site).toMatchObject({ adoptId: ids.sites[key] });
    }
    expect(sites.indianapolis.location).toMatchObject({ number: "+13175550100", country: "US" });
    expect(sites.london.location).toMatchObject({ number: "+442071838750", country: "GB" });
    expect(sites.indianapolis.site).toMatchObject({
      name: "Indianapolis",
      timeZone: "America/Indiana/Indianapolis",
      rrule: "FREQ=WEEKLY;BYDAY=SU",
    });
    expect(sites.london.numberPlans).toEqual([
      expect.objectContaining({
        name: "UK Mobile",
        classification: "UK Mobile",
        matchType: "regex",
        match: UK_MOBILE,
      }),
    ]);
    expect(sites.indianapolis.numberPlans ?? []).toEqual([]);

    const routes = (key: string) => sites[key].routes as ImportedRoute[];
    const route = (key: string, name: string | undefined) => routes(key).find((x) => x.name === name);
    expect(routes("indianapolis")).toHaveLength(2);
    expect(routes("london")).toHaveLength(2);
    expect(route("indianapolis", undefined)?.carriers).toEqual(["us-carrier", "intl-carrier"]);
    expect(route("indianapolis", "International")).toMatchObject({
      carriers: ["intl-carrier", "us-carrier"],
      classificationTypes: ["International"],
      adoptId: ids.routes.international,
    });
    expect(route("london", undefined)?.carriers).toEqual(["uk-carrier"]);
    expect(route("london", "UK Mobile")).toMatchObject({
      carriers: ["uk-carrier", "us-carrier"],
      classificationTypes: ["UK Mobile"],
      adoptId: ids.routes.ukMobile,
    });

    const carriers = cfg["genesys-byoc:carriers"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(carriers).sort()).toEqual(["intl-carrier", "uk-carrier", "us-carrier"]);
    for (const key of Object.keys(ids.trunks) as (keyof Brownfield["trunks"])[]) {
      expect(carriers[key]).toMatchObject({
        adoptId: ids.trunks[key],
        sipServers: SERVERS[key],
        transport: "tls",
      });
      expect(carriers[key].password).toBeUndefined(); // cannot be read back
    }
    expect(carriers["us-carrier"]).toMatchObject({
      externalTrunkName: "US Carrier",
      inboundSipTerminationIdentifier: "acme-us",
      aclAllowList: ["203.0.113.0/24", "198.51.100.10"],
      callingName: "Acme US",
      callingAddress: "+13175550100",
    });
    expect(carriers["intl-carrier"]).toMatchObject({
      externalTrunkName: "Intl Carrier",
      inboundSite: "london",
    });

    // By key, from the pool's description.
    expect(cfg["genesys-byoc:didPools"]).toEqual({
      indianapolis: {
        startPhoneNumber: POOL.startPhoneNumber,
        endPhoneNumber: POOL.endPhoneNumber,
        description: POOL.description,
        adoptId: ids.pool,
      },
    });

    // One password line per carrier with digest credentials, none for the other.
    const lines = passwordLines(r.stdout);
    expect(lines.every((l) => PASSWORD_LINE.test(l))).toBe(true);
    expect(lines.map((l) => l.match(PASSWORD_LINE)![1]).sort()).toEqual(["uk-carrier", "us-carrier"]);
    imported = true;
  });

  it("refuses to import again without --force, in one line, leaving the file as it is", async () => {
    afterImport();
    const before = fs.readFileSync(stackFile);
    const r = await importer(checkout, t, ["--stack", STACK, "--site", "Indianapolis"]);
    expectOneLineFailure(r, /--force/);
    expect(fs.readFileSync(stackFile).equals(before)).toBe(true);
  });

  it("the first up takes every object over and writes nothing", async () => {
    afterImport();
    const before = await orgShape(env);
    await env.clearLog();
    const { ops, onEvent } = opsCollector();
    const up = await t.stack.up({ onOutput, onEvent });
    expect(await writes()).toEqual([]);
    // 2 locations, 2 sites, London's number plans, 3 trunks, 4 route bindings, the pool, the
    // component and the stack.
    expect(up.summary.resourceChanges).toEqual({ create: 15 });
    expect(ops.sort()).toEqual(
      [
        "byoc",
        "byoc-didpool-indianapolis",
        "byoc-indianapolis-location",
        "byoc-indianapolis-outbound-route",
        "byoc-indianapolis-route-international",
        "byoc-indianapolis-site",
        "byoc-london-location",
        "byoc-london-numberplans",
        "byoc-london-outbound-route",
        "byoc-london-route-uk-mobile",
        "byoc-london-site",
        "byoc-trunk-intl-carrier",
        "byoc-trunk-uk-carrier",
        "byoc-trunk-us-carrier",
      ].map((n) => `create ${n}`),
    );
    expect(up.outputs.sites.value.london).toMatchObject({
      locationId: ids.locations.london,
      siteId: ids.sites.london,
    });
    expect(up.outputs.carriers.value["us-carrier"]).toMatchObject({ trunkId: ids.trunks["us-carrier"] });
    expect(await orgShape(env)).toEqual(before);
  });

  it("then previews no changes", async () => {
    afterImport();
    await expectCleanPreview(t, env, onOutput);
  });

  it("a changed SIP server is one PUT of that trunk; what the stack does not declare stays", async () => {
    afterImport();
    const moved = "sip3.us-carrier.example:5061";
    await t.stack.setConfig("genesys-byoc:carriers.us-carrier.sipServers[0]", { value: moved }, true);
    await env.clearLog();
    const { ops, onEvent } = opsCollector();
    await t.stack.up({ onOutput, onEvent });
    expect(await writes()).toEqual([`PUT ${EDGES}/trunkbasesettings/${ids.trunks["us-carrier"]}`]);
    expect(ops.sort()).toEqual(["update byoc", "update byoc-trunk-us-carrier"]);

    const us = (await state()).trunkBases.find((x) => x.id === ids.trunks["us-carrier"])!;
    const instance = (k: string) => (us.properties[k] as { value: { instance: unknown } }).value.instance;
    expect(instance("trunk_transport_serverProxyList")).toEqual([moved, SERVERS["us-carrier"][1]]);
    expect(instance("trunk_language")).toBe("es-US");
    expect(instance("trunk_transport_protocolVariant")).toBe("tls");
  });

  it("the printed password command is one PUT of that trunk, and the password shows nowhere", async () => {
    afterImport();
    const line = passwordLines(printed).find((l) => l.includes("carriers.us-carrier.password"));
    expect(line).toBeDefined();
    const key = line!.match(/--path '([^']+)'/)![1];
    await t.stack.setConfig(key, { value: NEW_PASSWORD, secret: true }, true);
    await env.clearLog();
    const { ops, onEvent } = opsCollector();
    const up = await t.stack.up({ onOutput, onEvent });
    expect(await writes()).toEqual([`PUT ${EDGES}/trunkbasesettings/${ids.trunks["us-carrier"]}`]);
    expect(ops.sort()).toEqual(["update byoc", "update byoc-trunk-us-carrier"]);

    const us = (await state()).trunkBases.find((x) => x.id === ids.trunks["us-carrier"])!;
    const password = us.properties.trunk_sip_authentication_credentials_password as {
      value: { instance: unknown };
    };
    expect(password.value.instance).toBe(NEW_PASSWORD);

    expect(captured.join("\n")).not.toContain(NEW_PASSWORD);
    expect(JSON.stringify(up.outputs)).not.toContain(NEW_PASSWORD);
    expect(readBackendFiles(t.backendDir)).not.toContain(NEW_PASSWORD);
    expect(fs.readFileSync(stackFile, "utf8")).not.toContain(NEW_PASSWORD);
  });

  it("destroy leaves the org as seeded", async () => {
    afterImport();
    await t.stack.destroy({ onOutput });
    expect(await orgShape(env)).toEqual(seeded);
  });
});

describe("npm run import --prefix: the org's names start with it, the config holds them without it", () => {
  const PREFIX = "prod-";
  const PSTACK = "stage"; // not a production stack name: nothing is protected
  let env: ProviderEnv;
  let seeded: unknown;
  let ids: IndianapolisBrownfield;
  let checkout: string;
  let t: TestStack;
  let stackFile: string;
  let imported = false;
  const afterImport = () => {
    if (!imported)
      throw new Error("the import did not succeed (see its test), so there is nothing to take over");
  };
  const onOutput = () => undefined;
  const writes = () => writesTo(env);

  beforeAll(async () => {
    env = await providerEnv(CLI_EMULATOR);
    seeded = await orgShape(env);
    ids = await buildIndianapolisBrownfield(await sdkClient(env.emulator.url), { prefix: PREFIX });
    checkout = copyCheckout();
    stackFile = path.join(checkout, `Pulumi.${PSTACK}.yaml`);
    t = await createTestStack(checkout, PSTACK);
    await connect(t, env);
  });
  afterAll(() => disposeAll(t, env, checkout));

  it("every name the admin gave starts with the prefix", async () => {
    expect((await env.log()).filter((q) => q.status >= 400)).toEqual([]);
    const s = (await env.admin("GET", "/_emulator/state")) as EmulatorState;
    const name = (xs: { id: string; name?: string }[], id: string) => xs.find((x) => x.id === id)?.name;
    expect(name(s.locations, ids.locations.indianapolis)).toBe("prod-Indianapolis");
    expect(name(s.sites, ids.sites.indianapolis)).toBe("prod-Indianapolis");
    expect(name(s.trunkBases, ids.trunks["us-carrier"])).toBe("prod-US Carrier");
    expect(name(s.trunkBases, ids.trunks["intl-carrier"])).toBe("prod-Intl Carrier");
    expect(name(s.outboundRoutes, ids.routes.international)).toBe("prod-International");
    expect(name(s.outboundRoutes, ids.routes.indianapolisDefault)).toBe("Default Outbound Route");
  });

  it("--prefix prod- --site Indianapolis: namePrefix in the file, the short names in the config, GETs only", async () => {
    await env.clearLog();
    const r = await importer(checkout, t, ["--stack", PSTACK, "--prefix", PREFIX, "--site", "Indianapolis"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(await writes()).toEqual([]);

    // The prefix is in the file once: as the stack's namePrefix.
    const text = fs.readFileSync(stackFile, "utf8");
    expect(text.split("\n").filter((l) => l.includes(PREFIX))).toEqual(["  genesys-byoc:namePrefix: prod-"]);

    const cfg = await stackConfig(t);
    expect(cfg["genesys-byoc:namePrefix"]).toBe(PREFIX);
    const sites = cfg["genesys-byoc:sites"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(sites)).toEqual(["indianapolis"]);
    expect(sites.indianapolis.location).toMatchObject({
      name: "Indianapolis",
      adoptId: ids.locations.indianapolis,
    });
    expect(sites.indianapolis.site).toMatchObject({ name: "Indianapolis", adoptId: ids.sites.indianapolis });
    expect(sites.indianapolis.routes).toEqual([
      // Both as Genesys makes a route, and the admin left them: disabled.
      {
        carriers: ["us-carrier", "intl-carrier"],
        classificationTypes: expect.any(Array) as unknown,
        enabled: false,
      },
      {
        name: "International",
        adoptId: ids.routes.international,
        carriers: ["intl-carrier", "us-carrier"],
        classificationTypes: ["International"],
        enabled: false,
      },
    ]);
    const carriers = cfg["genesys-byoc:carriers"] as Record<string, Record<string, unknown>>;
    expect(Object.keys(carriers).sort()).toEqual(["intl-carrier", "us-carrier"]);
    expect(carriers["us-carrier"]).toMatchObject({
      externalTrunkName: "US Carrier",
      adoptId: ids.trunks["us-carrier"],
      inboundSite: "indianapolis",
    });
    expect(carriers["intl-carrier"]).toMatchObject({
      externalTrunkName: "Intl Carrier",
      adoptId: ids.trunks["intl-carrier"],
      inboundSite: "indianapolis",
    });
    imported = true;
  });

  it("the first up takes every object over, under the prefixed names, and writes nothing", async () => {
    afterImport();
    const before = await orgShape(env);
    await env.clearLog();
    const { ops, onEvent } = opsCollector();
    const up = await t.stack.up({ onOutput, onEvent });
    expect(await writes()).toEqual([]);
    expect(ops.sort()).toEqual(
      [
        "byoc",
        "byoc-indianapolis-location",
        "byoc-indianapolis-outbound-route",
        "byoc-indianapolis-route-international",
        "byoc-indianapolis-site",
        "byoc-trunk-intl-carrier",
        "byoc-trunk-us-carrier",
      ].map((n) => `create ${n}`),
    );
    expect(up.outputs.sites.value.indianapolis).toMatchObject({
      locationId: ids.locations.indianapolis,
      siteId: ids.sites.indianapolis,
    });
    expect(up.outputs.carriers.value["us-carrier"]).toMatchObject({
      trunkId: ids.trunks["us-carrier"],
      name: "prod-US Carrier",
    });
    expect(await orgShape(env)).toEqual(before);
  });

  it("then previews no changes", async () => {
    afterImport();
    await expectCleanPreview(t, env, onOutput);
  });

  it("destroy (nothing protected on this stack) leaves the org as seeded", async () => {
    afterImport();
    await t.stack.destroy({ onOutput });
    expect(await orgShape(env)).toEqual(seeded);
  });
});

describe("npm run import refuses in one line, leaving the stack file as it was", () => {
  let empty: RunningEmulator;
  let checkout: string;

  beforeAll(async () => {
    empty = await startEmulator({ defaultRouteSettleMs: 0 }); // holds only the managed edge site
    checkout = copyCheckout();
  });
  afterAll(async () => {
    await empty?.close();
    if (checkout) fs.rmSync(checkout, { recursive: true, force: true });
  });

  it("an org with nothing to import (--all-sites): no stack file is created", async () => {
    const file = path.join(checkout, "Pulumi.empty.yaml");
    expect(fs.existsSync(file)).toBe(false);
    const r = await importer(checkout, undefined, ["--stack", "empty", "--all-sites"], {
      GENESYS_CLOUD_API_URL: empty.url,
      GENESYS_CLOUD_CLIENT_ID: DEFAULT_CLIENT_ID,
      GENESYS_CLOUD_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    });
    expectOneLineFailure(r, /site/i);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("a missing client secret (not in the stack, not in the environment) is named", async () => {
    const t = await createTestStack(checkout, "nocred");
    try {
      await t.stack.setConfig("genesys:apiUrl", { value: empty.url });
      await t.stack.setConfig("genesys:clientId", { value: DEFAULT_CLIENT_ID });
      const file = path.join(checkout, "Pulumi.nocred.yaml");
      const before = fs.readFileSync(file);
      const r = await importer(checkout, t, ["--stack", "nocred", "--all-sites"]);
      expectOneLineFailure(r, /clientSecret|GENESYS_CLOUD_CLIENT_SECRET/);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    } finally {
      await t.dispose();
    }
  });
});
