import { z } from "zod";
import { parseServiceEnv, serviceEnvShape, STORAGE_ENV_NAMES, type TBlobStoreConfig } from "@docvault/core/node";
import { telemetryEnvFrom, ZTelemetryEnvSchema, type TTelemetryEnv } from "@docvault/telemetry";
import { parseTrustedProxies, type TTrustedProxies } from "./server/http/trusted-proxies";

const ZEnvSchema = z.object({
  ...serviceEnvShape,
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /**
   * PostgreSQL streaming replicas (comma-separated postgresql:// URLs) for the reads that may be a
   * moment behind: lists, search, export, the admin dashboard. Unset: every read on DATABASE_URL.
   */
  DATABASE_REPLICA_URLS: z
    .string()
    .default("")
    .transform((raw, ctx) => {
      const urls = raw
        .split(",")
        .map((u) => u.trim())
        .filter(Boolean);
      for (const url of urls) {
        if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
          ctx.addIssue({ code: "custom", message: "DATABASE_REPLICA_URLS must be postgresql:// URLs separated by commas" });
          return z.NEVER;
        }
      }
      return urls;
    }),
  /** A replica further behind the primary than this is not read from until it catches up. */
  DATABASE_REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(600_000).default(1_000),
  /** Signs session cookies; `pnpm start` generates one into .docvault/ when unset. */
  AUTH_SECRET: z.string().min(32, { message: "AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)" }).optional(),
  /** The public URL (https://docs.example.com); unset: taken from each request's Host. */
  AUTH_URL: z.url().optional(),
  /** Comma-separated emails that become admins when they sign up. */
  ADMIN_EMAILS: z
    .string()
    .default("")
    .transform((v) =>
      v
        .split(",")
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  /** Uploads one user may start per minute (sliding window). */
  UPLOAD_RATE_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** Sign-in attempts per 15 minutes from one IP address, and for one email address. */
  SIGN_IN_RATE_PER_IP: z.coerce.number().int().positive().default(30),
  SIGN_IN_RATE_PER_EMAIL: z.coerce.number().int().positive().default(10),
  /** Sign-ups and account e-mails (reset, verification) per hour from one address. */
  SIGN_UP_RATE_PER_IP: z.coerce.number().int().positive().default(5),
  /** How long a web process keeps an API token it looked up; a token revoked elsewhere still works here this long at most. 0: looked up on every request. */
  API_TOKEN_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** Retries of failed or cancelled jobs one user may ask for per hour. */
  RETRY_RATE_PER_HOUR: z.coerce.number().int().positive().default(20),
  /** The fleet's daily Mistral budget in USD, as the workers are given it: the admin dashboard shows today's spend against it. */
  LLM_BUDGET_USD_PER_DAY: z.coerce.number().nonnegative().optional(),
  /** Proxies whose X-Forwarded-For is believed: a hop count ("1") or addresses and CIDR ranges; unset: none. */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((raw, ctx): TTrustedProxies => {
      const parsed = parseTrustedProxies(raw);
      if (typeof parsed !== "string") return parsed;
      ctx.addIssue({ code: "custom", message: `TRUSTED_PROXIES: ${parsed}` });
      return z.NEVER;
    }),
  /** "false": nobody signs up on their own; an administrator invites people. */
  ALLOW_SIGN_UP: z.stringbool().default(true),
  /** smtp(s)://user:pass@host:port for verification, reset and invitation e-mails; unset: links go to the log. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, message: "SMTP_URL must be smtp://user:password@host:port (or smtps://)" }).optional(),
  /** The From: of those e-mails. */
  SMTP_FROM: z.string().min(3).default("docvault <docvault@localhost>"),
  /** An OpenID Connect provider for "Sign in with ...": its issuer URL (discovery at /.well-known/openid-configuration). */
  OIDC_ISSUER: z.url({ message: "OIDC_ISSUER must be the provider's issuer URL (https://id.example.com/realms/x)" }).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The provider's name on the sign-in button. */
  OIDC_NAME: z.string().min(1).max(40).default("single sign-on"),
  /** A resumable (tus) upload left unfinished this long is removed with its partial file. */
  TUS_UPLOAD_EXPIRY_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(24 * 60 * 60_000),
  /** An upload whose client sends nothing for this long is cut off (408), freeing the connection. */
  UPLOAD_IDLE_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** No upload may take longer than this, however it trickles (a 50 MB file at 50 KB/s takes 17 min). */
  UPLOAD_MAX_DURATION_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 60_000),
});

/** Every variable the web app reads: its own, storage's and telemetry's (the deploy check holds the manifests to them). */
export const WEB_ENV_NAMES: readonly string[] = [
  ...new Set([...Object.keys(ZEnvSchema.shape), ...STORAGE_ENV_NAMES, ...Object.keys(ZTelemetryEnvSchema.shape)]),
];

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
  const parsed = parseServiceEnv("web", ZEnvSchema, raw);
  const oidc = [parsed.OIDC_ISSUER, parsed.OIDC_CLIENT_ID, parsed.OIDC_CLIENT_SECRET];
  if (oidc.some(Boolean) && !oidc.every(Boolean)) {
    throw new Error("docvault web: invalid environment\n  OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET: set all three, or none");
  }
  // Links in e-mails and the OIDC redirect must name this site whatever Host a request claims.
  if ((parsed.SMTP_URL || parsed.OIDC_ISSUER) && !parsed.AUTH_URL) {
    throw new Error(
      "docvault web: invalid environment\n  AUTH_URL: required with SMTP_URL or OIDC_ISSUER (links in e-mails and the sign-in redirect must point at this site, e.g. https://docs.example.com)",
    );
  }
  if (parsed.NODE_ENV === "production" && !parsed.AUTH_SECRET) {
    throw new Error("docvault web: invalid environment\n  AUTH_SECRET: required in production (openssl rand -base64 32); `pnpm start` generates one");
  }
  return { ...parsed, AUTH_SECRET: parsed.AUTH_SECRET ?? DEVELOPMENT_AUTH_SECRET };
}

/**
 * Observability settings (OTEL_EXPORTER_OTLP_ENDPOINT, METRICS_TOKEN, SENTRY_DSN), read apart from
 * env(): instrumentation starts before anything else is needed, and must not fail on the rest.
 */
export function telemetryEnv(): TTelemetryEnv {
  return telemetryEnvFrom(process.env, "web");
}
