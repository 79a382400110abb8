// Dedup and result caches against the real PostgreSQL and Redis: per-user dedup, cross-user reuse
// only after the server received the bytes, Redis in front of PostgreSQL, a version bump
// recomputing, and deletion taking file, rows and cache entry with it.
import { readdir } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION, WEBHOOK_QUEUE, webhookJobId, type TExtractionResult, type TWebhookJobPayload } from "@docvault/core";
import { makeTextPdf } from "@docvault/core/testing";
import { completeJob, createResultCache, getDocumentView } from "@docvault/db";
import { createRedis, openQueue } from "@docvault/queue";
import { createTestServices, once } from "./testing/test-services";

const { services, callerFor, close, redisUrl, prefix, storageDir } = await createTestServices("c");

const { acceptUpload } = await import("./accept-upload");

const files = async () =>
  (await readdir(storageDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && !e.parentPath.endsWith("tmp")).length;

const RESULT: TExtractionResult = {
  pipelineVersion: PIPELINE_VERSION,
  engines: ["pdf-text"],
  pages: [],
  text: "Shared invoice 4711",
  confidence: 1,
};

describe("dedup and result caches", () => {
  let alice: string;
  let bob: string;
  let pdf: Uint8Array;
  // Results other files of this run left in the shared database: this file adds one.
  let entriesBefore: number;
  beforeAll(async () => {
    const { db, cache } = services();
    entriesBefore = (await cache.stats()).entries;
    alice = (await db.user.create({ data: { email: "alice@example.test" } })).id;
    bob = (await db.user.create({ data: { email: "bob@example.test" } })).id;
    pdf = await makeTextPdf([["Shared invoice 4711"]]);
  });
  afterAll(close);

  it("gives a result to another user only once that user has uploaded the same bytes", async () => {
    const svc = services();
    const first = await acceptUpload(svc, once(pdf), { filename: "a.pdf", declaredType: "application/pdf", ownerId: alice });
    expect(first.status).toBe("accepted");
    await completeJob(
      svc.db,
      { id: first.jobId, documentId: first.documentId, sha256: (await svc.db.document.findUniqueOrThrow({ where: { id: first.documentId } })).sha256 },
      RESULT,
    );
    // Bob cannot see Alice's document by id.
    expect(await getDocumentView(svc.db, first.documentId, bob)).toBeNull();

    const counts = await svc.queue.counts();
    const queuedBefore = (counts.waiting ?? 0) + (counts.prioritized ?? 0);
    const second = await acceptUpload(svc, once(pdf), { filename: "b.pdf", declaredType: "application/pdf", ownerId: bob });
    // Answered as any fresh upload: nothing tells Bob that someone else had these bytes.
    expect(second).toEqual({ status: "accepted", documentId: second.documentId, jobId: second.jobId, jobStatus: "pending" });
    expect(second.documentId).not.toBe(first.documentId);
    const bobView = await getDocumentView(svc.db, second.documentId, bob);
    expect(bobView?.jobs[0]?.status).toBe("completed");
    expect(bobView?.extractions[0]?.text).toBe("Shared invoice 4711");
    const after = await svc.queue.counts();
    expect((after.waiting ?? 0) + (after.prioritized ?? 0)).toBe(queuedBefore);
    expect(await files()).toBe(1);
  });

  it("gives the same user the existing document and no new job", async () => {
    const svc = services();
    const again = await acceptUpload(svc, once(pdf), { filename: "again.pdf", declaredType: "application/pdf", ownerId: alice });
    expect(again.status).toBe("known");
    expect(await svc.db.document.count({ where: { ownerId: alice } })).toBe(1);
  });

  it("answers from Redis once PostgreSQL has filled it, and counts hits per layer", async () => {
    const svc = services();
    const sha = (await svc.db.document.findFirstOrThrow({ where: { ownerId: alice } })).sha256;
    const hit = await svc.cache.lookup(sha);
    expect(hit?.layer).toBe("redis");
    const stats = await svc.cache.stats();
    expect(stats.entries).toBe(entriesBefore + 1);
    expect(stats.layers.redis.hits).toBeGreaterThanOrEqual(1);
    expect(stats.layers.postgres.hits).toBeGreaterThanOrEqual(1);
    expect(stats.redisUsedMemoryBytes).toBeGreaterThan(0);
  });

  it("recomputes under a new pipeline version", async () => {
    const svc = services();
    const sha = (await svc.db.document.findFirstOrThrow({ where: { ownerId: alice } })).sha256;
    const redis = createRedis(redisUrl);
    const next = createResultCache({ db: svc.db, redis, prefix, ttlSeconds: 60, pipelineVersion: "next" });
    expect(await next.lookup(sha)).toBeNull();
    redis.disconnect();
  });

  it("deletes a document with its rows and cache entry, and its file only with the last document using it", async () => {
    const svc = services();
    const caller = callerFor({ id: alice });
    const aliceDoc = await svc.db.document.findFirstOrThrow({ where: { ownerId: alice } });
    expect(await caller.documents.delete({ id: aliceDoc.id })).toEqual({ deleted: true, fileRemoved: false });
    expect(await svc.db.extraction.count({ where: { documentId: aliceDoc.id } })).toBe(0);
    expect(await files()).toBe(1);
    // Another user's id is "not found", never deleted.
    const bobDoc = await svc.db.document.findFirstOrThrow({ where: { ownerId: bob } });
    await expect(caller.documents.delete({ id: bobDoc.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const bobCaller = callerFor({ id: bob });
    expect(await bobCaller.documents.delete({ id: bobDoc.id })).toEqual({ deleted: true, fileRemoved: true });
    expect(await files()).toBe(0);
    expect(await svc.cache.lookup(bobDoc.sha256)).toBeNull();
  });

  it("tells the webhooks of the user a result was reused for, and no one else's", async () => {
    const svc = services();
    const carol = (await svc.db.user.create({ data: { email: "carol@example.test" } })).id;
    const dave = (await svc.db.user.create({ data: { email: "dave@example.test" } })).id;
    const hook = (owner: string, events: string[]) =>
      svc.db.webhook.create({ data: { ownerId: owner, url: "https://hooks.example.test/docvault", secret: "s".repeat(32), events } });
    const carolsHook = await hook(carol, ["job.completed"]);
    await hook(carol, ["job.failed"]);
    await hook(dave, ["job.completed"]);
    const invoice = await makeTextPdf([["Invoice 9001 reused for Carol"]]);

    const first = await acceptUpload(svc, once(invoice), { filename: "d.pdf", declaredType: "application/pdf", ownerId: dave });
    const { sha256 } = await svc.db.document.findUniqueOrThrow({ where: { id: first.documentId } });
    await completeJob(svc.db, { id: first.jobId, documentId: first.documentId, sha256 }, { ...RESULT, text: "Invoice 9001" });
    const reused = await acceptUpload(svc, once(invoice), { filename: "c.pdf", declaredType: "application/pdf", ownerId: carol });
    expect(reused.status).toBe("accepted");

    // What the worker's webhook worker will send: Carol's job.completed hook, for her job, once.
    // (Dave's own completion was the worker's to announce; completeJob here stands in for it.)
    const deliveries = openQueue<TWebhookJobPayload>(svc.connection, WEBHOOK_QUEUE);
    try {
      const expected = { webhookId: carolsHook.id, event: "job.completed" as const, jobId: reused.jobId, documentId: reused.documentId };
      expect((await deliveries.getJob(webhookJobId(expected)))?.data).toEqual(expected);
      const counts = await deliveries.getJobCounts();
      expect(Object.values(counts).reduce((sum, n) => sum + n, 0)).toBe(1);
    } finally {
      await deliveries.close();
      await svc.webhooks().close();
    }
  });
});
