/**
 * The component the plugin constructs (`genesys-byoc:index:ByocTelephony`): the package's own
 * {@link ByocTelephony}, whose children are the plugin's custom resources instead of dynamic
 * resources, and whose preflight connects with the plugin's configuration.
 */
import * as pulumi from "@pulumi/pulumi";
import { ByocTelephony, type ChildClasses } from "../lib/component";
import {
  ConfigurationError,
  resolveConnection,
  type ConfigSource,
  type ConnectionSettings,
} from "../genesys/config";
import { RESOURCES, token } from "./kinds";
import schema from "./schema.json";

/** A resource of the schema: its output properties, and which of them are secret. */
interface SchemaResource {
  properties: Record<string, { secret?: boolean }>;
}

/** The schema's entry for the token `tok`. */
export function schemaResource(tok: string): SchemaResource {
  const found = (schema.resources as Record<string, SchemaResource | undefined>)[tok];
  if (!found) throw new Error(`the plugin's schema has no resource ${tok}`);
  return found;
}

/** The top-level properties of the resource `tok` that the schema marks secret. */
export function secretProperties(tok: string): string[] {
  const { properties } = schemaResource(tok);
  return Object.keys(properties).filter((k) => properties[k].secret === true);
}

/**
 * The class of the plugin's custom resource `name`: registered under its token, with every
 * output property of the schema as an Output of the instance, and the schema's secret properties
 * always secret.
 */
function customResource(
  name: string,
): new (resourceName: string, args: object, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource {
  const tok = token(name);
  const outputs = Object.keys(schemaResource(tok).properties);
  const secrets = secretProperties(tok);
  return class extends pulumi.CustomResource {
    constructor(resourceName: string, args: object, opts?: pulumi.CustomResourceOptions) {
      super(
        tok,
        resourceName,
        { ...Object.fromEntries(outputs.map((k) => [k, undefined])), ...args },
        { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secrets] },
      );
    }
  };
}

/**
 * The plugin's custom resources as the component's child classes. Their output properties exist
 * at run time (one per output property of the schema, as {@link ChildClasses} reads them); the
 * compiler cannot see them, hence the cast.
 */
export const PLUGIN_CHILDREN = Object.fromEntries(
  RESOURCES.map((r) => [r.name, customResource(r.name)]),
) as unknown as ChildClasses;

let configuration: ConfigSource = { get: () => undefined };

/** Makes `source` the configuration the component's preflight connects with. */
export function useComponentConfig(source: ConfigSource): void {
  configuration = source;
}

/** {@link ByocTelephony} as the plugin serves it. */
export class PluginByocTelephony extends ByocTelephony {
  protected override connection(): ConnectionSettings {
    try {
      return resolveConnection(configuration);
    } catch (err) {
      throw err instanceof ConfigurationError ? new pulumi.RunError(err.message) : err;
    }
  }

  protected override childClasses(): ChildClasses {
    return PLUGIN_CHILDREN;
  }
}
