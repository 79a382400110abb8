// admin.dashboard over rows this test writes, in a database of its own (so every figure is exact):
// percentiles by type and engine, per-day documents, users, errors and cost, what routing and
// caching saved, cache hit rates per layer, queue depth in time buckets; administrators only.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestDatabase, type TTestDatabase } from "@docvault/db/testing";
import type {} from "@docvault/db/testing/global-setup";
import { createTestServices } from "../testing/test-services";

const database: TTestDatabase = await createTestDatabase(inject("databaseUrl"));
const { services, callerFor, close } = await createTestServices("d", { databaseUrl: database.url, env: { LLM_BUDGET_USD_PER_DAY: "5" } });

const { createDocumentWithJob, recordQueueDepth, reserveSpend, settleSpend } = await import("@docvault/db");

const HOUR = 3_600_000;
const midnight = (() => {
  const now = new Date();
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
})();
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const sha = () => randomBytes(32).toString("hex");

type TJob = {
  ownerId: string;
  type: string;
  /** When the job finished (ms). */
  at: number;
  seconds: number;
  status: "completed" | "failed";
  engines?: string[];
  pages?: number;
  costUsd?: number;
  cached?: boolean;
  sha256?: string;
};

/** One document with its job and (when completed) its extraction, as the app writes them. */
async function addJob(job: TJob) {
  const { db } = services();
  const sha256 = job.sha256 ?? sha();
  const finishedAt = new Date(job.at);
  const document = await db.document.create({
    data: {
      ownerId: job.ownerId,
      sha256,
      originalFilename: "x.png",
      mimeType: "image/png",
      detectedType: job.type,
      sizeBytes: 100,
      storageKey: `sha256/${sha256}`,
      createdAt: new Date(job.at - job.seconds * 1000 - 1000),
    },
  });
  const row = await db.extractionJob.create({
    data: {
      documentId: document.id,
      status: job.status,
      queuedAt: document.createdAt,
      startedAt: new Date(job.at - job.seconds * 1000),
      finishedAt,
      progress: job.cached ? { step: "done", cached: true } : { step: job.status === "failed" ? "failed" : "done" },
    },
  });
  if (job.status === "completed") {
    await db.extraction.create({
      data: {
        documentId: document.id,
        jobId: row.id,
        sha256,
        pipelineVersion: "test",
        data: { pages: Array.from({ length: job.pages ?? 1 }, (_, index) => ({ index })) },
        text: "",
        confidence: 0.9,
        enginesUsed: job.engines ?? ["tesseract"],
        pagesBilled: job.costUsd ? (job.pages ?? 1) : 0,
        costUsd: job.costUsd ?? 0,
        createdAt: finishedAt,
      },
    });
  }
}

describe("admin.dashboard", () => {
  let admin: { id: string; role: string };
  let users: { id: string }[];
  const as = callerFor;

  beforeAll(async () => {
    const { db } = services();
    admin = await db.user.create({ data: { email: "dash-admin@example.test", role: "admin" } });
    users = await Promise.all([1, 2, 3].map((n) => db.user.create({ data: { email: `dash-${n}@example.test` } })));
    const [u1, u2, u3] = users.map((u) => u.id) as [string, string, string];
    const today = midnight + HOUR;
    const yesterday = midnight - 12 * HOUR;
    // Today: five receipts read locally in 1..5 s, an invoice escalated to Mistral (2 pages, $0.008)
    // in 10 s, a copy of that invoice's result for another user, and one failure.
    for (const seconds of [1, 2, 3, 4, 5]) await addJob({ ownerId: u1, type: "receipt", at: today, seconds, status: "completed" });
    const invoice = sha();
    await addJob({
      ownerId: u2,
      type: "invoice",
      at: today,
      seconds: 10,
      status: "completed",
      engines: ["tesseract", "mistral"],
      pages: 2,
      costUsd: 0.008,
      sha256: invoice,
    });
    await addJob({
      ownerId: u3,
      type: "invoice",
      at: today + 1000,
      seconds: 0,
      status: "completed",
      engines: ["tesseract", "mistral"],
      pages: 2,
      cached: true,
      sha256: invoice,
    });
    await addJob({ ownerId: u3, type: "other", at: today, seconds: 1, status: "failed" });
    // Yesterday: a three-page PDF read from its text layer in 0.5 s, and a failure.
    await addJob({ ownerId: u1, type: "invoice", at: yesterday, seconds: 0.5, status: "completed", engines: ["pdf-text"], pages: 3 });
    await addJob({ ownerId: u1, type: "receipt", at: yesterday, seconds: 2, status: "failed" });
    // Long ago: outside every period.
    await addJob({ ownerId: u2, type: "receipt", at: midnight - 40 * 24 * HOUR, seconds: 100, status: "completed" });

    await db.cacheLookupDay.createMany({
      data: [
        { day: new Date(day(today)), layer: "browser", hits: 3, misses: 1 },
        { day: new Date(day(today)), layer: "redis", hits: 2, misses: 2 },
        { day: new Date(day(yesterday)), layer: "postgres", hits: 1, misses: 3 },
        { day: new Date(day(midnight - 30 * 24 * HOUR)), layer: "browser", hits: 100, misses: 0 },
      ],
    });
    // A real lookup of unknown bytes: a Redis miss and a PostgreSQL miss, counted where they happen.
    expect(await services().cache.lookup(sha())).toBeNull();

    // Queue samples: two workers sampling at the same moment (the larger value wins), and an old
    // sample that the next write removes (retention).
    const now = Date.now();
    await db.queueDepthSample.create({ data: { queue: "extract", waiting: 9, active: 9, delayed: 0, failed: 0, sampledAt: new Date(now - 15 * 24 * HOUR) } });
    await recordQueueDepth(db, [{ queue: "extract", waiting: 4, active: 1, delayed: 0, failed: 0 }], new Date(now - 30 * 60_000));
    await recordQueueDepth(
      db,
      [
        { queue: "extract", waiting: 2, active: 1, delayed: 0, failed: 1 },
        { queue: "mistral", waiting: 1, active: 0, delayed: 0, failed: 0 },
      ],
      new Date(now - 10 * 60_000),
    );
    await recordQueueDepth(db, [{ queue: "extract", waiting: 3, active: 0, delayed: 0, failed: 1 }], new Date(now - 10 * 60_000));
  });

  afterAll(async () => {
    await close();
    await database.drop();
  });

  it("gives the percentiles of extraction time by document type and by engine, cached copies left out", async () => {
    const { durations } = await as(admin).admin.dashboard({ days: 7 });
    // percentile_cont interpolates: p95 of 1..5 is 4 + 0.8 * (5 - 4).
    expect(durations.byType).toEqual([
      { key: "receipt", count: 5, p50: 3, p95: expect.closeTo(4.8, 9) as number, p99: expect.closeTo(4.96, 9) as number },
      { key: "invoice", count: 2, p50: 5.25, p95: expect.closeTo(9.525, 9) as number, p99: expect.closeTo(9.905, 9) as number },
    ]);
    expect(durations.byEngine).toEqual([
      { key: "tesseract", count: 6, p50: 3.5, p95: expect.closeTo(8.75, 9) as number, p99: expect.closeTo(9.75, 9) as number },
      { key: "mistral", count: 1, p50: 10, p95: 10, p99: 10 },
      { key: "pdf-text", count: 1, p50: 0.5, p95: 0.5, p99: 0.5 },
    ]);
  });

  it("counts documents, distinct users, errors, cost and savings per day", async () => {
    const { days, daily, totals } = await as(admin).admin.dashboard({ days: 7 });
    expect(days).toHaveLength(7);
    expect(days.at(-1)).toBe(day(midnight));
    expect(daily.map((d) => d.day)).toEqual(days);
    expect(daily.at(-1)).toEqual({
      day: day(midnight),
      documents: 8,
      users: 3,
      completed: 7,
      failed: 1,
      errorRate: 0.125,
      extractions: 7,
      costUsd: 0.008,
      // Five one-page receipts read locally, at Mistral's $0.004 a page.
      savedByRoutingUsd: expect.closeTo(0.02, 9) as number,
      // The copy did not pay the $0.008 its original cost.
      savedByCachingUsd: 0.008,
    });
    expect(daily.at(-2)).toEqual({
      day: day(midnight - 12 * HOUR),
      documents: 2,
      users: 1,
      completed: 1,
      failed: 1,
      errorRate: 0.5,
      extractions: 1,
      costUsd: 0,
      savedByRoutingUsd: expect.closeTo(0.012, 9) as number,
      savedByCachingUsd: 0,
    });
    for (const quiet of daily.slice(0, -2)) expect(quiet).toMatchObject({ documents: 0, completed: 0, failed: 0, errorRate: null, extractions: 0 });
    expect(totals).toEqual({
      documents: 10,
      users: 3,
      completed: 8,
      failed: 2,
      errorRate: 0.2,
      extractions: 8,
      costUsd: 0.008,
      costPerExtractionUsd: 0.001,
      savedByRoutingUsd: expect.closeTo(0.032, 9) as number,
      savedByCachingUsd: 0.008,
    });
    // Ninety days reach the old job too.
    expect((await as(admin).admin.dashboard({ days: 90 })).totals.completed).toBe(9);
  });

  it("gives each cache layer's hits, misses and hit rate in the period, the real lookup included", async () => {
    const { cache } = await as(admin).admin.dashboard({ days: 7 });
    expect(cache.layers).toEqual([
      { layer: "browser", hits: 3, misses: 1, hitRate: 0.75 },
      { layer: "redis", hits: 2, misses: 3, hitRate: 0.4 },
      { layer: "postgres", hits: 1, misses: 4, hitRate: 0.2 },
    ]);
    expect(cache.daily.find((d) => d.layer === "postgres" && d.day === day(midnight - 12 * HOUR))).toEqual({
      day: day(midnight - 12 * HOUR),
      layer: "postgres",
      hits: 1,
      misses: 3,
      hitRate: 0.25,
    });
  });

  it("charts queue depth in time buckets, the largest sample of each, and keeps no sample past the retention", async () => {
    const { queueDepth } = await as(admin).admin.dashboard({ days: 7 });
    // 30 minutes of samples in at most 120 steps: 15 s each (16 once the clock has moved on).
    expect(queueDepth.bucketSeconds).toBeGreaterThanOrEqual(15);
    expect(queueDepth.bucketSeconds).toBeLessThanOrEqual(16);
    const extract = queueDepth.points.filter((p) => p.queue === "extract");
    expect(extract.map((p) => [p.waiting, p.active, p.failed])).toEqual([
      [4, 1, 0],
      [3, 1, 1],
    ]);
    expect(queueDepth.points.filter((p) => p.queue === "mistral").map((p) => p.waiting)).toEqual([1]);
    expect(await services().db.queueDepthSample.count({ where: { sampledAt: { lt: new Date(Date.now() - 14 * 24 * HOUR) } } })).toBe(0);
  });

  it("shows today's Mistral spend of the whole fleet against the daily budget", async () => {
    expect((await as(admin).admin.dashboard({ days: 7 })).budget).toEqual({ spentTodayUsd: 0, usdPerDay: 5 });
    const ownerId = admin.id;
    await reserveSpend(services().db, { ownerId, usd: 0.004, budget: { fleetUsdPerDay: 5 } });
    await reserveSpend(services().db, { ownerId, usd: 0.004, budget: { fleetUsdPerDay: 5 } });
    // The second call was billed two pages, not one.
    await settleSpend(services().db, { ownerId, usd: 0.004 });
    expect((await as(admin).admin.dashboard({ days: 7 })).budget).toEqual({ spentTodayUsd: 0.012, usdPerDay: 5 });
  });

  it("lists every user's failed jobs for administrators: whose, what kind of file, why; never its name", async () => {
    const failed = await as(admin).admin.failedJobs();
    // The two failures written above (this database is the test's own), latest first.
    expect(failed).toHaveLength(2);
    expect(failed.map((f) => f.ownerEmail)).toEqual(["dash-3@example.test", "dash-1@example.test"]);
    expect(failed[0]).toMatchObject({ mimeType: "image/png", sizeBytes: 100 });
    expect(JSON.stringify(failed)).not.toContain("x.png");
    const [user] = users;
    await expect(as(user ?? { id: "" }).admin.failedJobs()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers administrators only, and refuses a period it cannot show", async () => {
    const [user] = users;
    await expect(as(user ?? { id: "" }).admin.dashboard({ days: 7 })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Only administrators can see this.",
    });
    const adminToken = callerFor(admin, { token: { id: "t", scopes: ["documents:read"] } });
    await expect(adminToken.admin.dashboard({ days: 7 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerFor(null).admin.dashboard({ days: 7 })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    for (const days of [0, 91, 1.5]) await expect(as(admin).admin.dashboard({ days })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect((await as(admin).admin.dashboard({})).days).toHaveLength(14);
  });

  it("shows the jobs waiting and running now by priority, highest first, so photos stuck behind an import show", async () => {
    const { db } = services();
    expect((await as(admin).admin.dashboard({ days: 7 })).priorities).toEqual([]);
    const [owner] = users;
    const open = async (priority: number) =>
      createDocumentWithJob(db, {
        ownerId: owner?.id ?? "",
        sha256: sha(),
        originalFilename: "p.png",
        mimeType: "image/png",
        sizeBytes: 10,
        storageKey: `sha256/${sha()}`,
        priority,
      });
    await open(8);
    await open(8);
    await open(5);
    const bulk = await Promise.all([open(2), open(2), open(2)]);
    await db.extractionJob.update({ where: { id: bulk[0]?.job.id ?? "" }, data: { status: "processing", startedAt: new Date() } });
    expect((await as(admin).admin.dashboard({ days: 7 })).priorities).toEqual([
      { priority: 8, waiting: 2, running: 0 },
      { priority: 5, waiting: 1, running: 0 },
      { priority: 2, waiting: 2, running: 1 },
    ]);
  });
});
