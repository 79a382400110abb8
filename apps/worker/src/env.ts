import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_FILE_BYTES } from "@docvault/core";
import { findWorkspaceRoot } from "@docvault/core/node";

const ZEnvSchema = z.object({
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgresql:// URL (the launcher sets it in embedded mode)" }),
  REDIS_URL: z.url().optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("docvault"),
  DOCVAULT_HOME: z.string().default(join(findWorkspaceRoot(process.cwd()), ".docvault")),
  STORAGE_DIR: z.string().optional(),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  MISTRAL_API_KEY: z.string().min(1).optional(),
  MISTRAL_SERVER_URL: z.url().optional(),
  MISTRAL_OCR_MODEL: z.string().default("mistral-ocr-latest"),
  MISTRAL_CHAT_MODEL: z.string().default("mistral-small-latest"),
  MISTRAL_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  MISTRAL_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** Escalate to Mistral when a required field's confidence is under this. */
  ESCALATION_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TWorkerEnv = z.infer<typeof ZEnvSchema> & { STORAGE_DIR: string };

/** The worker's whole configuration, read and checked once; a bad variable stops start-up by name. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): TWorkerEnv {
  const parsed = ZEnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`docvault worker: invalid environment\n${problems}`);
  }
  return { ...parsed.data, STORAGE_DIR: parsed.data.STORAGE_DIR ?? join(parsed.data.DOCVAULT_HOME, "files") };
}
