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
import { claimJob, completeJob } from "./claim-and-complete";
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

  it("claims and completes the jobs a busy worker asks for together in one statement each, every job with its own answer", async () => {
    const docs = await Promise.all(Array.from({ length: 12 }, (_, i) => aDocument(db, owner, { filename: `busy-${i}.png` })));
    const ids = (i: number) => {
      const { document, job } = docs[i] ?? raise(`no document ${i}`);
      return { id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner };
    };
    // Twelve claims at once, one for a job cancelled before, one for a job that does not exist.
    await db.extractionJob.update({ where: { id: ids(3).id }, data: { status: "cancelled" } });
    const claimed = await Promise.all([...docs.map((_, i) => claimJob(db, ids(i).id, "new", { step: { step: "validating" } })), claimJob(db, randomUUID())]);
    expect(claimed.map((row) => row?.id ?? null)).toEqual([...docs.map((_, i) => (i === 3 ? null : ids(i).id)), null]);
    expect(claimed[5]).toMatchObject({ documentId: ids(5).documentId, attempts: 1, document: { originalFilename: "busy-5.png" } });
    // One transaction's now() for all but the first: it ran alone, the others waited for it and went together.
    const started = await db.extractionJob.findMany({ where: { id: { in: docs.map((_, i) => ids(i).id) }, startedAt: { not: null } } });
    expect(new Set(started.map((job) => job.startedAt?.getTime())).size).toBeLessThanOrEqual(2);

    // Then their completions at once: one job cancelled while it ran, one with a saved local result
    // (the longer path), one completed twice.
    await db.extractionJob.update({ where: { id: ids(4).id }, data: { status: "cancelled" } });
    await saveLocalResult(db, ids(6), result("saved locally"));
    const answers = await Promise.allSettled([
      ...docs.map((_, i) => completeJob(db, ids(i), { ...result(`reading ${i}`), classification: { type: "receipt" } })),
      completeJob(db, ids(7), result("reading 7 again")),
    ]);
    const value = (i: number) => (answers[i]?.status === "fulfilled" ? answers[i].value : "rejected");
    const extractions = await db.extraction.findMany({ where: { jobId: { in: docs.map((_, i) => ids(i).id) } } });
    const byJob = new Map(extractions.map((e) => [e.jobId, e]));
    for (const i of docs.keys()) {
      if (i === 3 || i === 4) {
        expect(value(i)).toBeNull();
        expect(byJob.has(ids(i).id)).toBe(false);
        continue;
      }
      expect(value(i)).toBe(byJob.get(ids(i).id)?.id);
      expect(byJob.get(ids(i).id)?.text).toBe(i === 6 ? "saved locally" : `reading ${i}`);
    }
    expect(value(12)).toBe(byJob.get(ids(7).id)?.id);
    const jobs = await db.extractionJob.findMany({ where: { id: { in: docs.map((_, i) => ids(i).id) } } });
    expect(jobs.filter((job) => job.status === "completed")).toHaveLength(10);
    expect(new Set(jobs.filter((job) => job.id !== ids(6).id && job.finishedAt).map((job) => job.finishedAt?.getTime())).size).toBeLessThanOrEqual(2);
    const typed = await db.document.findMany({ where: { id: { in: docs.map((_, i) => ids(i).documentId) }, detectedType: "receipt" } });
    expect(typed).toHaveLength(10);

    // A result PostgreSQL refuses (a NUL in its text) fails its own completion, not the others' it went with.
    const more = await Promise.all([0, 1, 2].map(() => aDocument(db, owner)));
    const moreIds = more.map(({ document, job }) => ({ id: job.id, documentId: document.id, sha256: document.sha256, ownerId: owner }));
    const mixed = await Promise.allSettled(moreIds.map((job, i) => completeJob(db, job, result(i === 1 ? "bad \u0000 text" : `fine ${i}`))));
    expect(mixed.map((answer) => answer.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const stored = await db.extraction.findMany({ where: { jobId: { in: moreIds.map((job) => job.id) } }, orderBy: { text: "asc" } });
    expect(stored.map((e) => e.text)).toEqual(["fine 0", "fine 2"]);
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

function raise(message: string): never {
  throw new Error(message);
}
