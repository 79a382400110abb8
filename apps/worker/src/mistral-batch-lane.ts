import {
  deleteBatchFiles,
  MISTRAL_BATCH_LIMITS,
  pollOcrBatch,
  submitOcrBatch,
  type TMistralConfigInput,
  type TMistralOcrResult,
  type TOcrBatchRequest,
} from "@docvault/core/pipeline";
import { SUPPORTED_TYPES, type TSupportedType } from "@docvault/core";
import type { TBlobStore } from "@docvault/core/node";
import {
  batchJobRefs,
  failBatchSubmission,
  gatherBatch,
  leaseBatch,
  markBatchDone,
  markBatchSubmitted,
  pruneBatches,
  recordBatchResults,
  releaseBatchItems,
  type TDb,
} from "@docvault/db";
import type { TExtractQueue } from "@docvault/queue";
import type { Logger } from "pino";
import { errorSummary, reasonOf } from "./job-failure";

export type TBatchLaneOptions = {
  db: TDb;
  store: TBlobStore;
  /** The escalate queue: each document's job is queued again there once its batch has ended. */
  queue: TExtractQueue;
  log: Logger;
  mistral: TMistralConfigInput;
  /** Documents per batch job; a batch goes as soon as this many wait. */
  size: number;
  /** A batch goes with fewer documents once the oldest has waited this long. */
  maxWaitMs: number;
  /** How often waiting documents are gathered and running batches polled. */
  pollMs: number;
  /** Hours Mistral may take before the job expires (its documents then go to the real-time lane). */
  timeoutHours: number;
};

const isSupported = (type: string): type is TSupportedType => (SUPPORTED_TYPES as readonly string[]).includes(type);

/**
 * The Mistral batch lane of bulk documents: the escalate handler puts them in a waiting room
 * (mistral_batch_items); every `pollMs` one worker of the fleet gathers them into one batch job
 * (a JSONL file of OCR requests, at half the real-time price), and any worker polls running jobs.
 * When a job ends, each document's reading (or why there is none) is kept in PostgreSQL and its
 * escalate job queued again: the handler then structures the reading, or reads the document in
 * real time when the batch did not. State lives in PostgreSQL, so a worker that dies loses nothing:
 * its submission is gathered again, its poll taken over when the lease ends.
 */
export function startMistralBatchLane(opts: TBatchLaneOptions) {
  const { db, log } = opts;
  let running = false;

  /** Gathers what is due into one batch job; a submission Mistral refuses sends its documents to the real-time lane. */
  async function submitDue(): Promise<void> {
    const gathered = await gatherBatch(db, { size: Math.min(opts.size, MISTRAL_BATCH_LIMITS.maxRequests), maxWaitMs: opts.maxWaitMs });
    if (!gathered) return;
    const requests: TOcrBatchRequest[] = [];
    const later: string[] = [];
    let bytes = 0;
    try {
      for (const item of gathered.items) {
        const file = await opts.store.get(item.storageKey);
        // A file no batch can hold is left out: with no reading from the batch, the real-time lane reads it.
        if (!isSupported(item.mimeType) || file.byteLength > MISTRAL_BATCH_LIMITS.maxBytes) continue;
        // What does not fit in this batch's file waits for the next one.
        if (bytes + file.byteLength > MISTRAL_BATCH_LIMITS.maxBytes) {
          later.push(item.jobId);
          continue;
        }
        bytes += file.byteLength;
        requests.push({ customId: item.jobId, bytes: file, type: item.mimeType });
      }
      if (later.length) await releaseBatchItems(db, gathered.batchId, later);
      const submitted = await submitOcrBatch(requests, opts.mistral, { metadata: { docvault_batch: gathered.batchId }, timeoutHours: opts.timeoutHours });
      await markBatchSubmitted(db, gathered.batchId, submitted.batchId);
      log.info({ batch: gathered.batchId, mistralJob: submitted.batchId, documents: requests.length }, "Mistral batch job submitted");
    } catch (error) {
      log.warn({ err: errorSummary(error), batch: gathered.batchId }, "Mistral batch submission failed; its documents go to the real-time lane");
      await failBatchSubmission(db, gathered.batchId, `The Mistral batch could not be submitted: ${reasonOf(error)}`);
      await queueJobs(gathered.batchId);
    }
  }

  /** Queues the escalate job of every document of an ended batch (idempotent: one job id per document and batch). */
  async function queueJobs(batchId: string): Promise<void> {
    for (const ref of await batchJobRefs(db, batchId)) {
      await opts.queue.enqueue({ extractionJobId: ref.jobId, documentId: ref.documentId, sha256: ref.sha256 }, { priority: ref.priority, idSuffix: batchId });
    }
    await markBatchDone(db, batchId);
  }

  /** Polls every running batch no other worker holds; an ended one has its readings kept and its jobs queued. */
  async function pollDue(): Promise<void> {
    for (;;) {
      const batch = await leaseBatch(db, Math.max(opts.pollMs * 2, 2_000));
      if (!batch) return;
      if (batch.status === "read") {
        await queueJobs(batch.id);
        continue;
      }
      const poll = await pollOcrBatch({ batchId: batch.mistralJobId, customIds: batch.jobIds }, opts.mistral);
      if (poll.status === "running") continue;
      const results = batch.jobIds.map((jobId) => {
        const result = poll.results.get(jobId);
        if (result?.ok) return { jobId, ocr: result.ocr satisfies TMistralOcrResult };
        return { jobId, reason: result ? result.reason : poll.status === "failed" ? poll.reason : "Mistral's batch returned no reading for it." };
      });
      await recordBatchResults(db, batch.id, results);
      const read = results.filter((r) => "ocr" in r).length;
      log.info({ batch: batch.id, mistralJob: batch.mistralJobId, status: poll.status, read, fallback: results.length - read }, "Mistral batch job ended");
      await queueJobs(batch.id);
      // The readings are in PostgreSQL: the documents need not stay with Mistral.
      await deleteBatchFiles(poll.fileIds, opts.mistral);
    }
  }

  async function tick(): Promise<void> {
    if (running) return;
    running = true;
    try {
      await pruneBatches(db);
      await submitDue();
      await pollDue();
    } catch (error) {
      // Mistral or the database is away: the next tick tries again, nothing is lost meanwhile.
      log.warn({ err: errorSummary(error) }, "Mistral batch lane: tick failed; will retry");
    } finally {
      running = false;
    }
  }

  const timer = setInterval(() => void tick(), opts.pollMs);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
