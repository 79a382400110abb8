// A document committed while Redis is stopped is processed once Redis is back: a Redis server of
// this test's own (so the shared one is never touched) is stopped, an upload is committed and its
// enqueue fails, Redis is started again, and the worker's outbox sweep gets the job read.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { FsBlobStore } from "@docvault/core/node";
import { makeTextPdf } from "@docvault/core/testing";
import { createDb, ensureLocalUser, type TDb } from "@docvault/db";
import { freePort } from "@docvault/db/embedded";
import { createExtractQueue } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  // Ready when the port accepts connections.
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((done) => {
      const socket = createServer().listen(port, "127.0.0.1");
      socket.once("listening", () => socket.close(() => done(false)));
      socket.once("error", () => done(true));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server did not start on port ${port}`);
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once("exit", done));
  child.kill("SIGKILL");
  await exited;
}

describe("Redis stopped between the commit and the enqueue", () => {
  let db: TDb;
  let storageDir: string;
  let port: number;
  let redis: ChildProcess | undefined;
  let worker: TRunningWorker | undefined;

  beforeAll(async () => {
    db = createDb(inject("databaseUrl"));
    storageDir = await mkdtemp(join(tmpdir(), "dv-redis-restart-"));
    port = await freePort();
  });
  afterAll(async () => {
    await worker?.stop();
    if (redis) await stopRedis(redis);
    await db.$disconnect();
    await rm(storageDir, { recursive: true, force: true });
  });

  it("processes the document once Redis is back", async () => {
    const redisUrl = `redis://127.0.0.1:${port}`;
    const prefix = `${inject("queuePrefix")}r`;
    // Redis up, then stopped: the queue has been reachable before and is not any more.
    redis = await startRedis(port);
    await stopRedis(redis);

    const store = new FsBlobStore(storageDir);
    const { document, job } = await storeDocument(
      { db, store, ownerId: (await ensureLocalUser(db)).id },
      { bytes: await makeTextPdf([["Committed while Redis was down"]]), mimeType: "application/pdf", filename: "down.pdf" },
    );
    const queue = createExtractQueue({ kind: "redis", url: redisUrl, prefix });
    const enqueue = queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    const outcome = await Promise.race([
      enqueue.then(
        () => "enqueued",
        () => "failed",
      ),
      new Promise((r) => setTimeout(() => r("timed out"), 1500)),
    ]);
    expect(outcome).not.toBe("enqueued");
    void enqueue.catch(() => undefined);

    // Redis comes back (empty: nothing was kept), and a worker starts with a fast outbox sweep.
    redis = await startRedis(port);
    worker = await startWorker(
      readEnv({
        DATABASE_URL: inject("databaseUrl"),
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        STORAGE_DIR: storageDir,
        OUTBOX_SWEEP_MS: "300",
        OUTBOX_STALE_MS: "1",
        LOG_LEVEL: "silent",
      }),
      pino({ level: "silent" }),
    );
    const deadline = Date.now() + 30_000;
    let row = await db.extractionJob.findUniqueOrThrow({ where: { id: job.id }, include: { extraction: true } });
    while (row.status !== "completed" && row.status !== "failed" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      row = await db.extractionJob.findUniqueOrThrow({ where: { id: job.id }, include: { extraction: true } });
    }
    expect(row.status).toBe("completed");
    expect(row.extraction?.text).toContain("Committed while Redis was down");
    expect(await db.extraction.count({ where: { jobId: job.id } })).toBe(1);
    await Promise.race([queue.close(), new Promise((r) => setTimeout(r, 1000))]);
  });
});
