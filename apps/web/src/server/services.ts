import { pino, type Logger } from "pino";
import { createBlobStore, type TBlobStore } from "@docvault/core/node";
import { PIPELINE_VERSION } from "@docvault/core";
import { createDb, createResultCache, ensureLocalUser, type TDb, type TResultCache } from "@docvault/db";
import { createExtractQueue, createRedis, queueConnectionFrom, type TExtractQueue } from "@docvault/queue";
import { env } from "~/env";

export type TServices = {
  db: TDb;
  store: TBlobStore;
  queue: TExtractQueue;
  cache: TResultCache;
  log: Logger;
  maxFileBytes: number;
  localUserId(): Promise<string>;
};

// One set per server process (kept on globalThis so dev-mode reloads do not open new pools).
const holder = globalThis as unknown as { docvaultServices?: TServices };

export function services(): TServices {
  if (holder.docvaultServices) return holder.docvaultServices;
  const config = env();
  const db = createDb(config.DATABASE_URL);
  let localUser: Promise<string> | undefined;
  const redis = config.REDIS_URL ? createRedis(config.REDIS_URL) : undefined;
  holder.docvaultServices = {
    db,
    cache: createResultCache({
      db,
      redis,
      prefix: config.QUEUE_PREFIX,
      ttlSeconds: Math.round(config.RESULT_CACHE_TTL_DAYS * 86_400),
      pipelineVersion: PIPELINE_VERSION,
    }),
    store: createBlobStore(config.storage),
    queue: createExtractQueue(queueConnectionFrom(config)),
    log: pino({ level: config.LOG_LEVEL, base: { service: "web" } }),
    maxFileBytes: config.MAX_FILE_BYTES,
    localUserId() {
      localUser ??= ensureLocalUser(db).then(
        (user) => user.id,
        (error: unknown) => {
          localUser = undefined;
          throw error;
        },
      );
      return localUser;
    },
  };
  return holder.docvaultServices;
}
