import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/prisma/client";

export type TDb = InstanceType<typeof PrismaClient>;

/**
 * How long a transaction may wait for a pooled connection, and run. Prisma's defaults (2 s, 5 s)
 * turned a busy pool into errors: under 200 concurrent uploads (`pnpm test:load`) 160 of 2,000
 * answered 503 "Unable to start a transaction in the given time" while PostgreSQL was up. Waiting
 * in line is what a busy pool should do; a database that is down fails at connect, not here.
 */
const TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

/** Connections a process opens when DATABASE_POOL_SIZE does not say (one web and two workers: 24 of PostgreSQL's default 100). */
export const DEFAULT_POOL_SIZE = 10;

/** PostgreSQL's "sorry, too many clients already": every one of its max_connections is taken. */
const TOO_MANY_CONNECTIONS = "53300";

export type TPoolOptions = {
  /** Connections this process may hold at once (DATABASE_POOL_SIZE); queries beyond wait in line for one. */
  max?: number;
  /** How long, in all, to keep asking a server that is full before the query fails (default 15 s). */
  fullServerWaitMs?: number;
  /** How long to wait for the server to accept a new connection before the query fails (default: no limit). */
  connectionTimeoutMs?: number;
};

type TConnectCallback = (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

/**
 * A pool that waits when the server is full: a connection refused with 53300 (other processes hold
 * every connection) is asked for again, 50 ms later and doubling to 1 s, for up to
 * `fullServerWaitMs`. Connections free up as the others' queries end, so a busy moment costs a
 * request or a job some waiting, not its failure. Any other error (the server down, a wrong
 * password) fails at once, as before: waiting cannot mend those, and the web app answers 503.
 */
export class PatientPool extends pg.Pool {
  readonly #fullServerWaitMs: number;
  /** Connections the server refused as full and were asked for again: for tests and logs. */
  fullServerRetries = 0;
  /** Idle connections the server closed (counted, then forgotten: the pool opens new ones). */
  idleConnectionsLost = 0;

  constructor(config: pg.PoolConfig & { fullServerWaitMs?: number }) {
    const { fullServerWaitMs = 15_000, ...poolConfig } = config;
    super(poolConfig);
    this.#fullServerWaitMs = fullServerWaitMs;
    // An idle connection the server cut (a restart, a replica stopped: 57P01) is dropped from the pool
    // by pg, which then emits 'error'; unheard, that event would end the process. The next query
    // opens a new connection, or fails with the cause if the server is still away.
    this.on("error", () => {
      this.idleConnectionsLost++;
    });
  }

  override connect(): Promise<pg.PoolClient>;
  override connect(callback: TConnectCallback): void;
  override connect(callback?: TConnectCallback): Promise<pg.PoolClient> | void {
    if (!callback) {
      return new Promise((resolve, reject) => this.connect((error, client) => (error || !client ? reject(error) : resolve(client))));
    }
    // pg-pool hands a client to a callback in the same tick it takes the client's idle 'error'
    // listener off, and pool.query puts its own on in that callback. Going through a promise here
    // left a gap: a server that cut the connection (57P01) in the same read as the last answer threw
    // an 'error' no one heard, which ends the process. So the callback form is kept end to end.
    const deadline = Date.now() + this.#fullServerWaitMs;
    const attempt = (delayMs: number): void =>
      super.connect((error, client, done) => {
        const full = (error as { code?: unknown } | undefined)?.code === TOO_MANY_CONNECTIONS;
        if (!full || this.ending || Date.now() + delayMs > deadline) return callback(error, client, done);
        this.fullServerRetries++;
        // A little jitter, so processes refused together do not all come back at the same moment.
        setTimeout(() => attempt(Math.min(delayMs * 2, 1000)), delayMs * (0.5 + Math.random() / 2));
      });
    attempt(50);
  }
}

/** A Prisma client over node-postgres (no native engine needed) and a patient pool. One per process. */
export function createDb(databaseUrl: string, opts: TPoolOptions = {}): TDb {
  const pool = new PatientPool({
    connectionString: databaseUrl,
    max: opts.max ?? DEFAULT_POOL_SIZE,
    fullServerWaitMs: opts.fullServerWaitMs,
    connectionTimeoutMillis: opts.connectionTimeoutMs,
  });
  // The adapter ends the pool on $disconnect, as it does a pool of its own.
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
}
