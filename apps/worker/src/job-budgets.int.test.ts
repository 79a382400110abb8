// Work per upload is bounded: a job past its time budget, or a PDF with more scanned pages than the
// OCR page budget, fails for good with a sentence, on a real queue and PostgreSQL.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FsBlobStore } from "@docvault/core/node";
import { stopLocalOcr } from "@docvault/core/engines";
import { stopIdentityReaders } from "@docvault/core/pipeline";
import { makeScannedPdf } from "@docvault/core/testing";
import { ensureLocalUser, type TDb } from "@docvault/db";
import { createExtractQueue, createExtractWorker, type TExtractQueue, type TExtractWorker } from "@docvault/queue";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { processExtractJob } from "./process-extract-job";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

const [target] = await queueTargets("jb");

describe("per-job budgets", () => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  const queues: TExtractQueue[] = [];
  const workers: TExtractWorker[] = [];
  let ownerId: string;

  beforeAll(async () => {
    if (!target) throw new Error("no queue target");
    svc = await createTestServices("-jb", { databaseUrl: target.databaseUrl, connection: target.connection });
    ({ db, store } = svc);
    ownerId = (await ensureLocalUser(db)).id;
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.close()));
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  async function run(budgets: { timeBudgetMs?: number; ocrPageBudget?: number }, pdf: Uint8Array) {
    const connection = target?.connection;
    if (!connection) throw new Error("no queue target");
    const queue = createExtractQueue(connection);
    const log = pino({ level: "silent" });
    const worker = createExtractWorker(connection, (job) => processExtractJob(job, { db, store, log, maxFileBytes: 50 << 20, ...budgets }), { concurrency: 1 });
    queues.push(queue);
    workers.push(worker);
    await worker.waitUntilReady();
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes: pdf, mimeType: "application/pdf", filename: "scan.pdf" });
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    const done = await waitForJob(db, job.id, 90_000);
    await worker.close();
    return done;
  }

  it("ends a job that reads past its time budget, once, with the limit in a sentence", async () => {
    const pdf = await makeScannedPdf(["PAGE ONE OF A LONG SCAN", "THE READING TAKES A WHILE"]);
    const job = await run({ timeBudgetMs: 20 }, pdf);
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toMatch(/longer than the .* limit for one document\. Split it/);
    expect(job.extraction).toBeNull();
  });

  it("refuses a PDF with more pages without text than the OCR page budget, before reading any", async () => {
    const job = await run({ ocrPageBudget: 2 }, await makeScannedPdf(["A SCANNED PAGE"], 3));
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toContain("3 pages without a text layer; local OCR reads at most 2 scanned pages");
  });
});
