// Test helper: polls an extraction job until it has ended (completed or failed), with its extraction.
import type { TDb } from "@docvault/db";

export async function waitForJob(db: TDb, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await db.extractionJob.findUniqueOrThrow({ where: { id }, include: { extraction: true } });
    if (job.status === "completed" || job.status === "failed") return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
