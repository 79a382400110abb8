import { pino, type Logger } from "pino";
import { FsBlobStore, type TBlobStore } from "@docvault/core/node";
import { createDb, ensureLocalUser, type TDb } from "@docvault/db";
import { createExtractQueue, queueConnectionFrom, type TExtractQueue } from "@docvault/queue";
import { env } from "~/env";

export type TServices = {
  db: TDb;
  store: TBlobStore;
  queue: TExtractQueue;
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
  holder.docvaultServices = {
    db,
    store: new FsBlobStore(config.STORAGE_DIR),
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
