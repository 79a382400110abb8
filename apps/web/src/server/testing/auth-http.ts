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

/** Signs a new account up, then in (sign-up alone never signs in); the sign-in's answer, with its session cookie. */
export async function signUpAndIn(
  handler: (request: Request) => Promise<Response>,
  user: { email: string; password: string; name?: string },
  headers: Record<string, string> = {},
): Promise<Response> {
  const signUp = await authPost(handler, "/sign-up/email", { name: user.name ?? user.email.split("@")[0], ...user }, headers);
  if (!signUp.ok) throw new Error(`sign-up answered ${signUp.status}: ${await signUp.text()}`);
  return authPost(handler, "/sign-in/email", { email: user.email, password: user.password }, headers);
}

/** A form-encoded auth POST (what a plain HTML form, or curl -d, sends). */
export async function authPostForm(handler: (request: Request) => Promise<Response>, path: string, fields: Record<string, string>): Promise<Response> {
  return handler(
    new Request(`http://localhost/api/auth${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost", ...csrfPair() },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}
