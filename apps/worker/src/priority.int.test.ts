// Priorities end to end on each queue backend: a backlog of bulk imports (priority 2) is being read
// one at a time when a person's upload from the capture page (8) arrives; it is read next, before
// the bulk documents that were waiting longer, and those still all finish.
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JOB_PRIORITY } from "@docvault/core";
import type { FsBlobStore } from "@docvault/core/node";
import { makeTextPdf } from "@docvault/core/testing";
import { ensureLocalUser, type TDb } from "@docvault/db";
import { createExtractQueue, createExtractWorker, type TExtractQueue, type TExtractWorker } from "@docvault/queue";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { processExtractJob } from "./process-extract-job";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

const targets = await queueTargets("prio");
const BULK = 6;

describe.each(targets)("priorities on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  let queue: TExtractQueue;
  let worker: TExtractWorker | undefined;
  let ownerId: string;

  beforeAll(async () => {
    svc = await createTestServices(`-prio-${name}`, { databaseUrl, connection });
    ({ db, store } = svc);
    ownerId = (await ensureLocalUser(db)).id;
    queue = createExtractQueue(connection);
  });

  afterAll(async () => {
    await worker?.close();
    await queue.close();
    await svc.close();
  });

  /** Stores a text PDF as an upload of this priority would be, and queues it with that priority. */
  async function upload(label: string, priority: number) {
    const pdf = await makeTextPdf([[`${label} ${name}`, "TOTAL 1.00"]]);
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes: pdf, mimeType: "application/pdf", filename: `${label}.pdf`, priority });
    expect(job.priority).toBe(priority);
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 }, { priority: job.priority });
    return job.id;
  }

  it("reads a person's upload next while bulk imports wait, then the rest of the backlog", async () => {
    const bulk: string[] = [];
    for (let i = 0; i < BULK; i++) bulk.push(await upload(`bulk-${i}`, JOB_PRIORITY.bulk));
    const log = pino({ level: "silent" });
    // One at a time; the first job taken holds on for a while, so the person's upload arrives while
    // the rest of the backlog waits.
    let taken = 0;
    worker = createExtractWorker(
      connection,
      async (job) => {
        if (taken++ === 0) await sleep(2_000);
        return processExtractJob(job, { db, store, log, maxFileBytes: 50 << 20 });
      },
      { concurrency: 1 },
    );
    await worker.waitUntilReady();
    const deadline = Date.now() + 30_000;
    while ((await queue.inspect(bulk[0] ?? ""))?.state !== "active") {
      if (Date.now() > deadline) throw new Error("the first bulk job was not taken within 30 s");
      await sleep(25);
    }
    const interactive = await upload("capture", JOB_PRIORITY.interactive);

    for (const id of [interactive, ...bulk]) expect((await waitForJob(db, id, 60_000)).status).toBe("completed");
    const order = await db.extractionJob.findMany({ where: { id: { in: [interactive, ...bulk] } }, orderBy: { startedAt: "asc" }, select: { id: true } });
    // Second: right after the bulk job being read when it arrived, before the five that waited longer.
    expect(order.map((job) => job.id)).toEqual([bulk[0], interactive, ...bulk.slice(1)]);
  });
});
