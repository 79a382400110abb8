// The Mistral batch lane as an import of many documents relies on it: bulk documents that need
// Mistral go together in one batch job (one JSONL file, half the price), every reading lands on
// its own document, and a batch that expires costs no document: each is read in real time instead.
// Real Redis and PostgreSQL; the stub engine reads nothing locally, so every document needs Mistral,
// which is the fake on 127.0.0.1 (batch endpoints included) reached through the real SDK.
import { createHash, randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_PRIORITY } from "@docvault/core";
import { parseStoredAnalysis } from "@docvault/core/pipeline";
import { renderTextImage } from "@docvault/core/testing";
import { startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

describe("the Mistral batch lane for bulk documents", () => {
  let svc: TTestServices;
  let fake: TFakeMistral;
  let worker: TRunningWorker | undefined;
  // Each document's number, by the SHA-256 of its bytes: what the fake's OCR reads on it.
  const numbers = new Map<string, number>();
  const sha = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

  beforeAll(async () => {
    svc = await createTestServices("-batch");
    fake = await startFakeMistral({
      ocrPages: (doc) => [
        {
          markdown: `CORNER BAKERY SDN BHD\n\nRECEIPT ${doc.bytes ? numbers.get(sha(doc.bytes)) : "?"}\n\nTOTAL RM ${doc.bytes ? numbers.get(sha(doc.bytes)) : 0}.00`,
        },
      ],
      // The structuring call answers with the total its text shows, so a reading on the wrong document shows.
      answer: (request: Record<string, unknown>) => {
        const text = JSON.stringify(request.messages);
        return {
          merchant: "CORNER BAKERY SDN BHD",
          address: null,
          date: null,
          total: `${/TOTAL RM (\d+)\.00/.exec(text)?.[1] ?? "0"}.00`,
          currency: "MYR",
          tax: null,
          lineItems: [],
        };
      },
    });
  });

  afterAll(async () => {
    await worker?.stop();
    await fake.close();
    await svc.close();
  });

  async function startWith(env: Record<string, string>) {
    await worker?.stop();
    worker = await startWorker(
      readEnv({
        ...svc.serviceEnv,
        WORKER_ENGINE: "stub",
        WORKER_CONCURRENCY: "8",
        MISTRAL_CONCURRENCY: "16",
        MISTRAL_API_KEY: "test-key",
        MISTRAL_SERVER_URL: fake.url,
        MISTRAL_RETRIES: "0",
        MISTRAL_BATCH_POLL_MS: "200",
        LOG_LEVEL: "silent",
        ...env,
      }),
      pino({ level: "silent" }),
    );
  }

  async function submit(count: number, priority: number) {
    const ownerId = (await aUser(svc.db)).id;
    const jobs: { id: string; n: number }[] = [];
    for (let i = 0; i < count; i++) {
      const n = 100 + numbers.size;
      const bytes = await renderTextImage([`DOCUMENT ${n}`, randomUUID()]);
      numbers.set(sha(bytes), n);
      const { document, job } = await storeDocument(
        { db: svc.db, store: svc.store, ownerId },
        { bytes, mimeType: "image/png", filename: `${n}.png`, priority },
      );
      await svc.extractQueue().enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 }, { priority });
      jobs.push({ id: job.id, n });
    }
    return jobs;
  }

  it("sends 50 bulk documents as one batch job and lands every reading on its own document, at the batch rate", async () => {
    // Only a full batch goes: the 50 must travel together.
    await startWith({ MISTRAL_BATCH_SIZE: "50", MISTRAL_BATCH_MAX_WAIT_MS: "600000" });
    const jobs = await submit(50, JOB_PRIORITY.bulk);
    const done = await Promise.all(jobs.map(async ({ id, n }) => ({ n, job: await waitForJob(svc.db, id, 120_000) })));

    expect(fake.batchJobs()).toHaveLength(1);
    const [batch] = fake.batchJobs();
    expect(batch).toMatchObject({ endpoint: "/v1/ocr", model: "mistral-ocr-latest", lineCount: 50, status: "SUCCESS" });
    expect(new Set(batch?.customIds)).toEqual(new Set(jobs.map((j) => j.id)));
    // No document was read in real time; each was structured once.
    expect(fake.requests.filter((r) => r.path === "/v1/ocr")).toHaveLength(0);
    expect(fake.requests.filter((r) => r.path === "/v1/chat/completions")).toHaveLength(50);
    for (const { n, job } of done) {
      expect(job.status).toBe("completed");
      expect(job.extraction?.enginesUsed).toContain("mistral");
      const fields = parseStoredAnalysis(job.extraction?.data)?.document.fields as Record<string, { value: unknown }>;
      expect(fields.total?.value).toBe(`${n}.00`);
      // One page at the batch rate ($2 per 1,000 pages), not the real-time $4.
      expect(Number(job.extraction?.costUsd)).toBeCloseTo(0.002, 6);
    }
    // Mistral keeps nothing once the readings are in PostgreSQL; docvault keeps no batch state.
    expect(fake.storedFileIds()).toEqual([]);
    expect(await svc.db.mistralBatchItem.count()).toBe(0);
  });

  it("reads in real time what an expired batch did not, and leaves documents that are not bulk out of batches", async () => {
    fake.requests.length = 0;
    // A batch of three goes as soon as the third arrives (a short wait instead split them over two
    // batches when the machine was busy and the submissions took longer than the wait).
    await startWith({ MISTRAL_BATCH_SIZE: "3", MISTRAL_BATCH_MAX_WAIT_MS: "600000" });
    fake.setBehaviour("batch-create", { kind: "batch", end: "TIMEOUT_EXCEEDED", processed: 0 });
    const bulk = await submit(3, JOB_PRIORITY.bulk);
    const interactive = await submit(1, JOB_PRIORITY.interactive);
    const done = await Promise.all([...bulk, ...interactive].map(async ({ id, n }) => ({ n, job: await waitForJob(svc.db, id, 60_000) })));

    expect(fake.batchJobs().at(-1)).toMatchObject({ lineCount: 3, status: "TIMEOUT_EXCEEDED" });
    expect(fake.batchJobs().at(-1)?.customIds).not.toContain(interactive[0]?.id);
    // The three of the expired batch and the interactive one: four real-time OCR calls, all completed.
    expect(fake.requests.filter((r) => r.path === "/v1/ocr")).toHaveLength(4);
    for (const { n, job } of done) {
      expect(job.status).toBe("completed");
      const fields = parseStoredAnalysis(job.extraction?.data)?.document.fields as Record<string, { value: unknown }>;
      expect(fields.total?.value).toBe(`${n}.00`);
      expect(Number(job.extraction?.costUsd)).toBeCloseTo(0.004, 6);
    }
    expect(await svc.db.mistralBatchItem.count()).toBe(0);
  });

  it("sends what waited MISTRAL_BATCH_MAX_WAIT_MS without filling a batch", async () => {
    await startWith({ MISTRAL_BATCH_SIZE: "50", MISTRAL_BATCH_MAX_WAIT_MS: "300" });
    fake.setBehaviour("batch-create", { kind: "batch", end: "SUCCESS" });
    const before = fake.batchJobs().length;
    const [alone] = await submit(1, JOB_PRIORITY.bulk);
    const job = await waitForJob(svc.db, alone?.id ?? "", 60_000);
    expect(job.status).toBe("completed");
    expect(fake.batchJobs()).toHaveLength(before + 1);
    expect(fake.batchJobs().at(-1)).toMatchObject({ lineCount: 1, status: "SUCCESS", customIds: [alone?.id] });
  });
});
