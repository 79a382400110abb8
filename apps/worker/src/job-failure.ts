import { isAppError } from "@docvault/core";
import { failJob, getJobStatus, type TDb } from "@docvault/db";
import { UnrecoverableError, type TExtractJob } from "@docvault/queue";
import type { Logger } from "pino";
import type { TMetrics } from "@docvault/telemetry";
import type { TJobContext } from "./job-context";
import { recordFinalFailure } from "./job-telemetry";

/** Words a person can act on; internal errors are not shown as they are (they may quote content). */
export function reasonOf(error: unknown): string {
  if (isAppError(error) || error instanceof UnrecoverableError) return error.message;
  return "The document could not be read because of an internal error.";
}

// Error messages from engines may quote document text: log the code and type, not the content.
export function errorSummary(error: unknown): Record<string, string> {
  if (isAppError(error)) return { code: error.code, type: error.name };
  if (error instanceof Error) return { type: error.name, message: error.message.slice(0, 200) };
  return { type: typeof error };
}

// A 429 with Retry-After waits in the queue without spending an attempt: not a failure.
const waitsInQueue = (error: unknown) => isAppError(error) && error.code === "RATE_LIMITED" && error.retryAfterMs !== undefined;

/** Whether a failure ends the job: it can never succeed, or this was its last attempt (a 429 that waits in the queue never does). */
export function isFinalFailure(job: TExtractJob, error: unknown): boolean {
  if (waitsInQueue(error)) return false;
  const permanent = error instanceof UnrecoverableError || (isAppError(error) && !error.retryable);
  return permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/**
 * Records a failed attempt on the job row: pending again while attempts remain, failed with its
 * reason on the last one or when it can never succeed. A job cancelled meanwhile stays cancelled.
 * Returns the error for the queue (retry, or fail at once).
 */
export async function recordFailure(input: {
  db: TDb;
  log: Logger;
  job: TExtractJob;
  jobId: string;
  ctx: TJobContext | undefined;
  error: unknown;
  metrics?: TMetrics;
  ids?: { documentId: string; ownerId?: string };
}): Promise<Error> {
  const { error } = input;
  const reason = reasonOf(error);
  const delayed = waitsInQueue(error);
  const final = isFinalFailure(input.job, error);
  input.log.error({ err: errorSummary(error), final, delayed }, "extraction attempt failed");
  if (!delayed && (await getJobStatus(input.db, input.jobId)) !== "cancelled") {
    await failJob(input.db, input.jobId, reason, final);
    if (final) await input.ctx?.progress("failed", { reason: reason.slice(0, 500) });
  }
  if (final && !delayed) recordFinalFailure(input.metrics, error, { jobId: input.jobId, documentId: input.ids?.documentId ?? "", ownerId: input.ids?.ownerId });
  return error instanceof Error ? error : new Error(reason);
}
