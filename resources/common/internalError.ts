/**
 * Internal errors: a bug in this package (a TypeError, a ReferenceError…), as opposed to a
 * failure the code describes for the user (a {@link GenesysError}, a refused setting, a name
 * already taken: every error the code throws on purpose is a plain `Error` or one of its own
 * classes). Every failure reaches the user as one line; an internal error's line says that it is
 * a bug, how to see its stack trace and where to report it. The stack trace is shown when the user
 * asks for detail:
 *
 * - `PULUMI_DEBUG` set (to anything but "", 0, false, no, off) in the environment of `pulumi` or of
 *   a script: the trace follows the line, in the error itself. Pulumi itself reads no variable of
 *   that exact name (only `PULUMI_DEBUG_COMMANDS`, `PULUMI_DEBUG_PROVIDERS`, …), and the engine
 *   starts provider processes with its own environment, so it reaches them whatever the backend.
 * - `pulumi up|preview|refresh|destroy --debug`, or `-v=3` and above: the provider also sends the
 *   trace to the engine as a debug message on the resource (see ./connection). The CLI shows debug
 *   messages only with `--debug`, and writes them to its log at `-v=3` and above (Pulumi's
 *   `eventSink.Debugf`). The provider process itself is told neither (the engine passes `-v=N` to
 *   plugins only with `--logflow`, and `--debug` never), so the engine, which knows, decides.
 * - the scripts (`npm run import`, `npm run sweep`): `--debug`, or `PULUMI_DEBUG`.
 */
import { inspect } from "node:util";

/** The environment variable that asks for the stack trace of an internal error. */
export const DEBUG_ENV = "PULUMI_DEBUG";

/** The package whose maintainers an internal error is reported to. */
const PACKAGE = "genesys-byoc-pulumi";

/** The error classes JavaScript itself throws for mistakes in code (never thrown here on purpose). */
const BUG_CLASSES = [TypeError, ReferenceError, RangeError, SyntaxError, EvalError, URIError];

/**
 * Whether `err` is a bug rather than a failure described for the user: one of JavaScript's own
 * error classes for mistakes in code (a property of undefined, a call of a non-function, a bad
 * JSON text, a stack overflow…), or a thrown value that is not an `Error` at all (this code only
 * throws Errors). Errors of the project's own classes, and plain `Error`s, are deliberate.
 */
export function isInternalError(err: unknown): boolean {
  if (!(err instanceof Error)) return true;
  return BUG_CLASSES.some((c) => err instanceof c);
}

/**
 * Whether the environment asks for detail: {@link DEBUG_ENV} set to anything but "", 0, false,
 * no or off (case-insensitive).
 *
 * @param env The environment to read (default: this process's).
 */
export function debugRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = env[DEBUG_ENV]?.trim().toLowerCase();
  return v !== undefined && !["", "0", "false", "no", "off"].includes(v);
}

/** `err` as text on one line: `TypeError: message`, or an inspected value that was thrown. */
function oneLine(err: unknown): string {
  const text =
    err instanceof Error
      ? `${err.name}: ${err.message}`
      : `a thrown value ${inspect(err, { breakLength: Infinity })}`;
  return text.replace(/\s*\n\s*/g, " ");
}

/** `err`'s stack trace (its name and message first), or the whole thrown value when it has none. */
export function stackOf(err: unknown): string {
  if (err instanceof Error && err.stack) return err.stack;
  return err instanceof Error ? `${err.name}: ${err.message} (no stack trace)` : inspect(err, { depth: 5 });
}

/** How a failure reads for the user. */
export interface FailureTextOptions {
  /** The one line for a failure that is not internal (e.g. `describeFailure` with the client's target). */
  describe: (err: unknown) => string;
  /** Whether to follow an internal error's line with its stack trace. */
  detail: boolean;
  /** How the user asks for the stack trace here, e.g. "run it again with --debug (or PULUMI_DEBUG=1)". */
  howToDebug: string;
}

/**
 * The text a user reads for `err`: `describe(err)` for a failure described for the user (always
 * one line); for an internal error (see {@link isInternalError}) one line saying so, with, when
 * `detail` is off, how to see the stack trace, and when it is on, the stack trace on the lines
 * after it.
 *
 * @param err What was thrown.
 * @param options How to describe other failures, whether to show detail, and how to ask for it.
 */
export function failureText(err: unknown, options: FailureTextOptions): string {
  if (!isInternalError(err)) return options.describe(err);
  const what = oneLine(err);
  const line = `Internal error in ${PACKAGE} (a bug, not a problem with your settings or the org): ${what}${/[.!?]$/.test(what) ? "" : "."}`;
  if (options.detail)
    return `${line} Please report it to the maintainers of ${PACKAGE} with the stack trace below.\n${stackOf(err)}`;
  return `${line} To see its stack trace, ${options.howToDebug}; please report it, with that trace, to the maintainers of ${PACKAGE}.`;
}

/**
 * A script's command line without `--debug`, and whether detail is asked for (`--debug`, or
 * {@link DEBUG_ENV} in the environment).
 *
 * @param argv The arguments after the script's name.
 * @param env The environment to read (default: this process's).
 */
export function takeDebugFlag(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): { argv: string[]; debug: boolean } {
  const rest = argv.filter((a) => a !== "--debug");
  return { argv: rest, debug: rest.length !== argv.length || debugRequested(env) };
}

/** What a script's user does to see an internal error's stack trace. */
export const SCRIPT_HOW_TO_DEBUG = `run it again with --debug (or ${DEBUG_ENV}=1 in the environment)`;

/** What a `pulumi` user does to see a provider's internal error's stack trace. */
export const PULUMI_HOW_TO_DEBUG = `run the pulumi command again with --debug (or with ${DEBUG_ENV}=1 in its environment)`;
