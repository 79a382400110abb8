// The worker's hot path in few statements (issue 22): claimJob takes the job, stores its first step
// and finds a finished extraction of the same bytes in one statement; completeJob completes a job
// in one statement when no learned sender value can apply. Both keep the rules of the longer
// paths they stand for: a finished or cancelled job is not taken, a cancel wins over completion,
// a job gets one extraction, a saved local result is kept. On PostgreSQL and on PGlite.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { createDb, type TDb } from "./client";
import { claimJob, completeJob } from "./documents";
import { saveLocalResult } from "./jobs";
import { learnSender } from "./sender-memory";
import { aDocument, aUser } from "./testing/factories";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());
const targets = [
  { name: "postgres", databaseUrl: inject("databaseUrl") },
  { name: "pglite", databaseUrl: pglite.url },
];

const result = (text: string, extra: Partial<TExtractionResult> = {}): TExtractionResult => ({
  pipelineVersion: PIPELINE_VERSION,
  engines: ["tesseract"],
  pages: [],
  text,
  confidence: 0.9,
  pagesBilled: 2,
  costUsd: 0.0125,
  ...extra,
});

describe.each(targets)("claim and complete on $name", ({ databaseUrl }) => {
  let db: TDb;
  let owner: string;
  beforeAll(async () => {
    db = createDb(databaseUrl);
    owner = (await aUser(db)).id;
  });
  afterAll(() => db.$disconnect());

  it("takes a pending job with its document and first step, counts the attempt, and answers the document's finished reading", async () => {
    const { document, job } = await aDocument(db, owner, { filename: "till.png" });
    const claimed = await claimJob(db, job.id, "new", { step: { step: "validating" }, reuse: { pipelineVersion: PIPELINE_VERSION } });
    expect(claimed).toMatchObject({
      id: job.id,
      documentId: document.id,
      status: "processing",
      attempts: 1,
      priority: job.priority,
      document: { ownerId: owner, sha256: document.sha256, originalFilename: "till.png", mimeType: "image/png", storageKey: document.storageKey },
      finished: null,
    });
    expect(claimed?.startedAt).toBeInstanceOf(Date);
    const row = await db.extractionJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row).toMatchObject({ status: "processing", attempts: 1, progress: { step: "validating" } });

    // A redelivery of the same job after its completion is not taken.
    const id = await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner }, result("first reading"));
    expect(await claimJob(db, job.id)).toBeNull();
    // A second job of the same document (read again) is taken with the finished reading to reuse; without `reuse`, none is looked for.
    const again = await db.extractionJob.create({ data: { documentId: document.id } });
    const reclaimed = await claimJob(db, again.id, "new", { reuse: { pipelineVersion: PIPELINE_VERSION } });
    expect(reclaimed?.finished).toEqual({ id, data: expect.objectContaining({ text: "first reading" }) });
    expect(await claimJob(db, again.id, "continued")).toMatchObject({ finished: null, attempts: 1 });
    // Another pipeline version's reading is not reused.
    expect((await claimJob(db, again.id, "continued", { reuse: { pipelineVersion: `${PIPELINE_VERSION}-next` } }))?.finished).toBeNull();
  });

  it("does not take a cancelled job, and a cancel before completion wins: nothing is stored", async () => {
    const { document, job } = await aDocument(db, owner);
    await db.extractionJob.update({ where: { id: job.id }, data: { status: "cancelled" } });
    expect(await claimJob(db, job.id)).toBeNull();
    expect(await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner }, result("late"))).toBeNull();
    expect(await db.extraction.count({ where: { jobId: job.id } })).toBe(0);
    expect((await db.extractionJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("cancelled");
    expect(await completeJob(db, { id: randomUUID(), documentId: document.id, sha256: document.sha256 }, result("no such job"))).toBeNull();
  });

  it("completes in one go: the extraction with every column, the job done, the document's type; a second completion changes nothing", async () => {
    const { document, job } = await aDocument(db, owner);
    await claimJob(db, job.id);
    const typed = { ...result("TOTAL 4.00", { engines: ["tesseract", "pdf-text"] }), classification: { type: "invoice" } };
    const id = await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner }, typed);
    expect(id).toEqual(expect.any(String));
    const stored = await db.extraction.findUniqueOrThrow({ where: { jobId: job.id } });
    expect(stored).toMatchObject({
      id,
      documentId: document.id,
      sha256: document.sha256,
      pipelineVersion: PIPELINE_VERSION,
      text: "TOTAL 4.00",
      confidence: 0.9,
    });
    expect(stored.enginesUsed).toEqual(["tesseract", "pdf-text"]);
    expect(stored.pagesBilled).toBe(2);
    expect(Number(stored.costUsd)).toBe(0.0125);
    expect(stored.data).toMatchObject({ text: "TOTAL 4.00", classification: { type: "invoice" } });
    expect(await db.extractionJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({
      status: "completed",
      lastError: null,
      progress: { step: "done" },
    });
    expect((await db.document.findUniqueOrThrow({ where: { id: document.id } })).detectedType).toBe("invoice");

    expect(await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256 }, result("another reading"))).toBe(id);
    expect(await db.extraction.count({ where: { jobId: job.id } })).toBe(1);
    expect((await db.extraction.findUniqueOrThrow({ where: { jobId: job.id } })).text).toBe("TOTAL 4.00");
  });

  it("keeps a saved local result as the job's extraction (the longer path decides), and a learned sender still applies", async () => {
    const { document, job } = await aDocument(db, owner);
    await claimJob(db, job.id);
    await saveLocalResult(db, { id: job.id, documentId: document.id, sha256: document.sha256 }, result("saved locally"));
    const id = await completeJob(db, { id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner }, result("read again"));
    expect((await db.extraction.findUniqueOrThrow({ where: { jobId: job.id } })).text).toBe("saved locally");
    expect(id).toEqual(expect.any(String));

    // A receipt whose sender this owner taught takes the transaction path, which applies it.
    const text = "CORNER SHOP\nVAT GB123456789\nTOTAL 4.00";
    await learnSender(db, { ownerId: owner, type: "receipt", text, field: "merchant", value: "Corner Shop Ltd" });
    const receipt = await aDocument(db, owner);
    await claimJob(db, receipt.job.id);
    const fields = { merchant: { value: "CORNER SHOP", confidence: 0.8 }, total: { value: "4.00", confidence: 0.9 } };
    const read = { ...result(text), document: { type: "receipt", fields } } as TExtractionResult;
    const extractionId = await completeJob(db, { id: receipt.job.id, documentId: receipt.document.id, sha256: receipt.document.sha256, ownerId: owner }, read);
    const learned = await db.fieldCorrection.findMany({ where: { extractionId: extractionId ?? "", action: "learned" } });
    expect(learned.map((c) => [c.field, c.value])).toEqual([["merchant", "Corner Shop Ltd"]]);
  });
});
