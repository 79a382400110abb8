import { findStalePendingJobs, type TDb } from "@docvault/db";
import type { TExtractQueue } from "@docvault/queue";
import type { Logger } from "pino";

/**
 * The outbox: uploads are committed to PostgreSQL before they are enqueued, so a document committed
 * while the queue was unreachable is still a pending row. This sweep enqueues such rows again (by
 * their deterministic job id, so nothing runs twice) once the queue answers.
 */
const PAGE = 200;

export function startOutboxSweeper(opts: { db: TDb; queue: TExtractQueue; log: Logger; intervalMs: number; staleMs: number }) {
  let running = false;
  async function sweepOnce(): Promise<number> {
    if (running) return 0;
    running = true;
    try {
      // Page by page through every stale row: the oldest ones may sit waiting in the queue (still
      // pending in the database) and must not hide the rows behind them.
      let enqueued = 0;
      let after: { queuedAt: Date; id: string } | undefined;
      for (;;) {
        const page = await findStalePendingJobs(opts.db, opts.staleMs, PAGE, after);
        for (const job of page) {
          await opts.queue.enqueue({ extractionJobId: job.extractionJobId, documentId: job.documentId, sha256: job.sha256 }, { priority: job.priority });
        }
        enqueued += page.length;
        const last = page.at(-1);
        if (!last || page.length < PAGE) break;
        after = { queuedAt: last.queuedAt, id: last.extractionJobId };
      }
      if (enqueued) opts.log.info({ jobs: enqueued }, "outbox: enqueued pending jobs again");
      return enqueued;
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
