// Escalation to Mistral as a person relies on it, on Redis and on BullMQ's PostgreSQL backend: a
// receipt whose total the local OCR misses is finished by Mistral (the fake server on 127.0.0.1)
// without reading it locally again; a 429 with Retry-After waits in the queue without spending an
// attempt; a Mistral that keeps failing, or refuses the key, costs no document: the job completes with
// the local reading and the reason, and the worker keeps running.
import { randomInt } from "node:crypto";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { TProgressEvent } from "@docvault/core";
import type { FsBlobStore } from "@docvault/core/node";
import { stopLocalOcr } from "@docvault/core/engines";
import { stopIdentityReaders } from "@docvault/core/pipeline";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { FAKE_RECEIPT_ANSWER as RECEIPT_ANSWER, startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { ensureLocalUser, type TDb } from "@docvault/db";
import { createExtractQueue, subscribeToProgress, type TExtractQueue, type TProgressSubscription } from "@docvault/queue";
import { createMetrics, type TMetrics } from "@docvault/telemetry";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Finished extractions are reused by content hash: every document gets a cashier of its own.
const cashier = () => Array.from({ length: 6 }, () => String.fromCharCode(65 + randomInt(26))).join("");

const MISTRAL_PAGE = { markdown: "CORNER BAKERY SDN BHD\n\nDATE: 15/03/2018\n\nTOTAL RM 8.00" };

const targets = await queueTargets("esc");

describe.each(targets)("escalation to Mistral on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  let queue: TExtractQueue;
  let mistralQueue: TExtractQueue;
  let ownerId: string;
  let fake: TFakeMistral;
  let worker: TRunningWorker;
  let subscription: TProgressSubscription;
  const events: TProgressEvent[] = [];
  const metrics: TMetrics = createMetrics({ service: "worker-test" });
  const metricValue = async (
    metric: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
    labels: Record<string, string> = {},
  ) => (await metric.get()).values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)).reduce((sum, v) => sum + v.value, 0);

  beforeAll(async () => {
    svc = await createTestServices("-esc", { databaseUrl, connection });
    ({ db, store } = svc);
    queue = svc.extractQueue();
    ownerId = (await ensureLocalUser(db)).id;
    mistralQueue = createExtractQueue(connection, { kind: "escalate" });
    fake = await startFakeMistral();
    subscription = await subscribeToProgress(connection, (e) => events.push(e));
    const env = readEnv({
      ...svc.serviceEnv,
      WORKER_MODE: "all",
      MISTRAL_API_KEY: "test-key",
      MISTRAL_SERVER_URL: fake.url,
      // Failures reach the queue at once, so its retries (3 attempts, 2 s then 4 s) are what is tested.
      MISTRAL_RETRIES: "0",
      MISTRAL_TIMEOUT_MS: "10000",
      WORKER_LOCK_DURATION_MS: "5000",
      WORKER_STALLED_INTERVAL_MS: "2000",
      WORKER_CANCEL_POLL_MS: "100",
      LOG_LEVEL: "silent",
    });
    worker = await startWorker(env, pino({ level: "silent" }), { metrics });
  });

  afterAll(async () => {
    await worker.stop();
    await subscription.close();
    await mistralQueue.close();
    await fake.close();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  beforeEach(() => {
    fake.requests.length = 0;
  });

  async function submit(bytes: Uint8Array, mimeType: string, filename: string) {
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes, mimeType, filename });
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    return job.id;
  }

  // A receipt the local OCR reads without a total, so it needs Mistral.
  const submitReceiptWithoutTotal = async () =>
    submit(await renderTextImage(["CORNER BAKERY SDN BHD", `CASHIER: ${cashier()}`, "THANK YOU"]), "image/png", "receipt.png");

  async function waitFor(id: string, statuses: string[], timeoutMs = 45_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await db.extractionJob.findUniqueOrThrow({ where: { id }, include: { extraction: true } });
      if (statuses.includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  // The row is updated before BullMQ records the outcome: wait for the queue's side too.
  async function waitForMistralQueueState(id: string, state: string) {
    let found = await mistralQueue.inspect(id);
    const settled = () => found?.state === state && (state !== "failed" || Boolean(found.failedReason));
    for (let i = 0; i < 200 && !settled(); i++) {
      await sleep(50);
      found = await mistralQueue.inspect(id);
    }
    return found;
  }

  const stepsOf = (jobId: string) => events.filter((e) => e.jobId === jobId).map((e) => e.step);
  const ocrCalls = () => fake.requests.filter((r) => r.path === "/v1/ocr").length;

  it("finishes a receipt whose total the local OCR missed with Mistral, reading it locally once", async () => {
    fake.setBehaviour("ocr", { kind: "ok", pages: [MISTRAL_PAGE] });
    fake.setBehaviour("chat", { kind: "ok", answer: RECEIPT_ANSWER });
    const before = {
      pages: await metricValue(metrics.mistralPages),
      cost: await metricValue(metrics.mistralCost),
      prompt: await metricValue(metrics.mistralTokens, { kind: "prompt" }),
      completion: await metricValue(metrics.mistralTokens, { kind: "completion" }),
    };
    const jobId = await submitReceiptWithoutTotal();
    const job = await waitFor(jobId, ["completed", "failed"]);
    expect(job.status).toBe("completed");
    expect(job.attempts).toBe(1);
    // Metrics: the page OCR billed, its price, and the structuring call's tokens (the fake reports 100 + 50),
    // counted just after the row is completed.
    await expect.poll(async () => (await metricValue(metrics.mistralPages)) - before.pages).toBe(1);
    expect((await metricValue(metrics.mistralCost)) - before.cost).toBeCloseTo(0.004, 6);
    expect((await metricValue(metrics.mistralTokens, { kind: "prompt" })) - before.prompt).toBe(100);
    expect((await metricValue(metrics.mistralTokens, { kind: "completion" })) - before.completion).toBe(50);
    const extraction = job.extraction;
    expect(extraction?.enginesUsed).toContain("mistral");
    expect(extraction?.enginesUsed.filter((e) => e === "tesseract")).toHaveLength(1);
    expect(extraction?.pagesBilled).toBe(1);
    expect(Number(extraction?.costUsd)).toBeCloseTo(0.004, 6);
    const data = extraction?.data as { document: { fields: Record<string, { value: unknown; method: string }> } };
    expect(data.document.fields.total).toMatchObject({ value: "8.00", method: "mistral" });
    expect(await db.extraction.count({ where: { jobId } })).toBe(1);
    expect(ocrCalls()).toBe(1);
    expect((await waitForMistralQueueState(jobId, "completed"))?.state).toBe("completed");

    if (name === "pglite") {
      // No push on PGlite (README, backends): the row keeps the last step.
      expect((await db.extractionJob.findUniqueOrThrow({ where: { id: jobId } })).progress).toMatchObject({ step: "done" });
      return;
    }
    // "done" is published just after the row is completed.
    for (let i = 0; i < 100 && !stepsOf(jobId).includes("done"); i++) await sleep(50);
    const steps = stepsOf(jobId);
    // The extract job ran (and read the image) once; the Mistral job continued from its saved result.
    expect(steps.filter((s) => s === "validating")).toHaveLength(1);
    expect(steps.filter((s) => s === "escalating").length).toBeGreaterThanOrEqual(1);
    expect(steps.at(-1)).toBe("done");
  });

  it("waits out a 429 with Retry-After in the queue without spending an attempt, then completes", async () => {
    fake.setBehaviour("ocr", { kind: "rate-limited", retryAfter: "1" }, { kind: "ok", pages: [MISTRAL_PAGE] });
    fake.setBehaviour("chat", { kind: "ok", answer: RECEIPT_ANSWER });
    const jobId = await submitReceiptWithoutTotal();

    // Watch the Mistral job until the row is finished: it must pass through "delayed" with no attempt made.
    const seen: { state: string; attemptsMade: number }[] = [];
    const rowStatuses: string[] = [];
    const deadline = Date.now() + 45_000;
    let row = await db.extractionJob.findUniqueOrThrow({ where: { id: jobId }, include: { extraction: true } });
    while (!["completed", "failed"].includes(row.status) && Date.now() < deadline) {
      const found = await mistralQueue.inspect(jobId);
      if (found) seen.push({ state: found.state, attemptsMade: found.attemptsMade });
      rowStatuses.push(row.status);
      await sleep(25);
      row = await db.extractionJob.findUniqueOrThrow({ where: { id: jobId }, include: { extraction: true } });
    }
    const delayed = seen.filter((s) => s.state === "delayed");
    expect(delayed.length).toBeGreaterThan(0);
    expect(delayed.every((s) => s.attemptsMade === 0)).toBe(true);
    // Never failed, not even for a retry: once started, the row stayed "processing" until it completed.
    expect(rowStatuses.slice(rowStatuses.indexOf("processing")).every((s) => s === "processing")).toBe(true);
    expect(row.status).toBe("completed");
    expect(row.lastError).toBeNull();
    expect(row.attempts).toBe(1);
    expect(row.extraction?.enginesUsed).toContain("mistral");
    expect(ocrCalls()).toBe(2);
    const finished = await waitForMistralQueueState(jobId, "completed");
    expect(finished?.state).toBe("completed");
    // Only the run that completed counts (BullMQ counts a completed run as an attempt made).
    expect(finished?.attemptsMade).toBeLessThanOrEqual(1);
  });

  it("completes with the local reading and Mistral's reason once the configured attempts are spent, and keeps running", async () => {
    fake.setBehaviour("ocr", { kind: "error", status: 500 });
    fake.setBehaviour("chat", { kind: "error", status: 500 });
    const skippedBefore = await metricValue(metrics.escalationsSkipped, { reason: "unavailable" });
    const jobId = await submitReceiptWithoutTotal();
    const job = await waitFor(jobId, ["completed", "failed"]);
    // An outage costs no document: the local result completes the job, its reason on the extraction.
    expect(job.status).toBe("completed");
    expect(job.extraction?.enginesUsed).not.toContain("mistral");
    expect(Number(job.extraction?.costUsd)).toBe(0);
    const data = job.extraction?.data as { keptLocal?: { reason: string }; document: { fields: { merchant: { value: string | null } } } };
    expect(data.keptLocal?.reason).toMatch(
      /^Mistral unavailable: kept the local reading\. Mistral OCR .*failed on Mistral's side \(HTTP 500\); try again later\./,
    );
    expect(data.document.fields.merchant.value).toContain("CORNER BAKERY");
    expect((await waitForMistralQueueState(jobId, "completed"))?.state).toBe("completed");
    // Three attempts (the queue's), each one OCR call, before the local reading was kept.
    expect(ocrCalls()).toBe(3);
    expect(await metricValue(metrics.escalationsSkipped, { reason: "unavailable" })).toBe(skippedBefore + 1);

    // The worker is still there: a next, ordinary PDF (complete, so read locally) completes.
    const pdf = await makeTextPdf([
      ["CORNER BAKERY SDN BHD", "12 JALAN MAWAR", "DATE: 15/03/2018", `CASHIER: ${cashier()}`, "GRAND TOTAL RM 8.00", "THANK YOU"],
    ]);
    const next = await waitFor(await submit(pdf, "application/pdf", "next.pdf"), ["completed", "failed"]);
    expect(next.status).toBe("completed");
    expect(next.extraction?.enginesUsed).toEqual(["pdf-text"]);
    expect(ocrCalls()).toBe(3);
  });

  it("completes at once with the local reading when Mistral refuses the key (no retry can change that)", async () => {
    fake.setBehaviour("ocr", { kind: "error", status: 401 });
    const jobId = await submitReceiptWithoutTotal();
    const job = await waitFor(jobId, ["completed", "failed"]);
    expect(job.status).toBe("completed");
    expect((job.extraction?.data as { keptLocal?: { reason: string } }).keptLocal?.reason).toMatch(/Mistral rejected the API key \(HTTP 401\)/);
    expect(ocrCalls()).toBe(1);
    fake.setBehaviour("ocr", { kind: "ok" });
  });
});
