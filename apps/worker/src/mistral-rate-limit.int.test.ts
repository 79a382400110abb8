// The Mistral budget holds across the fleet: two worker instances, each with connections of its own
// and room for 4 jobs at once, share MISTRAL_RATE_MAX calls per MISTRAL_RATE_WINDOW_MS. Checked
// from the times BullMQ granted each job to a worker (what the limiter decides), and that every
// job reached the fake Mistral.
import { randomInt } from "node:crypto";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopLocalOcr } from "@docvault/core/engines";
import { analyzeDocument, identityReaders, stopIdentityReaders, type TAnalysis } from "@docvault/core/pipeline";
import type { FsBlobStore } from "@docvault/core/node";
import { renderTextImage } from "@docvault/core/testing";
import { startFakeMistral, type TFakeMistral } from "@docvault/core/testing/fake-mistral";
import { ensureLocalUser, saveLocalResult, type TDb } from "@docvault/db";
import { createExtractQueue, type TExtractQueue } from "@docvault/queue";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";

const RATE_MAX = 2;
const WINDOW_MS = 3_000;
const JOBS = 6;
const targets = await queueTargets("rate");

/** The most requests that arrived within any span shorter than windowMs. */
function busiestWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

describe.each(targets)("fleet-wide Mistral rate limit on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  let mistralQueue: TExtractQueue;
  let fake: TFakeMistral;
  let local: TAnalysis;
  const workers: TRunningWorker[] = [];
  const completedBy: number[] = [0, 0];

  // Counts the jobs each instance completed, from its own log.
  const countingLog = (index: number) =>
    pino(
      { level: "info" },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (chunk.toString().includes("escalated extraction completed")) completedBy[index] = (completedBy[index] ?? 0) + 1;
          done();
        },
      }),
    );

  beforeAll(async () => {
    svc = await createTestServices("-rate", { databaseUrl, connection });
    ({ db, store } = svc);
    mistralQueue = createExtractQueue(connection, { kind: "escalate" });
    fake = await startFakeMistral({
      pages: [{ markdown: "CORNER BAKERY SDN BHD\n\nTOTAL RM 8.00" }],
      answer: { merchant: "CORNER BAKERY SDN BHD", address: null, date: "2018-03-15", total: "8.00", currency: "MYR", tax: null, lineItems: [] },
    });
    // One local reading serves every job: the escalation continues from the saved local result.
    const sample = await renderTextImage(["CORNER BAKERY SDN BHD", "THANK YOU"]);
    local = await analyzeDocument({ bytes: sample, type: "image/png", readers: identityReaders });
    for (const index of [0, 1]) {
      const env = readEnv({
        ...svc.serviceEnv,
        WORKER_MODE: "mistral",
        MISTRAL_API_KEY: "test-key",
        MISTRAL_SERVER_URL: fake.url,
        MISTRAL_CONCURRENCY: "4",
        MISTRAL_RATE_MAX: String(RATE_MAX),
        MISTRAL_RATE_WINDOW_MS: String(WINDOW_MS),
        MISTRAL_RETRIES: "0",
      });
      workers.push(await startWorker(env, countingLog(index)));
    }
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await mistralQueue.close();
    await fake.close();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  it(`lets no ${WINDOW_MS} ms window see more than ${RATE_MAX} Mistral OCR calls across two workers`, async () => {
    const ownerId = (await ensureLocalUser(db)).id;
    const payloads: { extractionJobId: string; documentId: string; sha256: string }[] = [];
    for (let i = 0; i < JOBS; i++) {
      const bytes = await renderTextImage(["CORNER BAKERY SDN BHD", `CASHIER ${randomInt(1e9)}`]);
      const { document, job } = await storeDocument({ db, store, ownerId }, { bytes, mimeType: "image/png", filename: `r${i}.png` });
      await saveLocalResult(db, { id: job.id, documentId: document.id, sha256: document.sha256 }, local);
      payloads.push({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    }
    const jobIds = payloads.map((p) => p.extractionJobId);
    // All at once: 8 free slots across the fleet, so only the limiter holds them back.
    await Promise.all(payloads.map((p) => mistralQueue.enqueue(p)));
    const deadline = Date.now() + 90_000;
    let done = 0;
    const logged = () => (completedBy[0] ?? 0) + (completedBy[1] ?? 0);
    // The row completes a moment before the worker logs it.
    while ((done < JOBS || logged() < JOBS) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      done = await db.extractionJob.count({ where: { id: { in: jobIds }, status: { in: ["completed", "failed"] } } });
    }
    const rows = await db.extractionJob.findMany({ where: { id: { in: jobIds } }, select: { status: true, lastError: true } });
    expect(rows.map((r) => r.status)).toEqual(Array(JOBS).fill("completed"));
    const ocr = fake.requests.filter((r) => r.path === "/v1/ocr");
    // One call per job; a job taken back after a lost lock (a starved machine) calls again.
    expect(ocr.length).toBeGreaterThanOrEqual(JOBS);
    // When the limiter let each job start. Arrival times at the fake server are not used: on a
    // starved machine the time from a job's start to its request varies by hundreds of ms, so two
    // windows' requests could bunch up although the limiter held. The limiter's windows are fixed
    // and back to back, so any span shorter than a window holds at most one window's grants; 0.9
    // of a window leaves room for the few ms between Redis's clock and the worker's.
    const starts: number[] = [];
    for (const id of jobIds) {
      const seen = await mistralQueue.inspect(id);
      expect(seen?.processedOn).toBeGreaterThan(0);
      starts.push(seen?.processedOn ?? 0);
    }
    expect(busiestWindow(starts, WINDOW_MS * 0.9)).toBeLessThanOrEqual(RATE_MAX);
    // 6 jobs at 2 per window need 2 more windows after the first.
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThanOrEqual((JOBS / RATE_MAX - 1) * WINDOW_MS * 0.9);
    // And the budget was shared: both instances took jobs. On PGlite a waiting worker hears of new
    // jobs only by polling (NOTIFY does not cross pglite-socket connections), so one instance may
    // take them all; the limit above held with both running all the same.
    if (name !== "pglite") expect(completedBy.every((n) => n > 0)).toBe(true);
    expect(logged()).toBe(JOBS);
  });
});
