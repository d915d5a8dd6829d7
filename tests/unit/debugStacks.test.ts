/**
 * withoutDebugStacks: no stack traces while the children are constructed, the limit back after,
 * and full stacks whenever someone is debugging.
 */
import { withoutDebugStacks } from "../../resources/common/debugStacks";

describe("withoutDebugStacks", () => {
  const before = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = before;
  });

  it("captures no stack while it runs and restores the limit after", () => {
    const inside = withoutDebugStacks(
      () => ({ limit: Error.stackTraceLimit, stack: new Error("x").stack }),
      {},
    );
    expect(inside.limit).toBe(0);
    expect(inside.stack).toBe("Error: x");
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error("y").stack?.split("\n").length).toBeGreaterThan(1);
  });

  it("restores the limit when the declaration throws", () => {
    expect(() =>
      withoutDebugStacks(() => {
        throw new Error("boom");
      }, {}),
    ).toThrow("boom");
    expect(Error.stackTraceLimit).toBe(before);
  });

  it.each([
    ["PULUMI_DEBUG_PROMISE_LEAKS", { PULUMI_DEBUG_PROMISE_LEAKS: "1" }],
    ["PULUMI_DEBUG", { PULUMI_DEBUG: "true" }],
  ])("keeps the stacks when %s asks for debugging", (_name, env) => {
    expect(withoutDebugStacks(() => Error.stackTraceLimit, env)).toBe(before);
  });

  it("returns what the declaration returns", () => {
    expect(withoutDebugStacks(() => 42, {})).toBe(42);
  });
});
