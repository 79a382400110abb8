// The rate limits on both stores the app uses: Redis, and PostgreSQL when there is no Redis.
import { afterAll, describe, expect, inject, it } from "vitest";
import { isAppError } from "@docvault/core";
import { createRedis, deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";
import { createRateLimits, type TRateLimits } from "./rate-limits";

const prefix = `${inject("queuePrefix")}l`;
const redis = createRedis(inject("redisUrl"));

afterAll(async () => {
  await redis.quit();
  await deleteKeysWithPrefix(inject("redisUrl"), prefix);
});

const refusal = (promise: Promise<void>) =>
  promise.then(
    () => null,
    (error: unknown) => (isAppError(error) ? error : Promise.reject(error)),
  );

describe.each([
  ["Redis", () => ({ redis })],
  ["PostgreSQL", () => ({})],
])("rate limits on %s", (name, store) => {
  let limits: TRateLimits;
  const make = async () => {
    limits = await createRateLimits({
      ...store(),
      databaseUrl: inject("databaseUrl"),
      prefix: `${prefix}-${name}`,
      uploadsPerMinute: 2,
      signInsPerIp: 3,
      signInsPerEmail: 2,
    });
    return limits;
  };
  afterAll(async () => limits.close());

  it("refuses the third upload of a user in a minute with RATE_LIMITED and a wait, not another user's", async () => {
    const l = await make();
    expect(await refusal(l.upload("user-1"))).toBeNull();
    expect(await refusal(l.upload("user-1"))).toBeNull();
    const third = await refusal(l.upload("user-1"));
    expect(third?.code).toBe("RATE_LIMITED");
    expect(third?.retryAfterMs).toBeGreaterThanOrEqual(1000);
    expect(third?.message).toMatch(/Too many uploads/);
    expect(await refusal(l.upload("user-2"))).toBeNull();
  });

  it("limits sign-in attempts per email from one address, and per address", async () => {
    const l = limits;
    expect(await refusal(l.signIn("203.0.113.1", "Someone@Example.test"))).toBeNull();
    expect(await refusal(l.signIn("203.0.113.1", "someone@example.test"))).toBeNull();
    // Same address in another case, from the same source: the same count.
    expect((await refusal(l.signIn("203.0.113.1", "SOMEONE@example.test")))?.code).toBe("RATE_LIMITED");
    // From elsewhere (the owner, say), the email has a count of its own: a stranger cannot lock it.
    expect(await refusal(l.signIn("203.0.113.2", "someone@example.test"))).toBeNull();
    for (const email of ["a@example.test", "b@example.test", "c@example.test"]) expect(await refusal(l.signIn("203.0.113.9", email))).toBeNull();
    expect((await refusal(l.signIn("203.0.113.9", "d@example.test")))?.code).toBe("RATE_LIMITED");
  });
});

// The embedded database has one session for all connections: named prepared statements from two
// connections collided ('prepared statement "rate_limits:rlflx-upsert" already exists').
describe("rate limits on the embedded database (PGlite)", () => {
  it("counts uploads from many connections at once", async () => {
    const { startTestPglite } = await import("@docvault/db/testing/pglite");
    const pglite = await startTestPglite();
    const limits = await createRateLimits({
      databaseUrl: pglite.url,
      prefix: `${prefix}-pglite`,
      uploadsPerMinute: 1000,
      signInsPerIp: 3,
      signInsPerEmail: 2,
    });
    try {
      const users = Array.from({ length: 12 }, (_, i) => `user-${i}`);
      // More requests at once than the pool's 3 connections: every connection prepares its queries.
      const outcomes = await Promise.all(users.flatMap((user) => [1, 2, 3].map(() => refusal(limits.upload(user)))));
      expect(outcomes.every((o) => o === null)).toBe(true);
    } finally {
      await limits.close();
      await pglite.stop();
    }
  }, 120_000);
});
