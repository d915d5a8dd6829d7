/**
 * How a provider reaches Genesys Cloud: stack config handed to `configure()`, else the
 * environment, resolved at call time so no credential is ever captured in a serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import { clientFor, GenesysClient } from "../../genesys/client";
import { ConfigSource, resolveConnection } from "../../genesys/config";
import { describeFailure } from "../../genesys/errors";
import { tellEngine } from "./engineLog";
import { debugRequested, failureText, isInternalError, PULUMI_HOW_TO_DEBUG, stackOf } from "./internalError";
import { ownerOf } from "./ownership";

let stackConfig: ConfigSource | undefined;

/** `configure()` for every provider: remembers the stack config for this process. */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  useConnectionConfig(req.config);
}

/**
 * Makes `source` the configuration every provider of this process connects with (keys
 * `genesys:region`, `genesys:apiUrl`, `genesys:clientId`, `genesys:clientSecret`; the environment
 * stays the fallback). The dynamic providers get the stack config through `configure()`; the
 * provider plugin passes its own provider configuration.
 */
export function useConnectionConfig(source: ConfigSource): void {
  stackConfig = source;
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

/** Verbs whose failure Pulumi's dynamic-provider host also prints to stderr (create and update do not). */
const ECHOED_VERBS = new Set(["check", "diff", "read", "delete"]);

/** Exact lines the host is about to print for errors thrown here (see {@link dropHostEcho}). */
const hostEchoes = new Set<string>();
let echoFilterInstalled = false;

/**
 * Pulumi's dynamic-provider host (@pulumi/pulumi/cmd/dynamic-provider) prints
 * `${err}: ${err.stack}` to stderr before it hands a failed check, diff, read or delete to the
 * engine. The engine shows that stderr line at stack level, so the user read the message twice,
 * the second time with a dangling colon (a user-facing error has no stack), besides the error the
 * engine shows under the resource. This drops exactly those lines (their text is recorded when
 * the error is thrown, and each is dropped once); anything else on stderr passes unchanged.
 */
function dropHostEcho(err: UserFacingError): void {
  if (!echoFilterInstalled) {
    echoFilterInstalled = true;
    const original = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      if (args.length === 1 && typeof args[0] === "string" && hostEchoes.delete(args[0])) return;
      original(...args);
    };
  }
  hostEchoes.add(`${err}: ${err.stack}`);
}

/** The owner URN among a verb's arguments (the last inputs or outputs that carry one). */
function ownerAmong(args: unknown[]): string | undefined {
  for (const a of [...args].reverse()) {
    const owner = a && typeof a === "object" ? ownerOf(a) : undefined;
    if (owner) return owner;
  }
  return undefined;
}

/**
 * Wraps every verb of a provider so that any failure reaches the user as one line naming what
 * failed, where, and what to do (see {@link describeFailure}); never an SDK dump, and only once
 * (see {@link dropHostEcho}). An internal error (a bug, see ./internalError) says so, and its
 * stack trace is shown on request: it follows the line with `PULUMI_DEBUG`, and otherwise goes to
 * the engine as a debug message on the resource, which the CLI shows with `--debug` (and logs at
 * `-v=3` and above).
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
        const detail = debugRequested();
        if (isInternalError(err) && !detail)
          await tellEngine(ownerAmong(args), `internal error in ${verb}: ${stackOf(err)}`, "debug");
        const e =
          err instanceof UserFacingError
            ? err
            : new UserFacingError(
                failureText(err, {
                  describe: (x) => describeFailure(x, target()),
                  detail,
                  howToDebug: PULUMI_HOW_TO_DEBUG,
                }),
              );
        if (ECHOED_VERBS.has(verb)) dropHostEcho(e);
        throw e;
      }
    };
  }
  return wrapped as unknown as pulumi.dynamic.ResourceProvider<I, O>;
}
