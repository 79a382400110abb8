import { RateLimiterMemory } from "rate-limiter-flexible";
import { describe, expect, it } from "vitest";
import { consumeSlidingWindow } from "./sliding-window";

const MINUTE = 60_000;
const counter = () => new RateLimiterMemory({ points: 1_000_000, duration: 120 });

describe("consumeSlidingWindow", () => {
  it("lets N through in a window and refuses the next, with a wait until one fits", async () => {
    const c = counter();
    const t0 = 10 * MINUTE + 1_000;
    for (let i = 0; i < 3; i++) expect(await consumeSlidingWindow(c, "u", 3, MINUTE, t0)).toEqual({ allowed: true });
    const refused = await consumeSlidingWindow(c, "u", 3, MINUTE, t0);
    expect(refused.allowed).toBe(false);
    // All three are in the current window: the next fits once 1/3 of the next window has passed.
    if (!refused.allowed) expect(refused.retryAfterMs).toBe(59_000 + 20_000);
  });

  it("does not let 2N through across a window boundary (the fixed-window flaw)", async () => {
    const c = counter();
    const end = 11 * MINUTE - 1_000;
    for (let i = 0; i < 3; i++) expect((await consumeSlidingWindow(c, "u", 3, MINUTE, end)).allowed).toBe(true);
    // Two seconds later, in the next clock window: the previous window still weighs ~3 * 59/60.
    const next = await consumeSlidingWindow(c, "u", 3, MINUTE, 11 * MINUTE + 1_000);
    expect(next.allowed).toBe(false);
    // Once most of the previous window has slid out, one more fits.
    expect((await consumeSlidingWindow(c, "u", 3, MINUTE, 11 * MINUTE + 25_000)).allowed).toBe(true);
  });

  it("gives a refused attempt back, so hammering does not extend the wait", async () => {
    const c = counter();
    const t0 = 20 * MINUTE;
    for (let i = 0; i < 2; i++) await consumeSlidingWindow(c, "u", 2, MINUTE, t0);
    for (let i = 0; i < 5; i++) expect((await consumeSlidingWindow(c, "u", 2, MINUTE, t0 + 1_000)).allowed).toBe(false);
    expect((await c.get(`u:${20}`))?.consumedPoints).toBe(2);
  });

  it("keeps users apart", async () => {
    const c = counter();
    const t0 = 30 * MINUTE;
    await consumeSlidingWindow(c, "a", 1, MINUTE, t0);
    expect((await consumeSlidingWindow(c, "a", 1, MINUTE, t0)).allowed).toBe(false);
    expect((await consumeSlidingWindow(c, "b", 1, MINUTE, t0)).allowed).toBe(true);
  });
});
