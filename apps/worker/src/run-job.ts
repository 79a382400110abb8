import { AppError, isAppError, ZExtractJobPayloadSchema, type TExtractJobPayload, type TProgressStep } from "@docvault/core";
import type { TBlobStore } from "@docvault/core/node";
import { claimJob, extractionIdOfJob, type TDb, type TResultCache } from "@docvault/db";
import { UnrecoverableError, type TExtractJob, type TProgressPublisher } from "@docvault/queue";
import { contextFromCarrier, inSpan, type TMetrics } from "@docvault/telemetry";
import type { Logger } from "pino";
import { startJobContext, type TJobContext } from "./job-context";
import { recordFailure } from "./job-failure";

/** "deferred": the document waits in a Mistral batch; the batch lane queues its job again with the result. */
export type TJobOutcome = "completed" | "skipped" | "cancelled" | "escalated" | "deferred";
export type TClaimedJob = NonNullable<Awaited<ReturnType<typeof claimJob>>>;

/** What every job handler runs with. */
export type TRunDeps = {
  db: TDb;
  log: Logger;
  publisher?: TProgressPublisher;
  cancelPollMs?: number;
  /** Intermediate steps reach the job row at most this often (0: each one); see startJobContext. */
  progressRowMs?: number;
  metrics?: TMetrics;
  /** With Redis: the result cache the worker fills as soon as a job completed. */
  cache?: TResultCache;
};

/** Parses the payload; one that fails its schema can never succeed, so it fails at once with the reason. */
export function parsePayload(job: TExtractJob): TExtractJobPayload {
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
 * Puts a completed job's result in the Redis cache at once, so the first upload of the same bytes
 * by someone else is a Redis hit. The cache never fails the job (it gives up after 0.5 s).
 */
export async function rememberResult(deps: Pick<TRunDeps, "db" | "cache">, job: { id: string; sha256: string }, stored?: string) {
  if (!deps.cache) return;
  const extractionId = stored ?? (await extractionIdOfJob(deps.db, job.id));
  if (extractionId) await deps.cache.remember(job.sha256, extractionId);
}

/**
 * The frame of every job: the payload checked, a span continuing the upload's trace, the job row
 * claimed (a finished or cancelled one is skipped), progress and cancellation for the body, and
 * a failure recorded on the row (retried or final) before it goes back to the queue.
 */
export async function runJob(
  job: TExtractJob,
  frame: {
    /** The span's name, and the log's `queue` field. */
    name: "extract" | "escalate";
    /** Whether this job counts an attempt of its own (see claimJob). */
    attempt: "new" | "continued";
    /** The step the job starts with: stored on the row by the claim itself. */
    firstStep: TProgressStep;
    /** Extract jobs: look for a finished extraction of the same bytes with the claim (see claimJob). */
    reuse?: { pipelineVersion: string };
    deps: TRunDeps;
    stepDelayMs?: number;
    timeBudgetMs?: number;
  },
  body: (claimed: { row: TClaimedJob; ctx: TJobContext; log: Logger; payload: TExtractJobPayload }) => Promise<TJobOutcome>,
): Promise<TJobOutcome> {
  const payload = parsePayload(job);
  const { deps } = frame;
  const attributes = { "docvault.job_id": payload.extractionJobId, "docvault.document_id": payload.documentId, "docvault.attempt": job.attemptsMade + 1 };
  return inSpan(
    `${frame.name} job`,
    attributes,
    async (span) => {
      const log = deps.log.child({ jobId: payload.extractionJobId, documentId: payload.documentId, queue: frame.name });
      const row = await claimJob(deps.db, payload.extractionJobId, frame.attempt, { step: { step: frame.firstStep }, reuse: frame.reuse });
      if (!row) {
        log.info("job finished, cancelled or gone; skipped");
        return "skipped";
      }
      const ctx = startJobContext({
        db: deps.db,
        log,
        publisher: deps.publisher,
        jobId: row.id,
        documentId: row.documentId,
        pollMs: deps.cancelPollMs ?? 1_000,
        stepDelayMs: frame.stepDelayMs ?? 0,
        timeBudgetMs: frame.timeBudgetMs,
        rowEveryMs: deps.progressRowMs,
        claimedStep: frame.firstStep,
      });
      try {
        const outcome = await body({ row, ctx, log, payload });
        span.setAttribute("docvault.outcome", outcome);
        return outcome;
      } catch (error) {
        if (ctx.cancelled()) {
          log.info("job cancelled while running; stopped");
          await ctx.progress("cancelled");
          return "cancelled";
        }
        const ids = { documentId: row.documentId, ownerId: row.document.ownerId };
        throw await recordFailure({ db: deps.db, log, job, jobId: row.id, ctx, error, metrics: deps.metrics, ids });
      } finally {
        ctx.dispose();
      }
    },
    contextFromCarrier(payload.trace),
  );
}
