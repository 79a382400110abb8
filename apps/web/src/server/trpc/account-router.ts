import { z } from "zod";
import { AppError } from "@docvault/core";
import { createApiToken, listApiTokens, revokeApiToken } from "@docvault/db";
import { API_SCOPES, generateApiToken, ZApiScopeSchema } from "../auth/api-token";
import { rest } from "./rest-meta";
import { createTRPCRouter, protectedProcedure, sessionProcedure } from "./trpc";

const ZMeSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.string(),
  /** How this request was authenticated, and what it may do. */
  via: z.enum(["session", "token"]),
  scopes: z.array(ZApiScopeSchema),
});

const ZApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ZApiScopeSchema),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

const toApiToken = (row: Omit<z.infer<typeof ZApiTokenSchema>, "scopes"> & { scopes: string[] }) => ({
  ...row,
  scopes: row.scopes.filter((s): s is z.infer<typeof ZApiScopeSchema> => ZApiScopeSchema.safeParse(s).success),
});

export const accountRouter = createTRPCRouter({
  me: protectedProcedure
    .meta(
      rest(
        "GET",
        "/me",
        "tokens",
        "Who this token belongs to and the scopes it has",
        "Tokens are made and revoked in Settings, from a signed-in browser: a token cannot make another.",
      ),
    )
    .input(z.void())
    .output(ZMeSchema)
    .query(({ ctx }) => ({
      ...ctx.user,
      via: ctx.principal.via,
      scopes: ctx.principal.scopes === "all" ? [...API_SCOPES] : [...ctx.principal.scopes],
    })),

  tokens: createTRPCRouter({
    list: sessionProcedure
      .input(z.void())
      .output(z.array(ZApiTokenSchema))
      .query(async ({ ctx }) => (await listApiTokens(ctx.services.db, ctx.user.id)).map(toApiToken)),

    /** The token itself is in this answer only: it is stored as a SHA-256 and cannot be shown again. */
    create: sessionProcedure
      .input(
        z.object({
          name: z.string().trim().min(1, "Give the token a name, e.g. the script that uses it.").max(100),
          scopes: z.array(ZApiScopeSchema).min(1, "Pick at least one scope.").max(API_SCOPES.length),
        }),
      )
      .output(z.object({ token: z.string(), apiToken: ZApiTokenSchema }))
      .mutation(async ({ ctx, input }) => {
        const { token, hash, prefix } = generateApiToken();
        const row = await createApiToken(ctx.services.db, {
          userId: ctx.user.id,
          name: input.name,
          tokenHash: hash,
          prefix,
          scopes: [...new Set(input.scopes)],
        });
        return { token, apiToken: toApiToken(row) };
      }),

    revoke: sessionProcedure
      .input(z.object({ id: z.uuid() }))
      .output(z.object({ revoked: z.literal(true) }))
      .mutation(async ({ ctx, input }) => {
        if (!(await revokeApiToken(ctx.services.db, ctx.user.id, input.id))) throw new AppError("NOT_FOUND", "No such token.");
        ctx.services.tokens.forget(input.id);
        return { revoked: true as const };
      }),
  }),

  /** Ends every session of this user (other browsers and this one); API tokens stay. */
  signOutEverywhere: sessionProcedure
    .input(z.void())
    .output(z.object({ sessionsEnded: z.number().int() }))
    .mutation(async ({ ctx }) => {
      const { count } = await ctx.services.db.session.deleteMany({ where: { userId: ctx.user.id } });
      return { sessionsEnded: count };
    }),
});
