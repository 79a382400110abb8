import { setTimeout as sleep } from "node:timers/promises";
import { AppError, type TProgressEvent, type TProgressStep } from "@docvault/core";
import type { TProgress } from "@docvault/core/pipeline";
import { getJobStatus, reportProgress, type TDb } from "@docvault/db";
import type { TProgressPublisher } from "@docvault/queue";
import type { Logger } from "pino";

/** Thrown (as the abort reason) when the job's owner cancelled it; the handler stops without failing. */
export class JobCancelledError extends Error {
  constructor() {
    super("The job was cancelled.");
    this.name = "JobCancelledError";
  }
}

export type TJobContext = {
  signal: AbortSignal;
  /** Stores the step on the job row and publishes it to the web app. */
  progress(step: TProgressStep, extra?: Pick<TProgressEvent, "page" | "pages" | "reason">): Promise<void>;
  /** Maps the engines' progress (reading page i of n) onto published steps. */
  engineProgress(progress: TProgress): Promise<void>;
  /** Between steps: stops when the job was cancelled, and waits the test-only step delay. */
  checkpoint(): Promise<void>;
  cancelled(): boolean;
  dispose(): void;
};

/**
 * Per running job: progress reporting and cancellation. The job row is re-read at every step and
 * every `pollMs`, so a cancel from the API stops a running job within about that time, also in
 * the middle of a long OCR (the engines take the signal).
 */
export function startJobContext(input: {
  db: TDb;
  log: Logger;
  publisher: TProgressPublisher | undefined;
  jobId: string;
  documentId: string;
  pollMs: number;
  stepDelayMs: number;
  /** How long one job may read; past it the engines stop and the job fails for good with a sentence. */
  timeBudgetMs?: number;
}): TJobContext {
  const controller = new AbortController();
  const budget = input.timeBudgetMs
    ? setTimeout(() => {
        const minutes = Math.round((input.timeBudgetMs ?? 0) / 60_000);
        controller.abort(
          new AppError(
            "TIME_BUDGET_EXCEEDED",
            `Reading this document took longer than the ${minutes > 0 ? `${minutes}-minute` : `${Math.round((input.timeBudgetMs ?? 0) / 1000)}-second`} limit for one document. Split it into smaller files and upload them again.`,
          ),
        );
      }, input.timeBudgetMs)
    : undefined;
  budget?.unref();
  const checkStatus = async () => {
    if ((await getJobStatus(input.db, input.jobId)) === "cancelled") controller.abort(new JobCancelledError());
  };
  const timer = setInterval(() => {
    checkStatus().catch((error: unknown) => input.log.warn({ err: String(error) }, "cancel check failed"));
  }, input.pollMs);
  timer.unref();

  const progress: TJobContext["progress"] = async (step, extra = {}) => {
    const event: TProgressEvent = { jobId: input.jobId, documentId: input.documentId, step, ...extra };
    const { jobId: _jobId, documentId: _documentId, ...stored } = event;
    await reportProgress(input.db, input.jobId, stored);
    // A missed push is not worth failing the job over: the row keeps the step for a later read.
    await input.publisher?.publishProgress(event).catch((error: unknown) => {
      input.log.warn({ err: String(error) }, "progress event not published");
    });
  };

  return {
    signal: controller.signal,
    progress,
    // The engines' "done" means reading is over; the handler reports structuring itself.
    engineProgress: async (p) =>
      p.step === "done" ? undefined : progress("reading", { ...(p.page ? { page: p.page } : {}), ...(p.pages ? { pages: p.pages } : {}) }),
    async checkpoint() {
      await checkStatus();
      controller.signal.throwIfAborted();
      if (input.stepDelayMs > 0) await sleep(input.stepDelayMs, undefined, { signal: controller.signal });
    },
    cancelled: () => controller.signal.reason instanceof JobCancelledError,
    dispose: () => {
      clearInterval(timer);
      clearTimeout(budget);
    },
  };
}
