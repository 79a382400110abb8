import type { TDb } from "./client";

/**
 * The Mistral batch lane's state (MISTRAL_BATCH): bulk documents wait here to be gathered into one
 * batch job, and Mistral's OCR of each is kept here until the escalate job that finishes the
 * document has run. PostgreSQL holds it so any worker of the fleet can submit, poll and recover.
 *
 * An item goes waiting -> sent -> read (OCR kept) or fallback (the batch failed for it: the
 * real-time lane reads it); a batch goes submitting -> running -> read (results kept, jobs being
 * queued) -> done.
 */
export type TBatchItemStatus = "waiting" | "sent" | "read" | "fallback";
export type TBatchItem = { status: TBatchItemStatus; reservedUsd: number; ocr: unknown; reason: string | null };
/** What an escalate job needs to be queued for a document: its ids and priority. */
export type TBatchJobRef = { jobId: string; documentId: string; sha256: string; priority: number };

/** Holds a submission a worker died in the middle of; its documents are gathered again after this. */
const STALE_SUBMISSION_MS = 10 * 60_000;
/** One key for the gatherer: two workers never split the same waiting documents into two small batches. */
const GATHER_LOCK = 0x6d62617463; // "mbatc"

/** Puts a document in the waiting room of the next batch; false when it is there already (a redelivered job). */
export async function queueForBatch(db: TDb, input: { jobId: string; reservedUsd: number }): Promise<boolean> {
  const inserted = await db.$executeRaw`
    INSERT INTO mistral_batch_items (job_id, reserved_usd) VALUES (${input.jobId}::uuid, ${input.reservedUsd})
    ON CONFLICT (job_id) DO NOTHING`;
  return inserted === 1;
}

export async function findBatchItem(db: TDb, jobId: string): Promise<TBatchItem | null> {
  const item = await db.mistralBatchItem.findUnique({ where: { jobId } });
  if (!item) return null;
  return { status: item.status as TBatchItemStatus, reservedUsd: Number(item.reservedUsd), ocr: item.ocr, reason: item.reason };
}

export async function deleteBatchItem(db: TDb, jobId: string): Promise<void> {
  await db.mistralBatchItem.deleteMany({ where: { jobId } });
}

/**
 * Gathers the waiting documents of running jobs into a new batch when there are `size` of them or
 * the oldest has waited `maxWaitMs`: at most `size`, oldest first. Null when nothing is due, or when
 * another worker is gathering right now.
 */
export async function gatherBatch(
  db: TDb,
  input: { size: number; maxWaitMs: number },
): Promise<{ batchId: string; items: (TBatchJobRef & { storageKey: string; mimeType: string })[] } | null> {
  return db.$transaction(async (tx) => {
    const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${GATHER_LOCK}::bigint) AS locked`;
    if (!lock?.locked) return null;
    const [due] = await tx.$queryRaw<{ waiting: bigint; oldest: Date | null }[]>`
      SELECT count(*) AS waiting, min(i.created_at) AS oldest
      FROM mistral_batch_items i JOIN extraction_jobs j ON j.id = i.job_id
      WHERE i.status = 'waiting' AND j.status = 'processing'`;
    const waiting = Number(due?.waiting ?? 0);
    const oldestMs = due?.oldest ? Date.now() - due.oldest.getTime() : 0;
    if (waiting === 0 || (waiting < input.size && oldestMs < input.maxWaitMs)) return null;
    const batch = await tx.mistralBatch.create({ data: {}, select: { id: true } });
    const items = await tx.$queryRaw<(TBatchJobRef & { storageKey: string; mimeType: string })[]>`
      UPDATE mistral_batch_items i SET batch_id = ${batch.id}::uuid, status = 'sent'
      FROM extraction_jobs j JOIN documents d ON d.id = j.document_id
      WHERE j.id = i.job_id AND i.job_id IN (
        SELECT i2.job_id FROM mistral_batch_items i2 JOIN extraction_jobs j2 ON j2.id = i2.job_id
        WHERE i2.status = 'waiting' AND j2.status = 'processing'
        ORDER BY i2.created_at LIMIT ${input.size})
      RETURNING i.job_id AS "jobId", d.id AS "documentId", d.sha256, j.priority, d.storage_key AS "storageKey", d.mime_type AS "mimeType"`;
    return { batchId: batch.id, items };
  });
}

/** Documents gathered that did not fit in the batch's file: back to waiting for the next batch. */
export async function releaseBatchItems(db: TDb, batchId: string, jobIds: string[]): Promise<void> {
  await db.mistralBatchItem.updateMany({ where: { batchId, jobId: { in: jobIds } }, data: { status: "waiting", batchId: null } });
}

/** The batch job exists at Mistral: from now on it is polled. */
export async function markBatchSubmitted(db: TDb, batchId: string, mistralJobId: string): Promise<void> {
  await db.mistralBatch.update({ where: { id: batchId }, data: { mistralJobId, status: "running" } });
}

/**
 * A batch due for a poll (running, or read with jobs still to queue) that no other worker holds,
 * leased for `leaseMs`; submissions abandoned by a dead worker are put back to waiting first.
 */
export async function leaseBatch(db: TDb, leaseMs: number): Promise<{ id: string; status: "running" | "read"; mistralJobId: string; jobIds: string[] } | null> {
  await db.$executeRaw`
    UPDATE mistral_batch_items SET status = 'waiting', batch_id = NULL
    WHERE status = 'sent' AND batch_id IN (
      SELECT id FROM mistral_batches WHERE status = 'submitting' AND created_at < now() - ${STALE_SUBMISSION_MS} * interval '1 millisecond')`;
  const [batch] = await db.$queryRaw<{ id: string; status: "running" | "read"; mistralJobId: string }[]>`
    UPDATE mistral_batches SET lease_until = now() + ${leaseMs} * interval '1 millisecond'
    WHERE id = (
      SELECT id FROM mistral_batches
      WHERE status IN ('running', 'read') AND (lease_until IS NULL OR lease_until < now())
      ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING id, status, mistral_job_id AS "mistralJobId"`;
  if (!batch) return null;
  const items = await db.mistralBatchItem.findMany({ where: { batchId: batch.id }, select: { jobId: true } });
  return { ...batch, jobIds: items.map((i) => i.jobId) };
}

/**
 * What the batch gave each document: its OCR (read) or why not (fallback: the real-time lane reads
 * it). One transaction: the batch is then "read" and its jobs are queued (again, on a retry).
 */
export async function recordBatchResults(db: TDb, batchId: string, results: { jobId: string; ocr?: unknown; reason?: string }[]): Promise<void> {
  await db.$transaction([
    ...results.map((r) =>
      db.mistralBatchItem.updateMany({
        where: { jobId: r.jobId, batchId },
        data:
          r.ocr === undefined
            ? { status: "fallback", reason: (r.reason ?? "Mistral's batch did not read it.").slice(0, 500) }
            : { status: "read", ocr: r.ocr as object },
      }),
    ),
    db.mistralBatch.update({ where: { id: batchId }, data: { status: "read" } }),
  ]);
}

/** The documents of a batch whose results are recorded, to queue their escalate jobs. */
export async function batchJobRefs(db: TDb, batchId: string): Promise<TBatchJobRef[]> {
  return db.$queryRaw<TBatchJobRef[]>`
    SELECT j.id AS "jobId", d.id AS "documentId", d.sha256, j.priority
    FROM mistral_batch_items i JOIN extraction_jobs j ON j.id = i.job_id JOIN documents d ON d.id = j.document_id
    WHERE i.batch_id = ${batchId}::uuid AND i.status IN ('read', 'fallback')`;
}

export async function markBatchDone(db: TDb, batchId: string): Promise<void> {
  await db.mistralBatch.update({ where: { id: batchId }, data: { status: "done", leaseUntil: null } });
}

/** A submission that failed: its documents go to the real-time lane with the reason. */
export async function failBatchSubmission(db: TDb, batchId: string, reason: string): Promise<void> {
  await db.$transaction([
    db.mistralBatchItem.updateMany({ where: { batchId }, data: { status: "fallback", reason: reason.slice(0, 500) } }),
    db.mistralBatch.update({ where: { id: batchId }, data: { status: "read" } }),
  ]);
}

/** Drops what is no longer needed: items whose job has ended (cancelled while waiting, finished) and batches with none left. */
export async function pruneBatches(db: TDb): Promise<void> {
  await db.$executeRaw`
    DELETE FROM mistral_batch_items i USING extraction_jobs j
    WHERE j.id = i.job_id AND j.status IN ('completed', 'failed', 'cancelled')`;
  await db.$executeRaw`
    DELETE FROM mistral_batches b WHERE b.status = 'done' AND NOT EXISTS (SELECT 1 FROM mistral_batch_items i WHERE i.batch_id = b.id)`;
}
