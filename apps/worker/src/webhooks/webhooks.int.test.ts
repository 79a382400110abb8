// Webhooks against a real HTTP server on 127.0.0.1, on Redis and on BullMQ's PostgreSQL backend:
// a job that completes is POSTed, signed, to its owner's hooks; a receiver that fails twice gets
// the third attempt (exponential backoff), every attempt correctly signed; nobody else is told.
import { randomBytes } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PIPELINE_VERSION, WEBHOOK_QUEUE, webhookJobId } from "@docvault/core";
import { verifyWebhook } from "@docvault/core/node";
import { createDb, createWebhook, type TDb } from "@docvault/db";
import { aCompletedExtraction, aUser } from "@docvault/db/testing/factories";
import { createProgressPublisher, deleteKeysWithPrefix, openQueue, type TQueueConnection } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";
import { startWebhookReceiver, type TReceived } from "../testing/webhook-receiver";
import { startWebhooks } from "./start-webhooks";

/** Waits until the delivery job is completed or failed (for good), and returns it. */
async function finishedDelivery(queue: ReturnType<typeof openQueue>, deliveryId: string) {
  for (;;) {
    const state = await (await queue.getJob(deliveryId))?.getState();
    // The job is read again once its state is final: one read before the state could predate the
    // outcome (state "failed", no failedReason yet).
    const job = state === "completed" || state === "failed" ? await queue.getJob(deliveryId) : undefined;
    if (job) return { state, job };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const connections: TQueueConnection[] = [
  { kind: "redis", url: inject("redisUrl"), prefix: `${inject("queuePrefix")}-hooks` },
  { kind: "postgres", url: inject("databaseUrl"), schema: "public" },
];

afterAll(async () => {
  await deleteKeysWithPrefix(inject("redisUrl"), `${inject("queuePrefix")}-hooks`);
});

describe.each(connections)("webhooks on $kind", (connection) => {
  let db: TDb;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let base: string;
  const received: TReceived[] = [];
  let failuresLeft = 2;

  beforeAll(async () => {
    db = createDb(inject("databaseUrl"));
    receiver = await startWebhookReceiver(received, (path) => {
      const fail = path === "/alice" && failuresLeft > 0;
      if (fail) failuresLeft -= 1;
      return fail ? 500 : 204;
    });
    base = `http://127.0.0.1:${receiver.port}`;
  });
  afterAll(async () => {
    await receiver.close();
    await db.$disconnect();
  });

  async function userWithCompletedJob() {
    const user = await aUser(db);
    const result = { pipelineVersion: `${PIPELINE_VERSION}-hooks`, engines: [], pages: [], text: "", confidence: 1 };
    const { document, job } = await aCompletedExtraction(db, user.id, result);
    return { userId: user.id, documentId: document.id, jobId: job.id };
  }

  it("retries a failing receiver with backoff: three deliveries, each validly signed; other users' hooks hear nothing", async () => {
    const alice = await userWithCompletedJob();
    const bob = await userWithCompletedJob();
    const secret = `whsec_${randomBytes(24).toString("base64url")}`;
    const hook = await createWebhook(db, { ownerId: alice.userId, url: `${base}/alice`, secret, events: ["job.completed", "job.failed"] });
    await createWebhook(db, { ownerId: alice.userId, url: `${base}/alice-failed-only`, secret, events: ["job.failed"] });
    await createWebhook(db, { ownerId: bob.userId, url: `${base}/bob`, secret: "bob-secret", events: ["job.completed"] });

    // The receiver is on loopback: allowed here on purpose (WEBHOOK_ALLOW_PRIVATE).
    const webhooks = await startWebhooks({ connection, db, log: pino({ level: "silent" }), retry: { attempts: 5, backoffMs: 100 }, allowPrivate: true });
    const publisher = webhooks.wrap(createProgressPublisher(connection));
    const queue = openQueue(connection, WEBHOOK_QUEUE);
    try {
      await publisher.publishProgress({ jobId: alice.jobId, documentId: alice.documentId, step: "reading", page: 1, pages: 1 });
      await publisher.publishProgress({ jobId: alice.jobId, documentId: alice.documentId, step: "done" });
      // The same notification twice (a redelivered job) is one delivery, not two.
      await publisher.publishProgress({ jobId: alice.jobId, documentId: alice.documentId, step: "done" });

      const deliveryId = webhookJobId({ webhookId: hook.id, event: "job.completed", jobId: alice.jobId, documentId: alice.documentId });
      expect((await finishedDelivery(queue, deliveryId)).state).toBe("completed");

      expect(received.map((r) => r.path)).toEqual(["/alice", "/alice", "/alice"]);
      for (const request of received) {
        const signature = request.headers["x-docvault-signature"];
        const timestamp = request.headers["x-docvault-timestamp"];
        expect(
          verifyWebhook(
            secret,
            { signature: typeof signature === "string" ? signature : null, timestamp: typeof timestamp === "string" ? timestamp : null },
            request.body,
          ),
        ).toBe(true);
        expect(
          verifyWebhook(
            "bob-secret",
            { signature: typeof signature === "string" ? signature : null, timestamp: typeof timestamp === "string" ? timestamp : null },
            request.body,
          ),
        ).toBe(false);
        expect(request.headers["x-docvault-event"]).toBe("job.completed");
        expect(request.headers["x-docvault-delivery"]).toBe(deliveryId);
        expect(JSON.parse(request.body)).toMatchObject({
          event: "job.completed",
          data: { jobId: alice.jobId, documentId: alice.documentId, status: "completed", error: null },
        });
      }
    } finally {
      await publisher.close();
      await queue.close();
      await webhooks.stop();
    }
  });

  it("by default sends nothing to a loopback address: the delivery fails at once with the reason (SSRF)", async () => {
    const carol = await userWithCompletedJob();
    const hook = await createWebhook(db, { ownerId: carol.userId, url: `${base}/carol`, secret: "carol-secret", events: ["job.completed"] });
    const webhooks = await startWebhooks({ connection, db, log: pino({ level: "silent" }), retry: { attempts: 5, backoffMs: 100 } });
    const publisher = webhooks.wrap(createProgressPublisher(connection));
    const queue = openQueue(connection, WEBHOOK_QUEUE);
    try {
      await publisher.publishProgress({ jobId: carol.jobId, documentId: carol.documentId, step: "done" });
      const deliveryId = webhookJobId({ webhookId: hook.id, event: "job.completed", jobId: carol.jobId, documentId: carol.documentId });
      const { state, job } = await finishedDelivery(queue, deliveryId);
      expect(state).toBe("failed");
      expect(job.failedReason).toMatch(/127\.0\.0\.1, a private or loopback address/);
      // Not retried: an address does not become public by waiting.
      expect(job.attemptsMade).toBe(1);
      expect(received.filter((r) => r.path === "/carol")).toEqual([]);
    } finally {
      await publisher.close();
      await queue.close();
      await webhooks.stop();
    }
  });
});
