// Security table row #52 (see security.int.test.ts), and item 7 of issue 15: "Sign in with <provider>"
// through better-auth's generic OAuth plugin, against a real OpenID Connect provider on loopback
// (oidc-provider): discovery, the authorization code flow with PKCE and state, the token and
// userinfo calls are real HTTP. With ALLOW_SIGN_UP=false a new OIDC account needs an invitation.
import { afterAll, describe, expect, it } from "vitest";
import { startOidcProvider } from "../testing/oidc-test-provider";
import { createTestServices } from "../testing/test-services";

const provider = await startOidcProvider({
  clientId: "docvault-test",
  clientSecret: "docvault-test-secret-0123456789",
  redirectUri: "http://localhost/api/auth/callback/oidc",
});
const { services, close } = await createTestServices("oi", {
  env: {
    AUTH_URL: "http://localhost",
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: "docvault-test",
    OIDC_CLIENT_SECRET: "docvault-test-secret-0123456789",
    OIDC_NAME: "Test ID",
    ALLOW_SIGN_UP: "false",
    ADMIN_EMAILS: "oidc-boss@example.test",
  },
});

const { handleAuthRequest } = await import("./handle-auth-request");
const { authenticate } = await import("./authenticate");
const { authPost, cookieHeader } = await import("../testing/auth-http");
const { generateInviteToken } = await import("./invite-context");

/** A browser's cookies for one host: Set-Cookie in, Cookie out. */
function jar() {
  const cookies = new Map<string, string>();
  return {
    take(response: Response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const at = pair.indexOf("=");
        const name = pair.slice(0, at).trim();
        const value = pair.slice(at + 1).trim();
        if (value === "" || /max-age=0/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
  };
}

/**
 * What a browser does after "Sign in with Test ID": docvault answers the provider's URL; the
 * provider's login (and consent) redirect back to docvault's callback, which signs in. Answers the
 * callback's response.
 */
async function signInThroughProvider(extraCookie = ""): Promise<Response> {
  const app = jar();
  const started = await authPost(handleAuthRequest, "/sign-in/social", { provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" });
  expect(started.status).toBe(200);
  app.take(started);
  const { url } = (await started.json()) as { url: string };
  expect(url.startsWith(`${provider.issuer}/auth?`)).toBe(true);
  const idp = jar();
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    const response = await fetch(next, { redirect: "manual", headers: { cookie: idp.header() } });
    idp.take(response);
    const location = response.headers.get("location");
    if (!location) throw new Error(`the provider answered ${response.status} without a redirect: ${await response.text()}`);
    next = new URL(location, next).toString();
    if (next.startsWith("http://localhost/")) break;
  }
  expect(next.startsWith("http://localhost/api/auth/callback/oidc?")).toBe(true);
  return handleAuthRequest(new Request(next, { headers: { cookie: [app.header(), extraCookie].filter(Boolean).join("; ") } }));
}

describe("sign-in with an OpenID Connect provider", () => {
  afterAll(async () => {
    await close();
    await provider.close();
  });

  it("#52 signs in through the provider; the provider's verified ADMIN_EMAILS address is an administrator", async () => {
    provider.signInAs({ sub: "boss-1", email: "oidc-boss@example.test", name: "OIDC Boss" });
    const callback = await signInThroughProvider();
    expect(callback.status).toBe(302);
    expect(callback.headers.get("location")).toBe("/");
    const principal = await authenticate({ headers: new Headers({ cookie: cookieHeader(callback) }) });
    expect(principal).toMatchObject({ via: "session", user: { email: "oidc-boss@example.test", role: "admin" } });
    const account = await services().db.account.findFirstOrThrow({ where: { user: { email: "oidc-boss@example.test" } } });
    expect(account).toMatchObject({ providerId: "oidc", accountId: "boss-1" });
  });

  it("#52 refuses a new OIDC account without an invitation when sign-up is closed, and takes one with it", async () => {
    const { db } = services();
    provider.signInAs({ sub: "dora-1", email: "dora-oidc@example.test", name: "Dora" });
    const refused = await signInThroughProvider();
    expect(refused.status).toBe(302);
    expect(refused.headers.get("location")).toMatch(/^\/sign-in\?error=/);
    expect(cookieHeader(refused)).not.toContain("session_token=");
    expect(await db.user.count({ where: { email: "dora-oidc@example.test" } })).toBe(0);

    const boss = await db.user.findUniqueOrThrow({ where: { email: "oidc-boss@example.test" } });
    const { token, hash } = generateInviteToken();
    await db.invitation.create({ data: { email: "dora-oidc@example.test", tokenHash: hash, invitedById: boss.id, expiresAt: new Date(Date.now() + 60_000) } });
    const invited = await signInThroughProvider(`docvault-invite=${token}`);
    expect(invited.headers.get("location")).toBe("/");
    expect(await authenticate({ headers: new Headers({ cookie: cookieHeader(invited) }) })).toMatchObject({
      user: { email: "dora-oidc@example.test", role: "user" },
    });
    expect((await db.invitation.findUniqueOrThrow({ where: { tokenHash: hash } })).acceptedAt).toBeInstanceOf(Date);
  });
});
