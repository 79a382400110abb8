// Security table rows #29-#35 (see security.int.test.ts): no way around the sign-in and sign-up
// limits, no account enumeration, no lock-out by strangers, and a session cookie a phone on plain
// http can keep. Runs as the production server does (NODE_ENV=production, no AUTH_URL), each
// request carrying the socket address the server passes down (runWithPeer).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createTestServices } from "../testing/test-services";

const { services, close } = await createTestServices("al", {
  env: {
    NODE_ENV: "production",
    AUTH_SECRET: "auth-limits-test-secret-0123456789abcdef",
    SIGN_IN_RATE_PER_IP: "5",
    SIGN_IN_RATE_PER_EMAIL: "3",
    SIGN_UP_RATE_PER_IP: "3",
  },
});
const { handleAuthRequest } = await import("./handle-auth-request");
const { authenticate } = await import("./authenticate");
const { authPost, authPostForm, cookieHeader, signUpAndIn } = await import("../testing/auth-http");
const { runWithPeer } = await import("../http/peer-address");
const { parseTrustedProxies } = await import("../http/trusted-proxies");

/** A request as the production server hands it on: from `address`, with the X-Forwarded-For it arrived with. */
const from = <T>(address: string, forwardedFor: string | undefined, fn: () => Promise<T>) => runWithPeer({ address, forwardedFor }, fn);
const uniqueEmail = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.test`;
const PASSWORD = "a long enough password";

async function signIn(address: string, email: string, password: string, forwardedFor?: string) {
  return from(address, forwardedFor, () =>
    authPost(handleAuthRequest, "/sign-in/email", { email, password }, forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
  );
}

describe("sign-in and sign-up limits", () => {
  afterAll(close);

  it("#29 counts a new X-Forwarded-For on every attempt as the same socket address: 429 after SIGN_IN_RATE_PER_IP", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await signIn("203.0.113.10", uniqueEmail("nobody"), "wrong password", `198.51.100.${i}`);
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("#30 believes X-Forwarded-For only as far as TRUSTED_PROXIES says (a hop count here)", async () => {
    const svc = services();
    const trusted = parseTrustedProxies("1");
    if (typeof trusted === "string") throw new Error(trusted);
    svc.trustedProxies = trusted;
    try {
      const statuses: number[] = [];
      // Behind one proxy (10.0.0.1), which appends the client's address: a forged first entry changes nothing.
      for (let i = 0; i < 6; i++) statuses.push((await signIn("10.0.0.1", uniqueEmail("proxied"), "wrong", `192.0.2.${i}, 203.0.113.20`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // Another client behind the same proxy is another address.
      expect((await signIn("10.0.0.1", uniqueEmail("proxied"), "wrong", "203.0.113.21")).status).toBe(401);
    } finally {
      svc.trustedProxies = { kind: "none" };
    }
  });

  it("#31 counts form-encoded sign-ins against the per-email limit, and refuses other body types (415)", async () => {
    const email = uniqueEmail("form");
    await from("203.0.113.30", undefined, () => signUpAndIn(handleAuthRequest, { email, password: PASSWORD }));
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await from("203.0.113.31", undefined, () => authPostForm(handleAuthRequest, "/sign-in/email", { email, password: `guess ${i}` }))).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // A repeated field counts as better-auth reads it (the last value), not as the first one says.
    const guesses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const body = new URLSearchParams([
        ["email", "decoy@example.test"],
        ["email", email],
        ["password", `guess ${i}`],
      ]);
      const request = new Request("http://localhost/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "http://localhost",
          cookie: "docvault-csrf=test-csrf-token-0123456789abcdef0123456789",
          "x-csrf-token": "test-csrf-token-0123456789abcdef0123456789",
        },
        body: body.toString(),
      });
      guesses.push((await from("203.0.113.32", undefined, () => handleAuthRequest(request))).status);
    }
    expect(guesses).toEqual([401, 401, 401, 429]);
    const plain = await from("203.0.113.33", undefined, () =>
      handleAuthRequest(
        new Request("http://localhost/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "text/plain",
            origin: "http://localhost",
            cookie: "docvault-csrf=test-csrf-token-0123456789abcdef0123456789",
            "x-csrf-token": "test-csrf-token-0123456789abcdef0123456789",
          },
          body: JSON.stringify({ email, password: "guess" }),
        }),
      ),
    );
    expect(plain.status).toBe(415);
  });

  it("#32 answers a sign-up for a known address exactly as for a new one, and signs nobody in", async () => {
    const known = uniqueEmail("known");
    await from("203.0.113.40", undefined, () => signUpAndIn(handleAuthRequest, { email: known, password: PASSWORD }));
    const again = await from("203.0.113.41", undefined, () =>
      authPost(handleAuthRequest, "/sign-up/email", { email: known, password: "another long password", name: "X" }),
    );
    const fresh = await from("203.0.113.41", undefined, () =>
      authPost(handleAuthRequest, "/sign-up/email", { email: uniqueEmail("new"), password: "another long password", name: "X" }),
    );
    expect(again.status).toBe(fresh.status);
    expect(again.status).toBe(200);
    const shape = async (r: Response) => {
      const body = (await r.json()) as { token: unknown; user: Record<string, unknown> };
      return { token: body.token, userKeys: Object.keys(body.user).sort(), emailVerified: body.user.emailVerified };
    };
    expect(await shape(again)).toEqual(await shape(fresh));
    expect(cookieHeader(again)).not.toContain("session_token=");
    expect(cookieHeader(fresh)).not.toContain("session_token=");
  });

  it("#33 limits sign-ups from one address (SIGN_UP_RATE_PER_IP per hour), with Retry-After", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await from("203.0.113.50", undefined, () =>
        authPost(handleAuthRequest, "/sign-up/email", { email: uniqueEmail("burst"), password: PASSWORD, name: "B" }),
      );
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it("#34 does not let a stranger lock a known user out: the per-email count is per source address", async () => {
    const email = uniqueEmail("heidi");
    await from("203.0.113.60", undefined, () => signUpAndIn(handleAuthRequest, { email, password: PASSWORD }));
    const stranger: number[] = [];
    for (let i = 0; i < 4; i++) stranger.push((await signIn("198.51.100.66", email, `guess ${i}`)).status);
    expect(stranger).toEqual([401, 401, 401, 429]);
    // Heidi, from her own address, signs in with her password.
    const heidi = await signIn("203.0.113.61", email, PASSWORD);
    expect(heidi.status).toBe(200);
    expect(await authenticate({ headers: new Headers({ cookie: cookieHeader(heidi) }) })).toMatchObject({ user: { email } });
  });

  it("#35 sets a plain session cookie (no Secure, no __Secure-) over http without AUTH_URL, even in production", async () => {
    const email = uniqueEmail("phone");
    // A phone on the LAN reaching the app by its address.
    const response = await from("192.168.1.23", undefined, async () => {
      const up = await authPost(
        handleAuthRequest,
        "/sign-up/email",
        { email, password: PASSWORD, name: "P" },
        { host: "192.168.1.20:3000", origin: "http://192.168.1.20:3000" },
      );
      expect(up.status).toBe(200);
      return authPost(handleAuthRequest, "/sign-in/email", { email, password: PASSWORD }, { host: "192.168.1.20:3000", origin: "http://192.168.1.20:3000" });
    });
    expect(response.status).toBe(200);
    const session = response.headers.getSetCookie().find((c) => c.includes("session_token="));
    expect(session).toMatch(/^docvault\.session_token=/);
    expect(session).not.toMatch(/;\s*secure/i);
    expect(await authenticate({ headers: new Headers({ cookie: cookieHeader(response) }) })).toMatchObject({ user: { email } });
  });
});
