import { pino } from "pino";
import { stopIdentityReaders, stopTesseract } from "@docvault/core/engines";
import { FsBlobStore } from "@docvault/core/node";
import { createDb } from "@docvault/db";
import { createExtractWorker, queueConnectionFrom } from "@docvault/queue";
import { readEnv } from "./env";
import { processExtractJob } from "./process-extract-job";

const env = readEnv();
const log = pino({ level: env.LOG_LEVEL, base: { service: "worker" } });
const db = createDb(env.DATABASE_URL, { max: env.WORKER_CONCURRENCY + 2 });
const store = new FsBlobStore(env.STORAGE_DIR);
const connection = queueConnectionFrom(env);
const mistral = env.MISTRAL_API_KEY
  ? {
      threshold: env.ESCALATION_THRESHOLD,
      config: {
        apiKey: env.MISTRAL_API_KEY,
        serverURL: env.MISTRAL_SERVER_URL,
        ocrModel: env.MISTRAL_OCR_MODEL,
        chatModel: env.MISTRAL_CHAT_MODEL,
        timeoutMs: env.MISTRAL_TIMEOUT_MS,
        retries: env.MISTRAL_RETRIES,
      },
      callOptions: { logger: (entry: Record<string, unknown>) => log.warn(entry, "mistral") },
    }
  : undefined;

const worker = createExtractWorker(
  connection,
  (job) => processExtractJob(job, { db, store, log, maxFileBytes: env.MAX_FILE_BYTES, mistral }),
  { concurrency: env.WORKER_CONCURRENCY, lockDuration: 60_000 },
);
worker.onError((error) => log.error({ err: error.message }, "queue connection error"));
await worker.waitUntilReady();
log.info({ queue: connection.kind, concurrency: env.WORKER_CONCURRENCY, mistral: Boolean(mistral) }, "worker ready");

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "worker stopping: finishing current jobs");
  // close() waits for running jobs; jobs not started stay in the queue for another worker.
  await worker.close();
  await stopTesseract();
  await stopIdentityReaders();
  await db.$disconnect();
  log.info("worker stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
