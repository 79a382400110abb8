import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_FILE_BYTES } from "@docvault/core";
import { blobStoreConfigFromEnv, findWorkspaceRoot, type TBlobStoreConfig } from "@docvault/core/node";

const ZEnvSchema = z.object({
  DATABASE_URL: z.url({ message: "DATABASE_URL must be a postgresql:// URL (the launcher sets it in embedded mode)" }),
  REDIS_URL: z.url().optional(),
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("docvault"),
  DOCVAULT_HOME: z.string().default(join(findWorkspaceRoot(process.cwd()), ".docvault")),
  STORAGE_DIR: z.string().optional(),
  MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  /** Days a result stays in the Redis cache (PostgreSQL keeps it until the document is deleted). */
  RESULT_CACHE_TTL_DAYS: z.coerce.number().positive().default(90),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TWebEnv = z.infer<typeof ZEnvSchema> & { STORAGE_DIR: string; storage: TBlobStoreConfig };

let cached: TWebEnv | undefined;

/** The web server's configuration, read and checked once, on first use (never at build time). */
export function env(): TWebEnv {
  if (cached) return cached;
  const source = Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== ""));
  const parsed = ZEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`docvault web: invalid environment\n${problems}`);
  }
  const storageDir = parsed.data.STORAGE_DIR ?? join(parsed.data.DOCVAULT_HOME, "files");
  cached = { ...parsed.data, STORAGE_DIR: storageDir, storage: blobStoreConfigFromEnv(source, storageDir) };
  return cached;
}
