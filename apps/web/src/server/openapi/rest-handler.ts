import { TRPCError } from "@trpc/server";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { ZodError } from "zod";
import { AppError, isAppError, type TErrorCode } from "@docvault/core";
import { CSRF_REFUSED, csrfOk } from "../auth/csrf";
import { problemResponse } from "../http-route";
import { badInput } from "./bad-input";
import { services } from "../services";
import { REST_PREFIX } from "../trpc/rest-meta";
import { appRouter } from "../trpc/root";
import { createContext } from "../trpc/trpc";

/**
 * The REST face of the procedures with `rest(...)` meta (/api/v1/...), as /api/openapi.json
 * describes them: trpc-to-openapi routes the request and runs the procedure through the same
 * context, middleware and scopes as /api/trpc; a failure answers the problem body of the other
 * HTTP routes (`{ error: { code, message } }`, the code's status), not the library's own shape.
 */

/** tRPC codes raised outside the domain (auth middleware, input parsing, routing) as domain codes. */
const DOMAIN_CODE: Partial<Record<TRPCError["code"], TErrorCode>> = {
  BAD_REQUEST: "BAD_REQUEST",
  PARSE_ERROR: "BAD_REQUEST",
  UNAUTHORIZED: "UNAUTHORIZED",
  FORBIDDEN: "FORBIDDEN",
  NOT_FOUND: "NOT_FOUND",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_TYPE",
  PAYLOAD_TOO_LARGE: "FILE_TOO_LARGE",
  TOO_MANY_REQUESTS: "RATE_LIMITED",
  SERVICE_UNAVAILABLE: "UNAVAILABLE",
};

function problemOf(error: TRPCError): AppError {
  if (isAppError(error.cause)) return error.cause;
  if (error.cause instanceof ZodError) return badInput(error.cause);
  if (error.code === "UNSUPPORTED_MEDIA_TYPE") return new AppError("UNSUPPORTED_TYPE", "Send the body as JSON, with Content-Type: application/json.");
  if (error.code === "NOT_FOUND" && error.message === "Not found") return new AppError("NOT_FOUND", "No such API path. /api/openapi.json lists them.");
  const code = DOMAIN_CODE[error.code];
  // Anything else is ours to fix, and its message may quote internals: say nothing of it.
  if (!code) return new AppError("INTERNAL", "Something went wrong on our side. Try again in a moment.");
  return new AppError(code, error.message);
}

export async function answerRest(req: Request): Promise<Response> {
  // A session's write needs the CSRF header, as on /api/trpc (Bearer tokens need none); without a
  // cookie there is no session to abuse, and the caller hears 401 from the procedure instead.
  if (req.headers.has("cookie") && !csrfOk(req)) return problemResponse(new AppError("CSRF", CSRF_REFUSED));
  let failure: TRPCError | undefined;
  let contextHeaders: Headers | undefined;
  const response = await createOpenApiFetchHandler({
    endpoint: REST_PREFIX,
    req,
    router: appRouter,
    createContext: async () => {
      const ctx = await createContext({ req });
      contextHeaders = ctx.responseHeaders;
      return ctx;
    },
    onError: ({ error }) => {
      failure = error;
    },
  });
  const answer = failure ? problemResponse(problemOf(failure)) : response;
  if (failure && !isAppError(failure.cause) && !DOMAIN_CODE[failure.code]) {
    services().log.error(
      { err: failure.cause instanceof Error ? failure.cause.message : failure.message, path: new URL(req.url).pathname },
      "REST call failed",
    );
  }
  // Retry-After and the like, set by the procedure or the error mapping (trpc.ts).
  contextHeaders?.forEach((value, name) => answer.headers.set(name, value));
  answer.headers.set("cache-control", "no-store");
  return answer;
}
