// The backends every queue and worker integration suite runs on: BullMQ on Redis with the real
// PostgreSQL, BullMQ's PostgreSQL backend on the real PostgreSQL, and the embedded default (BullMQ's
// PostgreSQL backend on PGlite served on loopback, the database in the same PGlite).
import { afterAll, inject } from "vitest";
import { startTestPglite } from "@docvault/db/testing/pglite";
import type {} from "@docvault/db/testing/global-setup";
import type { TQueueConnection } from "../connection";

export type TQueueTarget = {
  name: "redis" | "postgres" | "pglite";
  /** The database the app's rows live in on this target. */
  databaseUrl: string;
  connection: TQueueConnection;
};

/**
 * The three targets; starts one PGlite for the calling test file (stopped after it). Call at the top
 * level of a test file: `const targets = await queueTargets("sem")`.
 */
export async function queueTargets(prefixSuffix: string): Promise<TQueueTarget[]> {
  const pglite = await startTestPglite();
  afterAll(() => pglite.stop());
  const databaseUrl = inject("databaseUrl");
  return [
    { name: "redis", databaseUrl, connection: { kind: "redis", url: inject("redisUrl"), prefix: `${inject("queuePrefix")}-${prefixSuffix}` } },
    { name: "postgres", databaseUrl, connection: { kind: "postgres", url: databaseUrl, schema: "public" } },
    // PGlite serves a single database whose only usable schema is public (STACK.md).
    { name: "pglite", databaseUrl: pglite.url, connection: { kind: "postgres", url: pglite.url, schema: "public" } },
  ];
}
