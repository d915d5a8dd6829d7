/**
 * A provider's word on a resource, shown by the CLI with that resource (an `info:` line under it,
 * and in the Diagnostics). Pulumi starts the dynamic-provider process with the engine's address as
 * its last argument, and the engine's `Log` call names the resource by URN, which each resource
 * hands its provider as the hidden `__owner` input (./ownership). Used where the plan alone cannot
 * tell: a "create" that takes over an existing object (`adoptId`); and, as a debug message, for
 * the stack trace of an internal error (./internalError).
 *
 * The gRPC client and messages are @pulumi/pulumi's own (loaded from its package, so no second
 * copy). Outside the provider process (unit tests) nothing is sent. A message that cannot be
 * delivered is dropped: it never fails the step.
 */
import { createRequire } from "node:module";

interface EngineClient {
  log(request: unknown, done: (err: unknown) => void): void;
}

let engine: EngineClient | undefined;
let pluginEngine: string | undefined;

/**
 * The engine's address in the provider plugin's process (given on its command line, which the
 * plugin parses itself): with it, messages reach the engine there too.
 */
export function useEngineAddress(address: string | undefined): void {
  pluginEngine = address;
}

/**
 * The engine's address in the process Pulumi starts for dynamic providers
 * (`…/cmd/dynamic-provider [--logtostderr -v=N --tracing URL] <engine>`: the address comes last,
 * after the flags `--logflow` and `--tracing` add); undefined in any other process.
 */
function engineAddress(): string | undefined {
  if (pluginEngine) return pluginEngine;
  const last = process.argv.length > 2 ? process.argv[process.argv.length - 1] : "";
  return /dynamic-provider/.test(process.argv[1] ?? "") && !last.startsWith("-") && /^[\w.[\]:-]+$/.test(last)
    ? last
    : undefined;
}

/**
 * Shows `message` on the resource `urn` (see above) at `severity`: "info" is always shown, "debug"
 * only with `pulumi … --debug` (and logged at `-v=3` and above). Resolves once sent, or at once.
 */
export function tellEngine(
  urn: string | undefined,
  message: string,
  severity: "info" | "debug" = "info",
): Promise<void> {
  const address = engineAddress();
  if (!urn || !address) return Promise.resolve();
  try {
    const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));
    const proto = fromPulumi("./proto/engine_pb");
    if (!engine) {
      const grpc = fromPulumi("@grpc/grpc-js");
      const { EngineClient } = fromPulumi("./proto/engine_grpc_pb");
      engine = new EngineClient(address, grpc.credentials.createInsecure()) as EngineClient;
    }
    const request = new proto.LogRequest();
    request.setSeverity(severity === "debug" ? proto.LogSeverity.DEBUG : proto.LogSeverity.INFO);
    request.setMessage(message);
    request.setUrn(urn);
    const client = engine;
    return new Promise((resolve) => client.log(request, () => resolve()));
  } catch {
    return Promise.resolve();
  }
}
