import type { TDb } from "./client";

/** One job of this owner as the API shows it, or null (unknown id and someone else's job look alike). */
export async function getJobForOwner(db: TDb, jobId: string, ownerId: string) {
  return db.extractionJob.findFirst({
    where: { id: jobId, document: { ownerId } },
    select: {
      id: true,
      documentId: true,
      status: true,
      priority: true,
      attempts: true,
      lastError: true,
      progress: true,
      queuedAt: true,
      startedAt: true,
      finishedAt: true,
      extraction: { select: { id: true } },
    },
  });
}
