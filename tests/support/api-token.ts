/**
 * A person signs up and in as the browser does (the CSRF cookie from a page, then the two POSTs),
 * then makes a read-and-write API token in their session as the account page does: the token a
 * script would use. Throws with the status and body when the app refuses a step.
 */
export type TTokenOwner = { email: string; password: string; name: string };

async function expectOk(response: Promise<Response>, what: string): Promise<Response> {
  const answered = await response;
  if (answered.status !== 200) throw new Error(`${what}: HTTP ${answered.status} ${(await answered.text()).slice(0, 300)}`);
  return answered;
}

export async function tokenFromSettings(base: string, owner: TTokenOwner): Promise<string> {
  const page = await fetch(`${base}/sign-up`);
  const csrf = /docvault-csrf=([^;]+)/.exec(page.headers.getSetCookie().join("; "))?.[1] ?? "";
  const headers = { "content-type": "application/json", origin: base, cookie: `docvault-csrf=${csrf}`, "x-csrf-token": csrf };
  await expectOk(fetch(`${base}/api/auth/sign-up/email`, { method: "POST", headers, body: JSON.stringify(owner) }), "sign-up");
  const credentials = { email: owner.email, password: owner.password };
  const signedIn = await expectOk(fetch(`${base}/api/auth/sign-in/email`, { method: "POST", headers, body: JSON.stringify(credentials) }), "sign-in");
  const cookie = `docvault-csrf=${csrf}; ${signedIn.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ")}`;
  const created = await expectOk(
    fetch(`${base}/api/trpc/account.tokens.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
      body: JSON.stringify({ json: { name: "nightly import", scopes: ["documents:read", "documents:write"] } }),
    }),
    "account.tokens.create",
  );
  return ((await created.json()) as { result: { data: { json: { token: string } } } }).result.data.json.token;
}
