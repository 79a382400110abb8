// With Redis unreachable, an upload is still accepted (rows committed as pending, no 5xx): the
// worker's outbox sweep enqueues it once the queue is back (apps/worker/src/outbox.int.test.ts).
import { afterAll, describe, expect, it } from "vitest";
import { makeTextPdf } from "@docvault/core/testing";
import { createTestServices, once } from "./testing/test-services";

// Port 1 on loopback: nothing listens, connections are refused.
const { services, remove } = await createTestServices("d", { env: { REDIS_URL: "redis://127.0.0.1:1" } });
const { acceptUpload } = await import("./accept-upload");

describe("uploads while the queue is unreachable", () => {
  afterAll(async () => {
    const svc = services();
    await Promise.race([svc.queue.close(), new Promise((r) => setTimeout(r, 1000))]);
    await svc.db.$disconnect();
    await remove();
  });

  it("accepts the document, keeps its job pending for the outbox, and answers within seconds", async () => {
    const svc = services();
    const owner = (await svc.db.user.create({ data: { email: "queue-down@example.test" } })).id;
    const started = Date.now();
    const result = await acceptUpload(svc, once(await makeTextPdf([["queue is down"]])), {
      filename: "down.pdf",
      declaredType: "application/pdf",
      ownerId: owner,
    });
    expect(result.status).toBe("accepted");
    // Bounded by the enqueue timeout (3 s) plus the Redis cache's own 0.5 s fallbacks, never a hang.
    expect(Date.now() - started).toBeLessThan(15_000);
    const job = await svc.db.extractionJob.findUniqueOrThrow({ where: { id: result.jobId } });
    expect(job.status).toBe("pending");
  });
});
