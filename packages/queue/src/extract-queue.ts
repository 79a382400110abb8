import type { Job, JobsOptions, Processor } from "bullmq";
import {
  ESCALATE_JOB,
  escalateJobId,
  EXTRACT_JOB,
  EXTRACT_QUEUE,
  extractJobId,
  JOB_PRIORITY,
  JOB_RETRY,
  MISTRAL_QUEUE,
  toQueuePriority,
  ZExtractJobPayloadSchema,
  type TExtractJobPayload,
} from "@docvault/core";
import { injectTraceCarrier } from "@docvault/telemetry";
import { openQueue, openWorker, type TWorkerTuning } from "./bullmq-backend";
import type { TQueueConnection } from "./connection";
import { withErrorPolicy } from "./error-policy";

export type TExtractJob = Job<TExtractJobPayload>;
/** Every queue the workers take jobs from: extract (local engines) and escalate (Mistral). */
export const JOB_KINDS = ["extract", "escalate"] as const;
export type TJobKind = (typeof JOB_KINDS)[number];
export type TRetryPolicy = { attempts: number; backoffMs: number };
/**
 * `idSuffix`: a later run of the same job under an id of its own (the escalation that finishes a
 * document after its Mistral batch ended), since the first run's id stays taken while BullMQ keeps it.
 */
export type TEnqueueOptions = { priority?: number; idSuffix?: string };

/** The queue operations the apps use, the same on either backend and for both job kinds. */
export type TExtractQueue = {
  kind: TQueueConnection["kind"];
  enqueue(payload: TExtractJobPayload, opts?: TEnqueueOptions): Promise<void>;
  /** Puts a failed (or cancelled) job back in the queue under the same id, with a fresh set of attempts. */
  requeue(payload: TExtractJobPayload, opts?: TEnqueueOptions): Promise<void>;
  /** Removes a job that has not started; returns false when it is running (or gone): the handler then stops itself. */
  removePending(extractionJobId: string): Promise<boolean>;
  /** The BullMQ state and attempts of a job, or null when the queue no longer has it. */
  /** processedOn: when a worker last took the job (ms since the epoch), as BullMQ recorded it. */
  inspect(extractionJobId: string): Promise<{ state: string; attemptsMade: number; failedReason?: string; processedOn?: number } | null>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
};

const QUEUES: Record<TJobKind, { queue: string; job: string; id: (p: Pick<TExtractJobPayload, "extractionJobId">) => string }> = {
  extract: { queue: EXTRACT_QUEUE, job: EXTRACT_JOB, id: extractJobId },
  escalate: { queue: MISTRAL_QUEUE, job: ESCALATE_JOB, id: escalateJobId },
};

/** Job options set in one place: deterministic id, priority, retries with exponential backoff, bounded history. */
export function extractJobOptions(
  payload: TExtractJobPayload,
  priority: number = JOB_PRIORITY.default,
  retry: TRetryPolicy = JOB_RETRY,
  kind: TJobKind = "extract",
  idSuffix?: string,
): JobsOptions {
  return {
    jobId: idSuffix ? `${QUEUES[kind].id(payload)}-${idSuffix}` : QUEUES[kind].id(payload),
    priority: toQueuePriority(priority),
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    // Failed jobs stay a week with their reason, so their owner can see why and retry them.
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** The queue of extract jobs (local engines) or, with kind "escalate", of Mistral escalations. */
export function createExtractQueue(connection: TQueueConnection, opts: { kind?: TJobKind; retry?: TRetryPolicy } = {}): TExtractQueue {
  const kind = opts.kind ?? "extract";
  const names = QUEUES[kind];
  const queue = openQueue<TExtractJobPayload>(connection, names.queue);
  const optionsFor = (payload: TExtractJobPayload, enqueueOpts?: TEnqueueOptions) =>
    extractJobOptions(payload, enqueueOpts?.priority, opts.retry, kind, enqueueOpts?.idSuffix);

  return {
    kind: connection.kind,
    async enqueue(payload, enqueueOpts) {
      // The enqueuer's trace (the upload request, or the extract job handing over to Mistral)
      // travels in the payload, so the worker's spans join it.
      const trace = payload.trace ?? injectTraceCarrier();
      const data = ZExtractJobPayloadSchema.parse(trace ? { ...payload, trace } : payload);
      await queue.add(names.job, data, optionsFor(data, enqueueOpts));
    },
    async requeue(payload, enqueueOpts) {
      const data = ZExtractJobPayloadSchema.parse(payload);
      const existing = await queue.getJob(names.id(data));
      const state = existing ? await existing.getState() : "unknown";
      if (existing && state === "failed") {
        // retry() keeps the id and resets attemptsMade: a new set of attempts, same history.
        await existing.retry("failed", { resetAttemptsMade: true, resetAttemptsStarted: true });
        return;
      }
      // A finished job (completed or cancelled) holds the deterministic id, so add() would be a
      // no-op: remove it first. Waiting, delayed or active jobs are left alone (already queued).
      if (existing && state === "completed") await existing.remove();
      else if (existing) return;
      await queue.add(names.job, data, optionsFor(data, enqueueOpts));
    },
    async removePending(extractionJobId) {
      const job = await queue.getJob(names.id({ extractionJobId }));
      if (!job) return false;
      const state = await job.getState();
      if (!["waiting", "delayed", "prioritized", "waiting-children"].includes(state)) return false;
      // remove() refuses a job locked by a worker, which covers a job that started meanwhile.
      return (await queue.remove(job.id ?? extractionJobId)) === 1;
    },
    async inspect(extractionJobId) {
      const job = await queue.getJob(names.id({ extractionJobId }));
      if (!job) return null;
      const state = await job.getState();
      // Read again after the state: the first read may predate the move that state reports, and
      // then carry the attempts and reason of before (seen as completed with attemptsMade 0).
      const latest = (await queue.getJob(names.id({ extractionJobId }))) ?? job;
      return { state, attemptsMade: latest.attemptsMade, failedReason: latest.failedReason || undefined, processedOn: latest.processedOn ?? undefined };
    },
    counts: () => queue.getJobCounts("waiting", "active", "delayed", "failed", "completed", "prioritized"),
    close: () => queue.close(),
  };
}

/** The part of a BullMQ worker the app uses, the same on either backend. */
export type TExtractWorker = {
  kind: TQueueConnection["kind"];
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
  onError(listener: (error: Error) => void): void;
  /** Called after a job failed for good (UnrecoverableError or attempts exhausted). */
  onFailed(listener: (job: Job<unknown> | undefined, error: Error) => void): void;
};

/**
 * A worker for extract jobs or, with kind "escalate", for Mistral escalations. The domain's errors
 * map onto retry semantics in withErrorPolicy; `limiter` (escalate workers) caps Mistral calls
 * across the whole fleet, since BullMQ keeps the limiter's counter in the queue's backend.
 */
export function createExtractWorker(
  connection: TQueueConnection,
  processor: Processor<TExtractJobPayload>,
  tuning: TWorkerTuning,
  kind: TJobKind = "extract",
): TExtractWorker {
  const worker = openWorker<TExtractJobPayload>(connection, QUEUES[kind].queue, withErrorPolicy(processor), tuning);
  return { kind: connection.kind, ...worker };
}
