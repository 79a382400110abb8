import { z } from "zod";
import { createTRPCRouter, adminProcedure } from "./trpc";

const ZLayerStatsSchema = z.object({ hits: z.number(), misses: z.number(), hitRate: z.number() });

export const adminRouter = createTRPCRouter({
  /** Operational figures for administrators: no document contents, no other user's data. */
  stats: adminProcedure
    .input(z.void())
    .output(
      z.object({
        users: z.number().int(),
        documents: z.number().int(),
        cache: z.object({
          entries: z.number().int(),
          layers: z.object({ redis: ZLayerStatsSchema, postgres: ZLayerStatsSchema }),
          redisUsedMemoryBytes: z.number().nullable(),
        }),
        queue: z.record(z.string(), z.number()),
      }),
    )
    .query(async ({ ctx }) => {
      const { db, cache, queue } = ctx.services;
      const [users, documents, cacheStats, queueCounts] = await Promise.all([
        db.user.count(),
        db.document.count(),
        cache.stats(),
        queue.counts(),
      ]);
      return { users, documents, cache: cacheStats, queue: queueCounts };
    }),
});
