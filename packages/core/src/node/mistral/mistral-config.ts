import { z } from "zod";
import { MISTRAL_BATCH_OCR_USD_PER_1000_PAGES, MISTRAL_OCR_USD_PER_1000_PAGES } from "../../extraction/mistral-price";

/**
 * How docvault talks to Mistral. Callers (the worker's env.ts) build it from their validated
 * environment; nothing here reads process.env, so tests point it at a fake server.
 */
export const ZMistralConfigSchema = z.object({
  apiKey: z.string().min(1),
  /** Only for tests and proxies; the SDK's default is https://api.mistral.ai. */
  serverURL: z.url().optional(),
  ocrModel: z.string().min(1).default("mistral-ocr-latest"),
  chatModel: z.string().min(1).default("mistral-small-latest"),
  /** One deadline for a whole call, uploads and retries included, so a job never waits longer than this. */
  timeoutMs: z.number().int().positive().default(60_000),
  /** Extra attempts after a 429, 5xx or refused connection, within the deadline. */
  retries: z.number().int().min(0).max(10).default(2),
  /** Images up to this size travel inline as a data URL (one request); larger files and PDFs are uploaded. */
  inlineMaxBytes: z.number().int().positive().default(1_000_000),
  /** Hours the signed URL of an uploaded file stays valid; the file is deleted right after OCR anyway. */
  signedUrlExpiryHours: z.number().int().min(1).max(168).default(1),
  /** Published prices, USD per 1,000 pages. */
  ocrUsdPer1000Pages: z.number().nonnegative().default(MISTRAL_OCR_USD_PER_1000_PAGES),
  annotatedOcrUsdPer1000Pages: z.number().nonnegative().default(5),
  /** OCR through the batch API (submitOcrBatch), billed at Mistral's batch discount. */
  batchOcrUsdPer1000Pages: z.number().nonnegative().default(MISTRAL_BATCH_OCR_USD_PER_1000_PAGES),
});
export type TMistralConfigInput = z.input<typeof ZMistralConfigSchema>;
export type TMistralConfig = z.output<typeof ZMistralConfigSchema>;

/** Structured log entries; never contain document contents or extracted values. */
export type TMistralLogger = (entry: { level: "warn" | "error"; msg: string; operation: string; err?: unknown; [key: string]: unknown }) => void;

export type TMistralCallOptions = { logger?: TMistralLogger };
