// A receipt photographed twice, end to end: the worker reads both photos with the real OCR, keeps the
// hash of each first page with the result, and the second photo (re-encoded, turned a little, on a
// table) is found to be a near-duplicate of the first. Real Redis, PostgreSQL and OCR.
import { createRequire } from "node:module";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stopLocalOcr } from "@docvault/core/engines";
import { hashDistance, PAGE_HASH_THRESHOLD, parseStoredAnalysis, stopIdentityReaders } from "@docvault/core/pipeline";
import { renderTextImage } from "@docvault/core/testing";
import { findNearDuplicates, NEAR_DUPLICATE_MAX_BITS } from "@docvault/db";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices, type TTestServices } from "@docvault/queue/testing/services";
import { readEnv } from "./env";
import { startWorker, type TRunningWorker } from "./start-worker";
import { storeDocument } from "./testing/store-document";
import { waitForJob } from "./testing/wait-for-job";

/** The little of sharp this test uses to make the second photo. */
type TImage = {
  rotate(degrees: number, options: { background: string }): TImage;
  composite(layers: { input: Buffer; left: number; top: number }[]): TImage;
  png(): TImage;
  jpeg(options: { quality: number }): TImage;
  toBuffer(): Promise<Buffer>;
  metadata(): Promise<{ width?: number; height?: number }>;
};
type TSharp = (input: Buffer | { create: { width: number; height: number; channels: 3; background: string } }) => TImage;
// The worker has no image code of its own: sharp is @docvault/core's dependency, borrowed from there.
const sharp = createRequire(createRequire(import.meta.url).resolve("@docvault/core/testing"))("sharp") as TSharp;

const RECEIPT = ["CORNER BAKERY", "12 MILL LANE, LEEDS", "DATE: 03/12/2026", "SOURDOUGH LOAF 4.50", "BIRTHDAY CAKE 37.00", "TOTAL EUR 41.50", "THANK YOU"];

describe("near-duplicates end to end", () => {
  let svc: TTestServices;
  let worker: TRunningWorker;

  beforeAll(async () => {
    svc = await createTestServices("-nd");
    worker = await startWorker(readEnv({ ...svc.serviceEnv, LOG_LEVEL: "silent" }), pino({ level: "silent" }));
  });

  afterAll(async () => {
    await worker.stop();
    await stopLocalOcr();
    await stopIdentityReaders();
    await svc.close();
  });

  it("keeps a page hash with each photo of a receipt and names the first photo as a near-duplicate of the second", async () => {
    // The database layer repeats the threshold so the web server never loads the image code: they must agree.
    expect(NEAR_DUPLICATE_MAX_BITS).toBe(PAGE_HASH_THRESHOLD);
    const { db, store } = svc;
    const ownerId = (await aUser(db)).id;
    const original = await renderTextImage(RECEIPT);
    const firstPhoto = await sharp(original).jpeg({ quality: 85 }).toBuffer();
    // The second photo: turned 2 degrees, lying on a table, saved at a lower quality.
    const turned = await sharp(original).rotate(2, { background: "#ffffff" }).png().toBuffer();
    const { width = 0, height = 0 } = await sharp(turned).metadata();
    const secondPhoto = await sharp({ create: { width: width + 160, height: height + 200, channels: 3, background: "#5d554c" } })
      .composite([{ input: turned, left: 70, top: 110 }])
      .jpeg({ quality: 60 })
      .toBuffer();

    const read = async (bytes: Buffer, filename: string) => {
      const { document, job } = await storeDocument({ db, store, ownerId }, { bytes, mimeType: "image/jpeg", filename });
      await svc.extractQueue().enqueue({ extractionJobId: job.id, documentId: document.id, sha256: document.sha256 });
      return { documentId: document.id, jobId: job.id };
    };
    const first = await read(firstPhoto, "IMG_0001.jpg");
    const second = await read(secondPhoto, "IMG_0002.jpg");
    const [firstJob, secondJob] = await Promise.all([waitForJob(db, first.jobId), waitForJob(db, second.jobId)]);

    expect([firstJob.status, secondJob.status]).toEqual(["completed", "completed"]);
    const firstHash = parseStoredAnalysis(firstJob.extraction?.data)?.pageHash;
    const secondHash = parseStoredAnalysis(secondJob.extraction?.data)?.pageHash;
    expect(firstHash).toMatch(/^[0-9a-f]{64}$/);
    expect(secondHash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDistance(firstHash ?? "", secondHash ?? "")).toBeLessThanOrEqual(PAGE_HASH_THRESHOLD);

    const found = await findNearDuplicates(db, { documentId: second.documentId, ownerId });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ documentId: first.documentId, filename: "IMG_0001.jpg", documentType: "receipt", total: "41.50" });
    expect(found[0]?.reason).toMatch(/^(image|both)$/);
  });
});
