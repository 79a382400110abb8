// The daily Mistral budgets as the fleet relies on them, on PostgreSQL and on the embedded PGlite:
// workers reserving at the same time never pass a budget together, a user's budget holds back only
// that user, and what is settled after the call is what the day's spend shows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type TDb } from "./client";
import { fleetSpendToday, reserveSpend, settleSpend } from "./llm-spend";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());

describe.each([
  { name: "postgres", databaseUrl: inject("databaseUrl") },
  { name: "pglite", databaseUrl: pglite.url },
])("daily Mistral budgets on $name", ({ databaseUrl }) => {
  let db: TDb;
  const page = 0.004;
  beforeAll(() => {
    db = createDb(databaseUrl);
  });
  afterAll(() => db.$disconnect());

  it("lets 20 escalations reserving at once spend no more than the fleet's budget", async () => {
    const before = await fleetSpendToday(db);
    const budget = { fleetUsdPerDay: before + 5 * page };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => reserveSpend(db, { ownerId: randomUUID(), usd: page, budget })));
    expect(outcomes.filter((o) => o === "reserved")).toHaveLength(5);
    expect(outcomes.filter((o) => o === "fleet")).toHaveLength(15);
    expect(await fleetSpendToday(db)).toBeCloseTo(before + 5 * page, 6);
  });

  it("holds back a user past their own budget, and gives the fleet's share back", async () => {
    const alice = randomUUID();
    const bob = randomUUID();
    const budget = { userUsdPerDay: 2 * page };
    expect(await reserveSpend(db, { ownerId: alice, usd: page, budget })).toBe("reserved");
    expect(await reserveSpend(db, { ownerId: alice, usd: page, budget })).toBe("reserved");
    const before = await fleetSpendToday(db);
    expect(await reserveSpend(db, { ownerId: alice, usd: page, budget })).toBe("user");
    // Refused for Alice: the fleet's row is as it was, and Bob still has his budget.
    expect(await fleetSpendToday(db)).toBeCloseTo(before, 6);
    expect(await reserveSpend(db, { ownerId: bob, usd: page, budget })).toBe("reserved");
    // More than a whole budget is refused before anything is written.
    expect(await reserveSpend(db, { ownerId: bob, usd: 3 * page, budget })).toBe("user");
  });

  it("settles what was billed: a call that failed gives its reservation back, a bigger bill counts whole", async () => {
    const carol = randomUUID();
    const before = await fleetSpendToday(db);
    await reserveSpend(db, { ownerId: carol, usd: page, budget: {} });
    await settleSpend(db, { ownerId: carol, usd: -page });
    expect(await fleetSpendToday(db)).toBeCloseTo(before, 6);
    await reserveSpend(db, { ownerId: carol, usd: page, budget: {} });
    await settleSpend(db, { ownerId: carol, usd: 3 * page - page });
    expect(await fleetSpendToday(db)).toBeCloseTo(before + 3 * page, 6);
  });

  it("reserves and settles for the same users at once without a deadlock, and the day adds up", async () => {
    // Escalations of a few users reserving and settling together, as a worker with MISTRAL_CONCURRENCY 8 does
    // while Mistral fails: each touches the fleet's row and its owner's. Both lock the fleet's row first, so
    // none waits on another in a circle (settling used to lock the two in the order the table stored them).
    const owners = Array.from({ length: 3 }, () => randomUUID());
    const before = await fleetSpendToday(db);
    const escalations = Array.from({ length: 60 }, async (_, i) => {
      const ownerId = owners[i % owners.length] ?? "";
      await reserveSpend(db, { ownerId, usd: page, budget: {} });
      await settleSpend(db, { ownerId, usd: -page });
      await reserveSpend(db, { ownerId, usd: page, budget: {} });
    });
    const outcomes = await Promise.allSettled(escalations);
    expect(outcomes.filter((o) => o.status === "rejected").map((o) => String((o as PromiseRejectedResult).reason).slice(-200))).toEqual([]);
    expect(await fleetSpendToday(db)).toBeCloseTo(before + 60 * page, 6);
  });
});
