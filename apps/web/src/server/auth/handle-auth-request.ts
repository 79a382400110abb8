import { isAppError } from "@docvault/core";
import { services } from "../services";
import { csrfOk, csrfRefused } from "./csrf";

const SIGN_IN = "/api/auth/sign-in/email";

/** The client address as the nearest proxy saw it (Next sets X-Forwarded-For from the socket when no proxy did). */
function clientIp(request: Request): string {
  const hops = (request.headers.get("x-forwarded-for") ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  return hops.at(-1) ?? request.headers.get("x-real-ip") ?? "unknown";
}

async function emailOf(request: Request): Promise<string | null> {
  const body = (await request.clone().json().catch(() => null)) as { email?: unknown } | null;
  return typeof body?.email === "string" ? body.email : null;
}

/**
 * /api/auth/*: better-auth's own handler (sign-up, sign-in, sign-out, session), behind our CSRF
 * check on every POST (sign-in and sign-up too: login CSRF would sign a victim into an
 * attacker's account) and our sign-in limits per IP and per email address.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const svc = services();
  if (!csrfOk(request)) return csrfRefused();
  if (request.method === "POST" && new URL(request.url).pathname === SIGN_IN) {
    try {
      await (await svc.rateLimits()).signIn(clientIp(request), await emailOf(request));
    } catch (error) {
      if (!isAppError(error) || error.code !== "RATE_LIMITED") throw error;
      const seconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 1000) / 1000));
      svc.log.info({ code: error.code }, "sign-in rate limited");
      return Response.json(
        { code: "RATE_LIMITED", message: error.message },
        { status: 429, headers: { "Retry-After": String(seconds) } },
      );
    }
  }
  return svc.auth.handler(request);
}
