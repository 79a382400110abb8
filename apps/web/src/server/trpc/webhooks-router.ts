import { randomBytes } from "node:crypto";
import { z } from "zod";
import { AppError, ZWebhookEventSchema } from "@docvault/core";
import { webhookUrlProblem } from "@docvault/core/node";
import { createWebhook, deleteWebhook, listWebhooks } from "@docvault/db";
import { rest } from "./rest-meta";
import { createTRPCRouter, documentsReadProcedure, documentsWriteProcedure } from "./trpc";

const ZWebhookSchema = z.object({ id: z.uuid(), url: z.string(), events: z.array(ZWebhookEventSchema), createdAt: z.date() });

const ZWebhookUrlSchema = z.url({ protocol: /^https?$/, message: "The webhook URL must be an http:// or https:// address." }).max(2000);

export const webhooksRouter = createTRPCRouter({
  /**
   * A new hook; its signing secret is in this answer only (it is never shown again). A private or
   * loopback address is refused here from the URL alone, and again at each delivery after DNS.
   */
  create: documentsWriteProcedure
    .meta(rest("POST", "/webhooks", "webhooks", "A new webhook; its signing secret is in this answer only"))
    .input(z.object({ url: ZWebhookUrlSchema, events: z.array(ZWebhookEventSchema).min(1).default(["job.completed", "job.failed"]) }))
    .output(ZWebhookSchema.extend({ secret: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const problem = ctx.services.webhookAllowPrivate ? null : webhookUrlProblem(input.url);
      if (problem) throw new AppError("BAD_REQUEST", problem);
      const secret = `whsec_${randomBytes(32).toString("base64url")}`;
      const events = [...new Set(input.events)];
      const hook = await createWebhook(ctx.services.db, { ownerId: ctx.user.id, url: input.url, secret, events });
      return { ...hook, events, secret };
    }),

  list: documentsReadProcedure
    .meta(rest("GET", "/webhooks", "webhooks", "Your webhooks"))
    .input(z.void())
    .output(z.array(ZWebhookSchema))
    .query(async ({ ctx }) => {
      const hooks = await listWebhooks(ctx.services.db, ctx.user.id);
      return hooks.map((h) => ({ ...h, events: h.events.filter((e) => ZWebhookEventSchema.safeParse(e).success) as z.infer<typeof ZWebhookEventSchema>[] }));
    }),

  delete: documentsWriteProcedure
    .meta(rest("DELETE", "/webhooks/{id}", "webhooks", "Delete a webhook"))
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      if (!(await deleteWebhook(ctx.services.db, { id: input.id, ownerId: ctx.user.id }))) throw new AppError("NOT_FOUND", "No such webhook.");
      return { deleted: true as const };
    }),
});
