/**
 * Declaring many resources without paying for stack traces nobody reads.
 *
 * Pulumi's Node.js runtime (@pulumi/pulumi 3.x, `runtime/debuggable.js`) gives every property of
 * every resource four promises when the resource is constructed, and each of them captures
 * `new Error().stack`, which the runtime's source-map support formats at once, frame by frame. The
 * text is kept only for `PULUMI_DEBUG_PROMISE_LEAKS` reports. A site, a trunk or a binding has 15
 * to 20 properties (every declared output must be one), so a 50-site estate formats about 15 000
 * stack traces in every `pulumi preview` and in both passes of `pulumi up`: measured, a third of
 * the program's CPU time, and the part of it that grows with the estate (bench/results-speed.md).
 *
 * {@link withoutDebugStacks} turns the capture off (`Error.stackTraceLimit = 0`) for the
 * synchronous stretch in which the component constructs its children: the runtime creates those
 * promises before its first `await` ("We should never await prior to this line"), so exactly they
 * are covered, and the limit is back before anything else runs. The runtime's own record of where
 * each resource was declared is unaffected (it raises the limit itself for that).
 *
 * Left on when someone is debugging: `PULUMI_DEBUG_PROMISE_LEAKS` (the runtime's leak report needs
 * the stacks) or `PULUMI_DEBUG` (see ./internalError).
 */
import { debugRequested } from "./internalError";

/**
 * Runs `declare` (which constructs resources, synchronously) without the runtime's debug stack
 * traces, unless debugging is asked for; returns what it returns. An error thrown inside carries
 * no stack trace (set `PULUMI_DEBUG` to get one).
 *
 * @param declare Constructs the resources; must not be async (the limit holds only while it runs).
 * @param env The environment that may ask for debugging (default: this process's).
 */
export function withoutDebugStacks<T>(declare: () => T, env: NodeJS.ProcessEnv = process.env): T {
  if (env.PULUMI_DEBUG_PROMISE_LEAKS || debugRequested(env)) return declare();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return declare();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
