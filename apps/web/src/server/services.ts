import type { Logger } from "pino";
import { createBlobStore, createDirectUploads, type TBlobStore, type TDirectUploads } from "@docvault/core/node";
import { PIPELINE_VERSION } from "@docvault/core";
import { cancelJob, createDb, createReadRouting, createResultCache, requeueJob, type TDb, type TReadRouting, type TResultCache } from "@docvault/db";
import {
  createExtractQueue,
  createJobControl,
  createProgressPublisher,
  createRedis,
  createWebhookQueue,
  queueConnectionFrom,
  type TExtractQueue,
  type TJobControl,
  type TQueueConnection,
  type TWebhookQueue,
} from "@docvault/queue";
import { createProgressHub, type TProgressHub } from "./progress-hub";
import { createLogger, createMetrics, type TMetrics } from "@docvault/telemetry";
import { env, type TWebEnv } from "~/env";
import { createAuth, type TAuth } from "./auth/auth";
import { createTokenCache, type TTokenCache } from "./auth/token-cache";
import { createMailer, type TMailer } from "./auth/mailer";
import { createRateLimits, type TRateLimits } from "./rate-limit/rate-limits";
import type { TTrustedProxies } from "./http/trusted-proxies";

export type TServices = {
  db: TDb;
  /**
   * Lists, search, export and the admin dashboard: on a replica (DATABASE_REPLICA_URLS) that is
   * caught up, else on db; a user's reads just after they wrote stay on db.
   */
  reads: TReadRouting;
  store: TBlobStore;
  /** Presigned multipart uploads straight to the bucket (S3 without encryption at rest); null: streamed uploads only. */
  direct: TDirectUploads | null;
  queue: TExtractQueue;
  connection: TQueueConnection;
  /** Cancel and retry: the database decides, the queues follow (opened on first use). */
  jobs(): TJobControl;
  /** Webhook deliveries for results completed here (a reused result), opened on first use; the worker sends them. */
  webhooks(): TWebhookQueue;
  progress: TProgressHub;
  cache: TResultCache;
  /** API tokens looked up in the last API_TOKEN_CACHE_MS (revoked here: forgotten at once). */
  tokens: TTokenCache;
  log: Logger;
  metrics: TMetrics;
  maxFileBytes: number;
  /** LLM_BUDGET_USD_PER_DAY: the fleet's daily Mistral budget (the workers hold it), for the dashboard; null: none. */
  llmBudgetUsdPerDay: number | null;
  /** Upload bodies: cut off after this long without a byte, or this long in all. */
  uploadTimeouts: { idleMs: number; maxMs: number };
  /** Webhooks may point at loopback and private addresses (WEBHOOK_ALLOW_PRIVATE). */
  webhookAllowPrivate: boolean;
  /** Whose X-Forwarded-For to believe (TRUSTED_PROXIES); none: the socket's address is the client. */
  trustedProxies: TTrustedProxies;
  /** Closes every connection (tests, and a clean process exit). */
  shutdown(): Promise<void>;
  /** better-auth: sign-up/in/out and sessions. Every request is checked through authenticate(). */
  auth: TAuth;
  /** Account e-mail (SMTP_URL); without it, links for the operator go to the log. */
  mailer: TMailer;
  /** ALLOW_SIGN_UP: false lets new accounts in only with an invitation (or an ADMIN_EMAILS address). */
  allowSignUp: boolean;
  /** ADMIN_EMAILS, lower-cased. */
  adminEmails: string[];
  /** The OIDC provider's name for the sign-in button, when one is configured. */
  oidcName: string | null;
  /** AUTH_URL's origin, when set: links in e-mails name it. */
  publicUrl: string | null;
  /** Upload and sign-in limits (Redis when configured, else PostgreSQL), opened on first use. */
  rateLimits(): Promise<TRateLimits>;
};

// One set per server process (kept on globalThis so dev-mode reloads do not open new pools).
const holder = globalThis as unknown as { docvaultServices?: TServices };

/** The services when something has used them already (the server's shutdown closes them then), else undefined. */
export function startedServices(): TServices | undefined {
  return holder.docvaultServices;
}

export function services(): TServices {
  holder.docvaultServices ??= createServices(env());
  return holder.docvaultServices;
}

/** Opens the connections one web process needs; services() keeps one set, tests build their own. */
export function createServices(config: TWebEnv, options: { logDestination?: NodeJS.WritableStream } = {}): TServices {
  const db = createDb(config.DATABASE_URL, { max: config.DATABASE_POOL_SIZE });
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL, { autoPipelining: true }) : undefined;
  const metrics = createMetrics({ service: "web", defaultMetrics: true });
  const connection = queueConnectionFrom(config);
  const queue = createExtractQueue(connection);
  let jobControl: { control: TJobControl; close(): Promise<void> } | undefined;
  const jobs = () => {
    if (!jobControl) {
      const escalate = createExtractQueue(connection, { kind: "escalate" });
      const publisher = createProgressPublisher(connection);
      jobControl = {
        control: createJobControl({
          queues: { extract: queue, escalate },
          publisher,
          cancelInDb: (input) => cancelJob(db, input),
          requeueInDb: (input) => requeueJob(db, input),
        }),
        close: async () => void (await Promise.all([escalate.close(), publisher.close()])),
      };
    }
    return jobControl.control;
  };
  let webhooks: TWebhookQueue | undefined;
  const progress = createProgressHub(connection);
  // The worker's logger: the same redaction of text, fields, names, emails and auth headers.
  const log = createLogger({ service: "web", level: config.LOG_LEVEL, ...(options.logDestination ? { destination: options.logDestination } : {}) });
  const reads = createReadRouting({
    primary: db,
    replicaUrls: config.DATABASE_REPLICA_URLS,
    maxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    poolSize: config.DATABASE_POOL_SIZE,
    onChange: (replica) => {
      metrics.replicaInUse.set({ replica: replica.name }, replica.usable ? 1 : 0);
      if (replica.usable) log.info({ replica: replica.name, lagMs: replica.lagMs }, "read replica in use");
      else log.warn({ replica: replica.name, reason: replica.reason }, "read replica set aside");
    },
    onFallback: (replica) => metrics.replicaFallbacks.inc({ replica }),
  });
  const mailer = createMailer({ smtpUrl: config.SMTP_URL, from: config.SMTP_FROM, log });
  const oidc =
    config.OIDC_ISSUER && config.OIDC_CLIENT_ID && config.OIDC_CLIENT_SECRET
      ? { issuer: config.OIDC_ISSUER, clientId: config.OIDC_CLIENT_ID, clientSecret: config.OIDC_CLIENT_SECRET, name: config.OIDC_NAME }
      : undefined;
  let rateLimits: Promise<TRateLimits> | undefined;
  const created: TServices = {
    db,
    reads,
    connection,
    jobs,
    webhooks: () => (webhooks ??= createWebhookQueue(connection)),
    progress,
    async shutdown() {
      await created.cache.flushCounts().catch(() => undefined);
      const limits = await rateLimits?.catch(() => undefined);
      await Promise.all([jobControl?.close(), webhooks?.close(), progress.close(), queue.close(), limits?.close(), mailer.idle()]);
      mailer.close();
      await redis?.quit();
      await reads.close();
      await db.$disconnect();
      if (holder.docvaultServices === created) holder.docvaultServices = undefined;
    },
    cache: createResultCache({
      db,
      redis,
      prefix: config.QUEUE_PREFIX,
      ttlSeconds: Math.round(config.RESULT_CACHE_TTL_DAYS * 86_400),
      pipelineVersion: PIPELINE_VERSION,
      onLookup: (layer, outcome) => metrics.cacheLookups.inc({ layer, outcome }),
    }),
    tokens: createTokenCache({ ttlMs: config.API_TOKEN_CACHE_MS }),
    metrics,
    store: createBlobStore(config.storage),
    direct: createDirectUploads(config.storage),
    queue,
    log,
    mailer,
    allowSignUp: config.ALLOW_SIGN_UP,
    adminEmails: config.ADMIN_EMAILS,
    oidcName: oidc ? oidc.name : null,
    publicUrl: config.AUTH_URL ? new URL(config.AUTH_URL).origin : null,
    maxFileBytes: config.MAX_FILE_BYTES,
    llmBudgetUsdPerDay: config.LLM_BUDGET_USD_PER_DAY ?? null,
    uploadTimeouts: { idleMs: config.UPLOAD_IDLE_TIMEOUT_MS, maxMs: config.UPLOAD_MAX_DURATION_MS },
    webhookAllowPrivate: config.WEBHOOK_ALLOW_PRIVATE,
    trustedProxies: config.TRUSTED_PROXIES,
    rateLimits() {
      rateLimits ??= createRateLimits({
        redis,
        databaseUrl: config.DATABASE_URL,
        prefix: config.QUEUE_PREFIX,
        uploadsPerMinute: config.UPLOAD_RATE_PER_MINUTE,
        signInsPerIp: config.SIGN_IN_RATE_PER_IP,
        signInsPerEmail: config.SIGN_IN_RATE_PER_EMAIL,
        signUpsPerIp: config.SIGN_UP_RATE_PER_IP,
        retriesPerHour: config.RETRY_RATE_PER_HOUR,
        onRejected: (limit) => metrics.rateLimitRejections.inc({ limit }),
      }).catch((error: unknown) => {
        rateLimits = undefined;
        throw error;
      });
      return rateLimits;
    },
    auth: createAuth({
      db,
      secret: config.AUTH_SECRET,
      baseURL: config.AUTH_URL,
      adminEmails: config.ADMIN_EMAILS,
      // Secure cookies only where the public URL is https: without AUTH_URL the app is reached over
      // plain http (a phone on the LAN), where a Secure or __Secure- cookie is never sent back.
      secureCookies: config.AUTH_URL?.startsWith("https:") ?? false,
      mailer,
      allowSignUp: config.ALLOW_SIGN_UP,
      oidc,
      log,
    }),
  };
  return created;
}
