import type { TBlobStore } from "@docvault/core/node";
import { deleteDocument, findExpiredDocuments, type TDb } from "@docvault/db";
import type { Logger } from "pino";

/**
 * Optional automatic expiry (RETENTION_DAYS): documents older than that are deleted with their
 * jobs and results, and their file once no other document uses it. The Redis result cache needs no
 * sweep: its entries are checked against PostgreSQL on every read and expire by TTL.
 */
export function startRetentionSweeper(opts: { db: TDb; store: TBlobStore; log: Logger; days: number; intervalMs: number }) {
  async function sweepOnce(): Promise<number> {
    let deleted = 0;
    try {
      for (const doc of await findExpiredDocuments(opts.db, opts.days)) {
        const gone = await deleteDocument(opts.db, doc.id, doc.ownerId);
        if (gone?.storageKey) await opts.store.delete(gone.storageKey);
        if (gone) deleted++;
      }
      if (deleted) opts.log.info({ deleted, days: opts.days }, "retention: expired documents deleted");
    } catch (error) {
      opts.log.warn({ err: error instanceof Error ? error.message : String(error) }, "retention sweep failed; will retry");
    }
    return deleted;
  }
  const timer = setInterval(() => void sweepOnce(), opts.intervalMs);
  timer.unref();
  return { sweepOnce, stop: () => clearInterval(timer) };
}
