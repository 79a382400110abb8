import { z } from "zod";
import { ENGINE_NAMES } from "./engine-table";

export { ENGINE_NAMES, ENGINE_TABLE, engineReads, type TEngineInfo, type TEngineName, type TEngineUse } from "./engine-table";

/** Bumped whenever engines or rules change what a document yields; caches key on sha256 + this. */
export const PIPELINE_VERSION = "2026.12.4";

export const ZBBoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type TBBox = z.infer<typeof ZBBoxSchema>;

export const ZWordSchema = z.object({ text: z.string(), confidence: z.number().min(0).max(1), bbox: ZBBoxSchema });
export type TWord = z.infer<typeof ZWordSchema>;

export const ZPageSchema = z.object({
  index: z.number().int().min(0),
  width: z.number(),
  height: z.number(),
  text: z.string(),
  confidence: z.number().min(0).max(1),
  words: z.array(ZWordSchema),
});
export type TPage = z.infer<typeof ZPageSchema>;

export const ZEngineNameSchema = z.enum(ENGINE_NAMES);

export const ZExtractionResultSchema = z.object({
  pipelineVersion: z.string(),
  engines: z.array(ZEngineNameSchema),
  pages: z.array(ZPageSchema),
  text: z.string(),
  confidence: z.number().min(0).max(1),
  /** Pages a paid engine billed, and what they cost (USD); 0 when only local engines ran. */
  pagesBilled: z.number().int().min(0).default(0),
  costUsd: z.number().min(0).default(0),
});
export type TExtractionResult = z.input<typeof ZExtractionResultSchema>;

export const ZJobStatusSchema = z.enum(["pending", "processing", "completed", "failed", "cancelled"]);
export type TJobStatus = z.infer<typeof ZJobStatusSchema>;
