import type { TDb } from "./client";

export type TUnqueuedJob = { extractionJobId: string; documentId: string; sha256: string; priority: number };

/**
 * Jobs committed as pending some time ago that may never have reached the queue (the queue was
 * unreachable between the commit and the enqueue). Enqueuing them again is safe: the queue job id
 * is the ExtractionJob id, so a job still waiting in the queue is not added twice, and a job
 * already done is skipped by the worker, which re-reads the row.
 */
export async function findStalePendingJobs(
  db: TDb,
  olderThanMs: number,
  take = 200,
  after?: { queuedAt: Date; id: string },
): Promise<(TUnqueuedJob & { queuedAt: Date })[]> {
  const rows = await db.extractionJob.findMany({
    where: {
      status: "pending",
      queuedAt: { lt: new Date(Date.now() - olderThanMs) },
      // Keyset paging: the page after `after` in (queuedAt, id) order, so a sweep reaches every row.
      ...(after ? { OR: [{ queuedAt: { gt: after.queuedAt } }, { queuedAt: after.queuedAt, id: { gt: after.id } }] } : {}),
    },
    orderBy: [{ queuedAt: "asc" }, { id: "asc" }],
    take,
    select: { id: true, documentId: true, priority: true, queuedAt: true, document: { select: { sha256: true } } },
  });
  return rows.map((r) => ({ extractionJobId: r.id, documentId: r.documentId, sha256: r.document.sha256, priority: r.priority, queuedAt: r.queuedAt }));
}
