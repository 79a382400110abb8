import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type TCacheLayerLabel = "browser" | "redis" | "postgres";
export type TQueueCounts = Partial<Record<"waiting" | "active" | "delayed" | "failed" | "prioritized", number>>;

/**
 * The metrics docvault exports (a registry per process, so tests and two apps in one process do
 * not share counters). Label values are closed sets (types, engines, reasons, layers), never ids.
 */
export function createMetrics(opts: { service: string; defaultMetrics?: boolean }) {
  const registry = new Registry();
  registry.setDefaultLabels({ service: opts.service });
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  /** A counter in this registry; its label names typed, so a wrong label is a type error. */
  const counter = <T extends string = string>(name: string, help: string, labelNames: readonly T[] = []) =>
    new Counter<T>({ name, help, labelNames, registers });

  const metrics = {
    registry,
    extractionDuration: new Histogram({
      name: "docvault_extraction_duration_seconds",
      help: "Time to read one document, by detected document type and engine (one observation per engine used).",
      labelNames: ["document_type", "engine"] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers,
    }),
    extractionsCompleted: counter("docvault_extractions_completed_total", "Extraction jobs completed, by detected document type.", ["document_type"]),
    extractionsFailed: counter(
      "docvault_extractions_failed_total",
      "Extraction jobs failed for good, by reason code (CORRUPT_FILE, NOT_FOUND, ENGINE_FAILED, ...).",
      ["reason"],
    ),
    cacheLookups: counter("docvault_cache_lookups_total", "Result cache lookups by layer (browser = IndexedDB, reported by the client) and outcome.", [
      "layer",
      "outcome",
    ]),
    mistralPages: counter("docvault_mistral_pages_total", "Pages billed by Mistral OCR (its usage_info.pages_processed)."),
    mistralTokens: counter(
      "docvault_mistral_tokens_total",
      "Tokens reported by Mistral structuring (chat) calls, by kind (prompt, completion). Mistral OCR reports pages and document size, no tokens, so OCR adds none here.",
      ["kind"],
    ),
    mistralCost: counter(
      "docvault_mistral_cost_usd_total",
      "Estimated Mistral spend in US dollars: OCR pages at the published per-page price. Structuring tokens are counted, not priced.",
    ),
    escalationsSkipped: counter(
      "docvault_escalations_skipped_total",
      "Escalations wanted but not made, the document completed with its local reading, by reason (unavailable: Mistral failed for good; policy: its type is not in ESCALATE_TYPES; budget: a daily budget is spent).",
      ["reason"],
    ),
    bytesUploaded: counter("docvault_uploaded_bytes_total", "Bytes of accepted uploads."),
    rateLimitRejections: counter(
      "docvault_rate_limit_rejections_total",
      "Requests refused with 429 by a rate limit, by limit name (upload, signin-ip, signin-email, signup-ip, retry, browser-cache).",
      ["limit"],
    ),
    replicaFallbacks: counter(
      "docvault_db_replica_fallbacks_total",
      "Reads that failed on a PostgreSQL read replica and ran again on the primary, by replica (host:port/database from DATABASE_REPLICA_URLS).",
      ["replica"],
    ),
    replicaInUse: new Gauge({
      name: "docvault_db_replica_in_use",
      help: "1 while a read replica is read from (streaming, within DATABASE_REPLICA_MAX_LAG_MS), 0 while it is set aside.",
      labelNames: ["replica"] as const,
      registers,
    }),
    queueJobs: new Gauge({
      name: "docvault_queue_jobs",
      help: "Jobs in the queue by queue and state, read from BullMQ at scrape time.",
      labelNames: ["queue", "state"] as const,
      registers,
    }),
  };
  return metrics;
}

export type TMetrics = ReturnType<typeof createMetrics>;

/**
 * Reads queue depths from BullMQ when /metrics is scraped (not on a timer): `sources` maps a queue
 * name to its counts. A queue that does not answer leaves its previous values.
 */
export function collectQueueDepth(metrics: TMetrics, sources: Record<string, () => Promise<TQueueCounts>>) {
  const states = ["waiting", "active", "delayed", "failed"] as const;
  return async () => {
    await Promise.all(
      Object.entries(sources).map(async ([queue, counts]) => {
        const c = await counts().catch(() => null);
        if (!c) return;
        for (const state of states) {
          // BullMQ keeps prioritized jobs apart from waiting ones; both are waiting to a person.
          const value = state === "waiting" ? (c.waiting ?? 0) + (c.prioritized ?? 0) : (c[state] ?? 0);
          metrics.queueJobs.set({ queue, state }, value);
        }
      }),
    );
  };
}

/** The Prometheus text of a registry, after refreshing what is read at scrape time. */
export async function renderMetrics(metrics: TMetrics, beforeScrape?: () => Promise<void>) {
  await beforeScrape?.();
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}

/** Bearer-token check for /metrics; with no token configured, /metrics is closed. */
export function metricsAuthorized(authorization: string | null | undefined, token: string | undefined): boolean {
  if (!token) return false;
  const expected = `Bearer ${token}`;
  if (!authorization || authorization.length !== expected.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ authorization.charCodeAt(i);
  return diff === 0;
}
