/**
 * 1. Context: what every procedure can use. createContextInner builds it without a request, for tests.
 * 2. Init: tRPC with superjson and one error formatter.
 * 3. Procedure builders.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import { isAppError, type TErrorCode } from "@docvault/core";
import { services, type TServices } from "../services";

// 1. Context
export type TContext = { services: TServices; userId: string };

export async function createContextInner(opts: { services: TServices; userId?: string }): Promise<TContext> {
  return { services: opts.services, userId: opts.userId ?? (await opts.services.localUserId()) };
}

export async function createContext(): Promise<TContext> {
  return createContextInner({ services: services() });
}

// 2. Init
const t = initTRPC.context<TContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: { ...shape.data, zodError: error.cause instanceof ZodError ? error.cause.flatten() : null },
    };
  },
});

const TRPC_CODES: Partial<Record<TErrorCode, TRPCError["code"]>> = {
  NOT_FOUND: "NOT_FOUND",
  BAD_REQUEST: "BAD_REQUEST",
  FILE_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  TYPE_MISMATCH: "UNSUPPORTED_MEDIA_TYPE",
};

/** Domain errors become tRPC errors in this one place. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && isAppError(result.error.cause)) {
    const cause = result.error.cause;
    throw new TRPCError({ code: TRPC_CODES[cause.code] ?? "INTERNAL_SERVER_ERROR", message: cause.message, cause });
  }
  return result;
});

// 3. Procedures
export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapAppErrors);
export const protectedProcedure = publicProcedure;
