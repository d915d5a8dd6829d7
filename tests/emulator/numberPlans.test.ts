/**
 * The emulator's number-plan rules through the real SDK: routes name only classifications the
 * site's plans define; a plan PUT may not drop a classification a route uses, repeat a name, or
 * carry more than 200 plans. Each refusal leaves the site's plans as they were.
 */
import { DEFAULT_ROUTE_SETTLE_MS, startEmulator, type RunningEmulator } from "../../emulator";
import { locationBody, rejection, sdkClient, siteBody, type SdkApis } from "../helpers/emulator";

let emu: RunningEmulator;
let api: SdkApis;
let ahead = 0;

beforeAll(async () => {
  emu = await startEmulator({ now: () => Date.now() + ahead });
  api = await sdkClient(emu.url);
});
afterAll(() => emu.close());

/** A new site whose default route has settled (it holds every default classification but Extension). */
async function newSite(): Promise<string> {
  const loc = await api.locations.postLocations(locationBody());
  const id = (await api.telephony.postTelephonyProvidersEdgesSites(siteBody(loc.id!))).id!;
  ahead += DEFAULT_ROUTE_SETTLE_MS;
  return id;
}

const plansOf = (siteId: string) => api.telephony.getTelephonyProvidersEdgesSiteNumberplans(siteId);
const put = (siteId: string, list: unknown[]) =>
  api.telephony.putTelephonyProvidersEdgesSiteNumberplans(siteId, list as never);
const tollFree = {
  name: "Toll free",
  classification: "Toll free",
  matchType: "e164NumberList",
  numbers: [{ start: "+18005550100" }],
};

describe("a route names only classifications its site's plans define", () => {
  test("POST and PUT with an unknown classification → 400 address.classification.type.does.not.exist; after a plan defines it, both work", async () => {
    const siteId = await newSite();
    const t = api.telephony;
    const post = await rejection(
      t.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
        name: "toll free route",
        classificationTypes: ["Toll free"],
      }),
    );
    expect(post).toMatchObject({
      status: 400,
      code: "address.classification.type.does.not.exist",
      message: "The address classification does not exist.",
    });
    const route = await t.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
      name: "toll free route",
      classificationTypes: ["Extension"],
    });
    const putRoute = await rejection(
      t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!, {
        name: "toll free route",
        classificationTypes: ["Extension", "Toll free"],
      }),
    );
    expect(putRoute).toMatchObject({
      status: 400,
      code: "address.classification.type.does.not.exist",
      message: "One of the address classifications does not exist.",
    });
    // A classification of another site's plans does not count.
    const other = await newSite();
    await put(other, [...(await plansOf(other)), tollFree]);
    expect(
      await rejection(
        t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!, {
          name: "toll free route",
          classificationTypes: ["Toll free"],
        }),
      ),
    ).toMatchObject({ code: "address.classification.type.does.not.exist" });

    await put(siteId, [...(await plansOf(siteId)), tollFree]);
    const updated = await t.putTelephonyProvidersEdgesSiteOutboundroute(siteId, route.id!, {
      name: "toll free route",
      classificationTypes: ["Extension", "Toll free"],
    });
    expect(updated.classificationTypes).toEqual(["Extension", "Toll free"]);
  });
});

describe("PUT numberplans", () => {
  test("dropping the last plan of a classification a route uses → 400 number.plan.in.use; dropping one of two plans that share it is fine", async () => {
    const siteId = await newSite();
    const plans = await plansOf(siteId);
    const sameClass = { ...tollFree, name: "Toll free 2", numbers: [{ start: "+18885550100" }] };
    const both = await put(siteId, [...plans, tollFree, sameClass]);
    await api.telephony.postTelephonyProvidersEdgesSiteOutboundroutes(siteId, {
      name: "toll free route",
      classificationTypes: ["Toll free"],
    });
    const oneLeft = await put(
      siteId,
      both.filter((p) => p.name !== "Toll free"),
    );
    expect(oneLeft.map((p) => p.name)).toContain("Toll free 2");
    const inUse = await rejection(
      put(
        siteId,
        oneLeft.filter((p) => p.name !== "Toll free 2"),
      ),
    );
    expect(inUse).toMatchObject({
      status: 400,
      code: "number.plan.in.use",
      message: "The number plan is in use by one or more outbound route.",
    });
    // A default classification the settled default route holds is in use as well.
    expect(
      await rejection(
        put(
          siteId,
          oneLeft.filter((p) => p.name !== "National"),
        ),
      ),
    ).toMatchObject({
      code: "number.plan.in.use",
    });
    // Extension is on no route: its plan may go.
    const noExt = await put(
      siteId,
      oneLeft.filter((p) => p.name !== "Extension"),
    );
    expect(noExt.map((p) => p.classification)).not.toContain("Extension");
    expect(await plansOf(siteId)).toEqual(noExt);
  });

  test("a repeated plan name (in any case) → 400 duplicate.number.plan.name; the plans stay as they were", async () => {
    const siteId = await newSite();
    const plans = await plansOf(siteId);
    const dup = await rejection(put(siteId, [...plans, { ...tollFree, name: "EMERGENCY" }]));
    expect(dup).toMatchObject({
      status: 400,
      code: "duplicate.number.plan.name",
      message: "Number Plan names must be unique.",
    });
    const twice = await rejection(put(siteId, [...plans, tollFree, { ...tollFree, classification: "x" }]));
    expect(twice).toMatchObject({ code: "duplicate.number.plan.name" });
    expect(await plansOf(siteId)).toEqual(plans);
  });

  test("at most 200 plans: 200 accepted, 201 → 400 invalid.value", async () => {
    const siteId = await newSite();
    const plans = await plansOf(siteId);
    const extra = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        name: `p${i}`,
        classification: "c",
        matchType: "intraCountryCode",
      }));
    const tooMany = await rejection(put(siteId, [...plans, ...extra(200 - plans.length + 1)]));
    expect(tooMany).toMatchObject({ status: 400, code: "invalid.value" });
    expect(await plansOf(siteId)).toEqual(plans);
    const full = await put(siteId, [...plans, ...extra(200 - plans.length)]);
    expect(full).toHaveLength(200);
    expect(full.map((p) => p.priority)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });
});
