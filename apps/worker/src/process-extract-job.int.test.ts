// The worker's job handler driven by a real BullMQ queue, on Redis and on BullMQ's PostgreSQL
// backend (the embedded default), against the real PostgreSQL.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FsBlobStore } from "@docvault/core/node";
import { stopLocalOcr } from "@docvault/core/engines";
import { stopIdentityReaders } from "@docvault/core/pipeline";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { ensureLocalUser, type TDb } from "@docvault/db";
import { createExtractWorker, type TExtractQueue, type TExtractWorker } from "@docvault/queue";
import { processExtractJob } from "./process-extract-job";
import { queueTargets } from "@docvault/queue/testing";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

const targets = await queueTargets("x");

describe.each(targets)("extract jobs on $name", ({ name, databaseUrl, connection }) => {
  let svc: TTestServices;
  let db: TDb;
  let store: FsBlobStore;
  let queue: TExtractQueue;
  let worker: TExtractWorker;
  let ownerId: string;

  beforeAll(async () => {
    svc = await createTestServices("-x", { databaseUrl, connection });
    ({ db, store } = svc);
    queue = svc.extractQueue();
    ownerId = (await ensureLocalUser(db)).id;
    const log = pino({ level: "silent" });
    worker = createExtractWorker(connection, (job) => processExtractJob(job, { db, store, log, maxFileBytes: 50 << 20 }), {
      concurrency: 1,
    });
    await worker.waitUntilReady();
  });

  afterAll(async () => {
    await worker.close();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  async function submit(bytes: Uint8Array, mimeType: string, filename: string) {
    const { document, job } = await storeDocument({ db, store, ownerId }, { bytes, mimeType, filename });
    await queue.enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
    return job.id;
  }

  it("reads a text PDF and stores one extraction with the text", async () => {
    const pdf = await makeTextPdf([[`Hello from ${name}`, "Amount 12.50"]]);
    const job = await waitForJob(db, await submit(pdf, "application/pdf", "hello.pdf"));
    expect(job.status).toBe("completed");
    expect(job.attempts).toBe(1);
    expect(job.extraction?.text).toContain(`Hello from ${name}`);
    expect(job.extraction?.enginesUsed).toEqual(["pdf-text"]);
    expect(await db.extraction.count({ where: { jobId: job.id } })).toBe(1);
  });

  it("reads an image with OCR", async () => {
    const png = await renderTextImage([`OCR ON ${name.toUpperCase()}`]);
    const job = await waitForJob(db, await submit(png, "image/png", "ocr.png"));
    expect(job.status).toBe("completed");
    expect(job.extraction?.text.toUpperCase()).toContain(name.toUpperCase());
  });

  it("fails a damaged PDF at once with its reason, without retrying", async () => {
    const broken = new TextEncoder().encode(`%PDF-1.7\nbroken ${name}`);
    const job = await waitForJob(db, await submit(broken, "application/pdf", "broken.pdf"));
    expect(job.status).toBe("failed");
    // The deep check names what is wrong ("cut short", "damaged") in a sentence a person can act on.
    expect(job.lastError).toMatch(/cut short|damaged/);
    expect(job.attempts).toBe(1);
    expect(job.extraction).toBeNull();
  });
});
