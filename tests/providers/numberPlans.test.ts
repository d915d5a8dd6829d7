/**
 * NumberPlans provider against an in-process emulator, through the real SDK: every lifecycle
 * step, defaults kept and overridden by name, order, refresh after Genesys fills in values,
 * delete giving the defaults back, a lost PUT answer (once, and for good), and a version conflict.
 */
import type { Models } from "purecloud-platform-client-v2";
import * as locations from "../../genesys/locations";
import * as api from "../../genesys/numberPlans";
import * as routes from "../../genesys/outboundRoutes";
import * as sites from "../../genesys/sites";
import { client, PartialStateError } from "../../resources/common/connection";
import { provider } from "../../resources/numberPlans/provider";
import {
  DEFAULT_PLAN_NAMES,
  type NumberPlanSpec,
  type NumberPlansInputs,
  type NumberPlansOutputs,
} from "../../resources/numberPlans/schema";
import { locationBody, siteBody } from "../helpers/emulator";
import { providerEnv, ProviderEnv, whileHeld } from "../helpers/providers";

const P = provider as Required<typeof provider>;
const SITES = "/api/v2/telephony/providers/edges/sites";

let env: ProviderEnv;
let locationId: string;

beforeAll(async () => {
  env = await providerEnv();
  locationId = (await locations.create(client(), locationBody())).id!;
});
afterAll(async () => env.close());

/** A new site of its own for each test (its six default plans, its default route settled). */
async function newSite(): Promise<string> {
  const site = await sites.create(client(), siteBody(locationId));
  await env.clearLog();
  return site.id!;
}

const tollFree: NumberPlanSpec = {
  name: "Toll free",
  classification: "Toll free",
  matchType: "e164NumberList",
  numbers: [{ start: "+18005550100", end: "+18005550199" }],
};
const helpdesk: NumberPlanSpec = {
  name: "Helpdesk",
  classification: "Helpdesk",
  matchType: "numberList",
  numbers: [{ start: "4357" }],
};
/** Overrides the default "Extension" plan (no route uses its classification). */
const extension: NumberPlanSpec = {
  name: "Extension",
  classification: "Extension",
  matchType: "digitLength",
  digitLength: { start: "3", end: "5" },
};

async function checked(i: NumberPlansInputs): Promise<NumberPlansInputs> {
  const r = await P.check({} as NumberPlansInputs, i);
  expect(r.failures ?? []).toEqual([]);
  return r.inputs as NumberPlansInputs;
}

async function create(i: NumberPlansInputs): Promise<{ id: string; outs: NumberPlansOutputs }> {
  const r = await P.create(await checked(i));
  return { id: r.id, outs: r.outs as NumberPlansOutputs };
}

async function plansOf(siteId: string): Promise<Models.NumberPlan[]> {
  return (await api.list(client(), siteId))!;
}

/** What a plan is, without ids, versions and audit fields. */
function content(p: Models.NumberPlan) {
  const {
    name,
    classification,
    matchType,
    match,
    normalizedFormat,
    numbers,
    digitLength,
    description,
    priority,
  } = p;
  return JSON.parse(
    JSON.stringify({
      name,
      classification,
      matchType,
      match,
      normalizedFormat,
      numbers,
      digitLength,
      description,
      priority,
    }),
  ) as Record<string, unknown>;
}

const PLANS = (siteId: string) => `${SITES}/${siteId}/numberplans`;

test("create: declared plans first, the six defaults kept after them; read and diff are clean; delete restores the defaults", async () => {
  const siteId = await newSite();
  const before = (await plansOf(siteId)).map(content);
  expect(before.map((p) => p.name)).toEqual([...DEFAULT_PLAN_NAMES]);
  await env.clearLog();
  const i = { siteId, plans: [tollFree, helpdesk] };
  const { id, outs } = await create(i);
  expect(id).toBe(siteId);
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`, `PUT ${PLANS(siteId)}`]);
  const now = await plansOf(siteId);
  expect(now.map((p) => [p.name, p.priority])).toEqual(
    ["Toll free", "Helpdesk", ...DEFAULT_PLAN_NAMES].map((n, k) => [n, k + 1]),
  );
  expect(now.slice(2).map((p) => ({ ...content(p), priority: undefined }))).toEqual(
    before.map((p) => ({ ...p, priority: undefined })),
  );
  expect(outs).toMatchObject({ siteId, plans: [tollFree, helpdesk], planIds: [now[0].id, now[1].id] });
  expect(outs.classifications).toEqual(["Toll free", "Helpdesk", ...DEFAULT_PLAN_NAMES]);
  expect(outs.replaced).toBeUndefined();

  await env.clearLog();
  const read = await P.read(id, outs);
  expect(read.inputs).toEqual(i);
  expect(await P.diff(id, read.inputs as NumberPlansOutputs, i)).toEqual({ changes: false });
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`]);

  // Update with the same plans: nothing to write.
  await env.clearLog();
  await P.update(id, outs, i);
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`]);

  await env.clearLog();
  await P.delete(id, outs);
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`, `PUT ${PLANS(siteId)}`]);
  expect((await plansOf(siteId)).map(content)).toEqual(before);
});

test("a default overridden by name: taken over in place, recorded, and given back (fields and position) on delete", async () => {
  const siteId = await newSite();
  const before = await plansOf(siteId);
  const oldExtension = before.find((p) => p.name === "Extension")!;
  const { id, outs } = await create({ siteId, plans: [tollFree, extension] });
  const now = await plansOf(siteId);
  expect(now.map((p) => p.name)).toEqual([
    "Toll free",
    "Extension",
    ...DEFAULT_PLAN_NAMES.filter((n) => n !== "Extension"),
  ]);
  expect(now).toHaveLength(7); // no second Extension
  expect(now[1]).toMatchObject({ id: oldExtension.id, digitLength: { start: "3", end: "5" } });
  expect(outs.replaced).toEqual([
    {
      name: "Extension",
      position: 2,
      plan: {
        name: "Extension",
        classification: "Extension",
        matchType: "digitLength",
        digitLength: { start: "4", end: "6" },
      },
    },
  ]);
  expect((await P.read(id, outs)).inputs).toEqual({ siteId, plans: [tollFree, extension] });

  await P.delete(id, outs);
  const after = await plansOf(siteId);
  expect(after.map(content)).toEqual(before.map(content));
  expect(after.find((p) => p.name === "Extension")!.id).toBe(oldExtension.id); // the same plan, never deleted
});

test("a reorder is an update; dropping an override gives that default back; adding one takes it over", async () => {
  const siteId = await newSite();
  const before = (await plansOf(siteId)).map(content);
  const first = { siteId, plans: [tollFree, helpdesk] };
  const { id, outs } = await create(first);
  const reordered = { siteId, plans: [helpdesk, tollFree] };
  expect(await P.diff(id, outs, reordered)).toEqual({ changes: true });
  await env.clearLog();
  const u1 = (await P.update(id, outs, reordered)).outs as NumberPlansOutputs;
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`, `PUT ${PLANS(siteId)}`]);
  expect((await plansOf(siteId)).slice(0, 2).map((p) => p.name)).toEqual(["Helpdesk", "Toll free"]);
  expect((await P.read(id, u1)).inputs).toEqual(reordered);

  // Take Extension over in an update, drop Helpdesk (made here: removed).
  const withExt = { siteId, plans: [extension, tollFree] };
  const u2 = (await P.update(id, u1, withExt)).outs as NumberPlansOutputs;
  expect(u2.replaced?.map((r) => [r.name, r.position])).toEqual([["Extension", 2]]); // after Emergency
  const mid = await plansOf(siteId);
  expect(mid.map((p) => p.name)).toEqual([
    "Extension",
    "Toll free",
    ...DEFAULT_PLAN_NAMES.filter((n) => n !== "Extension"),
  ]);

  // Drop the override again: Extension gets its default fields back, in its old place among the defaults.
  const u3 = (await P.update(id, u2, { siteId, plans: [tollFree] })).outs as NumberPlansOutputs;
  expect(u3.replaced).toBeUndefined();
  expect((await plansOf(siteId)).slice(1).map((p) => ({ ...content(p), priority: undefined }))).toEqual(
    before.map((p) => ({ ...p, priority: undefined })),
  );
  await P.delete(id, u3);
  expect((await plansOf(siteId)).map(content)).toEqual(before);
});

test("read after Genesys (or anyone) fills in undeclared values: no diff; a changed declared value shows", async () => {
  const siteId = await newSite();
  const i = { siteId, plans: [helpdesk] };
  const { id, outs } = await create(i);
  // Fill in what the declaration leaves open: a description, the range's end, and a default's description.
  const current = await plansOf(siteId);
  await api.put(
    client(),
    siteId,
    current.map((p) =>
      p.name === "Helpdesk"
        ? { ...p, description: "set by Genesys", numbers: [{ start: "4357", end: "4357" }] }
        : { ...p, description: "touched" },
    ),
  );
  const read = await P.read(id, outs);
  expect(read.inputs).toEqual(i);
  expect(await P.diff(id, read.inputs as NumberPlansOutputs, i)).toEqual({ changes: false });

  // Someone changes a declared value: the read shows it, and the diff is an update.
  const again = await plansOf(siteId);
  await api.put(
    client(),
    siteId,
    again.map((p) => (p.name === "Helpdesk" ? { ...p, numbers: [{ start: "4358" }] } : p)),
  );
  const drifted = await P.read(id, read.props as NumberPlansOutputs);
  expect((drifted.inputs as NumberPlansInputs).plans[0].numbers).toEqual([{ start: "4358" }]);
  expect(await P.diff(id, drifted.inputs as NumberPlansOutputs, i)).toEqual({ changes: true });
  // The update keeps the description someone set (undeclared) and puts the number back.
  await P.update(id, drifted.props as NumberPlansOutputs, i);
  expect((await plansOf(siteId))[0]).toMatchObject({
    name: "Helpdesk",
    description: "set by Genesys",
    numbers: [{ start: "4357" }],
  });
});

test("a lost answer to the PUT converges: the retry is refused as out of date, the fresh read shows the work done", async () => {
  const siteId = await newSite();
  await env.admin("POST", "/_emulator/faults", {
    method: "PUT",
    path: `${SITES}/*/numberplans`,
    times: 1,
    effect: { commitThenDrop: true },
  });
  const { outs } = await create({ siteId, plans: [tollFree, extension] });
  const log = await env.log();
  expect(log.map((r) => `${r.method} ${r.status}`)).toEqual(["GET 200", "PUT 0", "PUT 409", "GET 200"]);
  const now = await plansOf(siteId);
  expect(now.map((p) => p.name)).toEqual([
    "Toll free",
    "Extension",
    ...DEFAULT_PLAN_NAMES.filter((n) => n !== "Extension"),
  ]);
  expect(now.filter((p) => p.name === "Toll free")).toHaveLength(1);
  // What was there before is the default, not our own write read back after the lost answer.
  expect(outs.replaced).toEqual([
    expect.objectContaining({
      name: "Extension",
      plan: expect.objectContaining({ digitLength: { start: "4", end: "6" } }),
    }),
  ]);
  expect(outs.planIds).toEqual([now[0].id, now[1].id]);
});

test("the PUT's answer lost for good: a partial state records what the site had before, so its own plans are never taken for plans it took over", async () => {
  const siteId = await newSite();
  const defaults = (await plansOf(siteId)).map(content);
  // Every attempt lands and loses its answer: the create fails.
  await env.admin("POST", "/_emulator/faults", {
    method: "PUT",
    path: `${SITES}/*/numberplans`,
    times: 6,
    effect: { commitThenDrop: true },
  });
  const inputs = await checked({ siteId, plans: [tollFree, extension] });
  const err = (await P.create(inputs).catch((e: unknown) => e)) as PartialStateError;
  await env.admin("DELETE", "/_emulator/faults");
  expect(err).toBeInstanceOf(PartialStateError);
  expect(err.message).toMatch(
    new RegExp(
      `^The number plans of site ${siteId}: the write got no clear answer \\(.*\\)\\. What the site had before it is recorded, so the next \`up\` finishes the plans and \`destroy\` gives back what they took over\\.$`,
    ),
  );
  expect(err.id).toBe(siteId);
  const recorded = err.properties as unknown as NumberPlansOutputs;
  // What was there before: the default Extension plan, never our own "Toll free" read back.
  expect(recorded.replaced?.map((r) => [r.name, r.plan.digitLength])).toEqual([
    ["Extension", { start: "4", end: "6" }],
  ]);

  // The next `up` updates from the recorded state: nothing new counts as taken over.
  const { outs } = await P.update(siteId, recorded, inputs);
  expect((outs as NumberPlansOutputs).replaced).toEqual(recorded.replaced);
  // destroy removes the plan it made and gives the default back: the site is as it was.
  await P.delete(siteId, outs as NumberPlansOutputs);
  expect((await plansOf(siteId)).map(content)).toEqual(defaults);
});

test("a version conflict: another writer's change in between is re-read and kept", async () => {
  const siteId = await newSite();
  const { outs } = await whileHeld(
    env,
    `PUT ${SITES}/*/numberplans`,
    () => create({ siteId, plans: [tollFree] }),
    async () => {
      const current = await plansOf(siteId);
      await api.put(
        client(),
        siteId,
        current.map((p) => (p.name === "Network" ? { ...p, description: "edited meanwhile" } : p)),
      );
    },
  );
  const calls = (await env.log())
    .filter((r) => r.path === PLANS(siteId))
    .map((r) => `${r.method} ${r.status}`);
  expect(calls).toEqual(["GET 200", "PUT 409", "GET 200", "PUT 200", "GET 200", "PUT 200"]);
  const now = await plansOf(siteId);
  expect(now[0].name).toBe("Toll free");
  expect(now.find((p) => p.name === "Network")!.description).toBe("edited meanwhile");
  expect(outs.planIds).toEqual([now[0].id]);
});

test("removing a plan whose classification a route uses fails in one line naming the route; nothing changes", async () => {
  const siteId = await newSite();
  const { id, outs } = await create({ siteId, plans: [tollFree] });
  const route = await routes.create(client(), siteId, {
    name: "Toll free route",
    classificationTypes: ["Toll free"],
  });
  const before = await plansOf(siteId);
  const err = (await P.update(id, outs, { siteId, plans: [] }).catch((e: unknown) => e)) as Error;
  expect(err.message).toMatch(
    new RegExp(
      `^The number plans of site ${siteId} could not be written: route "Toll free route" \\(${route.id}\\) uses "Toll free".*take the classification off the route first.*number\\.plan\\.in\\.use`,
    ),
  );
  expect(err.message).not.toContain("\n");
  expect(await plansOf(siteId)).toEqual(before);
});

test("the site gone: read says gone, delete is done, create names siteId", async () => {
  const siteId = await newSite();
  const { id, outs } = await create({ siteId, plans: [helpdesk] });
  await sites.remove(client(), siteId);
  expect(await P.read(id, outs)).toEqual({});
  await expect(P.delete(id, outs)).resolves.toBeUndefined();
  await expect(P.create({ siteId, plans: [helpdesk] })).rejects.toThrow(
    `siteId: site ${siteId} does not exist in this org: create the site first, or fix siteId.`,
  );
});

test("the 200 limit counts the plans kept: a create that would pass it fails before any write", async () => {
  const siteId = await newSite();
  const plans = Array.from({ length: 195 }, (_, k) => ({
    name: `p${k}`,
    classification: "c",
    matchType: "intraCountryCode" as const,
  }));
  const err = (await P.create(await checked({ siteId, plans })).catch((e: unknown) => e)) as Error;
  expect(err.message).toBe(
    `plans: site ${siteId} would have 201 number plans (195 declared, 6 others it keeps); Genesys allows at most 200: declare fewer plans or remove others from the site.`,
  );
  expect(await env.calls()).toEqual([`GET ${PLANS(siteId)}`]);
});

test("a site that has no plans yet: create waits (the client's own wait) until Genesys gives it its defaults, and keeps them", async () => {
  const siteId = await newSite();
  const defaults = (await plansOf(siteId)).map(
    ({ name, classification, matchType, match, normalizedFormat, numbers, digitLength }) => ({
      name,
      classification,
      matchType,
      match,
      normalizedFormat,
      numbers,
      digitLength,
    }),
  );
  // As Genesys has a brand-new site for a few seconds: no plans (and so no route holding a classification).
  for (const r of await routes.list(client(), siteId)) await routes.remove(client(), siteId, r.id!);
  await api.put(client(), siteId, []);
  await env.clearLog();
  const waitsBefore = env.waits.length;
  // The third look is held until the defaults are there.
  await env.admin("POST", "/_emulator/faults", {
    method: "GET",
    path: `${SITES}/*/numberplans`,
    skip: 2,
    times: 1,
    effect: { hold: true },
  });
  const running = create({ siteId, plans: [helpdesk] });
  running.catch(() => undefined);
  const { held } = (await env.admin("GET", "/_emulator/faults/held?waitMs=5000")) as { held: unknown[] };
  expect(held).toHaveLength(1);
  await api.put(client(), siteId, defaults);
  await env.admin("POST", "/_emulator/faults/release");
  const { outs } = await running;
  expect(env.waits.slice(waitsBefore)).toEqual([1000, 1000]);
  expect((await plansOf(siteId)).map((p) => p.name)).toEqual(["Helpdesk", ...DEFAULT_PLAN_NAMES]);
  expect(outs.classifications).toEqual(["Helpdesk", ...DEFAULT_PLAN_NAMES]);
});

test("a site whose plans were all removed: create looks 11 times (10 s on the client's clock), then writes what it declares", async () => {
  const siteId = await newSite();
  for (const r of await routes.list(client(), siteId)) await routes.remove(client(), siteId, r.id!);
  await api.put(client(), siteId, []);
  await env.clearLog();
  const waitsBefore = env.waits.length;
  await create({ siteId, plans: [helpdesk] });
  expect(env.waits.slice(waitsBefore)).toEqual(Array(10).fill(1000));
  expect(await env.calls()).toEqual([...Array(11).fill(`GET ${PLANS(siteId)}`), `PUT ${PLANS(siteId)}`]);
  expect((await plansOf(siteId)).map((p) => p.name)).toEqual(["Helpdesk"]);
});
