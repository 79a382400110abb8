import { z } from "zod";
import { countCacheLookups } from "@docvault/db";
import { createTRPCRouter, sessionProcedure } from "./trpc";

/** The capture page's IndexedDB result-cache lookups, batched: bounded so one request cannot inflate the counts. */
export const ZBrowserCacheReportSchema = z
  .object({ hits: z.number().int().min(0).max(1000), misses: z.number().int().min(0).max(1000) })
  .strict()
  .refine((r) => r.hits + r.misses > 0, { message: "Report at least one lookup (hits + misses > 0)." });

export const telemetryRouter = createTRPCRouter({
  /**
   * Lookups in the browser's own result cache: counted in Prometheus (layer "browser") and in the
   * per-day table the admin dashboard reads. Browser sessions only: it is the page that reports.
   */
  reportBrowserCache: sessionProcedure
    .input(ZBrowserCacheReportSchema)
    .output(z.object({ counted: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { metrics, db } = ctx.services;
      // Per user and day: one account cannot inflate the dashboard's browser figures however often it reports.
      await (await ctx.services.rateLimits()).browserCacheReport(ctx.user.id, input.hits + input.misses);
      if (input.hits) metrics.cacheLookups.inc({ layer: "browser", outcome: "hit" }, input.hits);
      if (input.misses) metrics.cacheLookups.inc({ layer: "browser", outcome: "miss" }, input.misses);
      await countCacheLookups(db, "browser", input);
      return { counted: input.hits + input.misses };
    }),
});
