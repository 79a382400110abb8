// After a known set of documents is processed, the worker's /metrics shows exactly those counts:
// two text PDFs completed, one damaged PDF and one missing file failed with their reasons, queue
// depths read from BullMQ at scrape time; and /metrics refuses a request without the token.
import { randomUUID } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTextPdf } from "@docvault/core/testing";
import { createDocumentWithJob, ensureLocalUser } from "@docvault/db";
import { metricSample as sample } from "@docvault/telemetry/testing";
import { createTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";

const TOKEN = "metrics-token-0123456789";
const svc = await createTestServices("-met");
const { db, store } = svc;
const queue = svc.extractQueue();
let worker: TRunningWorker;

beforeAll(async () => {
  const env = readEnv({
    ...svc.serviceEnv,
    WORKER_HEALTH_PORT: "0",
    METRICS_TOKEN: TOKEN,
  });
  worker = await startWorker(env, pino({ level: "silent" }));
});

afterAll(async () => {
  await worker.stop();
  await svc.close();
});

it("shows exactly the completions, failures, durations and queue depths of the documents processed", async () => {
  const ownerId = (await ensureLocalUser(db)).id;
  const submitted: string[] = [];
  for (const label of ["first", "second"]) {
    const pdf = await makeTextPdf([[`Metrics ${label} ${randomUUID()}`]]);
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes: pdf, mimeType: "application/pdf", filename: `${label}.pdf` });
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    submitted.push(job.id);
  }
  const broken = await storeDocument(
    { db, store, ownerId },
    { bytes: new TextEncoder().encode(`%PDF-1.7\nbroken ${randomUUID()}`), mimeType: "application/pdf", filename: "broken.pdf" },
  );
  await queue.enqueue({ extractionJobId: broken.job.id, documentId: broken.document.id, sha256: broken.document.sha256 });
  submitted.push(broken.job.id);
  const sha256 = randomUUID().replaceAll("-", "").padEnd(64, "0");
  const missing = await createDocumentWithJob(db, {
    ownerId,
    sha256,
    originalFilename: "missing.pdf",
    mimeType: "application/pdf",
    sizeBytes: 100,
    storageKey: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`,
  });
  await queue.enqueue({ extractionJobId: missing.job.id, documentId: missing.document.id, sha256 });
  submitted.push(missing.job.id);

  const deadline = Date.now() + 60_000;
  const finished = () => db.extractionJob.count({ where: { id: { in: submitted }, status: { in: ["completed", "failed"] } } });
  while ((await finished()) < submitted.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // BullMQ records the failures a moment after the rows.
  for (let i = 0; i < 100 && ((await queue.counts()).failed ?? 0) < 2; i++) await new Promise((r) => setTimeout(r, 50));

  const url = `http://127.0.0.1:${worker.healthPort ?? 0}/metrics`;
  expect((await fetch(url)).status).toBe(401);
  expect((await fetch(url, { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
  const res = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  const text = await res.text();

  expect(sample(text, "docvault_extractions_completed_total")).toBe(2);
  expect(sample(text, "docvault_extractions_failed_total")).toBe(2);
  expect(sample(text, "docvault_extractions_failed_total", { reason: "CORRUPT_FILE" })).toBe(1);
  expect(sample(text, "docvault_extractions_failed_total", { reason: "NOT_FOUND" })).toBe(1);
  expect(sample(text, "docvault_extraction_duration_seconds_count", { engine: "pdf-text" })).toBe(2);
  expect(sample(text, "docvault_extraction_duration_seconds_count")).toBe(2);
  expect(sample(text, "docvault_queue_jobs", { queue: "extract", state: "failed" })).toBe(2);
  expect(sample(text, "docvault_queue_jobs", { queue: "extract", state: "waiting" })).toBe(0);
  expect(sample(text, "docvault_queue_jobs", { queue: "extract", state: "active" })).toBe(0);
  expect(sample(text, "docvault_mistral_pages_total")).toBe(0);
});
