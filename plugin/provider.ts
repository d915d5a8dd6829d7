/**
 * The provider plugin `genesys-byoc`: the package's resources for every Pulumi language.
 *
 * One implementation, two faces: each custom resource `genesys-byoc:index:<Name>` is served by the
 * very provider object its dynamic resource uses (resources/<kind>/provider.ts); this file only
 * translates between the plugin protocol and that object:
 *
 * - the resource's URN goes to the provider as the hidden `__owner` input (how a create
 *   recognises an object it made, resources/common/ownership), and never into state;
 * - secrets are revealed on the way in and wrapped again on the way out (./secrets);
 * - `read` without stored state is `pulumi import`: the provider then declares what the object has.
 *
 * The component `genesys-byoc:index:ByocTelephony` is constructed here ({@link PluginByocTelephony}),
 * and the functions `getEdgeSite` and `getOrganization` run here (lib/lookups.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type * as plugin from "@pulumi/pulumi/provider";
import type { ConfigSource } from "../genesys/config";
import { edgeSiteIn, organizationOf, type GetEdgeSiteArgs } from "../lib/lookups";
import { client, useConnectionConfig } from "../resources/common/connection";
import { OWNER_KEY } from "../resources/common/ownership";
import { provider as didPool } from "../resources/didPool/provider";
import { provider as location } from "../resources/location/provider";
import { provider as numberPlans } from "../resources/numberPlans/provider";
import { provider as outboundRouteBinding } from "../resources/outboundRouteBinding/provider";
import { provider as site } from "../resources/site/provider";
import { provider as trunk } from "../resources/trunk/provider";
import { PluginByocTelephony, schemaResource, secretProperties, useComponentConfig } from "./children";
import { COMPONENT, PACKAGE, token } from "./kinds";
import { hideKeys, reveal, secretKeysOf } from "./secrets";
import schema from "./schema.json";

type Props = Record<string, unknown>;

/** The provider object of each custom resource, by type name. */
const PROVIDERS: Readonly<Record<string, pulumi.dynamic.ResourceProvider>> = {
  Location: location,
  Site: site,
  Trunk: trunk,
  OutboundRouteBinding: outboundRouteBinding,
  NumberPlans: numberPlans,
  DidPool: didPool,
};

/** A custom resource of the plugin, as a URN names it. */
interface Kind {
  name: string;
  provider: pulumi.dynamic.ResourceProvider;
  /** Properties the schema marks secret. */
  secrets: string[];
}

/** The kind of the resource `urn` names (its type is the URN's third part, after any parent types). */
function kindOf(urn: string): Kind {
  const type = urn.split("::")[2]?.split("$").pop() ?? "";
  const name = type.startsWith(`${PACKAGE}:index:`) ? type.slice(`${PACKAGE}:index:`.length) : "";
  const provider = PROVIDERS[name];
  if (!provider) throw new Error(`the ${PACKAGE} provider has no resource type ${type} (${urn})`);
  return { name, provider, secrets: secretProperties(type) };
}

/** Properties as the engine keeps them: without the hidden owner, secrets wrapped. */
function toEngine(props: unknown, secretKeys: string[]): Props {
  const { [OWNER_KEY]: _owner, ...rest } = (props ?? {}) as Props;
  return hideKeys(rest, secretKeys);
}

/** Plain properties for a provider, carrying the resource's URN as its owner. */
function fromEngine(props: Props, urn: string): Props {
  return { ...(reveal(props) as Props), [OWNER_KEY]: urn };
}

/** A create or update that changed the object and failed (a partial state, see resources/common/connection). */
interface PartialFailure extends Error {
  id: string;
  properties?: Props;
  reasons?: string[];
}

/** `err` with a partial state's properties as the engine keeps them; any other error as it is. */
function partialForEngine(err: unknown, secretKeys: string[]): unknown {
  if (!(err instanceof Error) || typeof (err as Partial<PartialFailure>).id !== "string") return err;
  const p = err as PartialFailure;
  return Object.assign(new Error(p.message), {
    id: p.id,
    properties: toEngine(p.properties, secretKeys),
    reasons: p.reasons ?? [p.message],
  });
}

/**
 * A top-level input of the component, as a value: the engine sends an input that holds a secret
 * anywhere (a carrier's password) as one secret Output. The component keeps passwords secret
 * itself. An input whose value is not known yet (it depends on a resource not created before a
 * preview) cannot be expanded into children: that says so.
 */
async function componentInput(name: string, key: string, v: unknown): Promise<unknown> {
  if (!pulumi.Output.isInstance(v)) return v;
  const o = v as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
  if (!(await o.isKnown)) {
    throw new pulumi.RunError(
      `ByocTelephony "${name}": ${key} is not known yet (it depends on a resource that does not exist yet); ` +
        `give the component plain values, or values of resources that exist`,
    );
  }
  return o.promise();
}

/** The component's output properties (the schema's). */
const COMPONENT_OUTPUTS = Object.keys(schemaResource(token(COMPONENT)).properties);

/** Uses the plugin's configuration (from the engine's Configure call) for every connection of this process. */
export function configure(source: ConfigSource): void {
  useConnectionConfig(source);
  useComponentConfig(source);
}

/** The plugin's provider, for `@pulumi/pulumi/provider`'s server. */
export const genesysByoc: plugin.Provider = {
  version: schema.version,
  schema: JSON.stringify(schema),

  async check(urn, olds: Props, news: Props) {
    const k = kindOf(urn);
    const secret = [...secretKeysOf(news), ...k.secrets];
    const result = await k.provider.check!(reveal(olds), reveal(news));
    return {
      inputs: result.inputs === undefined ? undefined : toEngine(result.inputs, secret),
      failures: result.failures ?? [],
    };
  },

  async diff(id, urn, olds: Props, news: Props) {
    return kindOf(urn).provider.diff!(id, reveal(olds), reveal(news));
  },

  async create(urn, inputs: Props) {
    const k = kindOf(urn);
    const secret = [...secretKeysOf(inputs), ...k.secrets];
    try {
      const result = await k.provider.create(fromEngine(inputs, urn));
      return { id: result.id, outs: toEngine(result.outs, secret) };
    } catch (err) {
      throw partialForEngine(err, secret);
    }
  },

  async read(id, urn, props?: Props) {
    const k = kindOf(urn);
    const secret = [...secretKeysOf(props), ...k.secrets];
    // No stored state: `pulumi import` (the provider then declares everything the object has).
    const state = props && Object.keys(props).length ? fromEngine(props, urn) : undefined;
    const result = await k.provider.read!(id, state);
    if (!result.id) return { id: "", props: {} }; // gone
    return {
      id: result.id,
      props: toEngine(result.props, secret),
      ...(result.inputs !== undefined && { inputs: toEngine(result.inputs, secret) }),
    };
  },

  async update(id, urn, olds: Props, news: Props) {
    const k = kindOf(urn);
    const secret = [...secretKeysOf(news), ...k.secrets];
    try {
      const result = await k.provider.update!(id, fromEngine(olds, urn), fromEngine(news, urn));
      return { outs: toEngine(result.outs, secret) };
    } catch (err) {
      throw partialForEngine(err, secret);
    }
  },

  async delete(id, urn, props: Props) {
    await kindOf(urn).provider.delete!(id, fromEngine(props, urn));
  },

  async construct(name, type, inputs, options) {
    if (type !== token(COMPONENT)) throw new Error(`the ${PACKAGE} provider has no component ${type}`);
    const args: Props = {};
    for (const [key, v] of Object.entries(inputs)) args[key] = await componentInput(name, key, v);
    const component = new PluginByocTelephony(name, args as never, options);
    const outputs = component as unknown as Record<string, unknown>;
    return {
      urn: component.urn,
      state: Object.fromEntries(COMPONENT_OUTPUTS.map((k) => [k, outputs[k]])),
    };
  },

  async invoke(tok, inputs: Props) {
    const args = reveal(inputs) as Props;
    switch (tok) {
      case token("getEdgeSite"):
        return { outputs: await edgeSiteIn(client(), args as unknown as GetEdgeSiteArgs) };
      case token("getOrganization"):
        return { outputs: await organizationOf(client()) };
      default:
        throw new Error(`the ${PACKAGE} provider has no function ${tok}`);
    }
  },
};
