import { z } from "zod";
import { MISTRAL_OCR_USD_PER_1000_PAGES } from "@docvault/core";
import { readDashboard } from "@docvault/db";
import { ZDashboardInputSchema, ZDashboardSchema } from "./admin-dashboard-schema";
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

  /** The dashboard's charts: extraction times, volumes, errors, cost and savings, cache layers, queue depth. */
  dashboard: adminProcedure
    .input(ZDashboardInputSchema)
    .output(ZDashboardSchema)
    .query(({ ctx, input }) => readDashboard(ctx.services.db, { days: input.days, mistralUsdPerPage: MISTRAL_OCR_USD_PER_1000_PAGES / 1000 })),
});
