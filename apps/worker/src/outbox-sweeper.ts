import { findStalePendingJobs, type TDb } from "@docvault/db";
import type { TExtractQueue } from "@docvault/queue";
import type { Logger } from "pino";

/**
 * The outbox: uploads are committed to PostgreSQL before they are enqueued, so a document committed
 * while the queue was unreachable is still a pending row. This sweep enqueues such rows again (by
 * their deterministic job id, so nothing runs twice) once the queue answers.
 */
export function startOutboxSweeper(opts: { db: TDb; queue: TExtractQueue; log: Logger; intervalMs: number; staleMs: number }) {
  let running = false;
  async function sweepOnce(): Promise<number> {
    if (running) return 0;
    running = true;
    try {
      const stale = await findStalePendingJobs(opts.db, opts.staleMs);
      for (const job of stale) {
        await opts.queue.enqueue(
          { extractionJobId: job.extractionJobId, documentId: job.documentId, sha256: job.sha256 },
          { priority: job.priority },
        );
      }
      if (stale.length) opts.log.info({ jobs: stale.length }, "outbox: enqueued pending jobs again");
      return stale.length;
    } catch (error) {
      // The queue or the database is still down: the next sweep tries again.
      opts.log.warn({ err: error instanceof Error ? error.message : String(error) }, "outbox sweep failed; will retry");
      return 0;
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void sweepOnce(), opts.intervalMs);
  timer.unref();
  return { sweepOnce, stop: () => clearInterval(timer) };
}
