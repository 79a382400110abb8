// Security table rows #8-#11 (the table is in security.int.test.ts): a browser session's POSTs
// need the CSRF pair, and sign-in from another site's Origin is refused. Real PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { createTestServices } from "./testing/test-services";

const { services, close } = await createTestServices("ss");

const { authPost, cookieHeader, csrfPair, signUpAndIn, TEST_CSRF } = await import("./testing/auth-http");
const { handleAuthRequest } = await import("./auth/handle-auth-request");
const { authenticate } = await import("./auth/authenticate");
const upload = await import("~/app/api/upload/route");
const trpcRoute = await import("~/app/api/trpc/[trpc]/route");

function uploadRequest(body: Uint8Array, headers: Record<string, string>) {
  return upload.POST(new Request("http://localhost/api/upload", { method: "POST", body: new Uint8Array(body), headers }));
}

describe("security: browser sessions", () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await renderTextImage(["SESSION TEST"]);
  });
  afterAll(close);

  describe("cookie sessions", () => {
    let cookie = "";
    beforeAll(async () => {
      const signedIn = await signUpAndIn(handleAuthRequest, { email: "dave-s@example.test", password: "a long enough password", name: "Dave" });
      expect(signedIn.status).toBe(200);
      cookie = cookieHeader(signedIn);
    });

    const mutation = (headers: Record<string, string>) =>
      trpcRoute.POST(
        new Request("http://localhost/api/trpc/account.tokens.create", {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: JSON.stringify({ json: { name: "from a page", scopes: ["documents:read"] } }),
        }),
      );

    it("#8 refuses POSTs with the session cookie but without x-csrf-token", async () => {
      const { db } = services();
      const dave = await db.user.findUniqueOrThrow({ where: { email: "dave-s@example.test" } });
      expect((await mutation({ cookie })).status).toBe(403);
      const up = await uploadRequest(new Uint8Array(png), { cookie, "content-type": "image/png", "x-filename": "a.png" });
      expect(up.status).toBe(403);
      const signOut = await handleAuthRequest(
        new Request("http://localhost/api/auth/sign-out", { method: "POST", headers: { cookie, origin: "http://localhost" } }),
      );
      expect(signOut.status).toBe(403);
      expect(await db.apiToken.count({ where: { userId: dave.id } })).toBe(0);
      expect(await db.document.count({ where: { ownerId: dave.id } })).toBe(0);
      // Still signed in: the refused sign-out did nothing.
      expect(await authenticate({ headers: new Headers({ cookie }) })).not.toBeNull();
      // A GET (a query) needs no token, and the right pair lets the mutation through.
      const list = await trpcRoute.GET(new Request("http://localhost/api/trpc/documents.list", { headers: { cookie } }));
      expect(list.status).toBe(200);
      const pair = csrfPair(cookie);
      expect((await mutation(pair)).status).toBe(200);
    });

    it("#9 refuses a wrong x-csrf-token", async () => {
      const pair = csrfPair(cookie);
      expect((await mutation({ ...pair, "x-csrf-token": "x".repeat(TEST_CSRF.length) })).status).toBe(403);
      expect((await mutation({ ...pair, "x-csrf-token": "" })).status).toBe(403);
    });

    it("#10 refuses sign-in and sign-up without the CSRF pair", async () => {
      const signIn = await handleAuthRequest(
        new Request("http://localhost/api/auth/sign-in/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost" },
          body: JSON.stringify({ email: "dave-s@example.test", password: "a long enough password" }),
        }),
      );
      expect(signIn.status).toBe(403);
      const signUp = await handleAuthRequest(
        new Request("http://localhost/api/auth/sign-up/email", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "http://localhost" },
          body: JSON.stringify({ email: "eve-s@example.test", password: "a long enough password", name: "Eve" }),
        }),
      );
      expect(signUp.status).toBe(403);
      expect(await services().db.user.count({ where: { email: "eve-s@example.test" } })).toBe(0);
    });

    it("#11 refuses a cookie-carrying auth request from another site's Origin", async () => {
      const response = await authPost(
        handleAuthRequest,
        "/sign-in/email",
        { email: "dave-s@example.test", password: "a long enough password" },
        { cookie, origin: "https://evil.example", host: "localhost" },
      );
      expect(response.status).toBe(403);
      expect(cookieHeader(response)).not.toContain("session_token=");
      expect(await authenticate({ headers: new Headers({ cookie }) })).not.toBeNull();
    });
  });
});
