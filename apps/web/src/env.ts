import { join } from "node:path";
import { z } from "zod";
import { DEFAULT_MAX_FILE_BYTES } from "@docvault/core";
import { blobStoreConfigFromEnv, findWorkspaceRoot, type TBlobStoreConfig } from "@docvault/core/node";
import { telemetryEnvFrom, type TTelemetryEnv } from "@docvault/telemetry";

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
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Signs session cookies; `pnpm start` generates one into .docvault/ when unset. */
  AUTH_SECRET: z.string().min(32, { message: "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)" }).optional(),
  /** The public URL (https://docs.example.com); unset: taken from each request's Host. */
  AUTH_URL: z.url().optional(),
  /** Comma-separated emails that become admins when they sign up. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
  /** Uploads one user may start per minute (sliding window). */
  UPLOAD_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Sign-in attempts per 15 minutes from one IP address, and for one email address. */
  SIGN_IN_RATE_PER_IP: z.coerce.number().int().positive().default(30),
  SIGN_IN_RATE_PER_EMAIL: z.coerce.number().int().positive().default(10),
  /** Webhooks may call loopback and private addresses ("true" for a receiver on your own network); off: refused (SSRF). */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** An upload whose client sends nothing for this long is cut off (408), freeing the connection. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** No upload may take longer than this, however it trickles (a 50 MB file at 50 KB/s takes 17 min). */
  UPLOAD_MAX_DURATION_MS: z.coerce.number().int().positive().default(30 * 60_000),
});

export type TWebEnv = z.infer<typeof ZEnvSchema> & { STORAGE_DIR: string; storage: TBlobStoreConfig; AUTH_SECRET: string };

// Only for `next dev` and tests: a production server without AUTH_SECRET refuses to start.
const DEVELOPMENT_AUTH_SECRET = "docvault-development-secret-not-for-production-use";

let cached: TWebEnv | undefined;

/** The web server's configuration, read and checked once, on first use (never at build time). */
export function env(): TWebEnv {
  cached ??= parseWebEnv(process.env);
  return cached;
}

/** Checks an environment; throws one message naming every bad variable. */
export function parseWebEnv(raw: Record<string, string | undefined>): TWebEnv {
  const source = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ""));
  const parsed = ZEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`docvault web: invalid environment\n${problems}`);
  }
  if (parsed.data.NODE_ENV === "production" && !parsed.data.AUTH_SECRET) {
    throw new Error(
      "docvault web: invalid environment\n  AUTH_SECRET: required in production (openssl rand -base64 32); `pnpm start` generates one",
    );
  }
  const storageDir = parsed.data.STORAGE_DIR ?? join(parsed.data.DOCVAULT_HOME, "files");
  return {
    ...parsed.data,
    AUTH_SECRET: parsed.data.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET,
    STORAGE_DIR: storageDir,
    storage: blobStoreConfigFromEnv(source, storageDir),
  };
}

/**
 * Observability settings (OTEL_EXPORTER_OTLP_ENDPOINT, METRICS_TOKEN, SENTRY_DSN), read apart from
 * env(): instrumentation starts before anything else is needed, and must not fail on the rest.
 */
export function telemetryEnv(): TTelemetryEnv {
  return telemetryEnvFrom(process.env, "web");
}
