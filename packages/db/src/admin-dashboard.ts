import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";
import type { TCacheLayerName } from "./cache-lookup-days";

/**
 * The admin dashboard's figures, all from PostgreSQL: extraction times from ExtractionJob
 * (startedAt to finishedAt), volumes and errors from Document and ExtractionJob, cost from
 * Extraction, cache lookups from cache_lookup_days, queue depth from queue_depth_samples.
 * Days are UTC calendar days. Results copied from another upload of the same bytes (progress
 * `cached: true`) are not timed: no engine ran for them.
 */

export type TPercentiles = { key: string; count: number; p50: number; p95: number; p99: number };

export type TDayFigures = {
  /** YYYY-MM-DD (UTC). */
  day: string;
  documents: number;
  /** Distinct users who uploaded that day. */
  users: number;
  completed: number;
  failed: number;
  /** failed / (completed + failed) of the jobs that finished that day; null when none did. */
  errorRate: number | null;
  /** Completed extractions, copies of cached results included (they cost nothing). */
  extractions: number;
  costUsd: number;
  /** What Mistral OCR would have billed for the pages that local engines read instead. */
  savedByRoutingUsd: number;
  /** What the results copied from the cache cost when they were first computed, not paid again. */
  savedByCachingUsd: number;
};

export type TCacheLayerFigures = { layer: TCacheLayerName; hits: number; misses: number; hitRate: number | null };
export type TCacheDayFigures = TCacheLayerFigures & { day: string };
export type TQueueDepthPoint = { at: Date; queue: string; waiting: number; active: number; delayed: number; failed: number };

export type TDashboard = {
  days: string[];
  durations: { byType: TPercentiles[]; byEngine: TPercentiles[] };
  daily: TDayFigures[];
  totals: Omit<TDayFigures, "day"> & { costPerExtractionUsd: number | null };
  cache: { layers: TCacheLayerFigures[]; daily: TCacheDayFigures[] };
  /** The last 24 hours, in buckets of `bucketSeconds` (the largest value any worker saw in each). */
  queueDepth: { bucketSeconds: number; points: TQueueDepthPoint[] };
  /** Jobs waiting and running now, by priority (10 first), from the jobs' rows: the same on either queue backend. */
  priorities: TPriorityCount[];
};

export type TPriorityCount = { priority: number; waiting: number; running: number };

const LAYERS: TCacheLayerName[] = ["browser", "redis", "postgres"];
const DAY_MS = 86_400_000;
/** At most this many points per queue in the queue-depth chart. */
const QUEUE_POINTS = 120;

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

type TRawPercentiles = { key: string; count: number; p50: number; p95: number; p99: number };

/** p50, p95 and p99 of the seconds `s` per `key` over the rows of `rows` (a query with those two columns), most frequent first. */
function percentilesByKey(db: TDb, rows: Prisma.Sql) {
  return db.$queryRaw<TRawPercentiles[]>`
    SELECT key, count(*)::int AS count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY s) AS p95,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY s) AS p99
    FROM (${rows}) t
    GROUP BY key ORDER BY count DESC, key`;
}

export async function readDashboard(db: TDb, opts: { days: number; mistralUsdPerPage: number; now?: Date }): Promise<TDashboard> {
  const now = opts.now ?? new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (opts.days - 1) * DAY_MS);
  const days = Array.from({ length: opts.days }, (_, i) => utcDay(new Date(from.getTime() + i * DAY_MS)));

  // Seconds each completed, engine-run job took; one row per engine for the by-engine figures.
  const ran = Prisma.sql`j.status = 'completed' AND j.started_at IS NOT NULL AND j.finished_at >= ${from}
    AND COALESCE(j.progress->>'cached', '') <> 'true'`;
  const seconds = Prisma.sql`EXTRACT(EPOCH FROM (j.finished_at - j.started_at))::float8 AS s`;
  const byType = percentilesByKey(
    db,
    Prisma.sql`SELECT COALESCE(d.detected_type, 'other') AS key, ${seconds}
      FROM extraction_jobs j JOIN documents d ON d.id = j.document_id
      WHERE ${ran}`,
  );
  const byEngine = percentilesByKey(
    db,
    Prisma.sql`SELECT DISTINCT j.id, engine AS key, ${seconds}
      FROM extraction_jobs j JOIN extractions e ON e.job_id = j.id CROSS JOIN LATERAL unnest(e.engines_used) AS engine
      WHERE ${ran}`,
  );
  const documents = db.$queryRaw<{ day: string; documents: number; users: number }[]>`
    SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS documents, count(DISTINCT owner_id)::int AS users
    FROM documents WHERE created_at >= ${from} GROUP BY 1`;
  const distinctUsers = db.$queryRaw<{ users: number }[]>`
    SELECT count(DISTINCT owner_id)::int AS users FROM documents WHERE created_at >= ${from}`;
  const jobs = db.$queryRaw<{ day: string; completed: number; failed: number }[]>`
    SELECT to_char((finished_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
      count(*) FILTER (WHERE status = 'completed')::int AS completed,
      count(*) FILTER (WHERE status = 'failed')::int AS failed
    FROM extraction_jobs WHERE finished_at >= ${from} AND status IN ('completed', 'failed') GROUP BY 1`;
  // Routing: pages read by local engines only (at least one per document: a barcode read has no
  // page list). Caching: a copy's saving is what the first computation of those bytes cost.
  const costs = db.$queryRaw<{ day: string; extractions: number; cost_usd: number; routed_pages: number; saved_by_caching: number }[]>`
    SELECT to_char((j.finished_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day,
      count(*)::int AS extractions,
      COALESCE(sum(e.cost_usd), 0)::float8 AS cost_usd,
      COALESCE(sum(CASE WHEN f.cached OR 'mistral' = ANY(e.engines_used) THEN 0 ELSE GREATEST(1, f.pages) END), 0)::int AS routed_pages,
      COALESCE(sum(src.cost_usd), 0)::float8 AS saved_by_caching
    FROM extraction_jobs j
    JOIN extractions e ON e.job_id = j.id
    CROSS JOIN LATERAL (
      SELECT COALESCE(j.progress->>'cached', '') = 'true' AS cached,
        CASE WHEN jsonb_typeof(e.data->'pages') = 'array' THEN jsonb_array_length(e.data->'pages') ELSE 0 END AS pages
    ) f
    LEFT JOIN LATERAL (
      SELECT o.cost_usd FROM extractions o JOIN extraction_jobs oj ON oj.id = o.job_id
      WHERE f.cached AND o.sha256 = e.sha256 AND o.pipeline_version = e.pipeline_version
        AND oj.status = 'completed' AND COALESCE(oj.progress->>'cached', '') <> 'true'
      ORDER BY o.created_at LIMIT 1
    ) src ON true
    WHERE j.status = 'completed' AND j.finished_at >= ${from}
    GROUP BY 1`;
  const cacheDays = db.$queryRaw<{ day: string; layer: string; hits: number; misses: number }[]>`
    SELECT to_char(day, 'YYYY-MM-DD') AS day, layer, hits, misses FROM cache_lookup_days WHERE day >= ${utcDay(from)}::date`;

  // Open jobs only, through the (status, queued_at) index.
  const priorities = db.$queryRaw<TPriorityCount[]>`
    SELECT priority, count(*) FILTER (WHERE status = 'pending')::int AS waiting, count(*) FILTER (WHERE status = 'processing')::int AS running
    FROM extraction_jobs WHERE status IN ('pending', 'processing') GROUP BY priority ORDER BY priority DESC`;

  const [typeRows, engineRows, documentRows, [userRow], jobRows, costRows, cacheRows, queueDepth, priorityRows] = await Promise.all([
    byType,
    byEngine,
    documents,
    distinctUsers,
    jobs,
    costs,
    cacheDays,
    readQueueDepth(db, now),
    priorities,
  ]);

  const daily = days.map((day): TDayFigures => {
    const d = documentRows.find((r) => r.day === day);
    const j = jobRows.find((r) => r.day === day);
    const c = costRows.find((r) => r.day === day);
    const completed = j?.completed ?? 0;
    const failed = j?.failed ?? 0;
    return {
      day,
      documents: d?.documents ?? 0,
      users: d?.users ?? 0,
      completed,
      failed,
      errorRate: rate(failed, completed + failed),
      extractions: c?.extractions ?? 0,
      costUsd: c?.cost_usd ?? 0,
      savedByRoutingUsd: (c?.routed_pages ?? 0) * opts.mistralUsdPerPage,
      savedByCachingUsd: c?.saved_by_caching ?? 0,
    };
  });
  const sum = (pick: (d: TDayFigures) => number) => daily.reduce((total, d) => total + pick(d), 0);
  const completed = sum((d) => d.completed);
  const failed = sum((d) => d.failed);
  const extractions = sum((d) => d.extractions);
  const costUsd = sum((d) => d.costUsd);

  const cacheDaily = cacheRows
    .filter((r): r is typeof r & { layer: TCacheLayerName } => (LAYERS as string[]).includes(r.layer))
    .map((r) => ({ day: r.day, layer: r.layer, hits: r.hits, misses: r.misses, hitRate: rate(r.hits, r.hits + r.misses) }))
    .sort((a, b) => a.day.localeCompare(b.day) || LAYERS.indexOf(a.layer) - LAYERS.indexOf(b.layer));
  const layers = LAYERS.map((layer) => {
    const rows = cacheDaily.filter((r) => r.layer === layer);
    const hits = rows.reduce((t, r) => t + r.hits, 0);
    const misses = rows.reduce((t, r) => t + r.misses, 0);
    return { layer, hits, misses, hitRate: rate(hits, hits + misses) };
  });

  return {
    days,
    durations: { byType: typeRows, byEngine: engineRows },
    daily,
    totals: {
      documents: sum((d) => d.documents),
      users: userRow?.users ?? 0,
      completed,
      failed,
      errorRate: rate(failed, completed + failed),
      extractions,
      costUsd,
      costPerExtractionUsd: rate(costUsd, extractions),
      savedByRoutingUsd: sum((d) => d.savedByRoutingUsd),
      savedByCachingUsd: sum((d) => d.savedByCachingUsd),
    },
    cache: { layers, daily: cacheDaily },
    queueDepth,
    priorities: priorityRows,
  };
}

/** Queue depth over the last 24 hours, in at most QUEUE_POINTS buckets per queue. */
async function readQueueDepth(db: TDb, now: Date): Promise<TDashboard["queueDepth"]> {
  const since = new Date(now.getTime() - DAY_MS);
  const [first] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT min(sampled_at) AS first FROM queue_depth_samples WHERE sampled_at >= ${since} AND sampled_at <= ${now}`;
  const spanSeconds = first?.first ? (now.getTime() - first.first.getTime()) / 1000 : 0;
  const bucketSeconds = Math.max(1, Math.ceil(spanSeconds / QUEUE_POINTS));
  const points = await db.$queryRaw<TQueueDepthPoint[]>`
    SELECT date_bin(make_interval(secs => ${bucketSeconds}::int), sampled_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS at, queue,
      max(waiting)::int AS waiting, max(active)::int AS active, max(delayed)::int AS delayed, max(failed)::int AS failed
    FROM queue_depth_samples WHERE sampled_at >= ${since} AND sampled_at <= ${now}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return { bucketSeconds, points };
}
