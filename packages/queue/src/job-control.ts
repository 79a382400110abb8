import { JOB_PRIORITY, type TExtractJobPayload } from "@docvault/core";
import type { TExtractQueue } from "./extract-queue";
import type { TProgressPublisher } from "./progress";

/**
 * Cancel and retry, for the API: the database decides (ownership, status), the queues follow.
 * The database side is passed in (`cancelJob` / `requeueJob` from @docvault/db) so this package
 * stays free of Prisma.
 */
export type TJobControlDeps = {
  queues: { extract: TExtractQueue; escalate?: TExtractQueue };
  publisher?: TProgressPublisher;
  cancelInDb(input: { jobId: string; ownerId?: string }): Promise<{ previous: string; documentId: string } | null>;
  requeueInDb(input: { jobId: string; ownerId: string }): Promise<{
    id: string;
    documentId: string;
    priority: number;
    document: { sha256: string };
  } | null>;
};

export function createJobControl(deps: TJobControlDeps) {
  return {
    /**
     * Pending: marked cancelled and removed from the queue. Running: marked cancelled; its handler
     * sees it at the next step (or cancel poll) and stops. Returns false when there was nothing to cancel.
     */
    async cancelJob(jobId: string, ownerId?: string): Promise<boolean> {
      // The row first: a worker that takes the job meanwhile then skips it.
      const cancelled = await deps.cancelInDb({ jobId, ...(ownerId ? { ownerId } : {}) });
      if (!cancelled) return false;
      await deps.queues.extract.removePending(jobId);
      await deps.queues.escalate?.removePending(jobId);
      await deps.publisher?.publishProgress({ jobId, documentId: cancelled.documentId, step: "cancelled" });
      return true;
    },
    /** Re-queues the owner's failed (or cancelled) job under its own id, with a fresh set of attempts. */
    async retryJob(jobId: string, ownerId: string): Promise<boolean> {
      const row = await deps.requeueInDb({ jobId, ownerId });
      if (!row) return false;
      const payload: TExtractJobPayload = { extractionJobId: row.id, documentId: row.documentId, sha256: row.document.sha256 };
      await deps.queues.extract.requeue(payload, { priority: row.priority || JOB_PRIORITY.default });
      await deps.publisher?.publishProgress({ jobId, documentId: row.documentId, step: "queued" });
      return true;
    },
  };
}
export type TJobControl = ReturnType<typeof createJobControl>;
