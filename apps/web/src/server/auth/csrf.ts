import { timingSafeEqual } from "node:crypto";
import { CSRF_COOKIES, CSRF_HEADER, readCsrfToken } from "~/lib/csrf-client";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Double-submit CSRF check for requests a browser may send on its own: the `x-csrf-token` header
 * must equal the CSRF cookie (set by proxy.ts). Safe methods, and requests authenticated by a
 * Bearer token (a header no other site can make a browser send), need none.
 */
export function csrfOk(request: Pick<Request, "method" | "headers">): boolean {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return true;
  if (/^Bearer\s/i.test(request.headers.get("authorization") ?? "")) return true;
  const cookie = readCsrfToken(request.headers.get("cookie") ?? "");
  const header = request.headers.get(CSRF_HEADER);
  if (!cookie || !header || cookie.length < 32) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Why a browser's write was refused, and what to do. */
export const CSRF_REFUSED = `This request lacks a valid ${CSRF_HEADER} header (copy it from the ${CSRF_COOKIES[1]} cookie). Reload the page and try again.`;

export function csrfRefused(): Response {
  return Response.json({ error: { code: "CSRF", message: CSRF_REFUSED } }, { status: 403 });
}
