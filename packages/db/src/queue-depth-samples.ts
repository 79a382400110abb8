import type { TDb } from "./client";

export type TQueueDepth = { queue: string; waiting: number; active: number; delayed: number; failed: number };

/** How long queue-depth samples are kept: the dashboard shows the last 24 hours; two weeks leave room to look back. */
export const QUEUE_SAMPLE_RETENTION_MS = 14 * 86_400_000;

/** Stores one sample per queue and drops samples past the retention, so the table stays small. */
export async function recordQueueDepth(db: TDb, samples: TQueueDepth[], now = new Date()): Promise<void> {
  await db.$transaction([
    db.queueDepthSample.createMany({ data: samples.map((s) => ({ ...s, sampledAt: now })) }),
    db.queueDepthSample.deleteMany({ where: { sampledAt: { lt: new Date(now.getTime() - QUEUE_SAMPLE_RETENTION_MS) } } }),
  ]);
}
