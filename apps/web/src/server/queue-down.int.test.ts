// With Redis unreachable, an upload is still accepted (rows committed as pending, no 5xx): the
// worker's outbox sweep enqueues it once the queue is back (apps/worker/src/outbox.int.test.ts).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { makeTextPdf } from "@docvault/core/testing";
import type {} from "@docvault/db/testing/global-setup";

const storageDir = await mkdtemp(join(tmpdir(), "dv-queue-down-"));
process.env.DATABASE_URL = inject("databaseUrl");
// Port 1 on loopback: nothing listens, connections are refused.
process.env.REDIS_URL = "redis://127.0.0.1:1";
process.env.QUEUE_PREFIX = `${inject("queuePrefix")}d`;
process.env.STORAGE_DIR = storageDir;
process.env.LOG_LEVEL = "silent";

const { services } = await import("./services");
const { acceptUpload } = await import("./accept-upload");

async function* once(bytes: Uint8Array) {
  yield bytes;
}

describe("uploads while the queue is unreachable", () => {
  afterAll(async () => {
    const svc = services();
    await Promise.race([svc.queue.close(), new Promise((r) => setTimeout(r, 1000))]);
    await svc.db.$disconnect();
    await rm(storageDir, { recursive: true, force: true });
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
