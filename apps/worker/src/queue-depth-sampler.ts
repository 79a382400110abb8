import { recordQueueDepth, type TDb, type TQueueDepth } from "@docvault/db";
import type { TQueueCounts } from "@docvault/telemetry";
import type { Logger } from "pino";

/** One queue's counts as the dashboard charts them: BullMQ's prioritized jobs are waiting too. */
export function depthOf(queue: string, counts: TQueueCounts): TQueueDepth {
  return {
    queue,
    waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
  };
}

/**
 * Writes each queue's depth to PostgreSQL every `intervalMs` (the admin dashboard's "queue depth
 * over time"; Prometheus reads the same counts at scrape time instead). Old samples are dropped as
 * new ones are written. Every worker samples: the dashboard takes the largest value per time bucket.
 */
export function startQueueDepthSampler(opts: { db: TDb; sources: Record<string, () => Promise<TQueueCounts>>; log: Logger; intervalMs: number }) {
  let running = false;
  async function sampleOnce(): Promise<void> {
    if (running) return;
    running = true;
    try {
      const samples = await Promise.all(Object.entries(opts.sources).map(async ([queue, counts]) => depthOf(queue, await counts())));
      await recordQueueDepth(opts.db, samples);
    } catch (error) {
      // The queue or the database is down: a gap in the chart, and the next tick tries again.
      opts.log.warn({ err: error instanceof Error ? error.message : String(error) }, "queue depth sample failed");
    } finally {
      running = false;
    }
  }
  const timer = setInterval(() => void sampleOnce(), opts.intervalMs);
  timer.unref();
  return { sampleOnce, stop: () => clearInterval(timer) };
}
