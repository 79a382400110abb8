import { NextResponse, type NextRequest } from "next/server";
import { directUploadOrigin } from "@docvault/core/node";
import { env } from "~/env";
import { CSRF_COOKIES } from "~/lib/csrf-client";
import { contentSecurityPolicy, HSTS } from "~/server/http/security-headers";

/**
 * Pages anyone may see; everything else sends a visitor without a session to sign in. /offline is
 * public because a service worker installed before sign-in precaches it: behind the redirect it
 * would keep the sign-in page as its offline page. (The manifest, icons and sw.js have an
 * extension, so the matcher below never runs this proxy for them.)
 */
const PUBLIC_PAGES = new Set(["/sign-in", "/sign-up", "/forgot-password", "/reset-password", "/offline"]);
const SESSION_COOKIES = ["docvault.session_token", "__Secure-docvault.session_token"];

let storeOrigin: Promise<string | null> | undefined;

/**
 * The S3 bucket's origin when large files go there straight from the page (direct uploads), for
 * connect-src; worked out once per process. Should it fail, pages keep 'self' only and the upload
 * falls back to the streamed one, so it is logged rather than fatal.
 */
async function directUploadConnect(): Promise<string[]> {
  storeOrigin ??= Promise.resolve()
    .then(() => directUploadOrigin(env().storage))
    .catch((error: unknown) => {
      console.error(
        `direct uploads: the bucket's origin is unknown, so pages may not send parts to it (${error instanceof Error ? error.message : String(error)})`,
      );
      return null;
    });
  const origin = await storeOrigin;
  return origin ? [origin] : [];
}

function randomToken(bytes: number): string {
  const raw = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...raw))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Runs before every page (not /api, not static files): a fresh CSP nonce, HSTS behind TLS, the
 * CSRF cookie the page echoes in x-csrf-token, and a redirect to /sign-in without a session
 * cookie. The cookie's presence is only a hint for the redirect: every API call checks the
 * session itself.
 */
export async function proxy(request: NextRequest) {
  const secure = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  const path = request.nextUrl.pathname;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  // Stored documents are data, never pages: whatever their bytes (a polyglot JPEG that is also
  // HTML), nothing in them may run or load anything. Their route authenticates itself (a session
  // or an API token, as /api does), so no sign-in redirect here.
  if (path.startsWith("/files/")) {
    const response = NextResponse.next();
    response.headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
    return response;
  }

  if (!signedIn && !PUBLIC_PAGES.has(path)) {
    const target = new URL("/sign-in", request.url);
    if (path !== "/") target.searchParams.set("next", path + request.nextUrl.search);
    return NextResponse.redirect(target);
  }

  const nonce = randomToken(16);
  // NODE_ENV is replaced at build time by Next; it is not configuration a person sets.
  // eslint-disable-next-line no-restricted-properties
  const csp = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development", secure, connect: await directUploadConnect() });
  const requestHeaders = new Headers(request.headers);
  // Next reads the nonce from the request's CSP header and puts it on its own script tags.
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (secure) response.headers.set("Strict-Transport-Security", HSTS);

  const cookieName = secure ? CSRF_COOKIES[0] : CSRF_COOKIES[1];
  if (!request.cookies.has(cookieName)) {
    // Readable by our page (not HttpOnly) so it can echo it; SameSite=Strict so other sites never send it.
    response.cookies.set(cookieName, randomToken(32), { httpOnly: false, sameSite: "strict", secure, path: "/" });
  }
  return response;
}

export const config = {
  matcher: [
    {
      // Not /api (the routes check sessions themselves, and a proxy would buffer upload bodies),
      // not Next's assets, not files with an extension (icons, manifest, service worker).
      source: "/((?!api/|_next/static|_next/image|.*\\.[A-Za-z0-9]+$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
