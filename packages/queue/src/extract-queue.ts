import {
  createPostgresBackend,
  Queue,
  Worker,
  withBackend,
  type Job,
  type JobsOptions,
  type Processor,
  type WorkerOptions,
} from "bullmq";
import {
  EXTRACT_JOB,
  EXTRACT_QUEUE,
  extractJobId,
  toQueuePriority,
  ZExtractJobPayloadSchema,
  type TExtractJobPayload,
} from "@docvault/core";
import { createRedis, type TQueueConnection } from "./connection";

export type TExtractJob = Job<TExtractJobPayload>;
export type TExtractQueue = {
  kind: TQueueConnection["kind"];
  enqueue(payload: TExtractJobPayload, opts?: { priority?: number }): Promise<void>;
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
};

/** Job options set in one place: deterministic id, retries with exponential backoff, bounded history. */
export function extractJobOptions(payload: TExtractJobPayload, priority = 5): JobsOptions {
  return {
    jobId: extractJobId(payload),
    priority: toQueuePriority(priority),
    attempts: 3,
    backoff: { type: "exponential", delay: 2_000 },
    removeOnComplete: { age: 24 * 3600, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

const Postgres = withBackend(createPostgresBackend);
const postgresOptions = (connection: { url: string; schema: string }) => ({
  connectionString: connection.url,
  schema: connection.schema,
  migrate: true,
  max: 4,
});

type TJobName = typeof EXTRACT_JOB;

export function createExtractQueue(connection: TQueueConnection): TExtractQueue {
  const queue =
    connection.kind === "redis"
      ? new Queue<TExtractJobPayload, unknown, TJobName>(EXTRACT_QUEUE, {
          connection: createRedis(connection.url),
          prefix: connection.prefix,
        })
      : new Postgres.Queue<TExtractJobPayload, unknown, TJobName>(EXTRACT_QUEUE, {
          connection: postgresOptions(connection),
        });
  queue.on("error", (error: Error) => {
    console.error(JSON.stringify({ msg: "queue error", err: error.message }));
  });
  return {
    kind: connection.kind,
    async enqueue(payload, opts) {
      const data = ZExtractJobPayloadSchema.parse(payload);
      await queue.add(EXTRACT_JOB, data, extractJobOptions(data, opts?.priority));
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
};

export function createExtractWorker(
  connection: TQueueConnection,
  processor: Processor<TExtractJobPayload>,
  opts: Pick<WorkerOptions, "concurrency" | "lockDuration" | "stalledInterval" | "maxStalledCount">,
): TExtractWorker {
  const worker =
    connection.kind === "redis"
      ? new Worker<TExtractJobPayload>(EXTRACT_QUEUE, processor, {
          ...opts,
          connection: createRedis(connection.url),
          prefix: connection.prefix,
        })
      : new Postgres.Worker<TExtractJobPayload>(EXTRACT_QUEUE, processor, {
          ...opts,
          connection: postgresOptions(connection),
        });
  return {
    kind: connection.kind,
    waitUntilReady: () => worker.waitUntilReady(),
    close: (force) => worker.close(force),
    onError: (listener) => void worker.on("error", listener),
  };
}
