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

/** How recent a read of the job's status must be to stand for a checkpoint's own. */
const FRESH_STATUS_MS = 250;

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
  /**
   * Steps within this long of the last one written reach the web app by the push only; the row
   * takes the latest of them when the time is up (0: every step is written). For backends whose
   * push reaches the web app (Redis); the embedded database's web app reads the row.
   */
  rowEveryMs?: number;
  /** The step the claim stored on the row (the status was read then too): its first report is only pushed. */
  claimedStep?: TProgressStep;
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
  // When the job's status was last read (by a check, or with a step written): a checkpoint right
  // after needs no read of its own.
  let statusReadAt = input.claimedStep ? Date.now() : 0;
  const seen = (status: string | null) => {
    statusReadAt = Date.now();
    if (status === "cancelled") controller.abort(new JobCancelledError());
  };
  const checkStatus = async () => seen(await getJobStatus(input.db, input.jobId));
  const timer = setInterval(() => {
    checkStatus().catch((error: unknown) => input.log.warn({ err: String(error) }, "cancel check failed"));
  }, input.pollMs);
  timer.unref();

  const rowEveryMs = input.rowEveryMs ?? 0;
  let writtenAt = input.claimedStep ? Date.now() : 0;
  let claimedStep = input.claimedStep;
  let waiting: Record<string, unknown> | null = null;
  let flushTimer: NodeJS.Timeout | undefined;
  let disposed = false;
  const writeStep = async (stored: Record<string, unknown>) => {
    writtenAt = Date.now();
    seen(await reportProgress(input.db, input.jobId, stored, { whileProcessing: true }));
  };
  const flush = () => {
    flushTimer = undefined;
    const stored = waiting;
    waiting = null;
    if (stored && !disposed) writeStep(stored).catch((error: unknown) => input.log.warn({ err: String(error) }, "progress not stored"));
  };

  const progress: TJobContext["progress"] = async (step, extra = {}) => {
    const event: TProgressEvent = { jobId: input.jobId, documentId: input.documentId, step, ...extra };
    const { jobId: _jobId, documentId: _documentId, ...stored } = event;
    const claimed = step === claimedStep && Object.keys(extra).length === 0;
    claimedStep = undefined;
    if (claimed) {
      // The claim stored this step on the row: nothing to write.
    } else if (step === "done" || step === "cancelled") {
      // The transaction that completed or cancelled the job wrote this step with its status.
      waiting = null;
    } else if (step === "failed") {
      // failJob wrote "failed"; the reason goes with it.
      waiting = null;
      await reportProgress(input.db, input.jobId, stored);
    } else if (step === "escalating" || Date.now() - writtenAt >= rowEveryMs) {
      waiting = null;
      await writeStep(stored);
    } else {
      waiting = stored;
      flushTimer ??= setTimeout(flush, writtenAt + rowEveryMs - Date.now());
      flushTimer.unref();
    }
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
      // A status read in the last moments (a step written) stands for this check; a test's step delay always reads.
      if (input.stepDelayMs > 0 || Date.now() - statusReadAt > FRESH_STATUS_MS) await checkStatus();
      controller.signal.throwIfAborted();
      if (input.stepDelayMs > 0) await sleep(input.stepDelayMs, undefined, { signal: controller.signal });
    },
    cancelled: () => controller.signal.reason instanceof JobCancelledError,
    dispose: () => {
      disposed = true;
      clearInterval(timer);
      clearTimeout(budget);
      clearTimeout(flushTimer);
    },
  };
}
