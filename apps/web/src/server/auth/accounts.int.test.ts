// Security table rows #48, #50 and #51 (see security.int.test.ts), and item 7 of issue 15: accounts
// for more than one person. ALLOW_SIGN_UP=false with an administrator's invitations, e-mail
// verification and password reset through a real SMTP server on loopback (smtp-server, the message
// parsed as it arrived), ADMIN_EMAILS effective only once the address is verified.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { linkIn, startMailCatcher } from "../testing/mail-catcher";
import { createTestServices } from "../testing/test-services";

const mail = await startMailCatcher();
const { services, close } = await createTestServices("ac", {
  env: {
    AUTH_URL: "http://localhost",
    SMTP_URL: mail.url,
    SMTP_FROM: "docvault <noreply@docvault.test>",
    ALLOW_SIGN_UP: "false",
    ADMIN_EMAILS: "boss-ac@example.test",
    // Every request here comes from one (unknown) address: the account-request limit is row #33's business.
    SIGN_UP_RATE_PER_IP: "50",
  },
});

const { handleAuthRequest } = await import("./handle-auth-request");
const { authenticate } = await import("./authenticate");
const { authPost, cookieHeader } = await import("../testing/auth-http");
const { createCaller } = await import("../trpc/root");
const { createContextInner } = await import("../trpc/trpc");

const PASSWORD = "a long enough password";
/** The invited person of #50, who resets her password in #51. */
const carol = `carol-${randomUUID().slice(0, 6)}@example.test`;
const get = (url: string) => handleAuthRequest(new Request(url));
const signIn = (email: string, password = PASSWORD) => authPost(handleAuthRequest, "/sign-in/email", { email, password });
const codeOf = async (response: Response) => ((await response.clone().json()) as { code?: string }).code;

/** Opens the e-mailed verification link as the browser would: a redirect that carries the session. */
async function verify(email: string): Promise<string> {
  const message = await mail.waitFor(email, /Confirm your e-mail address/);
  const opened = await get(linkIn(message.text));
  expect(opened.status).toBe(302);
  return cookieHeader(opened);
}

describe("accounts for more than one person", () => {
  afterAll(async () => {
    await close();
    await mail.close();
  });

  it("#48 #51 an ADMIN_EMAILS address signs up, cannot sign in until verified, and is an administrator only after", async () => {
    const email = "boss-ac@example.test";
    expect((await authPost(handleAuthRequest, "/sign-up/email", { email, password: PASSWORD, name: "Boss" })).status).toBe(200);
    const early = await signIn(email);
    expect(early.status).toBe(403);
    expect(await codeOf(early)).toBe("EMAIL_NOT_VERIFIED");
    const { db } = services();
    expect((await db.user.findUniqueOrThrow({ where: { email } })).role).toBe("user");

    const message = await mail.waitFor(email, /Confirm your e-mail address/);
    expect(message.text).toContain("http://localhost/api/auth/verify-email?token=");
    const cookie = await verify(email);
    expect(await authenticate({ headers: new Headers({ cookie }) })).toMatchObject({ via: "session", user: { email, role: "admin" } });
    expect((await signIn(email)).status).toBe(200);
  });

  it("#50 refuses a sign-up without an invitation (403 with a sentence), and lets the invited address in once", async () => {
    const stranger = await authPost(handleAuthRequest, "/sign-up/email", { email: "stranger-ac@example.test", password: PASSWORD, name: "S" });
    expect(stranger.status).toBe(403);
    expect(await stranger.json()).toEqual({ code: "SIGN_UP_CLOSED", message: "Sign-up is closed here: ask an administrator for an invitation." });

    const { db } = services();
    const boss = await authenticate({ headers: new Headers({ cookie: cookieHeader(await signIn("boss-ac@example.test")) }) });
    if (!boss) throw new Error("the administrator should be signed in");
    const admin = createCaller(createContextInner({ services: services(), principal: boss, origin: "http://localhost" }));
    const { link, emailed } = await admin.admin.invitations.create({ email: carol });
    expect(emailed).toBe(true);
    const invitation = await mail.waitFor(carol, /You are invited/);
    expect(linkIn(invitation.text)).toBe(link);
    const token = new URL(link).searchParams.get("invite") ?? "";
    expect(await db.invitation.count({ where: { tokenHash: token } })).toBe(0);

    // The invitation is for Carol's address only, and for one account.
    const wrongAddress = await authPost(
      handleAuthRequest,
      "/sign-up/email",
      { email: "mallory-ac@example.test", password: PASSWORD, name: "M" },
      { "x-docvault-invite": token },
    );
    expect(wrongAddress.status).toBe(403);
    expect(((await wrongAddress.json()) as { message: string }).message).toMatch(/not valid for this address/);
    const invited = await authPost(handleAuthRequest, "/sign-up/email", { email: carol, password: PASSWORD, name: "Carol" }, { "x-docvault-invite": token });
    expect(invited.status).toBe(200);
    expect(await db.user.count({ where: { email: carol } })).toBe(1);
    const reused = await authPost(
      handleAuthRequest,
      "/sign-up/email",
      { email: carol.replace("carol", "carol2"), password: PASSWORD, name: "C2" },
      { "x-docvault-invite": token },
    );
    expect(reused.status).toBe(403);
    expect((await admin.admin.invitations.list()).find((i) => i.email === carol)?.acceptedAt).toBeInstanceOf(Date);

    await verify(carol);
    expect((await signIn(carol)).status).toBe(200);
  });

  it("#51 resets a password only through the e-mailed link; an unknown address gets the same answer and no mail", async () => {
    const before = await signIn(carol);
    const oldCookie = cookieHeader(before);

    const unknown = await authPost(handleAuthRequest, "/request-password-reset", { email: "nobody-ac@example.test", redirectTo: "/reset-password" });
    const known = await authPost(handleAuthRequest, "/request-password-reset", { email: carol, redirectTo: "/reset-password" });
    expect(known.status).toBe(200);
    expect(unknown.status).toBe(known.status);
    expect(await unknown.json()).toEqual(await known.json());

    const message = await mail.waitFor(carol, /Reset your docvault password/);
    const opened = await get(linkIn(message.text));
    expect(opened.status).toBe(302);
    const landing = new URL(opened.headers.get("location") ?? "", "http://localhost");
    expect(landing.pathname).toBe("/reset-password");
    const token = landing.searchParams.get("token") ?? "";
    expect(token).not.toBe("");

    const newPassword = "a brand new long password";
    expect((await authPost(handleAuthRequest, "/reset-password", { newPassword, token: "not-the-token" })).status).toBe(400);
    expect((await authPost(handleAuthRequest, "/reset-password", { newPassword, token })).status).toBe(200);
    expect((await signIn(carol)).status).toBe(401);
    expect((await signIn(carol, newPassword)).status).toBe(200);
    // The sessions signed in with the old password are ended.
    expect(await authenticate({ headers: new Headers({ cookie: oldCookie }) })).toBeNull();
    await mail.waitFor("nobody-ac@example.test", /Reset/, 500).then(
      () => expect.unreachable("no e-mail goes to an address without an account"),
      () => undefined,
    );
  });
});
