import { z } from "zod";

/** The observability settings both apps read (each app's env.ts may merge them into its own schema). */
export const ZTelemetryEnvSchema = z.object({
  /** OTLP/HTTP collector base URL (e.g. http://otel-collector:4318); unset: no trace leaves the process. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** Bearer token for /metrics; unset: /metrics is closed. */
  METRICS_TOKEN: z.string().min(16, { message: "METRICS_TOKEN must be at least 16 characters (e.g. `openssl rand -hex 24`)" }).optional(),
  /** Error reports go to this Sentry DSN, scrubbed of personal data; unset: none are sent. */
  SENTRY_DSN: z.url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});
export type TTelemetryEnv = z.infer<typeof ZTelemetryEnvSchema>;

/** Reads and checks the observability settings; a bad one stops start-up by name. */
export function telemetryEnvFrom(source: Record<string, string | undefined>, app: string): TTelemetryEnv {
  const parsed = ZTelemetryEnvSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== "")));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
  throw new Error(`docvault ${app}: invalid environment\n${problems}`);
}
