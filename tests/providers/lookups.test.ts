/**
 * The package's lookups (lib/lookups.ts) through the real SDK against an in-process emulator: what
 * they resolve to, and the one line a user reads when a site is missing or the org is unreachable.
 */
import * as pulumi from "@pulumi/pulumi";
import { SEED_IDS, SEED_NAMES } from "../../emulator";
import { getEdgeSite, getEdgeSiteOutput, getOrganization } from "../../lib/lookups";
import { providerEnv, ProviderEnv } from "../helpers/providers";

const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("lookups", () => {
  let env: ProviderEnv;
  beforeAll(async () => (env = await providerEnv()));
  afterAll(() => env.close());

  it("getEdgeSite finds the managed edge site by name, with GETs only", async () => {
    await env.clearLog();
    expect(await getEdgeSite({ name: SEED_NAMES.pcvSite })).toEqual({
      id: SEED_IDS.pcvSite,
      name: SEED_NAMES.pcvSite,
    });
    expect((await env.calls()).every((c) => c.startsWith("GET "))).toBe(true);
  });

  it("getEdgeSiteOutput takes an Input name and gives an Output", async () => {
    const site = getEdgeSiteOutput({ name: pulumi.output(SEED_NAMES.pcvSite) });
    expect(await value(site.id)).toBe(SEED_IDS.pcvSite);
  });

  it("getEdgeSite names the site it could not find", async () => {
    await expect(getEdgeSite({ name: "No Such Site" })).rejects.toThrow(
      `The org at ${env.emulator.url} has no site named "No Such Site".`,
    );
  });

  it("getOrganization: the org's id and name, and whether BYOC Cloud is enabled", async () => {
    const org = await getOrganization();
    expect(org).toEqual({ id: SEED_IDS.organization, name: expect.any(String), byocEnabled: true });
    expect(org.name).not.toBe("");
  });
});

describe("getOrganization in an org without the byoc product", () => {
  let env: ProviderEnv;
  beforeAll(async () => (env = await providerEnv({ byoc: false })));
  afterAll(() => env.close());

  it("says byocEnabled: false", async () => {
    expect(await getOrganization()).toMatchObject({ id: SEED_IDS.organization, byocEnabled: false });
  });
});
