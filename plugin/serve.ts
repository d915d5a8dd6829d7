/**
 * Runs the provider plugin: `@pulumi/pulumi/provider`'s server, with two of its RPCs completed.
 *
 * - `Configure`: the server of @pulumi/pulumi 3.248 answers it without reading the configuration
 *   it carries (a Node provider had no way to get its provider configuration). This serves the
 *   same answer (secrets, resources and output values accepted) after handing the configuration to
 *   {@link configure}.
 * - `Read` for `pulumi import`: the engine sends no properties then, and the server fails reading
 *   them ("Cannot read properties of undefined (reading 'toJavaScript')"). This gives such a
 *   request empty properties before the server reads it (the provider then imports).
 *
 * Both are set on the server's `ResourceProvider` service implementation as the service is added
 * (the server, its gRPC library and its protobuf messages are @pulumi/pulumi's own, loaded from its
 * package).
 */
import { createRequire } from "node:module";
import * as pulumiProvider from "@pulumi/pulumi/provider";
import { useEngineAddress } from "../resources/common/engineLog";
import { configSource } from "./config";
import { configure, genesysByoc } from "./provider";
import { reveal } from "./secrets";

/** The parts of the engine's ConfigureRequest read here. */
interface ConfigureRequest {
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  getVariablesMap(): { entries(): Iterable<[string, string]> };
}

/** The parts of the engine's ReadRequest touched here. */
interface ReadRequest {
  getProperties(): unknown;
  setProperties(value: unknown): void;
}

type Callback = (err: Error | null, response?: unknown) => void;

/**
 * The provider configuration a Configure call carries: its `args` (secrets revealed), else the
 * older `variables` (`genesys-byoc:config:<key>`).
 */
export function configurationOf(req: ConfigureRequest): Record<string, unknown> {
  const args = reveal(req.getArgs()?.toJavaScript() ?? {}) as Record<string, unknown>;
  if (Object.keys(args).length) return args;
  const out: Record<string, unknown> = {};
  for (const [key, value] of req.getVariablesMap().entries()) out[key.replace(/^.*:config:/, "")] = value;
  return out;
}

/** Adds the Configure handler to the provider service when @pulumi/pulumi's server registers it. */
function handleConfigure(): void {
  const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = fromPulumi("@grpc/grpc-js");
  const services = fromPulumi("./proto/provider_grpc_pb");
  const proto = fromPulumi("./proto/provider_pb");
  const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb");
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, implementation: Record<string, unknown>) {
    if (service === services.ResourceProviderService) {
      implementation.configure = (call: { request: ConfigureRequest }, callback: Callback) => {
        try {
          configure(configSource(configurationOf(call.request)));
          const resp = new proto.ConfigureResponse();
          resp.setAcceptsecrets(true);
          resp.setAcceptresources(true);
          resp.setAcceptoutputs(true);
          callback(null, resp);
        } catch (err) {
          callback(err as Error);
        }
      };
      const read = (implementation.read as (call: unknown, callback: Callback) => unknown).bind(
        implementation,
      );
      implementation.read = (call: { request: ReadRequest }, callback: Callback) => {
        if (call.request.getProperties() === undefined) call.request.setProperties(new Struct());
        return read(call, callback);
      };
    }
    return addService.call(this, service, implementation);
  };
}

/**
 * Starts the plugin's gRPC server and prints its port (the engine reads it).
 *
 * @param args The plugin's command line: logging flags, then the engine's address.
 */
export async function serve(args: string[]): Promise<void> {
  handleConfigure();
  const engine = args.filter((a) => !a.startsWith("-")).pop();
  useEngineAddress(engine);
  await pulumiProvider.main(genesysByoc, args);
}
