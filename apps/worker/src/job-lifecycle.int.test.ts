// What a person and an operator rely on, on Redis and on BullMQ's PostgreSQL backend: cancel
// (pending and running), bad input failing once with its reason, progress pushed per step, the
// health endpoint, and a worker killed with SIGKILL mid-job whose job still completes exactly once.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTRACT_JOB, EXTRACT_QUEUE, type TProgressEvent } from "@docvault/core";
import type { FsBlobStore } from "@docvault/core/node";
import { stopLocalOcr } from "@docvault/core/engines";
import { stopIdentityReaders } from "@docvault/core/pipeline";
import { makeTextPdf } from "@docvault/core/testing";
import { cancelJob, createDocumentWithJob, ensureLocalUser, requeueJob, type TDb } from "@docvault/db";
import { createExtractQueue, createJobControl, openQueue, subscribeToProgress, type TExtractQueue, type TQueueConnection } from "@docvault/queue";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startHealthServer } from "./health-server";
import { startWorker, type TRunningWorker } from "./start-worker";
import { once } from "./testing/store-document";

// A well-formed content key under which nothing was ever stored.
function missingFile(size: number) {
  const sha256 = randomUUID().replaceAll("-", "").padEnd(64, "0");
  return { sha256, size, key: `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}` };
}

const STEP_DELAY_MS = 1_500;
const workerDir = join(import.meta.dirname, "..");

const targets = await queueTargets("life");

describe.each(targets)("job lifecycle on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  let queue: TExtractQueue;
  let ownerId: string;
  let worker: TRunningWorker | undefined;
  const children: ChildProcess[] = [];

  const envVars = (extra: Record<string, string>): Record<string, string> => ({
    ...svc.serviceEnv,
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
    WORKER_CANCEL_POLL_MS: "100",
    LOG_LEVEL: "silent",
    ...extra,
  });
  const control = () => createJobControl({ queues: { extract: queue }, cancelInDb: (i) => cancelJob(db, i), requeueInDb: (i) => requeueJob(db, i) });

  beforeAll(async () => {
    svc = await createTestServices("-life", { databaseUrl, connection });
    ({ db, store } = svc);
    queue = svc.extractQueue();
    ownerId = (await ensureLocalUser(db)).id;
  });

  afterAll(async () => {
    for (const child of children) child.kill("SIGKILL");
    await worker?.stop();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  async function ensureWorker() {
    worker ??= await startWorker(readEnv(envVars({ DOCVAULT_TEST_STEP_DELAY_MS: String(STEP_DELAY_MS), WORKER_HEALTH_PORT: "0" })), pino({ level: "silent" }));
    return worker;
  }

  async function submit(label: string, opts: { store?: boolean } = {}) {
    const pdf = await makeTextPdf([[`${label} ${name} ${randomUUID()}`]]);
    const stored = opts.store === false ? missingFile(pdf.length) : await store.putStream(once(pdf), { maxBytes: 50 << 20 });
    const { document, job } = await createDocumentWithJob(db, {
      ownerId,
      sha256: stored.sha256,
      originalFilename: `${label}.pdf`,
      mimeType: "application/pdf",
      sizeBytes: stored.size,
      storageKey: stored.key,
    });
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    return { jobId: job.id, documentId: document.id };
  }

  async function waitFor(id: string, statuses: string[], timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await db.extractionJob.findUniqueOrThrow({ where: { id } });
      if (statuses.includes(job.status)) return job;
      if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // The row is updated before BullMQ records the outcome: wait for the queue's side too.
  async function waitForQueueState(id: string, state: string) {
    let found = await queue.inspect(id);
    // The PostgreSQL backend can show the new state a moment before the failure reason: wait for both.
    const settled = () => found?.state === state && (state !== "failed" || Boolean(found.failedReason));
    for (let i = 0; i < 200 && !settled(); i++) {
      await new Promise((r) => setTimeout(r, 50));
      found = await queue.inspect(id);
    }
    return found;
  }

  it("cancels a pending job: marked cancelled, out of the queue, never run", async () => {
    const { jobId } = await submit("pending");
    expect(await control().cancelJob(jobId, ownerId)).toBe(true);
    expect(await queue.inspect(jobId)).toBeNull();
    await ensureWorker();
    const job = await waitFor(jobId, ["cancelled"]);
    expect(job.attempts).toBe(0);
    expect(await db.extraction.count({ where: { jobId } })).toBe(0);
  });

  it("stops a running job that is cancelled, and pushes each step of a job to the web app", async () => {
    await ensureWorker();
    const events: TProgressEvent[] = [];
    const subscription = await subscribeToProgress(connection, (e) => events.push(e));
    try {
      const running = await submit("running");
      await waitFor(running.jobId, ["processing"]);
      expect(await control().cancelJob(running.jobId)).toBe(true);
      const done = await submit("progress");
      await waitFor(done.jobId, ["completed"]);
      // The cancelled job never stored a result, even though its handler was mid-way.
      expect((await db.extractionJob.findUniqueOrThrow({ where: { id: running.jobId } })).status).toBe("cancelled");
      expect(await db.extraction.count({ where: { jobId: running.jobId } })).toBe(0);
      if (name === "pglite") {
        // No push on PGlite: a NOTIFY never reaches a LISTEN on another connection (README,
        // backends). The rows carry the last step for the page to read instead.
        const progressOf = async (id: string) => (await db.extractionJob.findUniqueOrThrow({ where: { id } })).progress;
        expect(await progressOf(done.jobId)).toMatchObject({ step: "done" });
        expect(await progressOf(running.jobId)).toMatchObject({ step: "cancelled" });
        return;
      }
      // "done" is published just after the row is completed.
      for (let i = 0; i < 100 && !events.some((e) => e.jobId === done.jobId && e.step === "done"); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const steps = events.filter((e) => e.jobId === done.jobId).map((e) => e.step);
      expect(steps).toEqual(["validating", "reading", "structuring", "done"]);
      expect(events.some((e) => e.jobId === running.jobId && e.step === "cancelled")).toBe(true);
    } finally {
      await subscription.close();
    }
  });

  it("fails bad input once with a clear reason and keeps running", async () => {
    const running = await ensureWorker();
    const missing = await submit("missing", { store: false });
    const failed = await waitFor(missing.jobId, ["failed"]);
    expect(failed.lastError).toMatch(/stored file of this document is missing/);
    expect(failed.attempts).toBe(1);
    expect((await waitForQueueState(missing.jobId, "failed"))?.attemptsMade).toBe(1);

    // A payload that fails its schema never reaches the database; BullMQ keeps the reason.
    const raw = openQueue<unknown>(connection, EXTRACT_QUEUE);
    const badId = randomUUID();
    await raw.add(EXTRACT_JOB, { extractionJobId: "not-a-uuid" }, { jobId: badId, attempts: 3 });
    await raw.close();
    const bad = await waitForQueueState(badId, "failed");
    expect(bad?.state).toBe("failed");
    // Never retried (the job allowed 3 attempts); BullMQ counts 0 or 1 depending on where its own
    // bookkeeping sees the refusal, which varies with timing.
    expect(bad?.attemptsMade ?? 0).toBeLessThanOrEqual(1);
    expect(bad?.failedReason).toMatch(/Invalid job payload/);

    // The worker is still there: the next job completes, and /healthz reports the queue.
    const ok = await submit("after-bad");
    await waitFor(ok.jobId, ["completed"]);
    const health = await fetch(`http://127.0.0.1:${running.healthPort ?? 0}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", queue: connection.kind });

    // Its owner can retry the failed job: it runs again (a second attempt) and, the file still being
    // missing, fails again with the same reason.
    expect(await control().retryJob(missing.jobId, ownerId)).toBe(true);
    const deadline = Date.now() + 30_000;
    let retried = await db.extractionJob.findUniqueOrThrow({ where: { id: missing.jobId } });
    while (!(retried.attempts === 2 && retried.status === "failed") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      retried = await db.extractionJob.findUniqueOrThrow({ where: { id: missing.jobId } });
    }
    expect(retried).toMatchObject({ attempts: 2, status: "failed" });
    expect(retried.lastError).toMatch(/stored file of this document is missing/);
  });

  it("answers 503 on /healthz when the queue backend is down", async () => {
    const dead: TQueueConnection =
      connection.kind === "redis" ? { ...connection, url: "redis://127.0.0.1:1" } : { ...connection, url: "postgresql://postgres@127.0.0.1:1/none" };
    const deadQueue = createExtractQueue(dead);
    const health = await startHealthServer(0, async () => ({ queue: dead.kind, counts: await deadQueue.counts() }));
    try {
      const res = await fetch(`http://127.0.0.1:${health.port}/healthz`);
      expect(res.status).toBe(503);
    } finally {
      await health.close();
      void deadQueue.close().catch(() => undefined);
    }
  });

  it("completes exactly once a job whose worker was killed with SIGKILL mid-way", async () => {
    // The in-process worker would take the recovered job too; stop it so the second process does.
    await worker?.stop();
    worker = undefined;
    const start = (delayMs: number) => {
      const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: workerDir,
        env: { ...process.env, ...envVars({ DOCVAULT_TEST_STEP_DELAY_MS: String(delayMs) }) },
        stdio: "ignore",
      });
      children.push(child);
      return child;
    };
    const first = start(60_000);
    const { jobId } = await submit("killed");
    // A cold worker process (tsx, PGlite) on a busy machine can take a while to take its first job.
    await waitFor(jobId, ["processing"], 120_000);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    start(0);
    const job = await waitFor(jobId, ["completed", "failed"], 90_000);
    expect(job.status).toBe("completed");
    expect(job.attempts).toBe(2);
    expect(await db.extraction.count({ where: { jobId } })).toBe(1);
  });
});
