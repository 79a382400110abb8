// What the web server and the worker read alike from their environment: where the database, the
// queue and the files are, and the limits both must agree on. Each app adds its own variables to
// serviceEnvShape and reads it once with parseServiceEnv in its env.ts; core reads no process.env.
import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_FILE_BYTES } from "../validation/validation-limits";
import { blobStoreConfigFromEnv } from "./storage/blob-store-env";
import type { TBlobStoreConfig } from "./storage/create-blob-store";
import { findWorkspaceRoot } from "./workspace-paths";

/** The variables both services share, one definition so they cannot disagree. */
export const serviceEnvShape = {
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgresql:// URL (the launcher sets it in embedded mode)" }),
  /**
   * Connections to PostgreSQL this process may hold (queries beyond wait for one). Unset: 10 for the
   * web app; the worker's jobs at once + 2, at most 20. Keep the sum over every process under the
   * server's max_connections (100 by default), or put PgBouncer in front.
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  /**
   * PostgreSQL itself when DATABASE_URL goes through PgBouncer's transaction pooling: for what needs
   * a session of its own (migrations' advisory lock; LISTEN on the queue's PostgreSQL backend, used
   * when REDIS_URL is unset). Unset: DATABASE_URL.
   */
  DATABASE_DIRECT_URL: z.url({ message: "DATABASE_DIRECT_URL must be a postgresql:// URL" }).optional(),
  REDIS_URL: z.url().optional(),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("docvault"),
  // A function, so importing core/node reads no file system; the default is found when a service parses its environment.
  DOCVAULT_HOME: z.string().default(() => join(findWorkspaceRoot(process.cwd()), ".docvault")),
  STORAGE_DIR: z.string().optional(),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  /** Days a result stays in the Redis cache (the worker writes it, the web app reads it; PostgreSQL keeps it until the document is deleted). */
  RESULT_CACHE_TTL_DAYS: z.coerce.number().positive().default(90),
  /** Webhooks may call loopback and private addresses ("true" for a receiver on your own network); off: refused (SSRF). */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
};

type TServiceEnvBase = { DOCVAULT_HOME: string; STORAGE_DIR?: string | undefined };

/**
 * Checks a service's environment against its schema, empty values counting as unset, and resolves
 * the storage (STORAGE_DIR, else DOCVAULT_HOME/files). Throws one message naming every bad variable.
 */
export function parseServiceEnv<TSchema extends z.ZodType<TServiceEnvBase>>(
  service: "web" | "worker",
  schema: TSchema,
  raw: Record<string, string | undefined>,
): z.infer<TSchema> & { STORAGE_DIR: string; storage: TBlobStoreConfig } {
  const source = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`docvault ${service}: invalid environment\n${problems}`);
  }
  const storageDir = parsed.data.STORAGE_DIR ?? join(parsed.data.DOCVAULT_HOME, "files");
  let storage: TBlobStoreConfig;
  try {
    storage = blobStoreConfigFromEnv(source, storageDir);
  } catch (error) {
    throw new Error(`docvault ${service}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { ...parsed.data, STORAGE_DIR: storageDir, storage };
}
