/**
 * The token's rate-limit pause (genesys/rateLimit.ts) on a test clock: who waits how long, and the
 * clock deadlines are measured on standing still while a pause is in force.
 */
import { RateLimitPause } from "../../genesys/rateLimit";

function pauseOnTestClock() {
  let t = 1_000_000;
  const slept: number[] = [];
  const pause = new RateLimitPause(
    () => t,
    async (ms) => {
      slept.push(ms);
      t += ms;
    },
  );
  return { pause, slept, advance: (ms: number) => (t += ms), now: () => t };
}

describe("RateLimitPause", () => {
  it("lets calls through at once when no 429 was seen", async () => {
    const { pause, slept } = pauseOnTestClock();
    await pause.wait();
    expect(slept).toEqual([]);
    expect(pause.pausedMs()).toBe(0);
  });

  it("holds every caller until the Retry-After, and keeps that time off the active clock", async () => {
    const { pause, slept, advance } = pauseOnTestClock();
    const active0 = pause.activeClock();
    pause.pause(30);
    advance(10_000);
    expect(pause.activeClock()).toBe(active0); // 10 s into the pause: the deadline's clock stood still
    await pause.wait();
    expect(slept).toEqual([20_000]);
    expect(pause.pausedMs()).toBe(30_000);
    advance(5_000);
    expect(pause.activeClock()).toBe(active0 + 5_000);
  });

  it("only ever lengthens a pause in force, and counts overlapping pauses once", async () => {
    const { pause, advance } = pauseOnTestClock();
    pause.pause(10);
    advance(4_000);
    pause.pause(3); // ends before the pause in force: no change
    pause.pause(20); // lengthens it to 24 s from its start
    advance(30_000);
    expect(pause.pausedMs()).toBe(24_000);
    pause.pause(5); // a new pause after the first ended
    advance(1_000);
    expect(pause.pausedMs()).toBe(25_000);
    await pause.wait();
    expect(pause.pausedMs()).toBe(29_000);
  });
});
