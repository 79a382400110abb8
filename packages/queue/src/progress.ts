import pg from "pg";
import { PROGRESS_CHANNEL, ZProgressEventSchema, type TProgressEvent } from "@docvault/core";
import { createRedis, type TQueueConnection } from "./connection";

/**
 * Progress events travel beside the queue, on the same backend, so the web app can push each step
 * as it happens: Redis pub/sub (channel `<prefix>:docvault_progress`) or PostgreSQL LISTEN/NOTIFY
 * (channel `docvault_progress`, per database). Both are fire-and-forget: a subscriber that is down
 * misses events, and the ExtractionJob row keeps the last step for whoever reads later.
 */
export type TProgressPublisher = {
  publishProgress(event: TProgressEvent): Promise<void>;
  close(): Promise<void>;
};
export type TProgressSubscription = { close(): Promise<void> };

const redisChannel = (prefix: string) => `${prefix}:${PROGRESS_CHANNEL}`;

export function createProgressPublisher(connection: TQueueConnection): TProgressPublisher {
  if (connection.kind === "redis") {
    const redis = createRedis(connection.url, { autoPipelining: true });
    return {
      async publishProgress(event) {
        await redis.publish(redisChannel(connection.prefix), JSON.stringify(ZProgressEventSchema.parse(event)));
      },
      close: async () => void (await redis.quit()),
    };
  }
  // A small pool: NOTIFY needs no session of its own, unlike LISTEN.
  const pool = new pg.Pool({ connectionString: connection.url, max: 2 });
  pool.on("error", () => undefined);
  return {
    async publishProgress(event) {
      await pool.query("SELECT pg_notify($1, $2)", [PROGRESS_CHANNEL, JSON.stringify(ZProgressEventSchema.parse(event))]);
    },
    close: () => pool.end(),
  };
}

/** Calls `listener` for every progress event published on this backend; malformed messages are dropped. */
export async function subscribeToProgress(connection: TQueueConnection, listener: (event: TProgressEvent) => void): Promise<TProgressSubscription> {
  const deliver = (raw: string | undefined) => {
    if (!raw) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      return;
    }
    const event = ZProgressEventSchema.safeParse(parsed);
    if (event.success) listener(event.data);
  };

  if (connection.kind === "redis") {
    // A subscribed ioredis client can run nothing else, hence a connection of its own.
    const redis = createRedis(connection.url);
    const channel = redisChannel(connection.prefix);
    redis.on("message", (from: string, message: string) => {
      if (from === channel) deliver(message);
    });
    await redis.subscribe(channel);
    return { close: async () => void (await redis.quit()) };
  }
  return listenOnPostgres(connection.url, deliver);
}

const RECONNECT_MS = [100, 500, 1_000, 2_000, 5_000];

/**
 * LISTEN on a connection of its own, listened to again when that connection drops (a PostgreSQL
 * restart, an idle connection cut by a proxy, pg_terminate_backend): a web process must not stop
 * pushing progress for good after one blip. Resolves once the first LISTEN is live.
 */
async function listenOnPostgres(url: string, deliver: (raw: string | undefined) => void): Promise<TProgressSubscription> {
  let closed = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const open = async (): Promise<void> => {
    const client = new pg.Client({ connectionString: url });
    current = client;
    let dropped = false;
    const onDrop = () => {
      if (dropped) return;
      dropped = true;
      client.end().catch(() => undefined);
      if (!closed) reconnect(0);
    };
    client.on("error", onDrop);
    client.on("end", onDrop);
    client.on("notification", (message) => {
      if (message.channel === PROGRESS_CHANNEL) deliver(message.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
    } catch (error) {
      dropped = true;
      await client.end().catch(() => undefined);
      throw error;
    }
  };
  const reconnect = (attempt: number) => {
    const wait = RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)] ?? 5_000;
    timer = setTimeout(() => {
      if (closed) return;
      open().catch(() => reconnect(attempt + 1));
    }, wait);
    timer.unref();
  };
  await open();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await current?.end().catch(() => undefined);
    },
  };
}
