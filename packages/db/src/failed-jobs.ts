import type { TDb } from "./client";

/** A failed job as its owner sees it: which document, why, when, after how many attempts. */
export type TFailedJob = { jobId: string; documentId: string; filename: string; reason: string; attempts: number; failedAt: Date };
/** A failed job as an administrator sees it: whose and what kind, never the document's name or contents. */
export type TFleetFailedJob = {
  jobId: string;
  ownerId: string;
  ownerEmail: string;
  mimeType: string;
  sizeBytes: number;
  reason: string;
  attempts: number;
  failedAt: Date;
};

/** This owner's failed jobs, latest first. */
export async function failedJobs(db: TDb, input: { ownerId: string; limit: number }): Promise<TFailedJob[]> {
  const rows = await db.extractionJob.findMany({
    where: { status: "failed", document: { ownerId: input.ownerId } },
    orderBy: [{ finishedAt: "desc" }, { id: "asc" }],
    take: input.limit,
    select: { id: true, documentId: true, lastError: true, attempts: true, finishedAt: true, queuedAt: true, document: { select: { originalFilename: true } } },
  });
  return rows.map((r) => ({
    jobId: r.id,
    documentId: r.documentId,
    filename: r.document.originalFilename,
    reason: r.lastError ?? "The document could not be read.",
    attempts: r.attempts,
    failedAt: r.finishedAt ?? r.queuedAt,
  }));
}

/** Every user's failed jobs, latest first, for administrators: the reason and the file's kind and size, nothing of what it holds. */
export async function fleetFailedJobs(db: TDb, input: { limit: number }): Promise<TFleetFailedJob[]> {
  const rows = await db.extractionJob.findMany({
    where: { status: "failed" },
    orderBy: [{ finishedAt: "desc" }, { id: "asc" }],
    take: input.limit,
    select: {
      id: true,
      lastError: true,
      attempts: true,
      finishedAt: true,
      queuedAt: true,
      document: { select: { mimeType: true, sizeBytes: true, owner: { select: { id: true, email: true } } } },
    },
  });
  return rows.map((r) => ({
    jobId: r.id,
    ownerId: r.document.owner.id,
    ownerEmail: r.document.owner.email,
    mimeType: r.document.mimeType,
    sizeBytes: Number(r.document.sizeBytes),
    reason: r.lastError ?? "The document could not be read.",
    attempts: r.attempts,
    failedAt: r.finishedAt ?? r.queuedAt,
  }));
}
