import { z } from "zod";

/** The steps a person sees; "reading" carries the page being read when the engine knows it. */
export const PROGRESS_STEPS = ["queued", "validating", "reading", "structuring", "escalating", "done", "failed", "cancelled"] as const;
export const ZProgressStepSchema = z.enum(PROGRESS_STEPS);
export type TProgressStep = z.infer<typeof ZProgressStepSchema>;

/** One progress event as published to the web app: ids and a step, never document content. */
export const ZProgressEventSchema = z.object({
  jobId: z.uuid(),
  documentId: z.uuid(),
  step: ZProgressStepSchema,
  page: z.number().int().min(1).optional(),
  pages: z.number().int().min(1).optional(),
  /** For "failed": the reason a person can act on. */
  reason: z.string().max(500).optional(),
});
export type TProgressEvent = z.infer<typeof ZProgressEventSchema>;

/** PostgreSQL NOTIFY channel (and the Redis channel's suffix) that carries progress events. */
export const PROGRESS_CHANNEL = "docvault_progress" as const;
