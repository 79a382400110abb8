import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import {
  AppError,
  isAppError,
  PROGRESS_STEPS,
  ZJobStatusSchema,
  ZProgressEventSchema,
  ZProgressStepSchema,
  type TProgressEvent,
  type TProgressStep,
} from "@docvault/core";
import { failedJobs, getJobForOwner, type JobStatus } from "@docvault/db";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsReadProcedure, documentsWriteProcedure, type TUserContext } from "./trpc";

const ZJobIdInputSchema = z.object({ jobId: z.uuid() });

const ZFailedJobSchema = z.object({
  jobId: z.uuid(),
  documentId: z.uuid(),
  filename: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  failedAt: z.date(),
});

const ZJobViewSchema = z.object({
  id: z.uuid(),
  documentId: z.uuid(),
  status: ZJobStatusSchema,
  step: ZProgressStepSchema,
  page: z.number().int().optional(),
  pages: z.number().int().optional(),
  /** 1..10, 10 read first: 8 for the capture page's uploads, 5 by default, 2 for bulk imports. A retry keeps it. */
  priority: z.number().int(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  queuedAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  /** Set once the job completed: fetch the result with extractions.get({ documentId }). */
  extractionId: z.uuid().nullable(),
});
export type TJobView = z.infer<typeof ZJobViewSchema>;

const TERMINAL_STEPS: ReadonlySet<TProgressStep> = new Set(["done", "failed", "cancelled"]);
const STEP_OF_STATUS: Record<JobStatus, TProgressStep> = {
  pending: "queued",
  processing: "validating",
  completed: "done",
  failed: "failed",
  cancelled: "cancelled",
};

const ZStoredProgressSchema = z.object({
  step: ZProgressStepSchema,
  page: z.number().int().min(1).optional(),
  pages: z.number().int().min(1).optional(),
});

/** The step a person sees: a finished status wins over the last reported step. */
function stepOf(status: JobStatus, progress: unknown): { step: TProgressStep; page?: number; pages?: number } {
  const stored = ZStoredProgressSchema.safeParse(progress);
  const finished = status === "completed" || status === "failed" || status === "cancelled";
  if (finished || !stored.success) return { step: STEP_OF_STATUS[status] };
  if (status === "pending" && stored.data.step !== "queued") return { step: "queued" };
  return stored.data;
}

/** How often a live progress stream reads the job row again (see jobs.onProgress). */
const RECHECK_MS = 2_000;
const RECHECK = Symbol("recheck");
const STEP_RANK = new Map(PROGRESS_STEPS.map((step, index) => [step, index]));

/** Whether `event` is further along than `last`: a later step, or a later page of the same step. */
function isFurther(event: TProgressEvent, last: TProgressEvent): boolean {
  const [rank, lastRank] = [STEP_RANK.get(event.step) ?? 0, STEP_RANK.get(last.step) ?? 0];
  return rank > lastRank || (rank === lastRank && (event.page ?? 0) > (last.page ?? 0));
}

function progressEventOf(job: TJobView): TProgressEvent {
  return ZProgressEventSchema.parse({
    jobId: job.id,
    documentId: job.documentId,
    step: job.step,
    ...(job.page ? { page: job.page } : {}),
    ...(job.pages ? { pages: job.pages } : {}),
    ...(job.status === "failed" && job.lastError ? { reason: job.lastError.slice(0, 500) } : {}),
  });
}

async function loadJob(ctx: TUserContext, jobId: string): Promise<TJobView> {
  const job = await getJobForOwner(ctx.services.db, jobId, ctx.user.id);
  if (!job) throw new AppError("NOT_FOUND", "No such job.");
  return {
    id: job.id,
    documentId: job.documentId,
    status: job.status,
    ...stepOf(job.status, job.progress),
    priority: job.priority,
    attempts: job.attempts,
    lastError: job.lastError,
    queuedAt: job.queuedAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    extractionId: job.status === "completed" ? (job.extraction?.id ?? null) : null,
  };
}

export const jobsRouter = createTRPCRouter({
  get: documentsReadProcedure
    .meta(
      rest(
        "GET",
        "/jobs/{jobId}",
        "jobs",
        "A job's status and step (poll this)",
        "status is pending, processing, completed, failed or cancelled; once completed, extractionId is set and the result is at /api/v1/documents/{documentId}/result. Pushed progress (server-sent events) is the tRPC subscription jobs.onProgress.",
      ),
    )
    .input(ZJobIdInputSchema)
    .output(ZJobViewSchema)
    .query(({ ctx, input }) => loadJob(ctx, input.jobId)),

  /** Stops a pending or running job of this user. */
  cancel: documentsWriteProcedure
    .meta(rest("POST", "/jobs/{jobId}/cancel", "jobs", "Cancel a pending or running job"))
    .input(ZJobIdInputSchema)
    .output(ZJobViewSchema)
    .mutation(async ({ ctx, input }) => {
      const before = await loadJob(ctx, input.jobId);
      const cancelled = await ctx.services.jobs().cancelJob(input.jobId, ctx.user.id);
      if (!cancelled) {
        throw new AppError("BAD_REQUEST", `The job is already ${before.status === "completed" ? "done" : before.status}; there is nothing to cancel.`);
      }
      return loadJob(ctx, input.jobId);
    }),

  /** Queues a failed or cancelled job of this user again, with a fresh set of attempts. */
  retry: documentsWriteProcedure
    .meta(
      rest(
        "POST",
        "/jobs/{jobId}/retry",
        "jobs",
        "Queue a failed or cancelled job again",
        "At most RETRY_RATE_PER_HOUR retries per user and hour, then 429 with Retry-After.",
      ),
    )
    .input(ZJobIdInputSchema)
    .output(ZJobViewSchema)
    .mutation(async ({ ctx, input }) => {
      const before = await loadJob(ctx, input.jobId);
      if (before.status !== "failed" && before.status !== "cancelled") {
        throw new AppError("BAD_REQUEST", `Only a failed or cancelled job can be retried; this one is ${before.status}.`);
      }
      // Each retry runs the engines again: bounded per user, like uploads.
      await (await ctx.services.rateLimits()).retry(ctx.user.id);
      const requeued = await ctx.services.jobs().retryJob(input.jobId, ctx.user.id);
      if (!requeued) {
        throw new AppError("BAD_REQUEST", `Only a failed or cancelled job can be retried; this one is ${before.status}.`);
      }
      return loadJob(ctx, input.jobId);
    }),

  /** This user's documents that could not be read, latest first, each with the reason a person can act on. */
  failed: documentsReadProcedure
    .meta(rest("GET", "/failed-jobs", "jobs", "Your failed jobs, latest first, with the reason each failed"))
    .input(z.object({ limit: z.number().int().min(1).max(200).default(100) }).optional())
    .output(z.array(ZFailedJobSchema))
    .query(({ ctx, input }) => ctx.services.reads.read((db) => failedJobs(db, { ownerId: ctx.user.id, limit: input?.limit ?? 100 }), { userId: ctx.user.id })),

  /**
   * Queues every failed job of this user again (the latest 100), as many as the retry limit allows
   * this hour; says how many went and how many are left for later.
   */
  retryFailed: documentsWriteProcedure
    .meta(
      rest(
        "POST",
        "/failed-jobs/retry",
        "jobs",
        "Queue your failed jobs again",
        "Bounded by RETRY_RATE_PER_HOUR like single retries; what is left is counted.",
      ),
    )
    .input(z.void())
    .output(z.object({ retried: z.number().int(), left: z.number().int(), retryAfterMs: z.number().int().nullable() }))
    .mutation(async ({ ctx }) => {
      const failed = await failedJobs(ctx.services.db, { ownerId: ctx.user.id, limit: 100 });
      const limits = await ctx.services.rateLimits();
      let retried = 0;
      for (const job of failed) {
        try {
          await limits.retry(ctx.user.id);
        } catch (error) {
          if (isAppError(error) && error.code === "RATE_LIMITED") return { retried, left: failed.length - retried, retryAfterMs: error.retryAfterMs ?? null };
          throw error;
        }
        if (await ctx.services.jobs().retryJob(job.jobId, ctx.user.id)) retried++;
      }
      return { retried, left: failed.length - retried, retryAfterMs: null };
    }),

  /**
   * The job's steps as they happen (SSE): first where it is now, so a late subscriber is not left
   * waiting, then each step, ending at done, failed or cancelled. Pushed steps come from the
   * progress hub; the row is read again every RECHECK_MS as well, because a push can be missed (on
   * the embedded PGlite a NOTIFY never leaves its own session; a hub reconnecting drops what was
   * sent meanwhile) and a stream must still move on and end.
   */
  // No .output(): tRPC would want a schema of the whole async iterable. Every event yielded is a
  // parsed TProgressEvent (the hub parses what arrives, the others are parsed here).
  onProgress: documentsReadProcedure
    .input(ZJobIdInputSchema)
    // An async resolver that checks the job before returning the stream: a missing job (or another
    // user's) fails the request itself, answered 404 like jobs.get, not an error inside a 200 stream.
    .subscription(async ({ ctx, input, signal }) => {
      // Listen before reading the row: a step published in between is buffered, not lost.
      const events = await ctx.services.progress.watch(input.jobId, signal);
      let first: TProgressEvent;
      try {
        first = progressEventOf(await loadJob(ctx, input.jobId));
      } catch (error) {
        await events.return?.();
        throw error;
      }
      return followProgress(ctx, input.jobId, first, events, signal);
    }),
});

/** The stream of jobs.onProgress after its first event: pushed steps, and the row read again every RECHECK_MS. */
async function* followProgress(
  ctx: TUserContext,
  jobId: string,
  first: TProgressEvent,
  events: AsyncIterableIterator<TProgressEvent>,
  signal: AbortSignal | undefined,
): AsyncGenerator<TProgressEvent> {
  try {
    let last = first;
    yield last;
    if (TERMINAL_STEPS.has(last.step)) return;
    let pushed = events.next();
    while (!signal?.aborted) {
      // A timer per round, unreferenced: when the push wins, the timer just runs out.
      const got = await Promise.race([pushed, sleep(RECHECK_MS, RECHECK, { ref: false })]);
      let event: TProgressEvent;
      if (got === RECHECK) {
        event = progressEventOf(await loadJob(ctx, jobId));
        // The row can lag behind the pushes: only a step further on is news.
        if (!isFurther(event, last)) continue;
      } else {
        if (got.done) return;
        event = got.value;
        pushed = events.next();
      }
      last = event;
      yield event;
      if (TERMINAL_STEPS.has(event.step)) return;
    }
  } finally {
    await events.return?.();
  }
}
