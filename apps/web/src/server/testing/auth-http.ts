/** A CSRF cookie and the matching header, as a page of ours sends them. */
export const TEST_CSRF = "test-csrf-token-0123456789abcdef0123456789";
export const csrfPair = (cookie = "") => ({
  cookie: [cookie, `docvault-csrf=${TEST_CSRF}`].filter(Boolean).join("; "),
  "x-csrf-token": TEST_CSRF,
});

/** Calls an auth route handler the way a browser on the same origin would (JSON body, Origin, CSRF pair). */
export async function authPost(
  handler: (request: Request) => Promise<Response>,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return handler(
    new Request(`http://localhost/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", ...csrfPair(headers.cookie), ...withoutCookie(headers) },
      body: JSON.stringify(body),
    }),
  );
}

/** The cookies a response sets, as a Cookie request header. */
export function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0] ?? "")
    .filter((c) => c && !c.endsWith("="))
    .join("; ");
}

function withoutCookie(headers: Record<string, string>): Record<string, string> {
  const { cookie: _cookie, ...rest } = headers;
  return rest;
}
