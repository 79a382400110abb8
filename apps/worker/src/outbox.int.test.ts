// The outbox: a document committed while the queue was unreachable (rows written, no queue job) is
// enqueued by the worker's sweep once the queue answers, and read exactly once. Both backends.
import { createHash, randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTextPdf } from "@docvault/core/testing";
import { ensureLocalUser, type TDb } from "@docvault/db";
import type { TExtractQueue } from "@docvault/queue";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { startOutboxSweeper } from "./outbox-sweeper";
import { storeDocument } from "./testing/store-document";

const targets = await queueTargets("o");

describe.each(targets)("outbox on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let queue: TExtractQueue;
  beforeAll(async () => {
    svc = await createTestServices("-o", { databaseUrl, connection });
    db = svc.db;
    queue = svc.extractQueue();
  });
  afterAll(() => svc.close());

  it("enqueues a committed job that never reached the queue, once, however often it sweeps", async () => {
    const { store } = svc;
    const ownerId = (await ensureLocalUser(db)).id;
    // What the upload route leaves when the queue is unreachable: the rows, no queue job.
    const { job } = await storeDocument(
      { db, store, ownerId },
      { bytes: await makeTextPdf([[`outbox ${name}`]]), mimeType: "application/pdf", filename: "outbox.pdf" },
    );
    const waiting = async () => {
      const c = await queue.counts();
      return (c.waiting ?? 0) + (c.prioritized ?? 0);
    };
    expect(await queue.inspect(job.id)).toBeNull();
    const sweeper = startOutboxSweeper({ db, queue, log: pino({ level: "silent" }), intervalMs: 60_000, staleMs: 0 });
    // The first sweep may also enqueue pending rows other test files left in this database.
    expect(await sweeper.sweepOnce()).toBeGreaterThanOrEqual(1);
    expect((await queue.inspect(job.id))?.state).toMatch(/^(waiting|prioritized)$/);
    const afterFirst = await waiting();
    await sweeper.sweepOnce();
    sweeper.stop();
    // Deterministic job ids: the second sweep finds the same rows and adds no queue job.
    expect(await waiting()).toBe(afterFirst);
    expect((await db.extractionJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("pending");
    // No worker runs in this file: retire the row so the other backend's sweep does not see it.
    await db.extractionJob.update({ where: { id: job.id }, data: { status: "cancelled" } });
  });

  it("reaches every stale pending row in one sweep, not only the 200 oldest", async () => {
    const ownerId = (await ensureLocalUser(db)).id;
    const count = 250;
    const documents = Array.from({ length: count }, (_, i) => {
      const sha256 = createHash("sha256").update(`outbox page ${name} ${i}`).digest("hex");
      return {
        id: randomUUID(),
        ownerId,
        sha256,
        originalFilename: `p${i}.pdf`,
        mimeType: "application/pdf",
        sizeBytes: 1,
        storageKey: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
      };
    });
    await db.document.createMany({ data: documents });
    // All queued in the same millisecond, an hour ago: the page boundary falls inside equal queuedAt values.
    const queuedAt = new Date(Date.now() - 3_600_000);
    const jobs = documents.map((d) => ({ id: randomUUID(), documentId: d.id, queuedAt }));
    await db.extractionJob.createMany({ data: jobs });
    const sweeper = startOutboxSweeper({ db, queue, log: pino({ level: "silent" }), intervalMs: 60_000, staleMs: 0 });
    try {
      expect(await sweeper.sweepOnce()).toBeGreaterThanOrEqual(count);
    } finally {
      sweeper.stop();
    }
    const missing: string[] = [];
    for (const job of jobs) if (!(await queue.inspect(job.id))) missing.push(job.id);
    expect(missing).toEqual([]);
    await db.extractionJob.updateMany({ where: { id: { in: jobs.map((j) => j.id) } }, data: { status: "cancelled" } });
  }, 120_000);
});
