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
    const redis = createRedis(connection.url);
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
export async function subscribeToProgress(
  connection: TQueueConnection,
  listener: (event: TProgressEvent) => void,
): Promise<TProgressSubscription> {
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
  const client = new pg.Client({ connectionString: connection.url });
  client.on("error", () => undefined);
  client.on("notification", (message) => {
    if (message.channel === PROGRESS_CHANNEL) deliver(message.payload);
  });
  await client.connect();
  await client.query(`LISTEN ${PROGRESS_CHANNEL}`);
  return { close: () => client.end() };
}
