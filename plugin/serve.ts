/**
 * Runs the provider plugin: `@pulumi/pulumi/provider`'s server, with the one RPC it leaves out.
 *
 * The server of @pulumi/pulumi 3.248 answers the engine's `Configure` without reading the
 * configuration it carries (a Node provider had no way to get its provider configuration). This
 * serves the same `Configure` answer (secrets, resources and output values accepted) after
 * handing the configuration to {@link configure}. It does so by giving the server's
 * `ResourceProvider` service implementation its own `configure` method as the service is added
 * (the server and its gRPC library are @pulumi/pulumi's own, loaded from its package).
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
