import { MISTRAL_BATCH_OCR_USD_PER_1000_PAGES, PIPELINE_VERSION } from "@docvault/core";
import { createBlobStore } from "@docvault/core/node";
import { llmEscalator, mistralEscalator, type TEscalator, type TMistralConfigInput } from "@docvault/core/pipeline";
import { createDb, createResultCache } from "@docvault/db";
import {
  createExtractQueue,
  createExtractWorker,
  createProgressPublisher,
  JOB_KINDS,
  createRedis,
  queueConnectionFrom,
  type TExtractQueue,
  type TExtractWorker,
} from "@docvault/queue";
import { collectQueueDepth, createMetrics, renderMetrics, type TMetrics } from "@docvault/telemetry";
import type { Logger } from "pino";
import type { TWorkerEnv } from "./env";
import { startHealthServer } from "./health-server";
import { checkHandlers, isTaken, type TJobHandlers } from "./job-handlers";
import { startMistralBatchLane } from "./mistral-batch-lane";
import { startOutboxSweeper } from "./outbox-sweeper";
import { startQueueDepthSampler } from "./queue-depth-sampler";
import { startRetentionSweeper } from "./retention-sweeper";
import { startStagingSweeper } from "./staging-sweeper";
import { processEscalateJob } from "./process-escalate-job";
import { processExtractJob } from "./process-extract-job";
import { stubAnalyze } from "./stub-engine";
import { startWebhooks } from "./webhooks/start-webhooks";

export type TRunningWorker = {
  /** Waits for running jobs to finish; jobs not started stay queued for another worker. */
  stop(): Promise<void>;
  healthPort: number | undefined;
};

/**
 * Starts the workers WORKER_MODE asks for: "ocr" takes extract jobs (local engines, CPU-bound),
 * "mistral" takes escalations (network-bound, rate-limited fleet-wide), "all" both. An extract job
 * whose local result is not good enough saves it and queues an escalation with the same ids.
 */
export async function startWorker(env: TWorkerEnv, log: Logger, opts: { metrics?: TMetrics } = {}): Promise<TRunningWorker> {
  const metrics = opts.metrics ?? createMetrics({ service: "worker", defaultMetrics: true });
  // A connection is held only for a job's statements, never across an engine's or Mistral's call, so
  // 256 Mistral calls at once share 20 connections well; more only crowds PostgreSQL's 100.
  const db = createDb(env.DATABASE_URL, { max: env.DATABASE_POOL_SIZE ?? Math.min(env.WORKER_CONCURRENCY + env.MISTRAL_CONCURRENCY + 2, 20) });
  const store = createBlobStore(env.storage);
  const connection = queueConnectionFrom(env);
  const webhooks = await startWebhooks({ connection, db, log, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE });
  const publisher = webhooks.wrap(createProgressPublisher(connection));
  // The same cache (prefix, TTL, version) the web app reads: filled here as soon as a job completes.
  const cacheRedis = connection.kind === "redis" ? createRedis(connection.url, { autoPipelining: true }) : undefined;
  const cache = cacheRedis
    ? createResultCache({
        db,
        redis: cacheRedis,
        prefix: env.QUEUE_PREFIX,
        ttlSeconds: Math.round(env.RESULT_CACHE_TTL_DAYS * 86_400),
        pipelineVersion: PIPELINE_VERSION,
      })
    : undefined;
  const escalator = escalatorFrom(env, log);
  const mistralConfig = mistralConfigFrom(env);
  // Bulk documents go in Mistral batch jobs where Mistral is the escalation and this worker takes escalations.
  const batchLane = escalator?.engine === "mistral" && mistralConfig && env.MISTRAL_BATCH && env.WORKER_MODE !== "ocr" ? mistralConfig : undefined;
  const tuning = { lockDuration: env.WORKER_LOCK_DURATION_MS, stalledInterval: env.WORKER_STALLED_INTERVAL_MS };
  const extractQueue = createExtractQueue(connection);
  const escalateQueue = createExtractQueue(connection, { kind: "escalate" });
  // On Redis the web app follows a job by the push; the row only serves a page opened late, so it
  // takes intermediate steps at most once a second. On the PostgreSQL backend every step is written:
  // in the embedded PGlite a NOTIFY never leaves its session, so the web app reads the row.
  const progressRowMs = connection.kind === "redis" ? 1_000 : 0;
  const shared = { db, store, log, publisher, cancelPollMs: env.WORKER_CANCEL_POLL_MS, progressRowMs, cache, metrics };
  const handlers: TJobHandlers = {
    extract:
      env.WORKER_MODE === "mistral"
        ? { notTaken: "WORKER_MODE=mistral" }
        : {
            concurrency: env.WORKER_CONCURRENCY,
            handle: (job) =>
              processExtractJob(job, {
                ...shared,
                maxFileBytes: env.MAX_FILE_BYTES,
                escalation: escalator ? { queue: escalateQueue, threshold: env.ESCALATION_THRESHOLD, types: env.ESCALATE_TYPES } : undefined,
                stepDelayMs: env.DOCVAULT_TEST_STEP_DELAY_MS,
                timeBudgetMs: env.JOB_TIME_BUDGET_MS,
                ocrPageBudget: env.OCR_PAGE_BUDGET,
                analyze: env.WORKER_ENGINE === "stub" ? stubAnalyze : undefined,
              }),
          },
    escalate:
      env.WORKER_MODE === "ocr"
        ? { notTaken: "WORKER_MODE=ocr" }
        : !escalator
          ? { notTaken: "neither MISTRAL_API_KEY nor LLM_BASE_URL" }
          : {
              concurrency: env.MISTRAL_CONCURRENCY,
              limiter: { max: env.MISTRAL_RATE_MAX, duration: env.MISTRAL_RATE_WINDOW_MS },
              handle: (job) =>
                processEscalateJob(job, {
                  ...shared,
                  escalator,
                  batch: batchLane ? { estimateUsd: (pages) => (Math.max(1, pages) * MISTRAL_BATCH_OCR_USD_PER_1000_PAGES) / 1000 } : undefined,
                  types: env.ESCALATE_TYPES,
                  budget: { fleetUsdPerDay: env.LLM_BUDGET_USD_PER_DAY, userUsdPerDay: env.LLM_BUDGET_USD_PER_USER_PER_DAY },
                }),
            },
  };
  checkHandlers(handlers);
  if (env.WORKER_MODE === "mistral" && !escalator) log.warn("WORKER_MODE=mistral without MISTRAL_API_KEY or LLM_BASE_URL: this worker has nothing to do");
  const workers: TExtractWorker[] = [];
  for (const kind of JOB_KINDS) {
    const entry = handlers[kind];
    if (!isTaken(entry)) {
      log.info({ queue: kind, reason: entry.notTaken }, "queue left to other workers");
      continue;
    }
    const options = { ...tuning, concurrency: entry.concurrency, ...(entry.limiter ? { limiter: entry.limiter } : {}) };
    workers.push(createExtractWorker(connection, entry.handle, options, kind));
  }
  for (const worker of workers) {
    worker.onError((error) => log.error({ err: error.message }, "queue connection error"));
    await worker.waitUntilReady();
  }

  const queues: TExtractQueue[] = [extractQueue, escalateQueue];
  const outbox =
    env.WORKER_MODE === "mistral"
      ? undefined
      : startOutboxSweeper({ db, queue: extractQueue, log, intervalMs: env.OUTBOX_SWEEP_MS, staleMs: env.OUTBOX_STALE_MS });
  const batches = batchLane
    ? startMistralBatchLane({
        db,
        store,
        queue: escalateQueue,
        log,
        mistral: batchLane,
        size: env.MISTRAL_BATCH_SIZE,
        maxWaitMs: env.MISTRAL_BATCH_MAX_WAIT_MS,
        pollMs: env.MISTRAL_BATCH_POLL_MS,
        timeoutHours: env.MISTRAL_BATCH_TIMEOUT_HOURS,
      })
    : undefined;
  const retention =
    env.RETENTION_DAYS === undefined || env.WORKER_MODE === "mistral"
      ? undefined
      : startRetentionSweeper({ db, store, log, days: env.RETENTION_DAYS, intervalMs: 3_600_000 });
  const queueDepth = startQueueDepthSampler({
    db,
    sources: { extract: () => extractQueue.counts(), mistral: () => escalateQueue.counts() },
    log,
    intervalMs: env.QUEUE_SAMPLE_MS,
  });
  const staging = startStagingSweeper({ store, log, maxAgeMs: env.STAGING_MAX_AGE_MS, intervalMs: env.STAGING_SWEEP_MS });
  await staging.first;
  const health =
    env.WORKER_HEALTH_PORT === undefined
      ? undefined
      : await startHealthServer(
          env.WORKER_HEALTH_PORT,
          async () => ({
            queue: connection.kind,
            mode: env.WORKER_MODE,
            extract: await extractQueue.counts(),
            mistral: await escalateQueue.counts(),
          }),
          env.METRICS_TOKEN
            ? {
                token: env.METRICS_TOKEN,
                render: () =>
                  renderMetrics(metrics, collectQueueDepth(metrics, { extract: () => extractQueue.counts(), mistral: () => escalateQueue.counts() })),
              }
            : undefined,
        );
  log.info(
    { queue: connection.kind, mode: env.WORKER_MODE, concurrency: env.WORKER_CONCURRENCY, escalation: escalator?.engine ?? null, healthPort: health?.port },
    "worker ready",
  );

  return {
    healthPort: health?.port,
    async stop() {
      outbox?.stop();
      batches?.stop();
      retention?.stop();
      queueDepth.stop();
      staging.stop();
      await health?.close();
      // close() waits for running jobs and hands nothing back half-done: unstarted jobs stay queued.
      await Promise.all(workers.map((w) => w.close()));
      await webhooks.stop();
      await Promise.all(queues.map((q) => q.close()));
      await publisher.close();
      cacheRedis?.disconnect();
      await db.$disconnect();
    },
  };
}

/**
 * Where escalations go: a language model at LLM_BASE_URL when one is set (it structures the local
 * OCR text and bills nothing), else Mistral when a key is set, else nowhere (the local reading is final).
 */
function escalatorFrom(env: TWorkerEnv, log: Logger): TEscalator | undefined {
  if (env.LLM_BASE_URL && env.LLM_MODEL) {
    return llmEscalator({
      config: { baseURL: env.LLM_BASE_URL, model: env.LLM_MODEL, apiKey: env.LLM_API_KEY, timeoutMs: env.LLM_TIMEOUT_MS },
      callOptions: { logger: (entry: Record<string, unknown>) => log.warn(entry, "llm") },
    });
  }
  const config = mistralConfigFrom(env);
  if (!config) return undefined;
  return mistralEscalator({
    threshold: env.ESCALATION_THRESHOLD,
    config,
    callOptions: { logger: (entry: Record<string, unknown>) => log.warn(entry, "mistral") },
  });
}

function mistralConfigFrom(env: TWorkerEnv): TMistralConfigInput | undefined {
  if (!env.MISTRAL_API_KEY) return undefined;
  return {
    apiKey: env.MISTRAL_API_KEY,
    serverURL: env.MISTRAL_SERVER_URL,
    ocrModel: env.MISTRAL_OCR_MODEL,
    chatModel: env.MISTRAL_CHAT_MODEL,
    timeoutMs: env.MISTRAL_TIMEOUT_MS,
    retries: env.MISTRAL_RETRIES,
  };
}
