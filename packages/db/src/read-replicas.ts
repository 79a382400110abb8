import { createDb, type TDb } from "./client";

/**
 * Where reads go when PostgreSQL has streaming replicas (DATABASE_REPLICA_URLS): the heavy reads that
 * can bear being a moment behind (lists, search, export, the admin dashboard) run on a replica that
 * is up and within DATABASE_REPLICA_MAX_LAG_MS of the primary; everything else, and a user's reads
 * just after they wrote, runs on the primary.
 *
 * Each replica is checked every `checkEveryMs` with one small query (is it in recovery, is its WAL
 * receiver streaming, how far behind is its replay). A replica that fails a read is set aside at
 * once and the read runs again on the primary (reads are safe to repeat), so a replica that goes down
 * costs no request; the next check that passes brings it back.
 */
/** Runs a read somewhere suitable (TReadRouting.read, or directly on one database). */
export type TRead = <T>(run: (db: TDb) => Promise<T>) => Promise<T>;

export type TReadRouting = {
  /**
   * Runs a read on a replica in good standing, or on the primary when there is none, when `userId`
   * wrote in the last `stickyMs`, or when the replica fails the read.
   */
  read<T>(run: (db: TDb) => Promise<T>, opts?: { userId?: string }): Promise<T>;
  /** This user just wrote: their reads stay on the primary until a replica has surely replayed it. */
  wrote(userId: string): void;
  /** Each replica as last seen: for health pages and tests (no credentials: host and port only). */
  replicas(): TReplicaStatus[];
  /** Runs every replica's check now (tests, and after a failure). */
  checkNow(): Promise<void>;
  close(): Promise<void>;
};

export type TReplicaStatus = {
  /** host:port/database of the replica. */
  name: string;
  usable: boolean;
  /** Replay lag at the last check, in ms; null when it could not be measured. */
  lagMs: number | null;
  /** Why it is not used, in a sentence; null when usable. */
  reason: string | null;
  checkedAt: Date | null;
};

export type TReadRoutingOptions = {
  primary: TDb;
  replicaUrls: readonly string[];
  /** A replica further behind than this is not read from (default 1,000 ms). */
  maxLagMs?: number;
  /** How often each replica is checked (default 1,000 ms). */
  checkEveryMs?: number;
  /** Connections per replica pool (default 10). */
  poolSize?: number;
  /** A replica was set aside or taken back: for logs and metrics. */
  onChange?: (status: TReplicaStatus) => void;
  /** A read ran again on the primary after failing on a replica. */
  onFallback?: (replica: string, error: unknown) => void;
};

type TReplica = TReplicaStatus & { db: TDb; checking: Promise<void> | null };

type TCheckRow = { inRecovery: boolean; receiver: string | null; lagMs: number | null };

/**
 * Replay lag: 0 when the replica has replayed all it received (after a restart the receiver starts
 * again from the start of a WAL segment, so what it received can be behind what was replayed from
 * disk), else the age of the last replayed transaction. A quiet primary sends nothing, so that age
 * alone would grow without the replica being behind; a receiver that is not streaming means nothing
 * new arrives, so the figure says nothing then.
 */
const CHECK_SQL = `SELECT pg_is_in_recovery() AS "inRecovery",
  (SELECT status FROM pg_stat_wal_receiver LIMIT 1) AS "receiver",
  (CASE WHEN pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
        ELSE EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())) * 1000 END)::float8 AS "lagMs"`;

function nameOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "(a replica URL that does not parse)";
  }
}

/**
 * A failure of the replica rather than of the read itself. What PostgreSQL itself answered is the
 * replica's failure only in the classes that say so: 08 connection, 53 resources (too many
 * connections), 57 operator intervention (shutting down, starting up), 58 system, XX internal, and
 * 40001 (a conflict with recovery cancelled the query); a read's own error (a bad value, a record not
 * found) would fail the same on the primary and is passed on. An error that never reached a server
 * (connection refused, reset, timed out) is the replica's.
 */
function isReplicaFailure(error: unknown): boolean {
  const e = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const cause = e.meta?.driverAdapterError?.cause;
  const code = typeof e.code === "string" ? e.code : null;
  // PostgreSQL answered (through Prisma's adapter, or a pg error as it is).
  const sqlState = typeof cause?.originalCode === "string" ? cause.originalCode : code && !/^P\d{4}$/.test(code) ? code : null;
  if (sqlState) return /^(08|53|57|58|XX)/.test(sqlState) || sqlState === "40001";
  // The adapter's socket errors (DatabaseNotReachable, ConnectionClosed, SocketTimeout, TLS) never got an answer.
  if (cause) return true;
  // Prisma's own request errors (P2025: not found) are the read's; P1xxx (cannot reach) and the rest are the replica's.
  return !code?.startsWith("P2");
}

export function createReadRouting(opts: TReadRoutingOptions): TReadRouting {
  const { primary, maxLagMs = 1_000, checkEveryMs = 1_000, poolSize = 10, onChange, onFallback } = opts;
  // A user's reads stay on the primary this long after they wrote: any replica in use was within
  // maxLagMs at a check at most checkEveryMs old, so by then it has replayed the write.
  const stickyMs = maxLagMs + 2 * checkEveryMs;
  const lastWrite = new Map<string, number>();
  const replicas: TReplica[] = opts.replicaUrls.map((url) => ({
    // A full or slow replica is not waited for: the primary answers instead.
    db: createDb(url, { max: poolSize, fullServerWaitMs: 0, connectionTimeoutMs: 2_000 }),
    name: nameOf(url),
    usable: false,
    lagMs: null,
    reason: "not checked yet",
    checkedAt: null,
    checking: null,
  }));
  let next = 0;

  const settle = (replica: TReplica, usable: boolean, lagMs: number | null, reason: string | null) => {
    const changed = replica.usable !== usable;
    Object.assign(replica, { usable, lagMs, reason, checkedAt: new Date() });
    if (changed) onChange?.(statusOf(replica));
  };

  const check = (replica: TReplica): Promise<void> =>
    (replica.checking ??= (async () => {
      try {
        const [row] = await replica.db.$queryRawUnsafe<TCheckRow[]>(CHECK_SQL);
        if (!row?.inRecovery) settle(replica, false, null, "not a replica (not in recovery): promoted, or the URL names a primary");
        else if (row.receiver !== "streaming") settle(replica, false, row.lagMs, "not streaming from the primary, so it may be behind by any amount");
        else if (row.lagMs === null || row.lagMs > maxLagMs) settle(replica, false, row.lagMs, `behind the primary by more than ${maxLagMs} ms`);
        else settle(replica, true, row.lagMs, null);
      } catch (error) {
        settle(replica, false, null, `does not answer: ${(error as Error).message.split("\n")[0]}`);
      } finally {
        replica.checking = null;
      }
    })());

  const checkAll = async () => void (await Promise.all(replicas.map(check)));
  const timer = replicas.length > 0 ? setInterval(() => void checkAll(), checkEveryMs) : undefined;
  timer?.unref();
  if (replicas.length > 0) void checkAll();

  const pick = (userId: string | undefined): TReplica | undefined => {
    if (userId !== undefined) {
      const wroteAt = lastWrite.get(userId);
      if (wroteAt !== undefined) {
        if (Date.now() - wroteAt < stickyMs) return undefined;
        lastWrite.delete(userId);
      }
    }
    // Round robin over the usable replicas.
    for (let i = 0; i < replicas.length; i++) {
      const replica = replicas[(next + i) % replicas.length];
      if (replica?.usable) {
        next = (next + i + 1) % replicas.length;
        return replica;
      }
    }
    return undefined;
  };

  return {
    async read(run, readOpts = {}) {
      const replica = pick(readOpts.userId);
      if (!replica) return run(primary);
      try {
        return await run(replica.db);
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        settle(replica, false, replica.lagMs, `failed a read: ${(error as Error).message.split("\n")[0]}`);
        onFallback?.(replica.name, error);
        void check(replica);
        return run(primary);
      }
    },
    wrote(userId) {
      if (replicas.length === 0) return;
      lastWrite.set(userId, Date.now());
      // Forget users whose window has passed, so the map stays the size of the recent writers.
      if (lastWrite.size > 10_000) for (const [id, at] of lastWrite) if (Date.now() - at >= stickyMs) lastWrite.delete(id);
    },
    replicas: () => replicas.map(statusOf),
    checkNow: checkAll,
    async close() {
      clearInterval(timer);
      await Promise.all(replicas.map((r) => r.db.$disconnect()));
    },
  };
}

function statusOf(replica: TReplica): TReplicaStatus {
  const { name, usable, lagMs, reason, checkedAt } = replica;
  return { name, usable, lagMs, reason, checkedAt };
}
