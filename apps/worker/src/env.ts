import { z } from "zod";
import { DOCUMENT_TYPE_DEFINITIONS, REVIEW_THRESHOLD, ZDocumentTypeSchema } from "@docvault/core";
import { parseServiceEnv, serviceEnvShape, STORAGE_ENV_NAMES, type TBlobStoreConfig } from "@docvault/core/node";
import { LOCAL_OCR_ENGINES, OCR_LANGUAGE_NAMES } from "@docvault/core/engines";

const ZEnvSchema = z
  .object({
    ...serviceEnvShape,
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /** all: both queues in one process; ocr: local engines only (CPU); mistral: escalations only (I/O). */
    WORKER_MODE: z.enum(["all", "ocr", "mistral"]).default("all"),
    /** Mistral jobs are I/O-bound: many can wait on the network at once. */
    MISTRAL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
    /** Fleet-wide Mistral budget: at most MISTRAL_RATE_MAX jobs per MISTRAL_RATE_WINDOW_MS, across all workers. */
    MISTRAL_RATE_MAX: z.coerce.number().int().min(1).default(5),
    MISTRAL_RATE_WINDOW_MS: z.coerce.number().int().min(100).default(1_000),
    /** GET /healthz on this port; unset: no health server. */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
    /** A job whose worker stops renewing its lock (crash, kill -9) is taken back after this long. */
    WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(60_000),
    WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
    /** How often a running job re-reads whether it was cancelled. */
    WORKER_CANCEL_POLL_MS: z.coerce.number().int().min(50).default(1_000),
    /** Tests only: wait this long between pipeline steps, so a test can kill or cancel a job mid-way. */
    DOCVAULT_TEST_STEP_DELAY_MS: z.coerce.number().int().min(0).default(0),
    /** Benchmarks only: "stub" swaps the engines for one that reads nothing, to measure the pipeline around them. */
    WORKER_ENGINE: z.enum(["real", "stub"]).default("real"),
    /** The local OCR engine that reads photos and scans first (the other reads unsure receipts and invoices again, and stands in when it fails). */
    OCR_ENGINE: z.enum(LOCAL_OCR_ENGINES).default("paddle"),
    /** The local OCR engine that reads the scanned pages of PDFs first. */
    OCR_PDF_ENGINE: z.enum(LOCAL_OCR_ENGINES).default("tesseract"),
    /** Languages local OCR reads, comma-separated tesseract names (eng, fra, deu, spa, ita, nld, por; chi_sim lets PP-OCR read Chinese). */
    OCR_LANGUAGES: z
      .string()
      .default("eng")
      .transform((v) =>
        v
          .split(",")
          .map((l) => l.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(OCR_LANGUAGE_NAMES, { message: `OCR_LANGUAGES: each of ${OCR_LANGUAGE_NAMES.join(", ")}` })).min(1)),
    /** How long one job may read a document before it fails for good with a sentence (default 10 minutes). */
    JOB_TIME_BUDGET_MS: z.coerce.number().int().min(1_000).default(600_000),
    /** Scanned pages local OCR reads of one document; a PDF with more pages without text is refused. */
    OCR_PAGE_BUDGET: z.coerce.number().int().min(1).max(10_000).default(200),
    /** OCR threads per worker process (PP-OCR threads, tesseract workers); default: the cores, at most 4. */
    OCR_THREADS: z.coerce.number().int().min(1).max(16).optional(),
    MISTRAL_API_KEY: z.string().min(1).optional(),
    MISTRAL_SERVER_URL: z.url().optional(),
    MISTRAL_OCR_MODEL: z.string().default("mistral-ocr-latest"),
    MISTRAL_CHAT_MODEL: z.string().default("mistral-small-latest"),
    MISTRAL_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
    MISTRAL_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    /**
     * Bulk documents (priority 2 or lower) that need Mistral go in Mistral batch jobs, at half the
     * price, instead of one real-time call each: a batch goes once MISTRAL_BATCH_SIZE wait or the
     * oldest has waited MISTRAL_BATCH_MAX_WAIT_MS; a batch that fails or expires falls back to real time.
     */
    MISTRAL_BATCH: z
      .enum(["on", "off", "true", "false", "1", "0"])
      .default("on")
      .transform((v) => v === "on" || v === "true" || v === "1"),
    MISTRAL_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(100),
    MISTRAL_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).default(600_000),
    MISTRAL_BATCH_POLL_MS: z.coerce.number().int().min(50).default(30_000),
    MISTRAL_BATCH_TIMEOUT_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    /**
     * A language model on any OpenAI-compatible server (Ollama: http://127.0.0.1:11434/v1, vLLM,
     * llama.cpp's server) structures the local OCR text of documents that need escalating, instead
     * of Mistral: nothing is billed. LLM_MODEL names the model; LLM_API_KEY only if the server asks.
     */
    LLM_BASE_URL: z.url({ message: "LLM_BASE_URL must be a URL such as http://127.0.0.1:11434/v1" }).optional(),
    LLM_MODEL: z.string().min(1).optional(),
    LLM_API_KEY: z.string().min(1).optional(),
    LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
    /** Escalate (to Mistral or the language model) when a required field's confidence is under this. */
    ESCALATION_THRESHOLD: z.coerce.number().min(0).max(1).default(REVIEW_THRESHOLD),
    /**
     * The document types that may leave this server for Mistral, comma-separated; default every type
     * that is not an identity document (passports, ID cards and driver's licences stay unless listed).
     */
    ESCALATE_TYPES: z
      .string()
      .default(
        DOCUMENT_TYPE_DEFINITIONS.filter((d) => !d.personal)
          .map((d) => d.name)
          .join(","),
      )
      .transform((v) =>
        v
          .split(",")
          .map((t) => t.trim())
          .filter(Boolean),
      )
      // A type that is not registered is named with the ones that are.
      .pipe(z.array(ZDocumentTypeSchema)),
    /** Mistral spend allowed per UTC day, fleet-wide and per user (USD); past it, documents complete with their local reading. Unset: no limit. */
    LLM_BUDGET_USD_PER_DAY: z.coerce.number().nonnegative().optional(),
    LLM_BUDGET_USD_PER_USER_PER_DAY: z.coerce.number().nonnegative().optional(),
    /** How often pending jobs that never reached the queue are enqueued again, and how old they must be. */
    OUTBOX_SWEEP_MS: z.coerce.number().int().positive().default(15_000),
    OUTBOX_STALE_MS: z.coerce.number().int().positive().default(10_000),
    /** Staging files (uploads cut off by a crash) older than this are removed, at start-up and every STAGING_SWEEP_MS. */
    STAGING_MAX_AGE_MS: z.coerce.number().int().min(60_000).default(3_600_000),
    STAGING_SWEEP_MS: z.coerce.number().int().positive().default(900_000),
    /** How often each queue's depth is written to PostgreSQL for the admin dashboard (samples kept 14 days). */
    QUEUE_SAMPLE_MS: z.coerce.number().int().min(1_000).default(60_000),
    /** Delete documents older than this many days (unset: keep them until their owner deletes them). */
    RETENTION_DAYS: z.coerce.number().positive().optional(),
    /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); unset: no trace leaves the process. */
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    /** Bearer token for GET /metrics on the health server; unset: /metrics answers 404. */
    METRICS_TOKEN: z.string().min(16, { message: "METRICS_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)" }).optional(),
    /** Error reports go to this Sentry DSN, scrubbed of personal data; unset: none are sent. */
    SENTRY_DSN: z.url().optional(),
  })
  .superRefine((env, ctx) => {
    if (env.LLM_BASE_URL && !env.LLM_MODEL) {
      ctx.addIssue({ code: "custom", path: ["LLM_MODEL"], message: "LLM_BASE_URL is set: LLM_MODEL must name a model that server serves (e.g. qwen2.5:7b)" });
    }
  });

/** Every variable the worker reads, storage's included (the deploy check holds the manifests to them). */
export const WORKER_ENV_NAMES: readonly string[] = [...new Set([...Object.keys(ZEnvSchema.shape), ...STORAGE_ENV_NAMES])];

export type TWorkerEnv = z.infer<typeof ZEnvSchema> & { STORAGE_DIR: string; storage: TBlobStoreConfig };

/** The worker's whole configuration, read and checked once; a bad variable stops start-up by name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): TWorkerEnv {
  return parseServiceEnv("worker", ZEnvSchema, source);
}
