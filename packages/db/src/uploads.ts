import { Prisma } from "./generated/prisma/client";
import type { TDb } from "./client";

/** A unique constraint refused the write (someone else inserted the same key first), through the client's models or raw SQL. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (error.code === "P2002") return true;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return error.code === "P2010" && cause?.kind === "UniqueConstraintViolation";
}

export type TUploadOutcome = "accepted" | "known" | "reused";

/** What the first request with this upload id answered, with the job's status now; null when the id is new. */
export async function findUpload(db: TDb, input: { ownerId: string; uploadId: string }) {
  const row = await db.upload.findUnique({
    where: { ownerId_uploadId: { ownerId: input.ownerId, uploadId: input.uploadId } },
    select: { documentId: true, jobId: true, outcome: true, job: { select: { status: true } }, document: { select: { sha256: true } } },
  });
  if (!row) return null;
  return { documentId: row.documentId, jobId: row.jobId, outcome: row.outcome as TUploadOutcome, jobStatus: row.job.status, sha256: row.document.sha256 };
}

/**
 * Records the answer given to an upload id. When a concurrent request with the same id recorded
 * its answer first, that one wins and is returned, so both requests answer alike.
 */
export async function recordUpload(db: TDb, input: { ownerId: string; uploadId: string; documentId: string; jobId: string; outcome: TUploadOutcome }) {
  try {
    await db.upload.create({ data: input });
    return null;
  } catch (error) {
    if (isUniqueViolation(error)) return findUpload(db, input);
    throw error;
  }
}
