// One set-up for the integration tests of both apps (the tRPC-free part): this test file's
// database, a Redis key prefix and a storage directory of its own, the connections on them, and
// one close() for afterAll. The run's database, Redis and base prefix come from the global set-up
// (@docvault/db/testing/global-setup).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { FsBlobStore } from "@docvault/core/node";
import { createDb, type TDb } from "@docvault/db";
import type {} from "@docvault/db/testing/global-setup";
import type { TQueueConnection } from "../connection";
import { createExtractQueue, type TExtractQueue } from "../extract-queue";
import { deleteKeysWithPrefix } from "../redis-keys";

export type TTestPlaces = {
  databaseUrl: string;
  redisUrl: string;
  /** This file's Redis key prefix: the run's prefix followed by the file's own suffix. */
  prefix: string;
  /** A fresh directory for stored files. */
  storageDir: string;
  /** Deletes the keys under the prefix and the storage directory. */
  remove(): Promise<void>;
};

/**
 * Where one test file's data lives: the run's database (or `databaseUrl`, a database of the file's
 * own), the Redis prefix `<run prefix><suffix>`, and a new storage directory.
 */
export async function testPlaces(suffix: string, opts: { databaseUrl?: string } = {}): Promise<TTestPlaces> {
  const redisUrl = inject("redisUrl");
  const prefix = `${inject("queuePrefix")}${suffix}`;
  const storageDir = await mkdtemp(join(tmpdir(), `dv-${suffix.replace(/^-/, "")}-int-`));
  return {
    databaseUrl: opts.databaseUrl ?? inject("databaseUrl"),
    redisUrl,
    prefix,
    storageDir,
    async remove() {
      await deleteKeysWithPrefix(redisUrl, prefix);
      await rm(storageDir, { recursive: true, force: true });
    },
  };
}

export type TTestServices = TTestPlaces & {
  db: TDb;
  store: FsBlobStore;
  /** Redis under this file's prefix, unless the test named another connection (a queue target). */
  connection: TQueueConnection;
  /** What a worker or web process needs in its environment to use these same services. */
  serviceEnv: Record<string, string>;
  /** The extract queue on `connection`, opened on first use. */
  extractQueue(): TExtractQueue;
  /** Closes what was opened, deletes the Redis keys and the stored files. */
  close(): Promise<void>;
};

/** A database client, a file store and (on first use) an extract queue for one test file, with one close(). */
export async function createTestServices(suffix: string, opts: { databaseUrl?: string; connection?: TQueueConnection } = {}): Promise<TTestServices> {
  const places = await testPlaces(suffix, opts);
  const connection = opts.connection ?? { kind: "redis", url: places.redisUrl, prefix: places.prefix };
  const db = createDb(places.databaseUrl);
  let queue: TExtractQueue | undefined;
  return {
    ...places,
    db,
    store: new FsBlobStore(places.storageDir),
    connection,
    serviceEnv: {
      DATABASE_URL: places.databaseUrl,
      ...(connection.kind === "redis" ? { REDIS_URL: connection.url, QUEUE_PREFIX: connection.prefix } : {}),
      STORAGE_DIR: places.storageDir,
    },
    extractQueue: () => (queue ??= createExtractQueue(connection)),
    async close() {
      await queue?.close();
      await db.$disconnect();
      if (connection.kind === "redis" && connection.prefix !== places.prefix) await deleteKeysWithPrefix(connection.url, connection.prefix);
      await places.remove();
    },
  };
}
