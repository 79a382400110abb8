import type { RateLimiterAbstract } from "rate-limiter-flexible";

export type TLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A sliding-window limit on top of rate-limiter-flexible, which only has fixed windows (a window
 * that starts at the first hit lets 2N through around its end). We keep one r-l-f counter per
 * clock-aligned window and weigh the previous window by how much of it still overlaps the last
 * `windowMs` (the "sliding window counter" of Cloudflare and nginx-plus):
 *
 *   estimate = previous * (1 - elapsed / windowMs) + current
 *
 * It assumes the previous window's hits were spread evenly; it never lets more than N through in
 * any stretch of one window length by more than that rounding. r-l-f gives the atomic increment
 * and expiry, on Redis or PostgreSQL alike. A refused attempt is given back, so hammering the
 * limit does not extend it.
 */
export async function consumeSlidingWindow(
  counter: RateLimiterAbstract,
  key: string,
  limit: number,
  windowMs: number,
  now = Date.now(),
): Promise<TLimitDecision> {
  const index = Math.floor(now / windowMs);
  const elapsed = (now - index * windowMs) / windowMs;
  const [previousRes, currentRes] = await Promise.all([counter.get(`${key}:${index - 1}`), counter.consume(`${key}:${index}`, 1)]);
  const previous = previousRes?.consumedPoints ?? 0;
  const current = currentRes.consumedPoints;
  if (previous * (1 - elapsed) + current <= limit) return { allowed: true };
  await counter.reward(`${key}:${index}`, 1);
  return { allowed: false, retryAfterMs: waitMs(previous, current - 1, limit, elapsed, windowMs) };
}

/** How long until one more hit fits: solve previous' * (1 - e) + current' + 1 <= limit for e. */
function waitMs(previous: number, current: number, limit: number, elapsed: number, windowMs: number): number {
  let wait: number;
  if (current + 1 <= limit && previous > 0) {
    // Still this window: wait until enough of the previous window has slid out.
    wait = (1 - (limit - current - 1) / previous - elapsed) * windowMs;
  } else {
    // Next window: this window becomes "previous" and must slide out far enough.
    const into = current > 0 ? Math.max(0, 1 - (limit - 1) / current) : 0;
    wait = (1 - elapsed + into) * windowMs;
  }
  return Math.max(1000, Math.ceil(wait));
}
