/**
 * The browser side of the double-submit CSRF check: the server sets a random token in a cookie
 * the page can read; every non-GET request made with the session cookie must echo it in this
 * header. A page on another site can make the browser send our cookies, but cannot read them.
 */
export const CSRF_HEADER = "x-csrf-token";
/** `__Host-` pins the cookie to our exact origin over https; plain http (localhost) cannot use it. */
export const CSRF_COOKIES = ["__Host-docvault-csrf", "docvault-csrf"] as const;

export function readCsrfToken(cookie: string = typeof document === "undefined" ? "" : document.cookie): string | null {
  for (const part of cookie.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if ((CSRF_COOKIES as readonly string[]).includes(name)) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** Headers to add to every fetch that changes something (POST, PUT, PATCH, DELETE). */
export function csrfHeaders(): Record<string, string> {
  const token = readCsrfToken();
  return token ? { [CSRF_HEADER]: token } : {};
}
