import type { Logger } from "pino";
import type { TDb } from "@docvault/db";
import type { TExtractQueue } from "@docvault/queue";

/** Longest wait for one part: a probe must answer before its own timeout (a dead Redis makes ioredis wait for ever). */
export const HEALTH_TIMEOUT_MS = 2_000;

export type THealth = {
  ok: boolean;
  body: { status: "ok" | "unavailable"; database: "ok" | "unavailable"; queue: "ok" | "unavailable"; queueKind: string };
};

async function answers(name: string, work: () => Promise<unknown>, log: Pick<Logger, "warn">, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([work(), timeout]);
    return true;
  } catch (error) {
    log.warn({ part: name, err: error instanceof Error ? error.message : String(error) }, "health check failed");
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether this web process can do its work: PostgreSQL answers a query and the queue backend
 * (Redis, or BullMQ's PostgreSQL backend) answers its counts, both at once, each within the bound.
 */
export async function checkHealth(input: {
  db: Pick<TDb, "$queryRaw">;
  queue: Pick<TExtractQueue, "counts" | "kind">;
  log: Pick<Logger, "warn">;
  timeoutMs?: number;
}): Promise<THealth> {
  const timeoutMs = input.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const [database, queue] = await Promise.all([
    answers("database", () => input.db.$queryRaw`SELECT 1`, input.log, timeoutMs),
    answers("queue", () => input.queue.counts(), input.log, timeoutMs),
  ]);
  const ok = database && queue;
  return {
    ok,
    body: {
      status: ok ? "ok" : "unavailable",
      database: database ? "ok" : "unavailable",
      queue: queue ? "ok" : "unavailable",
      queueKind: input.queue.kind,
    },
  };
}
