import type { TDb } from "./client";

export type TCacheLayerName = "browser" | "redis" | "postgres";

/**
 * Adds lookups to today's (UTC) counter of one cache layer: one upsert, so concurrent web
 * processes add up instead of overwriting each other, and the counts survive restarts.
 */
export async function countCacheLookups(db: TDb, layer: TCacheLayerName, counts: { hits: number; misses: number }): Promise<void> {
  if (counts.hits === 0 && counts.misses === 0) return;
  await db.$executeRaw`
    INSERT INTO cache_lookup_days (day, layer, hits, misses)
    VALUES ((now() AT TIME ZONE 'UTC')::date, ${layer}, ${counts.hits}, ${counts.misses})
    ON CONFLICT (day, layer) DO UPDATE
      SET hits = cache_lookup_days.hits + EXCLUDED.hits, misses = cache_lookup_days.misses + EXCLUDED.misses`;
}
