// Queue semantics docvault relies on, on Redis, on BullMQ's PostgreSQL backend and on the embedded
// default (that backend on PGlite): priority order,
// retries with exponential backoff, failures that can never succeed, 429 delays, retry of a failed job.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { AppError, type TExtractJobPayload } from "@docvault/core";
import { createExtractQueue, createExtractWorker, type TExtractQueue, type TExtractWorker } from "./extract-queue";
import { deleteKeysWithPrefix } from "./redis-keys";
import { queueTargets } from "./testing/queue-targets";

const targets = await queueTargets("sem");

const payloadFor = (): TExtractJobPayload => ({ extractionJobId: randomUUID(), documentId: randomUUID(), sha256: "a".repeat(64) });

async function waitForState(queue: TExtractQueue, id: string, states: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await queue.inspect(id);
    if (found && states.includes(found.state)) return found;
    if (Date.now() > deadline) throw new Error(`job ${id} is ${found?.state ?? "gone"}, not ${states.join("|")}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(targets)("queue semantics on $name", ({ connection }) => {
  const retry = { attempts: 3, backoffMs: 300 };
  const queue = createExtractQueue(connection, { retry });
  let worker: TExtractWorker | undefined;

  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });
  afterAll(async () => {
    await queue.close();
    if (connection.kind === "redis") await deleteKeysWithPrefix(connection.url, connection.prefix);
  });

  it("runs higher-priority jobs first (10 highest, interactive 8 before bulk 2)", async () => {
    const jobs = [2, 5, 10, 8].map((priority) => ({ priority, payload: payloadFor() }));
    for (const job of jobs) await queue.enqueue(job.payload, { priority: job.priority });
    const order: number[] = [];
    worker = createExtractWorker(
      connection,
      async (job) => {
        order.push(jobs.find((j) => j.payload.extractionJobId === job.data.extractionJobId)?.priority ?? -1);
      },
      { concurrency: 1 },
    );
    for (const job of jobs) await waitForState(queue, job.payload.extractionJobId, ["completed"]);
    expect(order).toEqual([10, 8, 5, 2]);
  });

  it("retries a transient failure with exponential backoff, then keeps it failed with its reason", async () => {
    const payload = payloadFor();
    const startedAt: number[] = [];
    worker = createExtractWorker(
      connection,
      async () => {
        startedAt.push(Date.now());
        throw new AppError("ENGINE_FAILED", "The OCR engine crashed.");
      },
      { concurrency: 1 },
    );
    await queue.enqueue(payload);
    const failed = await waitForState(queue, payload.extractionJobId, ["failed"]);
    expect(startedAt).toHaveLength(3);
    expect(failed.attemptsMade).toBe(3);
    expect(failed.failedReason).toBe("The OCR engine crashed.");
    const [a = 0, b = 0, c = 0] = startedAt;
    // 300 ms then 600 ms: each wait doubles.
    expect(b - a).toBeGreaterThanOrEqual(290);
    expect(c - b).toBeGreaterThanOrEqual(590);
  });

  it("fails at once a job that can never succeed, and its owner can retry it under the same id", async () => {
    const payload = payloadFor();
    let calls = 0;
    worker = createExtractWorker(
      connection,
      async () => {
        calls += 1;
        if (calls === 1) throw new AppError("CORRUPT_FILE", "The PDF is damaged.");
        return "ok";
      },
      { concurrency: 1 },
    );
    await queue.enqueue(payload);
    const failed = await waitForState(queue, payload.extractionJobId, ["failed"]);
    expect(failed.attemptsMade).toBe(1);
    expect(failed.failedReason).toBe("The PDF is damaged.");
    expect(calls).toBe(1);

    await queue.requeue(payload);
    const done = await waitForState(queue, payload.extractionJobId, ["completed"]);
    expect(calls).toBe(2);
    expect(done.attemptsMade).toBe(1);
    // A completed job can be re-run too (e.g. after a cancel): removed, then added again.
    await queue.requeue(payload);
    await waitForState(queue, payload.extractionJobId, ["completed"]);
    expect(calls).toBe(3);
  });

  it("delays a rate-limited job by its Retry-After without spending an attempt", async () => {
    const strict = createExtractQueue(connection, { retry: { attempts: 1, backoffMs: 10 } });
    const payload = payloadFor();
    const startedAt: number[] = [];
    worker = createExtractWorker(
      connection,
      async () => {
        startedAt.push(Date.now());
        if (startedAt.length === 1) throw new AppError("RATE_LIMITED", "Mistral is rate-limiting docvault.", { retryAfterMs: 800 });
        return "ok";
      },
      { concurrency: 1 },
    );
    await strict.enqueue(payload);
    // With one attempt only, completing proves the 429 did not count as a failed attempt.
    const done = await waitForState(strict, payload.extractionJobId, ["completed", "failed"]);
    await strict.close();
    expect(done.state).toBe("completed");
    expect(startedAt).toHaveLength(2);
    const [first = 0, second = 0] = startedAt;
    expect(second - first).toBeGreaterThanOrEqual(780);
  });

  it("removes a pending job but not a running one", async () => {
    const payload = payloadFor();
    await queue.enqueue(payload);
    expect(await queue.removePending(payload.extractionJobId)).toBe(true);
    expect(await queue.inspect(payload.extractionJobId)).toBeNull();

    const running = payloadFor();
    let release: () => void = () => undefined;
    const started = new Promise<void>((resolve) => {
      worker = createExtractWorker(
        connection,
        () =>
          new Promise<void>((done) => {
            release = done;
            resolve();
          }),
        { concurrency: 1 },
      );
    });
    await queue.enqueue(running);
    await started;
    expect(await queue.removePending(running.extractionJobId)).toBe(false);
    release();
    await waitForState(queue, running.extractionJobId, ["completed"]);
  });
});
