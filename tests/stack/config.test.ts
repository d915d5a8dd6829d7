/**
 * Stack config: what loadConfig accepts, and the one message naming every key to fix.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadConfig } from "../../config";

const P = "genesys-byoc";
const good = {
  [`${P}:location`]: {
    name: "HQ",
    number: "+13175550100",
    street1: "1 Main St",
    city: "Indy",
    country: "US",
  },
  [`${P}:site`]: { name: "Site" },
  [`${P}:sipTrunk`]: {
    externalTrunkName: "Carrier",
    sipServers: "sip.carrier.example",
    inboundSipTerminationIdentifier: "acme",
    userName: "u",
    password: "pw",
  },
};

function setConfig(values: Record<string, unknown>, secretKeys: string[] = []): void {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) flat[k] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig(flat, secretKeys);
}

beforeAll(async () => {
  await pulumi.runtime.setMocks({ newResource: () => ({ id: "x", state: {} }), call: () => ({}) }, P, "test");
});

describe("loadConfig", () => {
  it("reads the seed-shaped config; a single SIP server becomes a list; the password stays a secret", async () => {
    setConfig(good, [`${P}:sipTrunk`]);
    const cfg = loadConfig();
    expect(cfg.namePrefix).toBe("");
    expect(cfg.sipTrunk.sipServers).toEqual(["sip.carrier.example"]);
    expect(JSON.stringify(cfg.sipTrunk)).not.toContain("pw");
    expect(await pulumi.isSecret(cfg.sipPassword!)).toBe(true);
    expect(cfg.route).toEqual({});
  });

  it("lists every missing or mistyped key in one message", () => {
    setConfig({
      [`${P}:location`]: { name: "HQ", number: 13175550100, street1: "x", city: "y" },
      [`${P}:sipTrunk`]: { externalTrunkName: "C", sipServers: ["s"], userName: "u" },
    });
    let message = "";
    try {
      loadConfig();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/- site \(an object/);
    expect(message).toMatch(/- location\.country/);
    expect(message).toMatch(/- sipTrunk\.inboundSipTerminationIdentifier/);
    expect(message).toMatch(/location\.number was stored as the number 13175550100/);
    expect(message).toMatch(/sipTrunk\.userName and sipTrunk\.password go together/);
  });
});
