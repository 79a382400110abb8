// The worker fills the Redis result cache itself as soon as a job completes: the first time another
// user uploads the same bytes, the lookup is a Redis hit (no PostgreSQL read-through first).
import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PIPELINE_VERSION } from "@docvault/core";
import { makeTextPdf } from "@docvault/core/testing";
import { createResultCache, reuseExtraction } from "@docvault/db";
import { createRedis } from "@docvault/queue";
import { createTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";

const svc = await createTestServices("-rc");
const { db, store, redisUrl, prefix } = svc;
const queue = svc.extractQueue();
let worker: TRunningWorker;
const redis = createRedis(redisUrl);

beforeAll(async () => {
  worker = await startWorker(readEnv({ ...svc.serviceEnv, LOG_LEVEL: "silent" }), pino({ level: "silent" }));
});

afterAll(async () => {
  await worker.stop();
  redis.disconnect();
  await svc.close();
});

it("writes the result to Redis on completion, so the first cross-user reuse is a Redis hit", async () => {
  const alice = (await db.user.create({ data: { email: `alice-${randomUUID()}@example.test` } })).id;
  const bob = (await db.user.create({ data: { email: `bob-${randomUUID()}@example.test` } })).id;
  const pdf = await makeTextPdf([[`Invoice ${randomUUID()}`, "Total 12.50"]]);
  const first = await storeDocument({ db, store, ownerId: alice }, { bytes: pdf, mimeType: "application/pdf", filename: "a.pdf" });
  await queue.enqueue({ extractionJobId: first.job.id, documentId: first.document.id, sha256: first.document.sha256 });
  const deadline = Date.now() + 60_000;
  let job = await db.extractionJob.findUniqueOrThrow({ where: { id: first.job.id }, include: { extraction: true } });
  while (job.status !== "completed" && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    job = await db.extractionJob.findUniqueOrThrow({ where: { id: first.job.id }, include: { extraction: true } });
  }
  expect(job.status).toBe("completed");
  const extractionId = job.extraction?.id;
  expect(extractionId).toBeDefined();

  // The key the web app's cache reads, written by the worker, with the configured TTL (90 days).
  const key = `${prefix}:result:${PIPELINE_VERSION}:${first.document.sha256}`;
  for (let i = 0; i < 40 && !(await redis.get(key)); i++) await new Promise((r) => setTimeout(r, 50));
  expect(await redis.get(key)).toBe(extractionId);
  const ttl = await redis.ttl(key);
  expect(ttl).toBeGreaterThan(89 * 86_400);
  expect(ttl).toBeLessThanOrEqual(90 * 86_400);

  // What the upload route does for Bob's upload of the same bytes: no read-through happened before.
  const cache = createResultCache({ db, redis, prefix, ttlSeconds: 90 * 86_400, pipelineVersion: PIPELINE_VERSION });
  const second = await storeDocument({ db, store, ownerId: bob }, { bytes: pdf, mimeType: "application/pdf", filename: "b.pdf" });
  const hit = await cache.lookup(second.document.sha256);
  expect(hit).toEqual({ extractionId, layer: "redis" });
  await reuseExtraction(db, { jobId: second.job.id, documentId: second.document.id }, extractionId ?? "");
  const bobJob = await db.extractionJob.findUniqueOrThrow({ where: { id: second.job.id }, include: { extraction: true } });
  expect(bobJob.status).toBe("completed");
  expect(bobJob.extraction?.text).toBe(job.extraction?.text);

  const stats = await cache.stats();
  expect(stats.layers.redis).toMatchObject({ entries: 1, hits: 1, misses: 0, hitRate: 1 });
  expect(stats.layers.postgres).toMatchObject({ hits: 0, misses: 0 });
  expect(stats.redisUsedMemoryBytes).toBeGreaterThan(0);
});
