/**
 * NumberPlans provider: one per site; its id is the site id.
 *
 * | verb   | HTTP calls                                                                                   |
 * |--------|----------------------------------------------------------------------------------------------|
 * | check  | none                                                                                         |
 * | diff   | none                                                                                         |
 * | create | GET …/sites/{siteId}/numberplans (while the site has no plan yet, again every 1 s, at most 10 times) + PUT …/numberplans (the whole list; none when the site already has exactly that); a PUT whose answer is lost for good: a partial state recording what the site had before (see below) |
 * | read   | GET …/sites/{siteId}/numberplans (1)                                                         |
 * | update | GET …/numberplans + PUT …/numberplans (as create)                                            |
 * | delete | GET …/numberplans + PUT …/numberplans giving back the plans taken over and leaving out the ones it made (site gone = done) |
 * | (on a refusal because a route uses a classification) GET …/sites/{siteId}/outboundroutes, to name the route |
 *
 * Every PUT is built from the plans as just read: each existing plan goes back with its `id` and
 * the `version` read, so a plan someone else changed in between makes Genesys refuse the PUT as
 * out of date; the plans are then read again and the same change applied to the fresh copy (at
 * most 4 PUTs, genesys/retry.ts `writeWithVersion`). When a PUT's answer is lost after it took
 * effect, its retry is refused the same way, and the fresh read shows the work done: no second
 * write. Writes run under the per-site lock (../common/siteLock), shared with the outbound-route
 * bindings, because routes depend on the classifications plans define.
 *
 * What is kept: every plan the resource does not declare (Genesys's six defaults unless a declared
 * plan of the same name overrides one, and any others). A declared plan whose name the site
 * already has takes that plan over; what it was is recorded (`replaced`) and given back on delete
 * or when the name leaves `plans`. Delete never removes a plan the resource did not make.
 *
 * Telling its own writes apart, without an ownership tag: the other kinds carry their tag in a
 * description (../common/ownership), but a number plan's `description` is no place for it. The
 * SDK model has the field, yet the reference does not confirm that Genesys keeps it on a plan,
 * Genesys may fill it in itself (only declared fields are compared for that reason), and a plan
 * taken over by name is not this resource's to mark. So the list read just before the first PUT
 * is the record: a declared name already there is a plan taken over (`replaced`, with what it was);
 * any other declared plan is this resource's own. A retried PUT re-reads the list and may see its
 * own lost write; that read never counts (only the first read does). When the create fails after
 * a PUT was sent without a clear answer (it may have landed), the failure is a partial state
 * carrying that first read's `replaced`: the next `up` finishes the plans with an update, and
 * `destroy` gives back what was taken over and removes the rest, so a later run never takes this
 * resource's own plans for plans it took over (which `destroy` would then leave behind). A create
 * whose process dies mid-write keeps no record: the next create counts a plan of a declared name
 * as taken over, so `destroy` keeps it (never removing what it cannot prove it made).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Models } from "purecloud-platform-client-v2";
import type { GenesysClient } from "../../genesys/client";
import { describeFailure, GenesysError } from "../../genesys/errors";
import * as api from "../../genesys/numberPlans";
import * as routes from "../../genesys/outboundRoutes";
import { client, configure, PartialStateError, userFacing } from "../common/connection";
import { checkWith, diffDeclared, goneOutsidePulumi } from "../common/lifecycle";
import { underSiteLock } from "../common/siteLock";
import {
  Release,
  buildList,
  classificationsOf,
  declaredAsSeen,
  replacedBy,
  sameAsCurrent,
  specOf,
} from "./mapping";
import {
  DEFAULT_PLAN_NAMES,
  DIFF_KEYS,
  MAX_PLANS,
  NumberPlansInputs,
  NumberPlansOutputs,
  REPLACE_KEYS,
  ReplacedPlan,
  checkNumberPlans,
  sameName,
} from "./schema";

/** Pause between two looks at a site that has no plans yet (ms). */
export const DEFAULTS_POLL_MS = 1_000;
/** Looks after the first one: 10 s in all, twice what Genesys's own provider waits. */
export const DEFAULTS_POLLS = 10;

type In = NumberPlansInputs;
type Out = NumberPlansOutputs;

function outputs(inputs: In, plans: readonly Models.NumberPlan[], replaced: readonly ReplacedPlan[]): Out {
  return {
    ...inputs,
    planIds: inputs.plans.map((d) => plans.find((p) => sameName(p.name, d.name))?.id ?? ""),
    classifications: classificationsOf(plans),
    ...(replaced.length > 0 && { replaced: [...replaced] }),
  };
}

/** Fails, naming the counts, when the site would have more plans than Genesys allows. */
function withinLimit(siteId: string, body: Models.NumberPlan[], declared: number): Models.NumberPlan[] {
  if (body.length > MAX_PLANS)
    throw new Error(
      `plans: site ${siteId} would have ${body.length} number plans (${declared} declared, ${body.length - declared} ` +
        `others it keeps); Genesys allows at most ${MAX_PLANS}: declare fewer plans or remove others from the site.`,
    );
  return body;
}

/**
 * Writes `declared` (plus `release`) onto the site's plans, read-modify-write. `onFirstRead` sees
 * the plans as first read, before any write of ours (a retry after a lost answer reads our own
 * write, which must not count as what was there before); `onPut` is told before each PUT is sent.
 * Returns the plans as written, or undefined when the site is gone.
 */
async function write(
  c: GenesysClient,
  siteId: string,
  declared: In["plans"],
  release: Release,
  onFirstRead: (current: Models.NumberPlan[]) => void = () => undefined,
  first?: Models.NumberPlan[],
  onPut: () => void = () => undefined,
): Promise<Models.NumberPlan[] | undefined> {
  let firstRead = true;
  let body: Models.NumberPlan[] = [];
  try {
    return await api.replace(
      c,
      siteId,
      (current) => {
        if (firstRead) onFirstRead(current);
        firstRead = false;
        body = withinLimit(siteId, buildList(current, declared, release), declared.length);
        if (sameAsCurrent(current, body)) return undefined;
        onPut();
        return body;
      },
      first,
    );
  } catch (err) {
    throw await explainInUse(c, siteId, err, body);
  }
}

/**
 * The site's plans once Genesys has given a new site its default plans: it does so a few seconds
 * after the site is created (reference §7.2; its own Terraform provider waits 5 s before reading
 * them), and a PUT before that would leave them out. So while the site has no plan at all, look
 * again (the client's own wait, so tests never sleep), at most {@link DEFAULTS_POLLS} times; then
 * go on with what it has. Undefined when the site is gone.
 */
async function plansOnceSettled(c: GenesysClient, siteId: string): Promise<Models.NumberPlan[] | undefined> {
  let plans = await api.list(c, siteId);
  for (let i = 0; i < DEFAULTS_POLLS && plans?.length === 0; i++) {
    await c.retryPolicy.sleep(DEFAULTS_POLL_MS);
    plans = await api.list(c, siteId);
  }
  return plans;
}

/** Rewrites "a route still uses a classification" into one line naming the route and the fix. */
async function explainInUse(c: GenesysClient, siteId: string, err: unknown, body: Models.NumberPlan[]) {
  if (!(err instanceof GenesysError && err.code === "number.plan.in.use")) return err;
  const left = new Set(classificationsOf(body));
  const users = (await routes.list(c, siteId).catch(() => []))
    .flatMap((r) =>
      (r.classificationTypes ?? [])
        .filter((x) => !left.has(x))
        .map((x) => `route "${r.name}" (${r.id}) uses "${x}"`),
    )
    .join("; ");
  return new Error(
    `The number plans of site ${siteId} could not be written: ${users || "an outbound route of the site uses a classification this change removes"}, ` +
      `and no plan would define it any more. Keep a plan with that classification (or the default plan that has it), ` +
      `or take the classification off the route first. (${describeFailure(err, c.target)})`,
  );
}

export const provider: pulumi.dynamic.ResourceProvider<In, Out> = userFacing({
  configure,

  check: checkWith(checkNumberPlans),

  diff: diffDeclared<In>(DIFF_KEYS, REPLACE_KEYS, ["siteId"]),

  async create(inputs) {
    const c = client();
    const { siteId } = inputs;
    return underSiteLock(siteId, async () => {
      let replaced: ReplacedPlan[] = [];
      let sent = false;
      const names = inputs.plans.map((p) => p.name);
      const first = await plansOnceSettled(c, siteId);
      let plans: Models.NumberPlan[] | undefined;
      try {
        plans =
          first &&
          (await write(
            c,
            siteId,
            inputs.plans,
            { restore: [], remove: [] },
            (current) => {
              replaced = replacedBy(current, names);
            },
            first,
            () => (sent = true),
          ));
      } catch (err) {
        // A PUT may have landed although its answer was lost: record what the site had before it
        // (see the header), so no later run takes this resource's own plans for plans it took over.
        if (sent && first && err instanceof GenesysError && err.isAmbiguous) {
          throw new PartialStateError(
            `The number plans of site ${siteId}: the write got no clear answer (${describeFailure(err, c.target)}). ` +
              `What the site had before it is recorded, so the next \`up\` finishes the plans and \`destroy\` ` +
              `gives back what they took over.`,
            siteId,
            outputs(inputs, first, replaced) as unknown as Record<string, unknown>,
          );
        }
        throw err;
      }
      if (!plans)
        throw new Error(
          `siteId: site ${siteId} does not exist in this org: create the site first, or fix siteId.`,
        );
      return { id: siteId, outs: outputs(inputs, plans, replaced) };
    });
  },

  async read(id, props) {
    const plans = await api.list(client(), id);
    if (!plans) return {};
    // Without stored inputs (an import), every plan that is not one of Genesys's defaults is declared.
    const declared =
      props?.plans ?? plans.filter((p) => !DEFAULT_PLAN_NAMES.some((n) => sameName(n, p.name))).map(specOf);
    const inputs: In = { siteId: id, plans: declaredAsSeen(plans, declared) };
    return { id, props: outputs(inputs, plans, props?.replaced ?? []), inputs: inputs as Out };
  },

  async update(id, olds, news) {
    const c = client();
    const siteId = id;
    return underSiteLock(siteId, async () => {
      const prior = olds.replaced ?? [];
      const gone = olds.plans.filter((o) => !news.plans.some((n) => sameName(n.name, o.name)));
      const restore = prior.filter((r) => gone.some((g) => sameName(g.name, r.name)));
      const remove = gone.map((g) => g.name).filter((n) => !restore.some((r) => sameName(r.name, n)));
      const added = news.plans
        .map((p) => p.name)
        .filter(
          (n) => !olds.plans.some((o) => sameName(o.name, n)) && !prior.some((r) => sameName(r.name, n)),
        );
      let taken: ReplacedPlan[] = [];
      const plans = await write(c, siteId, news.plans, { restore, remove }, (current) => {
        taken = replacedBy(
          current,
          added,
          news.plans.map((p) => p.name),
          [...remove, ...restore.map((r) => r.name)],
        );
      });
      if (!plans) throw goneOutsidePulumi("Site", undefined, siteId);
      const replaced = [...prior.filter((r) => news.plans.some((n) => sameName(n.name, r.name))), ...taken];
      return { outs: outputs(news, plans, replaced) };
    });
  },

  async delete(id, props) {
    const c = client();
    await underSiteLock(id, async () => {
      const restore = props.replaced ?? [];
      const remove = props.plans.map((p) => p.name).filter((n) => !restore.some((r) => sameName(r.name, n)));
      await write(c, id, [], { restore, remove }); // undefined: the site went first, nothing to give back
    });
  },
});
