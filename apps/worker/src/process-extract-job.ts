import { AppError, isAppError, PIPELINE_VERSION, ZExtractJobPayloadSchema, type TExtractionResult } from "@docvault/core";
import {
  analyzeDocument,
  identityReaders,
  needsEscalation,
  validateDocumentBytes,
  type TAnalysis,
} from "@docvault/core/engines";
import type { TBlobStore } from "@docvault/core/node";
import {
  completeJob,
  extractionIdOfJob,
  findFinishedExtraction,
  findLocalResult,
  saveLocalResult,
  startJob,
  type TDb,
  type TResultCache,
} from "@docvault/db";
import { UnrecoverableError, type TExtractJob, type TExtractQueue, type TProgressPublisher } from "@docvault/queue";
import { contextFromCarrier, inSpan, type TMetrics } from "@docvault/telemetry";
import type { Logger } from "pino";
import { startJobContext } from "./job-context";
import { recordFailure } from "./job-failure";
import { engineSpans, recordCompletion } from "./job-telemetry";

export type TJobDeps = {
  db: TDb;
  store: TBlobStore;
  log: Logger;
  maxFileBytes: number;
  publisher?: TProgressPublisher;
  /** With a Mistral key: where results that need Mistral continue, and the escalation threshold. */
  escalation?: { queue: TExtractQueue; threshold: number };
  cancelPollMs?: number;
  stepDelayMs?: number;
  /** How long one job may read, and how many scanned pages (see JOB_TIME_BUDGET_MS, OCR_PAGE_BUDGET). */
  timeBudgetMs?: number;
  ocrPageBudget?: number;
  /** The local pipeline; benchmarks swap in a stub. */
  analyze?: typeof analyzeDocument;
  /** With Redis: the result cache the worker fills as soon as a job completed. */
  cache?: TResultCache;
  metrics?: TMetrics;
};

/**
 * Puts a completed job's result in the Redis cache at once, so the first upload of the same bytes
 * by someone else is a Redis hit. The cache never fails the job (it gives up after 0.5 s).
 */
export async function rememberResult(deps: { db: TDb; cache?: TResultCache }, job: { id: string; sha256: string }) {
  if (!deps.cache) return;
  const extractionId = await extractionIdOfJob(deps.db, job.id);
  if (extractionId) await deps.cache.remember(job.sha256, extractionId);
}
export type TJobOutcome = "completed" | "skipped" | "cancelled" | "escalated";

/** Parses the payload; one that fails its schema can never succeed, so it fails at once with the reason. */
export function parsePayload(job: TExtractJob) {
  const parsed = ZExtractJobPayloadSchema.safeParse(job.data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; ");
  throw new UnrecoverableError(`Invalid job payload (${problems}).`);
}

/** The stored bytes; a missing file is named as such (it will not come back by retrying). */
export async function readStoredFile(store: TBlobStore, key: string): Promise<Buffer> {
  try {
    return await store.get(key);
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") {
      throw new AppError("NOT_FOUND", "The stored file of this document is missing; upload it again.", { cause: error });
    }
    throw error;
  }
}

/**
 * Reads one stored document with the local engines and stores its extraction, or hands it to the
 * Mistral queue when the local result is not good enough. The payload carries ids only; everything
 * else is re-read, so a redelivered job skips work already done: a finished job is skipped, a
 * finished extraction of the same bytes is reused, a saved local result goes straight to Mistral.
 */
export async function processExtractJob(job: TExtractJob, deps: TJobDeps): Promise<TJobOutcome> {
  const payload = parsePayload(job);
  // Continues the upload's trace when the payload carries it.
  return inSpan(
    "extract job",
    { "docvault.job_id": payload.extractionJobId, "docvault.document_id": payload.documentId, "docvault.attempt": job.attemptsMade + 1 },
    (span) => runExtractJob(job, payload, deps).then((outcome) => {
      span.setAttribute("docvault.outcome", outcome);
      return outcome;
    }),
    contextFromCarrier(payload.trace),
  );
}

async function runExtractJob(job: TExtractJob, payload: ReturnType<typeof parsePayload>, deps: TJobDeps): Promise<TJobOutcome> {
  const log = deps.log.child({ jobId: payload.extractionJobId, documentId: payload.documentId });
  const row = await startJob(deps.db, payload.extractionJobId);
  if (!row) {
    log.info("job already finished or cancelled; skipped");
    return "skipped";
  }
  const ctx = startJobContext({
    db: deps.db,
    log,
    publisher: deps.publisher,
    jobId: row.id,
    documentId: row.documentId,
    pollMs: deps.cancelPollMs ?? 1_000,
    stepDelayMs: deps.stepDelayMs ?? 0,
    timeBudgetMs: deps.timeBudgetMs,
  });
  const started = Date.now();
  const ids = { id: row.id, documentId: row.documentId, sha256: row.document.sha256 };
  try {
    await ctx.progress("validating");
    const bytes = await readStoredFile(deps.store, row.document.storageKey);
    // The deep check (page count, encryption, truncation, pixel bombs) that the upload route cannot afford.
    const { type } = await validateDocumentBytes(bytes, { limits: { maxBytes: deps.maxFileBytes } });
    await ctx.checkpoint();

    const finished = await findFinishedExtraction(deps.db, { documentId: row.documentId, sha256: ids.sha256, pipelineVersion: PIPELINE_VERSION });
    if (finished) {
      if (await completeJob(deps.db, ids, finished.data as TExtractionResult)) {
        await rememberResult(deps, ids);
        recordCompletion(deps.metrics, finished.data as TExtractionResult, (Date.now() - started) / 1000);
      }
      await ctx.progress("done");
      log.info("an extraction of these bytes exists; reused without running engines");
      return "completed";
    }
    const saved = deps.escalation ? await findLocalResult(deps.db, row.id) : null;
    const spans = engineSpans();
    const result = saved
      ? (saved.data as TAnalysis)
      : await (deps.analyze ?? analyzeDocument)({
          bytes,
          type,
          readers: identityReaders,
          signal: ctx.signal,
          ocrPageBudget: deps.ocrPageBudget,
          onProgress: (p) => {
            spans.onProgress(p);
            return ctx.engineProgress(p);
          },
        }).finally(() => spans.close());
    if (result.warnings.length > 0) log.warn({ warnings: result.warnings }, "optional readers failed; read without them");
    await ctx.checkpoint();

    if (deps.escalation && needsEscalation(result.document, deps.escalation.threshold)) {
      // The local result is saved first, so the Mistral job (and a redelivery of this one) resumes from it.
      await saveLocalResult(deps.db, ids, result);
      await deps.escalation.queue.enqueue(payload, { priority: row.priority });
      await ctx.progress("escalating");
      log.info({ ms: Date.now() - started, engines: result.engines }, "local result saved; continues on the Mistral queue");
      return "escalated";
    }
    await ctx.progress("structuring");
    if (await completeJob(deps.db, ids, result)) {
      await rememberResult(deps, ids);
      recordCompletion(deps.metrics, result, (Date.now() - started) / 1000);
    }
    await ctx.progress("done");
    log.info({ ms: Date.now() - started, engines: result.engines, pages: result.pages.length }, "extraction completed");
    return "completed";
  } catch (error) {
    if (ctx.cancelled()) {
      log.info("job cancelled while running; stopped");
      await ctx.progress("cancelled");
      return "cancelled";
    }
    throw await recordFailure({ db: deps.db, log, job, jobId: row.id, ctx, error, metrics: deps.metrics, ids: { documentId: row.documentId, ownerId: row.document.ownerId } });
  } finally {
    ctx.dispose();
  }
}
