// Sign up, sign in, sign out through better-auth's real HTTP handler on the real PostgreSQL, and
// what authenticate() makes of the session cookie and of API tokens.
import { afterAll, describe, expect, it } from "vitest";
import { createTestServices } from "../testing/test-services";

const { services, close } = await createTestServices("a", { env: { ADMIN_EMAILS: "Boss@Example.test" } });
const { handleAuthRequest } = await import("./handle-auth-request");
const { authenticate } = await import("./authenticate");
const { authPost, cookieHeader, signUpAndIn } = await import("../testing/auth-http");

describe("accounts through the auth handler", () => {
  afterAll(close);

  it("signs up, keeps only a memory-hard hash, signs in, and signs out", async () => {
    const email = "flow@example.test";
    const password = "correct horse battery staple";
    const signUp = await authPost(handleAuthRequest, "/sign-up/email", { email, password, name: "Flow" });
    expect(signUp.status).toBe(200);
    // Sign-up alone signs nobody in (it answers alike for a known address); the page signs in next.
    expect(cookieHeader(signUp)).not.toContain("session_token=");
    const first = await authPost(handleAuthRequest, "/sign-in/email", { email, password });
    const cookie = cookieHeader(first);
    expect(cookie).toContain("docvault.session_token=");

    const principal = await authenticate({ headers: new Headers({ cookie }) });
    expect(principal).toMatchObject({ via: "session", user: { email, role: "user" } });

    const { db } = services();
    const account = await db.account.findFirstOrThrow({ where: { user: { email } } });
    // scrypt: "salt:hash" in hex, never the password itself.
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
    expect(account.password).not.toContain(password);

    const wrong = await authPost(handleAuthRequest, "/sign-in/email", { email, password: "not the password" });
    expect(wrong.status).toBe(401);
    expect(cookieHeader(wrong)).not.toContain("session_token=");

    const signIn = await authPost(handleAuthRequest, "/sign-in/email", { email, password });
    expect(signIn.status).toBe(200);
    const cookie2 = cookieHeader(signIn);
    expect(await authenticate({ headers: new Headers({ cookie: cookie2 }) })).toMatchObject({ user: { email } });

    const signOut = await authPost(handleAuthRequest, "/sign-out", {}, { cookie: cookie2 });
    expect(signOut.status).toBe(200);
    expect(await authenticate({ headers: new Headers({ cookie: cookie2 }) })).toBeNull();
    // The first session was not touched by signing out the second.
    expect(await authenticate({ headers: new Headers({ cookie }) })).toMatchObject({ user: { email } });
  });

  it("refuses a short password with a sentence (a second sign-up with the same email: security row #32)", async () => {
    const short = await authPost(handleAuthRequest, "/sign-up/email", { email: "short@example.test", password: "short", name: "S" });
    expect(short.status).toBe(400);
    expect(((await short.json()) as { message: string }).message).toMatch(/password/i);
  });

  it("never lets a sign-up body make itself admin", async () => {
    const res = await authPost(handleAuthRequest, "/sign-up/email", { email: "sneaky@example.test", password: "long enough pass", name: "S", role: "admin" });
    const { db } = services();
    const user = await db.user.findUnique({ where: { email: "sneaky@example.test" } });
    // better-auth refuses a field that is not input (400), or ignores it: either way no admin.
    expect(user?.role ?? "none").not.toBe("admin");
    expect([200, 400]).toContain(res.status);
  });

  it("does not make an ADMIN_EMAILS address admin before it is verified (security row #48)", async () => {
    const res = await signUpAndIn(handleAuthRequest, { email: "boss@example.test", password: "long enough pass", name: "Boss" });
    expect(res.status).toBe(200);
    expect(await authenticate({ headers: new Headers({ cookie: cookieHeader(res) }) })).toMatchObject({ user: { role: "user" } });
  });

  it("answers null for no credentials, a malformed Authorization header and an unknown token", async () => {
    expect(await authenticate({ headers: new Headers() })).toBeNull();
    expect(await authenticate({ headers: new Headers({ authorization: "Basic Zm9vOmJhcg==" }) })).toBeNull();
    expect(await authenticate({ headers: new Headers({ authorization: "Bearer dvt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }) })).toBeNull();
  });
});
