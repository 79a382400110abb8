/**
 * pipeline: 10 KB documents from upload (real HTTP, production build) to stored result, with the
 * zero-latency stub engine (WORKER_ENGINE=stub), sustained docs/min on Redis and on the embedded
 * backend (PGlite + BullMQ's PostgreSQL backend), next to bare BullMQ adding and processing empty
 * jobs on the same backend. Then the Mistral path with the fake Mistral answering in 2 s, and 1, 2
 * and 4 worker processes draining the same backlog (scaling efficiency).
 */
import { startFakeMistral } from "@docvault/core/testing/fake-mistral";
import { createDb, type TDb } from "@docvault/db";
import { startBenchStack, type TBackend, type TBenchStack } from "./support/bench-stack";
import { uploadHeaders } from "./support/bench-user";
import { rawThroughput } from "./support/raw-bullmq";
import { uniquePngMaker } from "./support/unique-png";
import { upload } from "./support/upload";
import { row, type TBenchOptions, type TBenchRow } from "./bench-row";

const UPLOAD_CONCURRENCY = 32;
const WORKER_CONCURRENCY = "16";

export async function uploadMany(stack: TBenchStack, count: number, firstSerial: number): Promise<string[]> {
  const auth = await uploadHeaders(stack.databaseUrl);
  const makePng = await uniquePngMaker();
  const jobIds: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const answer = await upload(stack.webUrl ?? "", makePng(firstSerial + i), { filename: `p-${i}.png`, type: "image/png", headers: auth });
        if (answer.status !== 202 || !answer.json.jobId) throw new Error(`upload ${i} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
        jobIds.push(answer.json.jobId);
      }
    }),
  );
  return jobIds;
}

/** Waits until every job is finished; fails on a failed job or when nothing moves for a minute. */
export async function waitForJobs(db: TDb, jobIds: string[]): Promise<{ firstStart: number; lastFinish: number }> {
  let lastCount = -1;
  let lastMove = Date.now();
  for (;;) {
    const rows = await db.extractionJob.groupBy({ by: ["status"], where: { id: { in: jobIds } }, _count: true });
    const count = (status: string) => rows.find((r) => r.status === status)?._count ?? 0;
    if (count("failed") > 0) throw new Error(`${count("failed")} benchmark jobs failed`);
    const finished = count("completed");
    if (finished === jobIds.length) break;
    if (finished !== lastCount) {
      lastCount = finished;
      lastMove = Date.now();
    } else if (Date.now() - lastMove > 60_000) {
      throw new Error(`stuck at ${finished}/${jobIds.length} finished jobs`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const times = await db.extractionJob.aggregate({ where: { id: { in: jobIds } }, _min: { startedAt: true }, _max: { finishedAt: true } });
  return { firstStart: times._min.startedAt?.getTime() ?? 0, lastFinish: times._max.finishedAt?.getTime() ?? 0 };
}

function startStack(backend: TBackend): Promise<TBenchStack> {
  return startBenchStack({ backend, web: true, env: { UPLOAD_RATE_PER_MINUTE: "100000000" } });
}

async function endToEnd(stack: TBenchStack, backend: TBackend, count: number): Promise<{ perMinute: number; ceiling: number }> {
  const db = createDb(stack.databaseUrl);
  try {
    await stack.startWorkers(1, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY });
    await waitForJobs(db, await uploadMany(stack, 20, 0)); // warm-up
    const started = Date.now();
    const jobIds = await uploadMany(stack, count, 1000);
    const { lastFinish } = await waitForJobs(db, jobIds);
    const perMinute = (count / ((lastFinish - started) / 1000)) * 60;
    await stack.stopWorkers();
    const target = backend === "redis" ? { kind: "redis" as const, url: stack.redisUrl ?? "" } : { kind: "postgres" as const, url: stack.databaseUrl };
    const ceiling = await rawThroughput(target, { jobs: count, concurrency: Number(WORKER_CONCURRENCY), addConcurrency: UPLOAD_CONCURRENCY });
    return { perMinute, ceiling };
  } finally {
    await db.$disconnect();
    await stack.stopWorkers();
  }
}

async function mistralPath(stack: TBenchStack, count: number): Promise<{ perMinute: number; ceiling: number; callsPerDoc: number }> {
  const fake = await startFakeMistral({ latencyMs: 2000 });
  const db = createDb(stack.databaseUrl);
  try {
    await stack.startWorkers(1, {
      WORKER_ENGINE: "stub",
      WORKER_CONCURRENCY,
      MISTRAL_API_KEY: "test-key",
      MISTRAL_SERVER_URL: fake.url,
      MISTRAL_CONCURRENCY: "256",
      MISTRAL_RATE_MAX: "1000000",
      MISTRAL_RETRIES: "0",
    });
    const started = Date.now();
    const jobIds = await uploadMany(stack, count, 5000);
    const { lastFinish } = await waitForJobs(db, jobIds);
    const perMinute = (count / ((lastFinish - started) / 1000)) * 60;
    const callsPerDoc = fake.requests.length / count;
    await stack.stopWorkers();
    // The ceiling: bare BullMQ jobs that wait as long as one document's Mistral calls, same concurrency.
    const waitMs = Math.round(callsPerDoc) * 2000;
    const ceiling = await rawSleeping(stack.redisUrl ?? "", count, waitMs);
    return { perMinute, ceiling, callsPerDoc };
  } finally {
    await db.$disconnect();
    await stack.stopWorkers();
    await fake.close();
  }
}

async function rawSleeping(redisUrl: string, jobs: number, waitMs: number): Promise<number> {
  const { Queue, Worker } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const prefix = `dvraw-${Date.now()}`;
  const connection = () => new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("raw-sleep", { connection: connection(), prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    "raw-sleep",
    async () => {
      await new Promise((r) => setTimeout(r, waitMs));
      if (++done === jobs) finish();
    },
    { connection: connection(), prefix, concurrency: 256 },
  );
  await worker.waitUntilReady();
  const started = performance.now();
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: "sleep", data: { i }, opts: { removeOnComplete: true } })));
  await allDone;
  const perMinute = (jobs / ((performance.now() - started) / 1000)) * 60;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return perMinute;
}

/** A backlog of `count` uploads drained by `workers` processes: docs/min from first start to last finish. */
async function drain(stack: TBenchStack, workers: number, count: number): Promise<number> {
  const db = createDb(stack.databaseUrl);
  try {
    const jobIds = await uploadMany(stack, count, 10_000 * workers);
    await stack.startWorkers(workers, { WORKER_ENGINE: "stub", WORKER_CONCURRENCY });
    const { firstStart, lastFinish } = await waitForJobs(db, jobIds);
    return (count / ((lastFinish - firstStart) / 1000)) * 60;
  } finally {
    await db.$disconnect();
    await stack.stopWorkers();
  }
}

export async function pipelineBench(options: TBenchOptions): Promise<TBenchRow[]> {
  // One stack (database, web process) per backend, shared by its phases: each phase starts and
  // stops its own workers and uploads documents of its own, so only the start-up is shared.
  const redis = await startStack("redis");
  try {
    return await phases(redis, options);
  } finally {
    await redis.stop();
  }
}

async function phases(redis: TBenchStack, options: TBenchOptions): Promise<TBenchRow[]> {
  const rows: TBenchRow[] = [];
  const n = options.smoke ? 20 : 3000;
  for (const backend of ["redis", "embedded"] as const) {
    console.log(`pipeline: ${backend} backend`);
    const stack = backend === "redis" ? redis : await startStack(backend);
    const { perMinute, ceiling } = await endToEnd(stack, backend, backend === "redis" ? n : Math.ceil(n / 3)).finally(async () => {
      if (stack !== redis) await stack.stop();
    });
    rows.push(
      row({
        bench: "pipeline",
        figure: `upload -> stored result, stub engine (${backend})`,
        value: perMinute,
        unit: "docs/min",
        ceiling: { label: "bare BullMQ empty jobs, same backend", value: ceiling },
        goal: backend === "redis" ? { op: ">=", target: 12_000, on: "value" } : null,
        note: `10 KB PNGs over HTTP, ${UPLOAD_CONCURRENCY} clients; 1 worker process, concurrency ${WORKER_CONCURRENCY}`,
      }),
    );
  }
  const mistral = await mistralPath(redis, options.smoke ? 10 : 1500);
  rows.push(
    row({
      bench: "pipeline",
      figure: "Mistral path, fake answering in 2 s (Redis)",
      value: mistral.perMinute,
      unit: "docs/min",
      ceiling: { label: "bare BullMQ jobs waiting as long", value: mistral.ceiling },
      goal: { op: ">=", target: 1000, on: "value" },
      note: `1 worker process, MISTRAL_CONCURRENCY 256; ${mistral.callsPerDoc.toFixed(1)} Mistral calls a document`,
    }),
  );
  const drainCount = options.smoke ? 20 : 2000;
  const rates: number[] = [];
  // The smoke run checks that draining by one and by several processes works; four adds a figure, not a path.
  for (const workers of options.smoke ? [1, 2] : [1, 2, 4]) {
    const rate = await drain(redis, workers, drainCount);
    rates.push(rate);
    const one = rates[0] ?? rate;
    rows.push(
      row({
        bench: "pipeline",
        figure: `backlog drained by ${workers} worker process${workers > 1 ? "es" : ""} (Redis)`,
        value: rate,
        unit: "docs/min",
        ceiling: workers === 1 ? null : { label: `${workers} x the 1-process rate`, value: one * workers },
        note:
          workers === 1
            ? `${drainCount} queued uploads, stub engine`
            : `scaling efficiency ${((rate / (one * workers)) * 100).toFixed(0)}% on ${workers} processes, 2 cores`,
      }),
    );
  }
  return rows;
}
