import { z } from "zod";

/** Webhook deliveries: a queue of their own, so a slow receiver never holds up extraction. */
export const WEBHOOK_JOB = "deliver" as const;
export const WEBHOOK_QUEUE = "docvault-webhooks" as const;

export const WEBHOOK_EVENTS = ["job.completed", "job.failed"] as const;
export const ZWebhookEventSchema = z.enum(WEBHOOK_EVENTS);
export type TWebhookEvent = z.infer<typeof ZWebhookEventSchema>;

/** Ids only: the handler re-reads the hook (it may have been deleted) and the job's state. */
export const ZWebhookJobPayloadSchema = z.object({
  webhookId: z.uuid(),
  event: ZWebhookEventSchema,
  jobId: z.uuid(),
  documentId: z.uuid(),
});
export type TWebhookJobPayload = z.infer<typeof ZWebhookJobPayloadSchema>;

/** Tries per delivery (the first included); each retry waits twice as long as the one before. */
export const WEBHOOK_RETRY = { attempts: 8, backoffMs: 5_000 } as const;

/** One delivery per hook, job and event: a repeated notification is a no-op (no ':' in ids). */
export const webhookJobId = (p: TWebhookJobPayload): string => `${p.webhookId}_${p.jobId}_${p.event.replace(".", "-")}`;
