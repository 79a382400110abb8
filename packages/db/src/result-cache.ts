import { DOCUMENT_TYPE_DEFINITIONS, type TDocumentType } from "@docvault/core";
import { countCacheLookups } from "./cache-lookup-days";

/**
 * Never handed to another user, whoever uploads the same bytes: an instant result for a passport
 * would tell that someone else holds it. Their uploads are read again, for each owner.
 */
export const UNSHARED_DOCUMENT_TYPES: readonly TDocumentType[] = DOCUMENT_TYPE_DEFINITIONS.filter((d) => d.personal).map((d) => d.name);
import { batcherFor } from "./batch-calls";
import type { TDb } from "./client";
import { Prisma } from "./generated/prisma/client";
import { applyLearnedSender } from "./sender-memory";

/** The few Redis commands the cache uses (ioredis satisfies it); absent in embedded mode. */
export type TCacheClient = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, mode: "EX", seconds: number): Promise<unknown>;
  del(...keys: string[]): Promise<number>;
  incrby(key: string, increment: number): Promise<number>;
  mget(...keys: string[]): Promise<(string | null)[]>;
  info(section: string): Promise<string>;
  scan(cursor: string, matchOption: "MATCH", pattern: string, countOption: "COUNT", count: number): Promise<[string, string[]]>;
};

export type TCacheLayer = "redis" | "postgres";
export type TCacheHit = { extractionId: string; layer: TCacheLayer };

export type TCacheLayerStats = {
  /** Redis: result keys under the current pipeline version; PostgreSQL: distinct SHA-256 with a result. */
  entries: number;
  hits: number;
  misses: number;
  /** hits / (hits + misses); 0 before the first lookup. */
  hitRate: number;
};

export type TCacheStats = {
  /** Distinct documents (by SHA-256) with a result under the current pipeline version (= layers.postgres.entries). */
  entries: number;
  layers: Record<TCacheLayer, TCacheLayerStats>;
  /** Redis INFO used_memory (the whole Redis, queue included); null without Redis or when it does not answer. */
  redisUsedMemoryBytes: number | null;
};

/**
 * Results by `sha256 + pipelineVersion`: Redis in front (TTL, configurable), PostgreSQL (the
 * Extraction table) behind. Only the server's own hash of bytes it received is ever looked up, so
 * a result never crosses to a user who has not uploaded the same bytes.
 */
export function createResultCache(opts: {
  db: TDb;
  redis?: TCacheClient;
  prefix: string;
  ttlSeconds: number;
  pipelineVersion: string;
  /** Called on every layer's answer (for Prometheus; the Redis counters serve stats()). */
  onLookup?: (layer: TCacheLayer, outcome: "hit" | "miss") => void;
  /** How long lookups are counted in memory before they are added to Redis and PostgreSQL; default 1 s. */
  countFlushMs?: number;
}) {
  const { db, redis, prefix, ttlSeconds, pipelineVersion } = opts;
  // Redis is only a shortcut: when it does not answer quickly, PostgreSQL answers instead.
  const REDIS_TIMEOUT_MS = 500;
  async function viaRedis<T>(fallback: T, call: (client: TCacheClient) => Promise<T>, timeoutMs = REDIS_TIMEOUT_MS): Promise<T> {
    if (!redis) return fallback;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        call(redis),
        new Promise<T>((resolve) => {
          timer = setTimeout(() => resolve(fallback), timeoutMs);
        }),
      ]);
    } catch {
      return fallback;
    } finally {
      clearTimeout(timer);
    }
  }
  const keyOf = (sha256: string) => `${prefix}:result:${pipelineVersion}:${sha256}`;
  const counter = (layer: TCacheLayer, outcome: "hits" | "misses") => `${prefix}:cache:${layer}:${outcome}`;
  // Three counts of one lookup: Prometheus (this process, at once), and, added up in memory and
  // written at most once a second, Redis (stats(), shared by the processes) and the per-day table
  // in PostgreSQL the admin dashboard charts (survives restarts and Redis flushes). Counting each
  // lookup as it came cost two statements and two Redis commands on every upload.
  let pending = { redis: { hits: 0, misses: 0 }, postgres: { hits: 0, misses: 0 } };
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const count = (layer: TCacheLayer, outcome: "hits" | "misses") => {
    opts.onLookup?.(layer, outcome === "hits" ? "hit" : "miss");
    pending[layer][outcome]++;
    flushTimer ??= setTimeout(() => void flushCounts().catch(() => undefined), opts.countFlushMs ?? 1_000);
    flushTimer.unref?.();
  };
  /** Writes the lookups counted so far; a failed write keeps them for the next flush. */
  async function flushCounts(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const taken = pending;
    pending = { redis: { hits: 0, misses: 0 }, postgres: { hits: 0, misses: 0 } };
    const layers = ["redis", "postgres"] as const;
    for (const [at, layer] of layers.entries()) {
      const counts = taken[layer];
      try {
        await countCacheLookups(db, layer, counts);
      } catch (error) {
        for (const unwritten of layers.slice(at)) {
          pending[unwritten].hits += taken[unwritten].hits;
          pending[unwritten].misses += taken[unwritten].misses;
        }
        throw error;
      }
      for (const outcome of ["hits", "misses"] as const) {
        if (counts[outcome] > 0) await viaRedis(0, (r) => r.incrby(counter(layer, outcome), counts[outcome]));
      }
    }
  }

  // SCAN, not KEYS: it never blocks Redis, which also carries the queue.
  // Statistics may take longer than a lookup; a Redis that does not answer counts as empty.
  const countRedisEntries = () =>
    viaRedis(
      0,
      async (client) => {
        let cursor = "0";
        let found = 0;
        do {
          const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:result:${pipelineVersion}:*`, "COUNT", 500);
          cursor = next;
          found += keys.length;
        } while (cursor !== "0");
        return found;
      },
      5_000,
    );

  /**
   * A completed extraction under this pipeline version that may be shared, found by its id (a Redis
   * hit checked) or by the bytes' SHA-256 (the oldest). The lookups of uploads arriving together are
   * one statement for each of the two.
   */
  function completedExtraction(where: { id: string } | { sha256: string }): Promise<{ id: string } | null> {
    const by = "id" in where ? "id" : "sha256";
    const key = "id" in where ? where.id : where.sha256;
    return batcherFor(db, `completed extraction by ${by} ${pipelineVersion}`, (keys: string[]) => completedExtractions(by, keys))(key);
  }

  async function completedExtractions(by: "id" | "sha256", keys: string[]): Promise<({ id: string } | null)[]> {
    const match = by === "id" ? Prisma.sql`e.id = ANY(${keys}::uuid[])` : Prisma.sql`e.sha256 = ANY(${keys}::char(64)[])`;
    const rows = await db.$queryRaw<{ key: string; id: string }[]>`
      SELECT DISTINCT ON (e.${Prisma.raw(by)}) e.${Prisma.raw(by)}::text AS key, e.id::text
      FROM extractions e JOIN extraction_jobs j ON j.id = e.job_id JOIN documents d ON d.id = e.document_id
      WHERE ${match} AND e.pipeline_version = ${pipelineVersion} AND j.status = 'completed'
        AND (d.detected_type IS NULL OR d.detected_type <> ALL(${[...UNSHARED_DOCUMENT_TYPES]}::text[]))
      ORDER BY e.${Prisma.raw(by)}, e.created_at`;
    const found = new Map(rows.map((row) => [row.key, { id: row.id }]));
    return keys.map((key) => found.get(key.toLowerCase()) ?? null);
  }

  return {
    async lookup(sha256: string): Promise<TCacheHit | null> {
      if (redis) {
        const cached = await viaRedis<string | null>(null, (r) => r.get(keyOf(sha256)));
        // The row may be gone (its document deleted): then fall through to PostgreSQL.
        if (cached && (await completedExtraction({ id: cached }))) {
          count("redis", "hits");
          return { extractionId: cached, layer: "redis" };
        }
        count("redis", "misses");
      }
      const row = await completedExtraction({ sha256 });
      count("postgres", row ? "hits" : "misses");
      if (!row) return null;
      await viaRedis(null, (r) => r.set(keyOf(sha256), row.id, "EX", ttlSeconds));
      return { extractionId: row.id, layer: "postgres" };
    },

    async remember(sha256: string, extractionId: string): Promise<void> {
      await viaRedis(null, (r) => r.set(keyOf(sha256), extractionId, "EX", ttlSeconds));
    },

    async forget(sha256: string): Promise<void> {
      await viaRedis(0, (r) => r.del(keyOf(sha256)));
    },

    flushCounts,

    /** This process's counts are written first, so the figures include its latest lookups. */
    async stats(): Promise<TCacheStats> {
      await flushCounts();
      const entries = (await db.extraction.findMany({ where: { pipelineVersion }, distinct: ["sha256"], select: { sha256: true } })).length;
      const raw = await viaRedis<(string | null)[]>([], (r) =>
        r.mget(counter("redis", "hits"), counter("redis", "misses"), counter("postgres", "hits"), counter("postgres", "misses")),
      );
      const layer = (i: number, layerEntries: number): TCacheLayerStats => {
        const hits = Number(raw[i * 2] ?? 0);
        const misses = Number(raw[i * 2 + 1] ?? 0);
        return { entries: layerEntries, hits, misses, hitRate: hits + misses ? hits / (hits + misses) : 0 };
      };
      const memory = /used_memory:(\d+)/.exec(await viaRedis("", (r) => r.info("memory")))?.[1];
      return {
        entries,
        layers: { redis: layer(0, await countRedisEntries()), postgres: layer(1, entries) },
        redisUsedMemoryBytes: memory ? Number(memory) : null,
      };
    },
  };
}

export type TResultCache = ReturnType<typeof createResultCache>;

/**
 * Gives a new document (and its pending job) the result another upload of the same bytes already
 * has: the Extraction is copied, the job completed, in one transaction; no engine runs.
 */
export async function reuseExtraction(db: TDb, target: { jobId: string; documentId: string }, sourceExtractionId: string) {
  return db.$transaction(async (tx) => {
    const source = await tx.extraction.findUniqueOrThrow({ where: { id: sourceExtractionId } });
    const document = await tx.document.findUniqueOrThrow({ where: { id: source.documentId }, select: { detectedType: true } });
    const copy = await tx.extraction.create({
      data: {
        jobId: target.jobId,
        documentId: target.documentId,
        sha256: source.sha256,
        pipelineVersion: source.pipelineVersion,
        data: source.data ?? {},
        text: source.text,
        confidence: source.confidence,
        enginesUsed: source.enginesUsed,
        // Nothing was billed for this copy.
        pagesBilled: 0,
        costUsd: 0,
      },
    });
    const owned = await tx.document.update({ where: { id: target.documentId }, data: { detectedType: document.detectedType }, select: { ownerId: true } });
    await tx.extractionJob.update({
      where: { id: target.jobId },
      data: { status: "completed", startedAt: new Date(), finishedAt: new Date(), progress: { step: "done", cached: true } },
    });
    // The copy's owner gets what they taught for this sender; the source owner's corrections stay theirs.
    await applyLearnedSender(tx, { extractionId: copy.id, documentId: target.documentId, ownerId: owned.ownerId, data: copy.data, text: copy.text });
    return copy;
  });
}

/**
 * Deletes a user's document with its jobs and extractions (cascade). Returns the storage key when
 * no other document still uses the same file, so the caller removes it; null otherwise.
 */
export async function deleteDocument(db: TDb, id: string, ownerId: string): Promise<{ storageKey: string | null; sha256: string } | null> {
  return db.$transaction(async (tx) => {
    const doc = await tx.document.findFirst({ where: { id, ownerId }, select: { id: true, storageKey: true, sha256: true } });
    if (!doc) return null;
    await tx.document.delete({ where: { id: doc.id } });
    const others = await tx.document.count({ where: { storageKey: doc.storageKey } });
    return { storageKey: others === 0 ? doc.storageKey : null, sha256: doc.sha256 };
  });
}

/** Documents older than the given age, for automatic expiry. */
export async function findExpiredDocuments(db: TDb, olderThanDays: number, take = 500) {
  return db.document.findMany({
    where: { createdAt: { lt: new Date(Date.now() - olderThanDays * 86_400_000) } },
    select: { id: true, ownerId: true },
    take,
  });
}
