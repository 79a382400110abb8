import { createPostgresBackend, Queue, Worker, withBackend, type Job, type Processor, type WorkerOptions } from "bullmq";
import { createRedis, type TQueueConnection } from "./connection";

const Postgres = withBackend(createPostgresBackend);
const postgresOptions = (connection: { url: string; schema: string }) => ({
  connectionString: connection.url,
  schema: connection.schema,
  migrate: true,
  max: 4,
});

/** The worker options docvault sets; the same on either backend. */
export type TWorkerTuning = Pick<WorkerOptions, "concurrency" | "lockDuration" | "stalledInterval" | "maxStalledCount" | "limiter" | "autorun">;

/** What docvault calls on a queue; both backends' Queue classes satisfy it. */
export type TBullQueue<TData> = Pick<Queue<TData, unknown, string>, "add" | "getJob" | "remove" | "getJobCounts" | "close">;
/** What docvault calls on a worker; both backends' Worker classes satisfy it. */
export type TBullWorker = {
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
  onError(listener: (error: Error) => void): void;
  onFailed(listener: (job: Job<unknown> | undefined, error: Error) => void): void;
};

/** A BullMQ queue on Redis or on BullMQ's PostgreSQL backend; the rest of the code never branches on it. */
export function openQueue<TData>(connection: TQueueConnection, name: string): TBullQueue<TData> {
  const queue =
    connection.kind === "redis"
      ? new Queue<TData, unknown, string>(name, { connection: createRedis(connection.url), prefix: connection.prefix })
      : new Postgres.Queue<TData, unknown, string>(name, { connection: postgresOptions(connection) });
  // An unhandled 'error' event would crash the process; the connection reconnects by itself.
  queue.on("error", (error: Error) => {
    console.error(JSON.stringify({ msg: "queue error", queue: name, err: error.message }));
  });
  return queue;
}

export function openWorker<TData>(connection: TQueueConnection, name: string, processor: Processor<TData>, tuning: TWorkerTuning): TBullWorker {
  const worker =
    connection.kind === "redis"
      ? new Worker<TData>(name, processor, { ...tuning, connection: createRedis(connection.url), prefix: connection.prefix })
      : new Postgres.Worker<TData>(name, processor, { ...tuning, connection: postgresOptions(connection) });
  return {
    waitUntilReady: () => worker.waitUntilReady(),
    close: (force) => worker.close(force),
    onError: (listener) => void worker.on("error", listener),
    onFailed: (listener) => void worker.on("failed", listener),
  };
}
