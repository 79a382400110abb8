// The jobs router through createCaller against the real PostgreSQL, on Redis and on BullMQ's
// PostgreSQL backend: get, cancel, retry, and the progress subscription (a late subscriber sees
// where the job is; only the owner may watch; the stream ends at done, failed or cancelled).
import { afterAll, describe, expect, it } from "vitest";
import type { TProgressEvent } from "@docvault/core";
import { failJob, reportProgress, claimJob } from "@docvault/db";
import { createProgressPublisher } from "@docvault/queue";
import { aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { remove, callerFor } = await createTestServices("j");

const { env } = await import("~/env");
const { createServices } = await import("../services");

type TServices = ReturnType<typeof createServices>;

const { REDIS_URL: _redis, ...withoutRedis } = env();
const backends = {
  redis: () => createServices(env()),
  postgres: () => createServices(withoutRedis),
};

afterAll(remove);

async function userWithJob(svc: TServices) {
  const user = await aUser(svc.db);
  const { document, job } = await aDocument(svc.db, user.id);
  return { userId: user.id, documentId: document.id, jobId: job.id, caller: callerFor(user, { services: svc }) };
}

async function take(iterable: AsyncIterable<TProgressEvent>, max: number): Promise<TProgressEvent[]> {
  const seen: TProgressEvent[] = [];
  for await (const event of iterable) {
    seen.push(event);
    if (seen.length >= max) break;
  }
  return seen;
}

describe.each(Object.keys(backends) as (keyof typeof backends)[])("jobs router on %s", (backend) => {
  const svc = backends[backend]();
  afterAll(async () => {
    await svc.shutdown();
  });

  it("get: the owner sees the job, another user gets NOT_FOUND", async () => {
    expect(svc.connection.kind).toBe(backend);
    const alice = await userWithJob(svc);
    const bob = await userWithJob(svc);
    const view = await alice.caller.jobs.get({ jobId: alice.jobId });
    expect(view).toMatchObject({ id: alice.jobId, documentId: alice.documentId, status: "pending", step: "queued", extractionId: null });
    await expect(bob.caller.jobs.get({ jobId: alice.jobId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("onProgress: current state first, then each step, ending at done", async () => {
    const alice = await userWithJob(svc);
    const publisher = createProgressPublisher(svc.connection);
    try {
      const stream = await alice.caller.jobs.onProgress({ jobId: alice.jobId });
      const iterator = stream[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.value).toMatchObject({ jobId: alice.jobId, step: "queued" });
      // Another job's events never reach this stream.
      const other = await userWithJob(svc);
      await publisher.publishProgress({ jobId: other.jobId, documentId: other.documentId, step: "done" });
      const base = { jobId: alice.jobId, documentId: alice.documentId };
      await publisher.publishProgress({ ...base, step: "validating" });
      await publisher.publishProgress({ ...base, step: "reading", page: 1, pages: 2 });
      await publisher.publishProgress({ ...base, step: "reading", page: 2, pages: 2 });
      await publisher.publishProgress({ ...base, step: "done" });
      const rest: TProgressEvent[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
      expect(rest.map((e) => [e.step, e.page ?? null])).toEqual([
        ["validating", null],
        ["reading", 1],
        ["reading", 2],
        ["done", null],
      ]);
      expect(rest.every((e) => e.jobId === alice.jobId)).toBe(true);
    } finally {
      await publisher.close();
    }
  });

  it("onProgress: a late subscriber to a finished job gets its final state and the stream ends", async () => {
    const alice = await userWithJob(svc);
    await failJob(svc.db, alice.jobId, "The PDF is password-protected.", true);
    const events = await take(await alice.caller.jobs.onProgress({ jobId: alice.jobId }), 5);
    expect(events).toEqual([{ jobId: alice.jobId, documentId: alice.documentId, step: "failed", reason: "The PDF is password-protected." }]);
  });

  it("onProgress: with no push at all (as on the embedded PGlite), the stream follows the row and ends", async () => {
    const alice = await userWithJob(svc);
    const stream = await alice.caller.jobs.onProgress({ jobId: alice.jobId });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ step: "queued" });
    // The worker's writes, without a single progress event published.
    await claimJob(svc.db, alice.jobId);
    await reportProgress(svc.db, alice.jobId, { step: "reading", page: 1, pages: 1 });
    expect((await iterator.next()).value).toMatchObject({ jobId: alice.jobId, step: "reading", page: 1, pages: 1 });
    await failJob(svc.db, alice.jobId, "The image is too dark to read.", true);
    expect((await iterator.next()).value).toMatchObject({ step: "failed", reason: "The image is too dark to read." });
    expect((await iterator.next()).done).toBe(true);
  });

  it("onProgress: another user cannot subscribe to the job", async () => {
    const alice = await userWithJob(svc);
    const bob = await userWithJob(svc);
    await expect(async () => take(await bob.caller.jobs.onProgress({ jobId: alice.jobId }), 1)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("failed and retryFailed: a person's failed documents with their reasons, all queued again at once; nobody else's", async () => {
    const alice = await userWithJob(svc);
    const second = await aDocument(svc.db, alice.userId, { filename: "scan.pdf" });
    const pending = await aDocument(svc.db, alice.userId);
    await failJob(svc.db, alice.jobId, "The PDF is password-protected: remove the password and upload it again.", true);
    await failJob(svc.db, second.job.id, "The image is too dark to read.", true);
    const bob = await userWithJob(svc);
    await failJob(svc.db, bob.jobId, "Bob's file could not be read.", true);

    const failed = await alice.caller.jobs.failed();
    expect(failed.map((f) => f.jobId).sort()).toEqual([alice.jobId, second.job.id].sort());
    expect(failed.find((f) => f.jobId === second.job.id)).toMatchObject({
      filename: "scan.pdf",
      reason: "The image is too dark to read.",
      documentId: second.document.id,
    });
    expect(failed.map((f) => f.jobId)).not.toContain(pending.job.id);

    expect(await alice.caller.jobs.retryFailed()).toEqual({ retried: 2, left: 0, retryAfterMs: null });
    expect(await alice.caller.jobs.failed()).toEqual([]);
    expect((await alice.caller.jobs.get({ jobId: second.job.id })).status).toBe("pending");
    // Bob's failure stays his.
    expect((await bob.caller.jobs.failed()).map((f) => f.jobId)).toEqual([bob.jobId]);
  });

  it("cancel and retry: the owner's subscriber sees cancelled; retry queues it again; others get NOT_FOUND", async () => {
    const alice = await userWithJob(svc);
    const bob = await userWithJob(svc);
    await svc.queue.enqueue({ extractionJobId: alice.jobId, documentId: alice.documentId, sha256: "a".repeat(64) });
    const stream = await alice.caller.jobs.onProgress({ jobId: alice.jobId });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ step: "queued" });

    await expect(bob.caller.jobs.cancel({ jobId: alice.jobId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const cancelled = await alice.caller.jobs.cancel({ jobId: alice.jobId });
    expect(cancelled).toMatchObject({ status: "cancelled", step: "cancelled" });
    expect((await iterator.next()).value).toMatchObject({ step: "cancelled" });
    expect((await iterator.next()).done).toBe(true);
    expect(await svc.queue.inspect(alice.jobId)).toBeNull();

    await expect(alice.caller.jobs.cancel({ jobId: alice.jobId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(bob.caller.jobs.retry({ jobId: alice.jobId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const retried = await alice.caller.jobs.retry({ jobId: alice.jobId });
    expect(retried).toMatchObject({ status: "pending", step: "queued" });
    expect((await svc.queue.inspect(alice.jobId))?.state).toMatch(/waiting|prioritized/);
    await expect(alice.caller.jobs.retry({ jobId: alice.jobId })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
