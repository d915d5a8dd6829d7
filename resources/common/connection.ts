/**
 * How a provider reaches Genesys Cloud: stack config handed to `configure()`, else the
 * environment, resolved at call time so no credential is ever captured in a serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clientFor, GenesysClient } from "../../genesys/client";
import { ConfigSource, resolveConnection } from "../../genesys/config";
import { describeFailure } from "../../genesys/errors";

let stackConfig: ConfigSource | undefined;

/** `configure()` for every provider: remembers the stack config for this process. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  stackConfig = req.config;
}

/** The client for the configured org (shared by every resource in this process). */
export function client(): GenesysClient {
  return clientFor(resolveConnection(stackConfig));
}

/** The org's domain (e.g. mypurecloud.com), or the host name of the emulator or gateway. */
export function orgDomain(): string {
  const s = resolveConnection(stackConfig);
  return s.domain ?? new URL(s.apiUrl!).hostname;
}

/** Test hook: forget the configured stack config. */
export function resetConfiguration(): void {
  stackConfig = undefined;
}

/** An error the user reads as it is: one line, no stack trace. */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Error";
    // The dynamic-provider host prints `${err}: ${err.stack}` for some verbs: keep that to the message.
    this.stack = "";
  }
}

/**
 * A create or update that failed after it changed (or may have changed) its object: the engine
 * records the resource with `id` and `properties` (Pulumi's "initialization failed", a partial
 * state) so the next `up` finishes the work with an update instead of starting over, and
 * `destroy` knows what to undo. `properties` must describe the object as it now is.
 */
export class PartialStateError extends UserFacingError {
  readonly reasons: string[];
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
  ) {
    super(message);
    this.reasons = [message];
  }
}

/** Where the configured client points, if the settings resolve. */
function target(): string | undefined {
  try {
    return client().target;
  } catch {
    return undefined;
  }
}

/**
 * Wraps every verb of a provider so that any failure reaches the user as one line naming what
 * failed, where, and what to do (see {@link describeFailure}); never a stack trace or an SDK dump.
 */
export function userFacing<I, O>(
  p: pulumi.dynamic.ResourceProvider<I, O>,
): pulumi.dynamic.ResourceProvider<I, O> {
  const wrapped: Record<string, unknown> = {};
  for (const [verb, fn] of Object.entries(p)) {
    wrapped[verb] = async (...args: unknown[]) => {
      try {
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        if (err instanceof UserFacingError) throw err;
        throw new UserFacingError(describeFailure(err, target()));
      }
    };
  }
  return wrapped as unknown as pulumi.dynamic.ResourceProvider<I, O>;
}
