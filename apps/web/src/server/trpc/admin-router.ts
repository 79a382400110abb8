import { z } from "zod";
import { MISTRAL_OCR_USD_PER_1000_PAGES } from "@docvault/core";
import { createInvitation, fleetFailedJobs, fleetSpendToday, listInvitations, readDashboard } from "@docvault/db";
import { generateInviteToken } from "../auth/invite-context";
import { ZDashboardInputSchema, ZDashboardSchema } from "./admin-dashboard-schema";
import { createTRPCRouter, adminProcedure } from "./trpc";

const INVITATION_DAYS = 7;
const ZInvitationSchema = z.object({ id: z.uuid(), email: z.string(), createdAt: z.date(), expiresAt: z.date(), acceptedAt: z.date().nullable() });

const ZLayerStatsSchema = z.object({ hits: z.number(), misses: z.number(), hitRate: z.number() });

export const adminRouter = createTRPCRouter({
  invitations: createTRPCRouter({
    /**
     * Invites one address: its link (valid INVITATION_DAYS days, once) lets that address sign up
     * even with ALLOW_SIGN_UP=false. Sent by e-mail with SMTP_URL; shown here either way, this once.
     */
    create: adminProcedure
      .input(z.object({ email: z.email({ message: "Enter the e-mail address to invite (name@example.com)." }).max(254) }))
      .output(z.object({ invitation: ZInvitationSchema, link: z.string(), emailed: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        const { token, hash } = generateInviteToken();
        const invitation = await createInvitation(ctx.services.db, {
          email: input.email,
          tokenHash: hash,
          invitedById: ctx.user.id,
          expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
        });
        const link = `${ctx.origin}/sign-up?invite=${token}`;
        const { mailer } = ctx.services;
        mailer.send({
          to: invitation.email,
          subject: "You are invited to docvault",
          text: `You are invited to create an account on docvault. Open this link within ${INVITATION_DAYS} days and sign up with this address (${invitation.email}):\n${link}\n`,
        });
        return { invitation, link, emailed: mailer.delivers };
      }),

    list: adminProcedure
      .input(z.void())
      .output(z.array(ZInvitationSchema))
      .query(({ ctx }) => listInvitations(ctx.services.db)),
  }),

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
      const { reads, cache, queue } = ctx.services;
      const [[users, documents], cacheStats, queueCounts] = await Promise.all([
        reads.read((db) => Promise.all([db.user.count(), db.document.count()])),
        cache.stats(),
        queue.counts(),
      ]);
      return { users, documents, cache: cacheStats, queue: queueCounts };
    }),

  /** Every user's failed jobs, latest first: whose, what kind of file, why; never the document's name or contents. */
  failedJobs: adminProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).optional())
    .output(
      z.array(
        z.object({
          jobId: z.uuid(),
          ownerId: z.uuid(),
          ownerEmail: z.string(),
          mimeType: z.string(),
          sizeBytes: z.number(),
          reason: z.string(),
          attempts: z.number().int(),
          failedAt: z.date(),
        }),
      ),
    )
    .query(({ ctx, input }) => ctx.services.reads.read((db) => fleetFailedJobs(db, { limit: input?.limit ?? 100 }))),

  /** The dashboard's charts: extraction times, volumes, errors, cost and savings, cache layers, queue depth. */
  dashboard: adminProcedure
    .input(ZDashboardInputSchema)
    .output(ZDashboardSchema)
    .query(async ({ ctx, input }) => {
      const { reads, llmBudgetUsdPerDay, cache } = ctx.services;
      // This process's cache lookups of the last second are written first (other processes' within a second).
      await cache.flushCounts().catch(() => undefined);
      const [dashboard, spentTodayUsd] = await reads.read((db) =>
        Promise.all([readDashboard(db, { days: input.days, mistralUsdPerPage: MISTRAL_OCR_USD_PER_1000_PAGES / 1000 }), fleetSpendToday(db)]),
      );
      return { ...dashboard, budget: { spentTodayUsd, usdPerDay: llmBudgetUsdPerDay } };
    }),
});
