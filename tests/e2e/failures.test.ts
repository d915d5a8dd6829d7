/**
 * Every failure a user can cause, as the user reads it through the real `pulumi` CLI: one clear
 * message naming the host or setting to fix, never a stack trace, an SDK object dump or a
 * "PromiseRejectionHandledWarning".
 */
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from "../../emulator";
import { GenesysClient } from "../../genesys/client";
import * as locations from "../../genesys/locations";
import { E2E, e2e, failedRun } from "../helpers/e2e";

jest.setTimeout(900_000);

const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

/** A 127.0.0.1 port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const CONFIG = {
  namePrefix: "fx-",
  location: { name: "HQ", number: "+13175550144", street1: "1 Main St", city: "Indianapolis", country: "US" },
  site: { name: "Site" },
  sipTrunk: {
    externalTrunkName: "Carrier",
    sipServers: ["sip.carrier.example"],
    inboundSipTerminationIdentifier: "fx-term",
  },
};

function expectReadable(text: string) {
  expect(text).not.toMatch(STACK_TRACE);
  expect(text).not.toMatch(/unhandled exception|PromiseRejectionHandledWarning/);
  expect(text).not.toContain("\u001b[3"); // no ANSI colour codes from an object dump
}

describe("failure messages", () => {
  let f: E2E;

  beforeAll(async () => {
    f = await e2e("fail");
  });
  afterAll(async () => {
    await f.configure(CONFIG); // back to good settings, so dispose can destroy what is left
    await f.dispose();
  });

  it("an unreachable host names the URL and the settings", async () => {
    const port = await closedPort();
    await f.configure(CONFIG, { apiUrl: `http://127.0.0.1:${port}`, clientId: DEFAULT_CLIENT_ID });
    const text = await failedRun((onOutput) => f.t.stack.preview({ onOutput }));
    expect(text).toMatch(
      new RegExp(
        `Could not reach Genesys Cloud at http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED on POST /oauth/token\\)`,
      ),
    );
    expect(text).toMatch(/genesys:region or genesys:apiUrl/);
    expectReadable(text);
  });

  it("a wrong client secret or an unknown client id names both settings", async () => {
    await f.configure(CONFIG);
    await f.t.stack.setConfig("genesys:clientSecret", { value: "not-the-secret", secret: true });
    const text = await failedRun((onOutput) => f.t.stack.preview({ onOutput }));
    expect(text).toMatch(/refused the OAuth client credentials \(401 invalid_client/);
    expect(text).toMatch(
      /genesys:clientId and genesys:clientSecret \(or GENESYS_CLOUD_CLIENT_ID \/ GENESYS_CLOUD_CLIENT_SECRET\)/,
    );
    expect(text).not.toContain("not-the-secret");
    expectReadable(text);

    await f.configure(CONFIG, { apiUrl: f.env.emulator.url, clientId: "nobody" });
    const unknownId = await failedRun((onOutput) => f.t.stack.preview({ onOutput }));
    expect(unknownId).toMatch(/refused the OAuth client credentials/);
    expectReadable(unknownId);
  });

  it("a configuration error is one message naming the stack config keys", async () => {
    await f.configure({
      ...CONFIG,
      location: {
        name: "",
        number: "+13175550144",
        street1: "1 Main St",
        city: "Indianapolis",
        country: "ZZ",
      },
      site: { name: "Site", rrule: "FREQ=HOURLY" },
      route: { name: "Calls", classificationTypes: ["Bogus Calls"] },
    });
    await f.env.clearLog();
    const text = await failedRun((onOutput) => f.t.stack.preview({ onOutput }));
    expect(text).toMatch(/- location\.name is required/);
    expect(text).toMatch(/- location\.country "ZZ" is not an ISO 3166-1 country code/);
    expect(text).toMatch(/- site\.rrule "FREQ=HOURLY" is not supported/);
    expect(text).toMatch(/- route\.classificationTypes: "Bogus Calls" is not a classification of a new site/);
    expectReadable(text);
    expect(await f.env.calls()).toEqual([]); // refused before any API call
  });

  it("a name already taken in the org names the existing object", async () => {
    await f.configure(CONFIG);
    const client = new GenesysClient({
      apiUrl: f.env.emulator.url,
      clientId: DEFAULT_CLIENT_ID,
      clientSecret: DEFAULT_CLIENT_SECRET,
    });
    const taken = await locations.create(client, {
      name: "fx-HQ",
      emergencyNumber: { number: "+13175550199" },
      address: { street1: "1 Main St", city: "Indianapolis", country: "US" },
      path: [],
    });
    const text = await failedRun((onOutput) => f.t.stack.up({ onOutput }));
    expect(text).toContain(
      `Location "fx-HQ" could not be created: a location of that name already exists (id ${taken.id}) and this ` +
        `stack did not make it. If this stack should manage it, set adoptId to ${taken.id}; otherwise choose ` +
        `another name.`,
    );
    expectReadable(text);
    await locations.remove(client, taken.id!);
  });
});

describe("a nested input's failure", () => {
  it("shows the value that failed, never {<nil>} and never the SIP password", async () => {
    const f = await e2e("nested");
    /**
     * Previews a program that declares one resource itself (the stack's config check would stop it
     * first), written in JavaScript where the project's program runs (dist/index.js).
     */
    const preview = (...lines: string[]) => {
      fs.writeFileSync(path.join(f.project, "dist/index.js"), [...lines, ""].join("\n"));
      return failedRun((onOutput) => f.t.stack.preview({ onOutput }));
    };
    try {
      await f.configure(CONFIG);
      const site = await preview(
        'const { Site } = require("./resources/site");',
        'new Site("nested", { name: "fx-Nested", locationId: "loc-1", primarySiteIds: ["edge-1"],',
        '  edgeAutoUpdate: { timeZone: "Mars/Base", rrule: "FREQ=HOURLY", start: "02:00", end: 5 } });',
      );
      const trunk = await preview(
        'const { Trunk } = require("./resources/trunk");',
        'new Trunk("nested", { name: "fx-Nested", inboundSiteId: "site-1", sipServers: ["sip.example"],',
        '  digest: { username: "u", realm: 7, password: "nested-pw-is-secret".repeat(20) } });',
      );
      // A password given where the digest object belongs: the engine would print a top-level input's value.
      const misplaced = await preview(
        'const { Trunk } = require("./resources/trunk");',
        'new Trunk("nested", { name: "fx-Nested", inboundSiteId: "site-1", sipServers: ["sip.example"],',
        '  digest: "misplaced-pw-is-secret" });',
      );
      expect(misplaced).toMatch(/Trunk resource 'nested' has a problem: digest must be an object/);
      expect(misplaced).not.toContain("misplaced-pw-is-secret");
      for (const text of [site, trunk, misplaced]) {
        expect(text).not.toContain("<nil>");
        expectReadable(text);
      }
      expect(site).toMatch(
        /Site resource 'nested' has a problem: edgeAutoUpdate\.timeZone "Mars\/Base" is not an IANA time zone/,
      );
      expect(site).toMatch(/edgeAutoUpdate\.rrule "FREQ=HOURLY" is not supported/);
      expect(site).toMatch(/edgeAutoUpdate\.end must be a local time HH:mm such as "02:00", got 5/);
      expect(trunk).toMatch(
        /Trunk resource 'nested' has a problem: digest\.realm must be a string, got number \(value: 7\)/,
      );
      expect(trunk).toMatch(/digest\.password is 380 characters long; the limit is 255/);
      expect(trunk).not.toContain("nested-pw-is-secret");
    } finally {
      await f.dispose();
    }
  });
});

describe("retainOnDelete on a trunk alone", () => {
  it("destroy stops at the site with a message saying to retain the site and location too", async () => {
    const f = await e2e("retain");
    // The program as a user would write it, with retainOnDelete on the Trunk only (the project
    // runs dist/index.js).
    fs.writeFileSync(
      path.join(f.project, "dist/index.js"),
      [
        'const pulumi = require("@pulumi/pulumi");',
        'const { loadConfig } = require("./program/config");',
        'const { run } = require("./program/stack");',
        "pulumi.runtime.registerStackTransformation((a) =>",
        '  a.type === "pulumi-nodejs:dynamic/genesys:Trunk" ? { props: a.props, opts: { ...a.opts, retainOnDelete: true } } : undefined,',
        ");",
        "module.exports = () => run(loadConfig());",
        "",
      ].join("\n"),
    );
    try {
      await f.configure(CONFIG);
      await f.t.stack.up({ onOutput: () => undefined });
      await f.env.clearLog();
      const printed: string[] = [];
      const text = await failedRun((onOutput) =>
        f.t.stack.destroy({ onOutput: (s) => (printed.push(s), onOutput(s)) }),
      );
      expect(text).toMatch(/Site "fx-Site" \(.+\) could not be deleted: Genesys says it is still in use/);
      expect(text).toMatch(/set retainOnDelete on its Site and Location too/);
      expectReadable(text);
      // What the CLI printed: the summary names the failure once, under the site, never again at
      // stack level (the provider host's echo of it, with a dangling colon, is gone).
      const output = printed.join("");
      const diagnostics = output.slice(output.indexOf("Diagnostics:"));
      expect(diagnostics.match(/could not be deleted/g)).toHaveLength(1);
      expect(diagnostics).toMatch(
        /pulumi-nodejs:dynamic\/genesys:Site \(byoc-site\):\n\s+error: Site "fx-Site"/,
      );
      expect(output).not.toMatch(/then run the destroy again\.:/);
      expect(output).not.toMatch(/Stack genesys-byoc-retain {2}Error: Site/);
      // "Still in use" by a trunk that stays is not retried: one DELETE of the site, then the message.
      const siteDeletes = (await f.env.calls()).filter((c) =>
        /^DELETE \/api\/v2\/telephony\/providers\/edges\/sites\//.test(c),
      );
      expect(siteDeletes).toHaveLength(1);
    } finally {
      // What the failed destroy left stays in this test's own emulator, which goes with it.
      fs.rmSync(f.project, { recursive: true, force: true });
      fs.rmSync(f.t.dir, { recursive: true, force: true });
      await f.env.close();
    }
  });
});
