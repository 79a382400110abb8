import type { TStagingBlobStore } from "@docvault/core/node";
import type { Logger } from "pino";

/**
 * Removes staging files a crashed upload or worker left behind (FsBlobStore's tmp folder, S3's
 * local staging dir) once older than maxAgeMs: at start-up, then every intervalMs. Younger files
 * may belong to an upload in flight and are kept.
 */
export function startStagingSweeper(opts: { store: TStagingBlobStore; log: Logger; maxAgeMs: number; intervalMs: number }) {
  async function sweepOnce(): Promise<number> {
    try {
      const removed = await opts.store.sweepStaging(opts.maxAgeMs);
      if (removed) opts.log.info({ removed, maxAgeMs: opts.maxAgeMs }, "staging: files left by a crash removed");
      return removed;
    } catch (error) {
      opts.log.warn({ err: error instanceof Error ? error.message : String(error) }, "staging sweep failed; will retry");
      return 0;
    }
  }
  const first = sweepOnce();
  const timer = setInterval(() => void sweepOnce(), opts.intervalMs);
  timer.unref();
  return { first, sweepOnce, stop: () => clearInterval(timer) };
}
