import type { TExtractionResult } from "@docvault/core";
import type { TDb } from "./client";
import { applyLearnedSender } from "./sender-memory";
import { extractionData, extractionRow } from "./claim-and-complete";

// Job lifecycle beyond the happy path (cancel, retry, resume), used by the worker and the API.

/**
 * Cancels a pending or running job (of this owner, when given). Returns the status it had, or null
 * when there was nothing to cancel. A running job is stopped by its handler, which re-reads the status.
 */
export async function cancelJob(db: TDb, input: { jobId: string; ownerId?: string }) {
  const job = await db.extractionJob.findFirst({
    where: { id: input.jobId, ...(input.ownerId ? { document: { ownerId: input.ownerId } } : {}) },
    select: { status: true, documentId: true },
  });
  if (!job || (job.status !== "pending" && job.status !== "processing")) return null;
  const updated = await db.extractionJob.updateMany({
    where: { id: input.jobId, status: job.status },
    data: { status: "cancelled", finishedAt: new Date(), progress: { step: "cancelled" } },
  });
  // Lost a race (it finished meanwhile): nothing was cancelled.
  return updated.count === 1 ? { previous: job.status, documentId: job.documentId } : null;
}

/**
 * Puts a failed or cancelled job of this owner back to pending for a new attempt; returns what the
 * queue needs to enqueue it again, or null when it is not the owner's or not retriable.
 */
export async function requeueJob(db: TDb, input: { jobId: string; ownerId: string }) {
  const updated = await db.extractionJob.updateMany({
    where: { id: input.jobId, status: { in: ["failed", "cancelled"] }, document: { ownerId: input.ownerId } },
    data: { status: "pending", finishedAt: null, startedAt: null, lastError: null, progress: { step: "queued" } },
  });
  if (updated.count === 0) return null;
  return db.extractionJob.findUnique({
    where: { id: input.jobId },
    select: { id: true, documentId: true, priority: true, document: { select: { sha256: true } } },
  });
}

/** The job's status as stored now (the handler asks between steps whether it was cancelled). */
export async function getJobStatus(db: TDb, jobId: string) {
  const job = await db.extractionJob.findUnique({ where: { id: jobId }, select: { status: true } });
  return job?.status ?? null;
}

/**
 * Saves the local engines' result of a job that continues on the Mistral queue, without completing
 * the job: the escalation resumes from it and never re-runs local OCR.
 */
export async function saveLocalResult(db: TDb, job: { id: string; documentId: string; sha256: string }, result: TExtractionResult) {
  await db.extraction.upsert({ where: { jobId: job.id }, create: extractionRow(job, result), update: {} });
}

/** The id of a job's Extraction (to put in the result cache once the job completed), or null. */
export async function extractionIdOfJob(db: TDb, jobId: string): Promise<string | null> {
  return (await db.extraction.findUnique({ where: { jobId }, select: { id: true } }))?.id ?? null;
}

/** The local result saved for a job's escalation, or null. */
export async function findLocalResult(db: TDb, jobId: string) {
  return db.extraction.findUnique({ where: { jobId }, select: { id: true, data: true } });
}

/**
 * Replaces a job's saved local result with the escalated one and completes the job, in one
 * transaction; a job cancelled meanwhile stays cancelled (returns false).
 */
export async function completeEscalatedJob(
  db: TDb,
  job: { id: string; documentId: string },
  result: TExtractionResult & { classification?: { type: string } },
): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const done = await tx.extractionJob.updateMany({
      where: { id: job.id, status: "processing" },
      data: { status: "completed", finishedAt: new Date(), lastError: null, progress: { step: "done" } },
    });
    if (done.count === 0) return false;
    if (result.classification) {
      await tx.document.update({ where: { id: job.documentId }, data: { detectedType: result.classification.type } });
    }
    const extraction = await tx.extraction.update({ where: { jobId: job.id }, data: extractionData(result) });
    const { ownerId } = await tx.document.findUniqueOrThrow({ where: { id: job.documentId }, select: { ownerId: true } });
    await applyLearnedSender(tx, { extractionId: extraction.id, documentId: job.documentId, ownerId, data: extraction.data, text: extraction.text });
    return true;
  });
}
