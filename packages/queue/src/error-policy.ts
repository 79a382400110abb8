import { AppError, isAppError } from "@docvault/core";
import { DelayedError, UnrecoverableError, type Job, type Processor } from "bullmq";

/**
 * Maps the domain's errors onto BullMQ's retry semantics, in one place for every queue:
 * - an AppError that can never succeed (retryable false) -> UnrecoverableError: failed at once, its reason kept;
 * - RATE_LIMITED with a Retry-After -> the job waits that long in "delayed" without spending an attempt;
 * - anything else -> thrown as is: retried with exponential backoff until attempts run out.
 */
export function withErrorPolicy<TData>(processor: Processor<TData>): Processor<TData> {
  return async (job: Job<TData>, token?: string, signal?: AbortSignal) => {
    try {
      return await processor(job, token, signal);
    } catch (error) {
      if (error instanceof UnrecoverableError || error instanceof DelayedError) throw error;
      if (isAppError(error) && error.code === "RATE_LIMITED" && error.retryAfterMs !== undefined && token) {
        // BullMQ's documented pattern for "not now": moveToDelayed, then DelayedError so the worker
        // neither completes nor fails the job, and attemptsMade stays as it was.
        await job.moveToDelayed(Date.now() + error.retryAfterMs, token);
        throw new DelayedError(error.message);
      }
      if (isAppError(error) && !error.retryable) throw new UnrecoverableError(error.message);
      throw error instanceof Error ? error : new AppError("INTERNAL", String(error));
    }
  };
}
