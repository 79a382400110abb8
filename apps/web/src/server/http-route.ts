import { AppError, isAppError } from "@docvault/core";
import type { TApiScope } from "./auth/api-token";
import { authenticate, hasScope, type TPrincipal } from "./auth/authenticate";
import { CSRF_REFUSED, csrfOk } from "./auth/csrf";
import { isDependencyDown, RETRY_AFTER_SECONDS } from "./dependency-down";
import { services, type TServices } from "./services";

/**
 * The one way in for the HTTP routes beside tRPC (upload, tus, export, files): who calls and
 * whether they may, and one problem body for every failure, with the status of its code in
 * ERROR_CODES (the same table tRPC's codes are checked against).
 */

/** `{ error: { code, message } }` with the code's status; Retry-After when the error says when, and what 401 and a cut-off upload need. */
export function problemResponse(error: AppError): Response {
  const headers = new Headers();
  if (error.retryAfterMs !== undefined) headers.set("Retry-After", String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  if (error.code === "UNAUTHORIZED") headers.set("WWW-Authenticate", 'Bearer realm="docvault"');
  // A client cut off mid-body may still be sending: close the connection rather than drain it.
  if (error.code === "UPLOAD_TIMEOUT") headers.set("Connection", "close");
  return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status, headers });
}

export const SIGN_IN_FIRST = "Sign in first (or send an API token as Authorization: Bearer).";

/** A dependency (database, queue) down: what happened, what to do, and when to try again. */
export const dependencyDown = (message: string) => new AppError("UNAVAILABLE", message, { retryAfterMs: RETRY_AFTER_SECONDS * 1000 });

/** What a route reads of a request before its body: enough to know the caller (the fast lane builds only this for a GET). */
export type TRequestHead = Pick<Request, "method" | "url" | "headers">;

/**
 * The caller, when they may do `scope`: otherwise UNAUTHORIZED (no session, no valid token), CSRF
 * (a session's write without the double-submit header; tokens and safe methods need none) or
 * FORBIDDEN (a token without the scope).
 */
export async function requireCaller(request: TRequestHead, svc: TServices, scope: TApiScope, unauthorized = SIGN_IN_FIRST): Promise<TPrincipal> {
  const principal = await authenticate(request, svc);
  if (!principal) throw new AppError("UNAUTHORIZED", unauthorized);
  if (principal.via === "session" && !csrfOk(request)) {
    throw new AppError("CSRF", CSRF_REFUSED);
  }
  if (!hasScope(principal, scope)) throw new AppError("FORBIDDEN", `This API token lacks the ${scope} scope. Create a token with it.`);
  return principal;
}

/** The answer to an upload while a dependency is down: nothing was kept, and when to send again. */
export const unavailableResponse = () =>
  problemResponse(
    dependencyDown("docvault cannot store documents right now (a service it needs is down). Nothing was kept; send the file again in a few seconds."),
  );

/** What a route says when a dependency is down, or something unexpected failed; the defaults suit reads. */
type TRouteMessages = { unavailable?: () => Response; internal?: string };

/**
 * The answer to a route's failure: a domain error as its problem, a dependency down as 503 with
 * Retry-After, anything else logged and answered with a 500 that quotes nothing of it.
 */
export function routeFailure(error: unknown, path: string, svc: TServices, messages: TRouteMessages = {}): Response {
  if (isAppError(error)) {
    svc.log.info({ code: error.code, path }, "request refused");
    return problemResponse(error);
  }
  const err = error instanceof Error ? error.message : String(error);
  if (isDependencyDown(error)) {
    svc.log.warn({ err }, "request refused: a dependency is down");
    return messages.unavailable?.() ?? problemResponse(dependencyDown("A service docvault needs is down for a moment. Try again in a few seconds."));
  }
  svc.log.error({ err }, "request failed");
  return problemResponse(new AppError("INTERNAL", messages.internal ?? "Something went wrong on our side. Try again in a moment."));
}

/** A route handler whose failures are answered one way (routeFailure). */
export function httpRoute<TRest extends unknown[], TRequest extends TRequestHead = Request>(
  handler: (request: TRequest, svc: TServices, ...rest: TRest) => Promise<Response>,
  messages: TRouteMessages = {},
): (request: TRequest, ...rest: TRest) => Promise<Response> {
  return async (request, ...rest) => {
    // Outside the try: without services (no database configured) there is nothing to answer with.
    const svc = services();
    try {
      return await handler(request, svc, ...rest);
    } catch (error) {
      return routeFailure(error, new URL(request.url).pathname, svc, messages);
    }
  };
}
