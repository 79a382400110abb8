import { z } from "zod";

/** The dashboard's period: the last `days` UTC days, today included. */
export const ZDashboardInputSchema = z.object({ days: z.number().int().min(1).max(90).default(14) });
export type TDashboardInput = z.input<typeof ZDashboardInputSchema>;

const ZCountSchema = z.number().int().min(0);
const ZRateSchema = z.number().min(0).max(1).nullable();
const ZUsdSchema = z.number().min(0);
const ZDaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const ZLayerSchema = z.enum(["browser", "redis", "postgres"]);

const ZPercentilesSchema = z.object({ key: z.string(), count: ZCountSchema, p50: z.number(), p95: z.number(), p99: z.number() });

const ZDayFiguresSchema = z.object({
  day: ZDaySchema,
  documents: ZCountSchema,
  users: ZCountSchema,
  completed: ZCountSchema,
  failed: ZCountSchema,
  errorRate: ZRateSchema,
  extractions: ZCountSchema,
  costUsd: ZUsdSchema,
  savedByRoutingUsd: ZUsdSchema,
  savedByCachingUsd: ZUsdSchema,
});

const ZCacheLayerSchema = z.object({ layer: ZLayerSchema, hits: ZCountSchema, misses: ZCountSchema, hitRate: ZRateSchema });

export const ZDashboardSchema = z.object({
  days: z.array(ZDaySchema),
  durations: z.object({ byType: z.array(ZPercentilesSchema), byEngine: z.array(ZPercentilesSchema) }),
  daily: z.array(ZDayFiguresSchema),
  totals: ZDayFiguresSchema.omit({ day: true }).extend({ costPerExtractionUsd: ZUsdSchema.nullable() }),
  cache: z.object({ layers: z.array(ZCacheLayerSchema), daily: z.array(ZCacheLayerSchema.extend({ day: ZDaySchema })) }),
  /** Today's (UTC) Mistral spend of the whole fleet against LLM_BUDGET_USD_PER_DAY (null: no budget). */
  budget: z.object({ spentTodayUsd: ZUsdSchema, usdPerDay: ZUsdSchema.nullable() }),
  queueDepth: z.object({
    bucketSeconds: z.number().int().positive(),
    points: z.array(z.object({ at: z.date(), queue: z.string(), waiting: ZCountSchema, active: ZCountSchema, delayed: ZCountSchema, failed: ZCountSchema })),
  }),
  /** Jobs waiting and running now, by priority, 10 first (the capture page sends 8, the API 5 by default, bulk imports 2). */
  priorities: z.array(z.object({ priority: z.number().int().min(1).max(10), waiting: ZCountSchema, running: ZCountSchema })),
});
export type TDashboardView = z.infer<typeof ZDashboardSchema>;
