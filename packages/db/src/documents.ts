import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";
import { applyLearnedSender } from "./sender-memory";

export const LOCAL_USER_EMAIL = "local@docvault.invalid";

/** Until accounts exist every document belongs to one local user, created on first use. */
export async function ensureLocalUser(db: TDb): Promise<{ id: string }> {
  return db.user.upsert({
    where: { email: LOCAL_USER_EMAIL },
    create: { email: LOCAL_USER_EMAIL, name: "Local user" },
    update: {},
    select: { id: true },
  });
}

export type TNewDocument = {
  ownerId: string;
  sha256: string;
  originalFilename: string;
  mimeType: string;
  sizeBytes: number;
  storageKey: string;
  priority?: number;
};

/**
 * Records a document and its extraction job in one transaction. The same user sending the same
 * bytes again gets the existing document (and its latest job) back, with created = false.
 */
export async function createDocumentWithJob(db: TDb, input: TNewDocument) {
  return db.$transaction(async (tx) => {
    const existing = await tx.document.findUnique({
      where: { ownerId_sha256: { ownerId: input.ownerId, sha256: input.sha256 } },
      include: { jobs: { orderBy: { queuedAt: "desc" }, take: 1 } },
    });
    const latestJob = existing?.jobs[0];
    if (existing && latestJob) return { created: false as const, document: existing, job: latestJob };
    const document =
      existing ??
      (await tx.document.create({
        data: {
          ownerId: input.ownerId,
          sha256: input.sha256,
          originalFilename: input.originalFilename,
          mimeType: input.mimeType,
          sizeBytes: BigInt(input.sizeBytes),
          storageKey: input.storageKey,
        },
      }));
    const job = await tx.extractionJob.create({
      data: { documentId: document.id, priority: input.priority ?? 5 },
    });
    return { created: true as const, document, job };
  });
}

/**
 * This owner's document with these bytes and its latest job, or null: what an upload of the same
 * bytes would answer as "known", found before a byte is sent. One indexed read (owner, sha256).
 */
export async function findOwnDocumentByHash(db: TDb, input: { ownerId: string; sha256: string }) {
  const document = await db.document.findUnique({
    where: { ownerId_sha256: { ownerId: input.ownerId, sha256: input.sha256 } },
    select: { id: true, jobs: { orderBy: { queuedAt: "desc" }, take: 1, select: { id: true, status: true } } },
  });
  const job = document?.jobs[0];
  return document && job ? { documentId: document.id, jobId: job.id, jobStatus: job.status } : null;
}

/** What the page shows for one document: its latest job and, once done, the extraction. */
export async function getDocumentView(db: TDb, id: string, ownerId: string) {
  return db.document.findFirst({
    where: { id, ownerId },
    include: {
      jobs: { orderBy: { queuedAt: "desc" }, take: 1 },
      extractions: {
        orderBy: { createdAt: "desc" },
        take: 1,
        select: { id: true, text: true, confidence: true, enginesUsed: true, pipelineVersion: true, createdAt: true },
      },
    },
  });
}

export async function listDocuments(db: TDb, ownerId: string, take = 50) {
  return db.document.findMany({
    where: { ownerId },
    orderBy: { createdAt: "desc" },
    take,
    include: { jobs: { orderBy: { queuedAt: "desc" }, take: 1, select: { id: true, status: true, lastError: true } } },
  });
}

/**
 * Takes a job for a worker: moves it to processing, unless it is already finished or cancelled (a
 * redelivered job after a crash): returns null then, and the worker skips it. A new attempt is
 * counted; an escalation continues the attempt its extract job counted ("continued"), and takes
 * back a job a failed attempt left pending for its retry.
 */
export async function claimJob(db: TDb, jobId: string, attempt: "new" | "continued" = "new") {
  const updated = await db.extractionJob.updateMany({
    where: { id: jobId, status: { in: ["pending", "processing"] } },
    data: attempt === "new" ? { status: "processing", startedAt: new Date(), attempts: { increment: 1 } } : { status: "processing" },
  });
  if (updated.count === 0) return null;
  return db.extractionJob.findUnique({ where: { id: jobId }, include: { document: true } });
}

/**
 * Stores a job's step on its row and answers the job's status, in one statement (so a worker sees a
 * cancel without reading the row again). `whileProcessing`: only a job still processing takes the
 * step, so a late step never lands on a job that completed, failed or was cancelled meanwhile.
 */
export async function reportProgress(
  db: TDb,
  jobId: string,
  progress: Record<string, unknown>,
  opts: { whileProcessing?: boolean } = {},
): Promise<string | null> {
  const guard = opts.whileProcessing ? Prisma.sql`AND status = 'processing'` : Prisma.empty;
  const [row] = await db.$queryRaw<{ status: string | null }[]>`
    WITH job AS (SELECT status FROM extraction_jobs WHERE id = ${jobId}::uuid),
         stored AS (UPDATE extraction_jobs SET progress = ${JSON.stringify(progress)}::jsonb WHERE id = ${jobId}::uuid ${guard} RETURNING 1)
    SELECT (SELECT status::text FROM job) AS status`;
  return row?.status ?? null;
}

/** The columns of an Extraction row that hold the result itself (and what it cost). */
export function extractionData(result: TExtractionResult) {
  return {
    data: result as object,
    text: result.text,
    confidence: result.confidence,
    enginesUsed: result.engines,
    pagesBilled: result.pagesBilled ?? 0,
    costUsd: result.costUsd ?? 0,
  };
}

/** The Extraction row for a job's result (one per job: callers upsert on jobId). */
export function extractionRow(job: { id: string; documentId: string; sha256: string }, result: TExtractionResult) {
  return {
    jobId: job.id,
    documentId: job.documentId,
    sha256: job.sha256,
    pipelineVersion: result.pipelineVersion ?? PIPELINE_VERSION,
    ...extractionData(result),
  };
}

/**
 * Stores the extraction and completes the job in one transaction; exactly one per job. Answers the
 * extraction's id, or null when the job was cancelled (nothing stored).
 */
export async function completeJob(
  db: TDb,
  job: { id: string; documentId: string; sha256: string },
  result: TExtractionResult & { classification?: { type: string } },
): Promise<string | null> {
  return db.$transaction(async (tx) => {
    // A cancel that lands while the engines run wins: nothing is stored for a cancelled job.
    // The row is locked so a concurrent cancel waits for this decision.
    const [current] = await tx.$queryRaw<{ status: string }[]>`SELECT status::text AS status FROM extraction_jobs WHERE id = ${job.id}::uuid FOR UPDATE`;
    if (!current || current.status === "cancelled") return null;
    if (result.classification) {
      await tx.document.update({ where: { id: job.documentId }, data: { detectedType: result.classification.type } });
    }
    const extraction = await tx.extraction.upsert({ where: { jobId: job.id }, create: extractionRow(job, result), update: {} });
    await tx.extractionJob.update({
      where: { id: job.id },
      data: { status: "completed", finishedAt: new Date(), lastError: null, progress: { step: "done" } },
    });
    // What the owner taught for this sender (a corrected merchant) comes with the result.
    const { ownerId } = await tx.document.findUniqueOrThrow({ where: { id: job.documentId }, select: { ownerId: true } });
    await applyLearnedSender(tx, { extractionId: extraction.id, documentId: job.documentId, ownerId, data: extraction.data, text: extraction.text });
    return extraction.id;
  });
}

export async function failJob(db: TDb, jobId: string, reason: string, final: boolean) {
  // Only a job still running can fail: a completed or cancelled one stays as it is (an error after
  // completion, filling a cache say, must not undo it). A job that fails for good keeps no result:
  // the local result an escalation saved to resume from is dropped with it, so a document has an
  // Extraction exactly when its job completed.
  await db.$transaction(async (tx) => {
    const failed = await tx.extractionJob.updateMany({
      where: { id: jobId, status: { in: ["pending", "processing"] } },
      data: final ? { status: "failed", finishedAt: new Date(), lastError: reason, progress: { step: "failed" } } : { status: "pending", lastError: reason },
    });
    if (final && failed.count > 0) await tx.extraction.deleteMany({ where: { jobId } });
  });
}
