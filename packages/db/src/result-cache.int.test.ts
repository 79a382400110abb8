// Dedup and the result cache at the database layer, on PostgreSQL with Redis in front, on
// PostgreSQL alone, and on the embedded PGlite: per-user dedup, a result crossing to another user
// only through that user's own upload of the same bytes, a version bump recomputing, statistics.
import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { createDb, type TDb } from "./client";
import { claimJob, completeJob } from "./claim-and-complete";
import { createDocumentWithJob, failJob, getDocumentView } from "./documents";
import { saveLocalResult } from "./jobs";
import { createResultCache, reuseExtraction, type TResultCache } from "./result-cache";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());
const prefix = `${inject("queuePrefix")}-dbc`;
const targets = [
  { name: "postgres + redis", databaseUrl: inject("databaseUrl"), redisUrl: inject("redisUrl") },
  { name: "postgres", databaseUrl: inject("databaseUrl"), redisUrl: undefined },
  { name: "pglite", databaseUrl: pglite.url, redisUrl: undefined },
];

describe.each(targets)("dedup and result cache on $name", ({ name, databaseUrl, redisUrl }) => {
  let db: TDb;
  let redis: Redis | undefined;
  let alice: string;
  let bob: string;
  // A version of its own per target: two targets share the real PostgreSQL, and entries count per version.
  const version = `${PIPELINE_VERSION}+${name.replaceAll(" ", "")}`;
  const resultFor = (text: string): TExtractionResult => ({ pipelineVersion: version, engines: ["pdf-text"], pages: [], text, confidence: 1 });
  // Every cache made here, so their counts can be written before the figures are read.
  const caches: TResultCache[] = [];
  const cacheFor = (pipelineVersion: string) => {
    const cache = createResultCache({ db, redis, prefix: `${prefix}-${name.replaceAll(" ", "")}`, ttlSeconds: 3_600, pipelineVersion });
    caches.push(cache);
    return cache;
  };

  beforeAll(async () => {
    db = createDb(databaseUrl);
    redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: null }) : undefined;
    alice = (await db.user.create({ data: { email: `alice-${randomUUID()}@example.test` } })).id;
    bob = (await db.user.create({ data: { email: `bob-${randomUUID()}@example.test` } })).id;
  });
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}-*`)) ?? [];
    if (keys.length) await redis?.del(...keys);
    redis?.disconnect();
    await db.$disconnect();
  });

  const upload = (ownerId: string, sha256: string) =>
    createDocumentWithJob(db, { ownerId, sha256, originalFilename: "a.pdf", mimeType: "application/pdf", sizeBytes: 10, storageKey: `sha256/${sha256}` });

  it("gives the same user the existing document and job for the same bytes", async () => {
    const sha256 = randomBytes(32).toString("hex");
    const first = await upload(alice, sha256);
    const again = await upload(alice, sha256);
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, document: { id: first.document.id }, job: { id: first.job.id } });
    expect(await db.document.count({ where: { sha256 } })).toBe(1);
  });

  it("gives another user the result only through their own upload of the same bytes", async () => {
    const sha256 = randomBytes(32).toString("hex");
    const cache = cacheFor(version);
    const first = await upload(alice, sha256);
    // Nothing to reuse before Alice's job completed.
    expect(await cache.lookup(sha256)).toBeNull();
    expect(await completeJob(db, { id: first.job.id, documentId: first.document.id, sha256 }, resultFor(`text of ${sha256}`))).toEqual(expect.any(String));
    // Bob sees nothing of Alice's by id.
    expect(await getDocumentView(db, first.document.id, bob)).toBeNull();

    const second = await upload(bob, sha256);
    expect(second.created).toBe(true);
    const hit = await cache.lookup(sha256);
    expect(hit?.layer).toBe("postgres");
    await reuseExtraction(db, { jobId: second.job.id, documentId: second.document.id }, hit?.extractionId ?? "");
    const view = await getDocumentView(db, second.document.id, bob);
    expect(view?.jobs[0]?.status).toBe("completed");
    expect(view?.extractions[0]?.text).toBe(`text of ${sha256}`);
    // A copy for Bob; Alice's stays hers.
    expect(view?.extractions[0]?.id).not.toBe(hit?.extractionId);
    // The lookup filled Redis (where there is one): the next is a Redis hit.
    expect((await cache.lookup(sha256))?.layer).toBe(redis ? "redis" : "postgres");
  });

  // Its results carry a version of their own: the statistics below count this version's entries.
  it("a final failure drops an escalation's saved result; a completed job never turns failed", async () => {
    const sha256 = randomBytes(32).toString("hex");
    const escalating = await upload(alice, sha256);
    await saveLocalResult(
      db,
      { id: escalating.job.id, documentId: escalating.document.id, sha256 },
      { ...resultFor("local"), pipelineVersion: `${version}-failures` },
    );
    await failJob(db, escalating.job.id, "Mistral is down; try again later.", false);
    expect(await db.extraction.count({ where: { jobId: escalating.job.id } })).toBe(1); // kept for the retry
    await failJob(db, escalating.job.id, "Mistral is down; try again later.", true);
    expect(await db.extraction.count({ where: { jobId: escalating.job.id } })).toBe(0);
    expect(await db.extractionJob.findUniqueOrThrow({ where: { id: escalating.job.id } })).toMatchObject({
      status: "failed",
      lastError: "Mistral is down; try again later.",
    });

    const other = randomBytes(32).toString("hex");
    const done = await upload(alice, other);
    await completeJob(db, { id: done.job.id, documentId: done.document.id, sha256: other }, { ...resultFor("done"), pipelineVersion: `${version}-failures` });
    await failJob(db, done.job.id, "A cache write failed after completion.", true);
    expect(await db.extractionJob.findUniqueOrThrow({ where: { id: done.job.id } })).toMatchObject({ status: "completed", lastError: null });
    expect(await db.extraction.count({ where: { jobId: done.job.id } })).toBe(1);
  });

  it("recomputes under a new pipeline version", async () => {
    const sha256 = randomBytes(32).toString("hex");
    const first = await upload(alice, sha256);
    await completeJob(db, { id: first.job.id, documentId: first.document.id, sha256 }, resultFor("old"));
    expect(await cacheFor(version).lookup(sha256)).not.toBeNull();
    const next = `${version}-next`;
    expect(await cacheFor(next).lookup(sha256)).toBeNull();
    // A worker reading the document again finds the old version's reading to reuse only under that version.
    const again = await db.extractionJob.create({ data: { documentId: first.document.id } });
    expect((await claimJob(db, again.id, "new", { reuse: { pipelineVersion: next } }))?.finished).toBeNull();
    expect((await claimJob(db, again.id, "continued", { reuse: { pipelineVersion: version } }))?.finished).toMatchObject({ data: { text: "old" } });
  });

  it("writes its lookup counts on its own within the flush interval, added up, without a call to flush", async () => {
    const today = async (layer: string) =>
      (await db.cacheLookupDay.findMany({ where: { day: new Date(new Date().toISOString().slice(0, 10)), layer } }))[0]?.misses ?? 0;
    const before = await today("postgres");
    const quick = createResultCache({
      db,
      redis,
      prefix: `${prefix}-quick-${name.replaceAll(" ", "")}`,
      ttlSeconds: 60,
      pipelineVersion: version,
      countFlushMs: 50,
    });
    for (let i = 0; i < 3; i++) expect(await quick.lookup(randomBytes(32).toString("hex"))).toBeNull();
    // Other test files may count on the same table meanwhile: at least these three land.
    await expect.poll(() => today("postgres"), { timeout: 5_000 }).toBeGreaterThanOrEqual(before + 3);
    if (redis) {
      await expect.poll(() => redis?.get(`${prefix}-quick-${name.replaceAll(" ", "")}:cache:redis:misses`), { timeout: 5_000 }).toBe("3");
    }
  });

  it("reports entries, hits, misses and hit rate per layer, and Redis memory", async () => {
    for (const cache of caches) await cache.flushCounts();
    const stats = await cacheFor(version).stats();
    // Two sets of bytes got a result under this version (Bob's copy shares Alice's SHA-256).
    expect(stats.entries).toBe(2);
    expect(stats.layers.postgres.entries).toBe(stats.entries);
    if (!redis) {
      // Without Redis there is nowhere to count: the counters and Redis figures stay empty.
      expect(stats.layers.redis).toEqual({ entries: 0, hits: 0, misses: 0, hitRate: 0 });
      expect(stats.layers.postgres).toMatchObject({ hits: 0, misses: 0 });
      expect(stats.redisUsedMemoryBytes).toBeNull();
      return;
    }
    // The five lookups above: Redis answered one (the repeat) and missed four, each miss going on to
    // PostgreSQL, which found two; the new version's key was never written.
    expect(stats.layers.redis).toEqual({ entries: 2, hits: 1, misses: 4, hitRate: 0.2 });
    expect(stats.layers.postgres).toEqual({ entries: 2, hits: 2, misses: 2, hitRate: 0.5 });
    expect(stats.redisUsedMemoryBytes).toBeGreaterThan(0);
  });

  it("answers lookups made together (one statement) each for its own bytes: the oldest reading, none for a personal document or a failed job", async () => {
    const bytesHash = () => randomBytes(32).toString("hex");
    const [shared, personal, failed, unknown] = [bytesHash(), bytesHash(), bytesHash(), bytesHash()];
    // A version of its own, so the statistics below count only their own entries.
    const together = `${version}-together`;
    const complete = async (ownerId: string, sha256: string, result: TExtractionResult & { classification?: { type: string } }) => {
      const { document, job } = await upload(ownerId, sha256);
      return completeJob(db, { id: job.id, documentId: document.id, sha256 }, { ...result, pipelineVersion: together });
    };
    const oldest = await complete(alice, shared, resultFor("first"));
    await complete(bob, shared, resultFor("second"));
    await complete(alice, personal, { ...resultFor("P<UTOERIKSSON"), classification: { type: "passport" } });
    const broken = await upload(alice, failed);
    await failJob(db, broken.job.id, "unreadable", true);
    const cache = cacheFor(together);
    const answers = await Promise.all([shared, personal, failed, unknown, shared].map((sha256) => cache.lookup(sha256)));
    expect(answers.map((hit) => hit?.extractionId ?? null)).toEqual([oldest, null, null, null, oldest]);
  });
});
