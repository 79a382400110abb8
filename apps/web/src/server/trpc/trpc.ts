/**
 * 1. Context: who is calling, and the services. createContextInner builds it without a request, for tests.
 * 2. Init: tRPC with superjson, OpenAPI meta and one error formatter; domain errors mapped to tRPC codes in one place.
 * 3. Procedure builders: public, protected (a user), scoped (a token scope: documentsRead/Write), session, admin.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError } from "zod";
import { isAppError, type TErrorCode } from "@docvault/core";
import { services, type TServices } from "../services";
import type { TApiScope } from "../auth/api-token";
import { authenticate, hasScope, type TPrincipal } from "../auth/authenticate";
import { isDependencyDown, RETRY_AFTER_SECONDS } from "../dependency-down";

// 1. Context
export type TContext = {
  services: TServices;
  /** Null when the request proved no user: protected procedures answer UNAUTHORIZED. */
  principal: TPrincipal | null;
  /** Response headers a procedure wants sent (Retry-After on 429). */
  responseHeaders: Headers;
  /** This site's origin for links (invitations): AUTH_URL's when set, else the request's. */
  origin: string;
};

export function createContextInner(opts: { services: TServices; principal: TPrincipal | null; origin?: string }): TContext {
  return { services: opts.services, principal: opts.principal, responseHeaders: new Headers(), origin: opts.origin ?? "http://localhost" };
}

export async function createContext(opts: { req: Request; resHeaders?: Headers }): Promise<TContext> {
  const svc = services();
  const origin = svc.publicUrl ?? new URL(opts.req.url).origin;
  const ctx = createContextInner({ services: svc, principal: await authenticate(opts.req, svc), origin });
  return opts.resHeaders ? { ...ctx, responseHeaders: opts.resHeaders } : ctx;
}

/** What a procedure that reads or writes the caller's own data needs of its context (after protectedProcedure). */
export type TUserContext = { services: TServices; user: { id: string } };

// 2. Init
// OpenApiMeta: the script-facing procedures also answer as REST under /api/v1 (api/v1/[...path]/route.ts).
const t = initTRPC
  .context<TContext>()
  .meta<OpenApiMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      return {
        ...shape,
        data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.flatten() : null },
      };
    },
  });

/**
 * Every domain error code has its tRPC code here; the map must be total, and each tRPC code's HTTP
 * status is the code's own in ERROR_CODES (trpc-codes.test.ts), so REST routes and tRPC agree.
 */
export const TRPC_CODES: Record<TErrorCode, TRPCError["code"]> = {
  EMPTY_FILE: "BAD_REQUEST",
  FILE_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  TYPE_MISMATCH: "UNSUPPORTED_MEDIA_TYPE",
  CORRUPT_FILE: "UNPROCESSABLE_CONTENT",
  ENCRYPTED_PDF: "UNPROCESSABLE_CONTENT",
  TOO_MANY_PAGES: "UNPROCESSABLE_CONTENT",
  TIME_BUDGET_EXCEEDED: "UNPROCESSABLE_CONTENT",
  HASH_MISMATCH: "UNPROCESSABLE_CONTENT",
  BAD_REQUEST: "BAD_REQUEST",
  UPLOAD_ID_CONFLICT: "CONFLICT",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  CSRF: "FORBIDDEN",
  WRONG_ACCOUNT: "CONFLICT",
  RATE_LIMITED: "TOO_MANY_REQUESTS",
  UPLOAD_TIMEOUT: "TIMEOUT",
  ENGINE_TIMEOUT: "SERVICE_UNAVAILABLE",
  ENGINE_FAILED: "INTERNAL_SERVER_ERROR",
  STORAGE_FAILED: "SERVICE_UNAVAILABLE",
  UNAVAILABLE: "SERVICE_UNAVAILABLE",
  INTERNAL: "INTERNAL_SERVER_ERROR",
};

/** Domain errors become tRPC errors in this one place; a 429 carries Retry-After. */
const mapAppErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    if (cause.retryAfterMs !== undefined) ctx.responseHeaders.set("Retry-After", String(Math.max(1, Math.ceil(cause.retryAfterMs / 1000))));
    throw new TRPCError({ code: TRPC_CODES[cause.code], message: cause.message, cause });
  }
  if (!result.ok && isDependencyDown(result.error.cause)) {
    ctx.responseHeaders.set("Retry-After", String(RETRY_AFTER_SECONDS));
    throw new TRPCError({
      code: "SERVICE_UNAVAILABLE",
      message: "A service docvault needs is down for a moment. Try again in a few seconds.",
      cause: result.error.cause,
    });
  }
  return result;
});

// 3. Procedures
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapAppErrors);

/** A signed-in user (session cookie or API token); ctx.user is theirs. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next, type }) => {
  if (!ctx.principal) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first (or send an API token as Authorization: Bearer)." });
  const result = await next({ ctx: { ...ctx, principal: ctx.principal, user: ctx.principal.user } });
  // After a change, this user's lists and searches read the primary until replicas have it too.
  if (type === "mutation") ctx.services.reads.wrote(ctx.principal.user.id);
  return result;
});

/** A user whose session or token may do `scope` (sessions may do everything). */
export function scopedProcedure(scope: TApiScope) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!hasScope(ctx.principal, scope)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This API token lacks the ${scope} scope. Create a token with it.` });
    }
    return next();
  });
}

/** Reads of the caller's documents, jobs, results, search and webhooks. */
export const documentsReadProcedure = scopedProcedure("documents:read");
/** Uploads, corrections, deletions, cancel/retry and webhook changes. */
export const documentsWriteProcedure = scopedProcedure("documents:write");

/** Account management (tokens, sign-out everywhere) needs a browser session: a leaked token cannot mint more. */
export const sessionProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.principal.via !== "session") {
    throw new TRPCError({ code: "FORBIDDEN", message: "Manage your account from a signed-in browser, not with an API token." });
  }
  return next();
});

/** Admins: users whose role is "admin" (ADMIN_EMAILS at sign-up). */
export const adminProcedure = sessionProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== "admin") throw new TRPCError({ code: "FORBIDDEN", message: "Only administrators can see this." });
  return next();
});
