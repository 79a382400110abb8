import { Redis } from "ioredis";

/**
 * Where BullMQ keeps its jobs: Redis when REDIS_URL is set (production), otherwise BullMQ's own
 * PostgreSQL backend in the app's database, so one machine needs nothing installed.
 */
export type TQueueConnection = { kind: "redis"; url: string; prefix: string } | { kind: "postgres"; url: string; schema: string };

export function queueConnectionFrom(env: {
  REDIS_URL?: string | undefined;
  DATABASE_URL: string;
  DATABASE_DIRECT_URL?: string | undefined;
  QUEUE_PREFIX: string;
}): TQueueConnection {
  if (env.REDIS_URL) return { kind: "redis", url: env.REDIS_URL, prefix: env.QUEUE_PREFIX };
  // PGlite serves a single database whose only usable schema is public (STACK.md). The queue's
  // PostgreSQL backend LISTENs, which needs a session of its own: not through PgBouncer's
  // transaction pooling, so DATABASE_DIRECT_URL when it is set.
  return { kind: "postgres", url: env.DATABASE_DIRECT_URL ?? env.DATABASE_URL, schema: "public" };
}

/**
 * A Redis client configured the way BullMQ requires (no per-request retry limit). `autoPipelining`:
 * commands issued in one turn of the event loop leave in one write (fewer syscalls under load); only
 * for clients of our own (cache, rate limits, progress), never BullMQ's, whose scripts and blocking
 * reads are known to misbehave with it.
 */
export function createRedis(url: string, opts: { autoPipelining?: boolean } = {}): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, enableAutoPipelining: opts.autoPipelining ?? false });
  // An unhandled 'error' event would crash the process; ioredis reconnects by itself.
  redis.on("error", () => undefined);
  return redis;
}
