/**
 * The ceiling for the queue figures: bare BullMQ (no docvault code) adding and processing empty
 * jobs on the same backend in the same run.
 */
import { randomBytes } from "node:crypto";
import { createPostgresBackend, Queue, Worker, withBackend, type Job } from "bullmq";
import { Redis } from "ioredis";

const Postgres = withBackend(createPostgresBackend);

type TTarget = { kind: "redis"; url: string } | { kind: "postgres"; url: string };

function open(target: TTarget, name: string, processor: (job: Job) => Promise<void>, concurrency: number) {
  const prefix = `dvraw-${randomBytes(4).toString("hex")}`;
  if (target.kind === "redis") {
    const queue = new Queue(name, { connection: new Redis(target.url, { maxRetriesPerRequest: null }), prefix });
    const worker = new Worker(name, processor, { connection: new Redis(target.url, { maxRetriesPerRequest: null }), prefix, concurrency });
    return { queue, worker };
  }
  const connection = { connectionString: target.url, schema: "public", migrate: true, max: 4 };
  return {
    queue: new Postgres.Queue(name, { connection }),
    worker: new Postgres.Worker(name, processor, { connection, concurrency }),
  };
}

/** Jobs per minute: `jobs` empty jobs added `addConcurrency` at a time while a worker processes them. */
export async function rawThroughput(target: TTarget, input: { jobs: number; concurrency: number; addConcurrency: number }): Promise<number> {
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const { queue, worker } = open(
    target,
    "raw-throughput",
    async () => {
      if (++done === input.jobs) finish();
    },
    input.concurrency,
  );
  await worker.waitUntilReady();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: input.addConcurrency }, async () => {
      while (next < input.jobs) {
        const i = next++;
        await queue.add("empty", { i }, { jobId: `j${i}`, removeOnComplete: true });
      }
    }),
  );
  await allDone;
  const perMinute = (input.jobs / ((performance.now() - started) / 1000)) * 60;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return perMinute;
}

/** Milliseconds from add() returning to the processor starting, one job at a time on an idle queue. */
export async function rawPickupLatencies(target: TTarget, jobs: number): Promise<number[]> {
  const latencies: number[] = [];
  let resolveStart: (ms: number) => void = () => undefined;
  const { queue, worker } = open(
    target,
    "raw-latency",
    async () => {
      resolveStart(performance.now());
    },
    1,
  );
  await worker.waitUntilReady();
  for (let i = 0; i < jobs; i++) {
    const startedAt = new Promise<number>((resolve) => (resolveStart = resolve));
    const added = performance.now();
    await queue.add("empty", { i }, { jobId: `l${i}`, removeOnComplete: true });
    latencies.push((await startedAt) - added);
    await new Promise((r) => setTimeout(r, 20));
  }
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return latencies;
}
