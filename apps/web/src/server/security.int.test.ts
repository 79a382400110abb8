// Hostile requests against the real PostgreSQL and Redis, through createCaller and the route
// handlers. Every procedure of the app router is tried unauthenticated and as a second user:
// a procedure added without a case here fails the first test.
//
// | # | hostile request                                                        | expected answer                                   |
// |---|------------------------------------------------------------------------|---------------------------------------------------|
// | 1 | every procedure, no session and no token                               | UNAUTHORIZED (401)                                |
// | 2 | every procedure taking an id, as another user, with the owner's ids    | NOT_FOUND, word for word as for a missing id      |
// | 3 | every list / me procedure as another user                              | only their own data: no owner's id or email       |
// | 4 | admin procedures as a non-admin                                        | FORBIDDEN (403)                                   |
// | 5 | POST /api/upload without credentials / with a malformed header         | 401 + WWW-Authenticate, nothing stored            |
// | 6 | POST /api/upload and tRPC calls with a revoked token                   | 401                                               |
// | 7 | a documents:read token uploading, deleting, or minting tokens          | 403                                               |
// | 8 | session cookie, POST without x-csrf-token (upload, tRPC, sign-out)     | 403, nothing changed                              |
// | 9 | session cookie, POST with a wrong x-csrf-token                         | 403                                               |
// |10 | sign-in / sign-up POST without the CSRF pair (login CSRF)              | 403                                               |
// |11 | sign-in with a cookie from another site's Origin, valid CSRF pair      | 403 (better-auth's origin check), no session      |
// |12 | X-Filename "../../etc/passwd", "..\\..\\boot.ini", CR/LF, NUL, bidi    | stored as a plain base name, no control characters|
// |13 | a filename `<img src=x onerror=…>.png`                                 | stored and answered verbatim as a JSON string     |
// |14 | OCR text containing <script> and <img onerror>                         | answered verbatim as a JSON string                |
// |15 | UPLOAD_RATE_PER_MINUTE + 1 uploads in a burst                          | 429 with Retry-After ≥ 1, the rest 202            |
// |16 | SIGN_IN_RATE_PER_EMAIL + 1 wrong passwords for one email               | 429 with Retry-After ≥ 1                          |
// |17 | any component rendering HTML from a string (dangerouslySetInnerHTML)   | none in apps/web/src                              |
// |18 | GET /api/export without credentials; as another user                   | 401; only that user's rows                        |
// |19 | a forged X-Content-SHA256                                              | 422 HASH_MISMATCH, nothing kept                   |
// |20 | a stream over MAX_FILE_BYTES without Content-Length                    | 413 while streaming, nothing kept                 |
// |21 | a stream cut off halfway                                               | 400, nothing kept                                 |
// |22 | a replayed X-Upload-Id; another user replaying the owner's upload id   | the first answer again; the other user gets only their own document |
import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile, rm, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { completeJob, createWebhook } from "@docvault/db";
import { deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";

const storageDir = await mkdtemp(join(tmpdir(), "dv-security-int-"));
const prefix = `${inject("queuePrefix")}s`;
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = prefix;
process.env.STORAGE_DIR = storageDir;
process.env.LOG_LEVEL = "silent";
process.env.UPLOAD_RATE_PER_MINUTE = "3";
process.env.SIGN_IN_RATE_PER_EMAIL = "3";
process.env.MAX_FILE_BYTES = String(1024 * 1024);

const { services } = await import("./services");
const { acceptUpload } = await import("./accept-upload");
const { appRouter, createCaller } = await import("./trpc/root");
const { createContextInner } = await import("./trpc/trpc");
const { principalFor } = await import("./testing/principal");
const { createTestToken } = await import("./testing/test-token");
const { authPost, cookieHeader, csrfPair, TEST_CSRF } = await import("./testing/auth-http");
const { handleAuthRequest } = await import("./auth/handle-auth-request");
const { authenticate } = await import("./auth/authenticate");
const upload = await import("~/app/api/upload/route");
const trpcRoute = await import("~/app/api/trpc/[trpc]/route");
const exportRoute = await import("~/app/api/export/route");

type TIds = { documentId: string; jobId: string; tokenId: string; webhookId: string };
type TExpectAsOther = "NOT_FOUND" | "OWN_ONLY" | "FORBIDDEN";
type TCase = { input: (ids: TIds) => unknown; asOther: TExpectAsOther };

/** One case per procedure of the app router: its input (using the owner's ids) and what a second user gets. */
const CASES: Record<string, TCase> = {
  "account.me": { input: () => undefined, asOther: "OWN_ONLY" },
  "account.tokens.list": { input: () => undefined, asOther: "OWN_ONLY" },
  "account.tokens.create": { input: () => ({ name: "other's", scopes: ["documents:read"] }), asOther: "OWN_ONLY" },
  "account.tokens.revoke": { input: (ids) => ({ id: ids.tokenId }), asOther: "NOT_FOUND" },
  "account.signOutEverywhere": { input: () => undefined, asOther: "OWN_ONLY" },
  "admin.stats": { input: () => undefined, asOther: "FORBIDDEN" },
  "admin.dashboard": { input: () => ({ days: 7 }), asOther: "FORBIDDEN" },
  "documents.get": { input: (ids) => ({ id: ids.documentId }), asOther: "NOT_FOUND" },
  "documents.list": { input: () => undefined, asOther: "OWN_ONLY" },
  "documents.delete": { input: (ids) => ({ id: ids.documentId }), asOther: "NOT_FOUND" },
  "jobs.get": { input: (ids) => ({ jobId: ids.jobId }), asOther: "NOT_FOUND" },
  "jobs.cancel": { input: (ids) => ({ jobId: ids.jobId }), asOther: "NOT_FOUND" },
  "jobs.retry": { input: (ids) => ({ jobId: ids.jobId }), asOther: "NOT_FOUND" },
  "jobs.onProgress": { input: (ids) => ({ jobId: ids.jobId }), asOther: "NOT_FOUND" },
  "extractions.get": { input: (ids) => ({ documentId: ids.documentId }), asOther: "NOT_FOUND" },
  "extractions.correctField": { input: (ids) => ({ documentId: ids.documentId, field: "total", action: "confirm" }), asOther: "NOT_FOUND" },
  "extractions.reviewQueue": { input: () => undefined, asOther: "OWN_ONLY" },
  "search.query": { input: () => ({ q: "security alice" }), asOther: "OWN_ONLY" },
  "telemetry.reportBrowserCache": { input: () => ({ hits: 1, misses: 0 }), asOther: "OWN_ONLY" },
  "webhooks.create": { input: () => ({ url: "https://example.test/other" }), asOther: "OWN_ONLY" },
  "webhooks.list": { input: () => undefined, asOther: "OWN_ONLY" },
  "webhooks.delete": { input: (ids) => ({ id: ids.webhookId }), asOther: "NOT_FOUND" },
};

const MISSING: TIds = {
  documentId: "00000000-0000-4000-8000-000000000000",
  jobId: "00000000-0000-4000-8000-000000000000",
  tokenId: "00000000-0000-4000-8000-000000000000",
  webhookId: "00000000-0000-4000-8000-000000000000",
};

type TCaller = ReturnType<typeof createCaller>;

/** Calls a procedure by its dotted path; a subscription is read up to its first event. */
async function call(caller: TCaller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  const result = await (target as (input: unknown) => Promise<unknown>)(input);
  if (result && typeof result === "object" && Symbol.asyncIterator in result) {
    const iterator = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    const first = await iterator.next();
    await iterator.return?.();
    return first.value;
  }
  return result;
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code?: string; message?: string });

function uploadRequest(body: Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return upload.POST(new Request("http://localhost/api/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit));
}

describe("security", () => {
  let png: Buffer;
  let alice: { id: string; email: string };
  let bob: { id: string; email: string };
  let aliceIds: TIds;
  const as = (user: { id: string; email: string }) => createCaller(createContextInner({ services: services(), principal: principalFor(user) }));

  beforeAll(async () => {
    const svc = services();
    png = await renderTextImage(["SECURITY TEST"]);
    alice = await svc.db.user.create({ data: { email: "alice-s@example.test" } });
    bob = await svc.db.user.create({ data: { email: "bob-s@example.test" } });
    async function* once() {
      yield new Uint8Array(png);
    }
    const accepted = await acceptUpload(svc, once(), { filename: "alice.png", declaredType: "image/png", ownerId: alice.id });
    const token = await createTestToken(svc.db, alice.id);
    const hook = await createWebhook(svc.db, { ownerId: alice.id, url: "https://example.test/alice", secret: "alice-secret", events: ["job.completed"] });
    aliceIds = { documentId: accepted.documentId, jobId: accepted.jobId, tokenId: token.id, webhookId: hook.id };
  });
  afterAll(async () => {
    await services().shutdown();
    await deleteKeysWithPrefix(inject("redisUrl"), prefix);
    await rm(storageDir, { recursive: true, force: true });
  });

  it("has a case for every procedure of the app router, and no case for one that is gone", () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();
    expect(procedures).toEqual(Object.keys(CASES).sort());
  });

  it("#1 answers UNAUTHORIZED to every procedure without a session or token", async () => {
    const anonymous = createCaller(createContextInner({ services: services(), principal: null }));
    for (const [path, c] of Object.entries(CASES)) {
      const error = await errorOf(call(anonymous, path, c.input(aliceIds)));
      expect({ path, code: error?.code }).toEqual({ path, code: "UNAUTHORIZED" });
    }
  });

  it("#2-#4 never shows, changes or reveals the owner's things to another user", async () => {
    const aliceSecrets = [aliceIds.documentId, aliceIds.jobId, aliceIds.tokenId, alice.email];
    for (const [path, c] of Object.entries(CASES)) {
      if (c.asOther === "NOT_FOUND") {
        const theirs = await errorOf(call(as(bob), path, c.input(aliceIds)));
        const missing = await errorOf(call(as(bob), path, c.input(MISSING)));
        expect({ path, code: theirs?.code }).toEqual({ path, code: "NOT_FOUND" });
        expect({ path, message: theirs?.message }).toEqual({ path, message: missing?.message });
      } else if (c.asOther === "FORBIDDEN") {
        const error = await errorOf(call(as(bob), path, c.input(aliceIds)));
        expect({ path, code: error?.code }).toEqual({ path, code: "FORBIDDEN" });
      } else {
        const answer = JSON.stringify(await call(as(bob), path, c.input(aliceIds)));
        for (const secret of aliceSecrets) expect({ path, leaks: answer.includes(secret) }).toEqual({ path, leaks: false });
      }
    }
    // Nothing of Alice's changed: her document, job and token are all still there and hers.
    const { db } = services();
    expect(await db.document.count({ where: { id: aliceIds.documentId, ownerId: alice.id } })).toBe(1);
    expect((await db.extractionJob.findUniqueOrThrow({ where: { id: aliceIds.jobId } })).status).not.toBe("cancelled");
    expect((await db.apiToken.findUniqueOrThrow({ where: { id: aliceIds.tokenId } })).revokedAt).toBeNull();
  });

  it("#5 refuses an upload without credentials or with a malformed Authorization header, storing nothing", async () => {
    const { db } = services();
    const before = await db.document.count();
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer" }, { authorization: "Token abc" }, { authorization: `Bearer dvt_${"A".repeat(43)}` }];
    for (const headers of attempts) {
      const response = await uploadRequest(new Uint8Array(png), { "content-type": "image/png", "x-filename": "a.png", ...headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
    }
    expect(await db.document.count()).toBe(before);
  });

  it("#6 refuses a revoked token on the upload route and on tRPC", async () => {
    const { db } = services();
    const carol = await db.user.create({ data: { email: "carol-s@example.test" } });
    const { id, token } = await createTestToken(db, carol.id);
    await as(carol).account.tokens.revoke({ id });
    const response = await uploadRequest(new Uint8Array(png), { authorization: `Bearer ${token}`, "content-type": "image/png", "x-filename": "a.png" });
    expect(response.status).toBe(401);
    const list = await trpcRoute.GET(new Request("http://localhost/api/trpc/documents.list", { headers: { authorization: `Bearer ${token}` } }));
    expect(list.status).toBe(401);
    expect(await db.document.count({ where: { ownerId: carol.id } })).toBe(0);
  });

  it("#7 keeps a read-only token to reading", async () => {
    const { db } = services();
    const { token } = await createTestToken(db, alice.id, ["documents:read"]);
    const auth = { authorization: `Bearer ${token}` };
    const uploaded = await uploadRequest(new Uint8Array(png), { ...auth, "content-type": "image/png", "x-filename": "a.png" });
    expect(uploaded.status).toBe(403);
    const principal = await authenticate({ headers: new Headers(auth) });
    if (!principal) throw new Error("the read token should authenticate");
    const viaToken = createCaller(createContextInner({ services: services(), principal }));
    expect((await viaToken.documents.list()).map((d) => d.id)).toContain(aliceIds.documentId);
    expect(await errorOf(viaToken.documents.delete({ id: aliceIds.documentId }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(viaToken.jobs.cancel({ jobId: aliceIds.jobId }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await errorOf(viaToken.account.tokens.create({ name: "x", scopes: ["documents:write"] }))).toMatchObject({ code: "FORBIDDEN" });
  });

  describe("cookie sessions", () => {
    let cookie = "";
    beforeAll(async () => {
      const signUp = await authPost(handleAuthRequest, "/sign-up/email", { email: "dave-s@example.test", password: "a long enough password", name: "Dave" });
      expect(signUp.status).toBe(200);
      cookie = cookieHeader(signUp);
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
      const signOut = await handleAuthRequest(new Request("http://localhost/api/auth/sign-out", { method: "POST", headers: { cookie, origin: "http://localhost" } }));
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

  it("#12-#13 stores hostile filenames as plain base names, and script in a name as text", async () => {
    const { db } = services();
    const cases: [string, string][] = [
      ["../../etc/passwd", "passwd"],
      ["..\\..\\boot.ini", "boot.ini"],
      ["a\r\nSet-Cookie: x=1.png", "aSet-Cookie: x=1.png"],
      ["nul\u0000byte.png", "nulbyte.png"],
      ["evil\u202Egnp.exe", "evilgnp.exe"],
      ["<img src=x onerror=alert(1)>.png", "<img src=x onerror=alert(1)>.png"],
      // A "/" inside markup is still a path separator: only the last part is kept.
      ["<script>alert(1)</script>.png", "script>.png"],
    ];
    for (const [index, [raw, expected]] of cases.entries()) {
      // A user per name keeps under this file's upload limit; different bytes make a new document.
      const frank = await db.user.create({ data: { email: `frank-${index}-s@example.test` } });
      const { token } = await createTestToken(db, frank.id);
      const bytes = await renderTextImage([`NAME ${index}`]);
      const response = await uploadRequest(new Uint8Array(bytes), {
        authorization: `Bearer ${token}`,
        "content-type": "image/png",
        "x-filename": encodeURIComponent(raw),
      });
      expect(response.status).toBe(202);
      const { documentId } = (await response.json()) as { documentId: string };
      const stored = (await db.document.findUniqueOrThrow({ where: { id: documentId } })).originalFilename;
      expect(stored).toBe(expected);
      // eslint-disable-next-line no-control-regex
      expect(stored).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069/\\]/);
      const view = await createCaller(createContextInner({ services: services(), principal: principalFor(frank) })).documents.get({ id: documentId });
      expect(view.filename).toBe(expected);
    }
  });

  it("#14 answers OCR text with markup verbatim, as a string", async () => {
    const hostile = `<script>alert("ocr")</script><img src=x onerror=alert(1)> TOTAL 1.00`;
    const { db } = services();
    const job = await db.extractionJob.findUniqueOrThrow({ where: { id: aliceIds.jobId }, include: { document: true } });
    await completeJob(db, { id: job.id, documentId: job.documentId, sha256: job.document.sha256 }, {
      pipelineVersion: "security-test",
      engines: ["tesseract"],
      pages: [],
      text: hostile,
      confidence: 0.9,
    });
    const view = await as(alice).documents.get({ id: aliceIds.documentId });
    expect(view.extraction?.text).toBe(hostile);
  });

  it("#15 answers a burst over the upload limit with 429 and Retry-After", async () => {
    const { db } = services();
    const grace = await db.user.create({ data: { email: "grace-s@example.test" } });
    const { token } = await createTestToken(db, grace.id);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const bytes = await renderTextImage([`BURST ${i}`]);
      const response = await uploadRequest(new Uint8Array(bytes), { authorization: `Bearer ${token}`, "content-type": "image/png", "x-filename": `b${i}.png` });
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get("retry-after");
        const body = (await response.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe("RATE_LIMITED");
        expect(body.error.message).toMatch(/Try again in \d+ seconds?/);
      }
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // The refused upload stored nothing.
    expect(await db.document.count({ where: { ownerId: grace.id } })).toBe(3);
  });

  it("#16 answers too many sign-in attempts for one email with 429 and Retry-After", async () => {
    await authPost(handleAuthRequest, "/sign-up/email", { email: "heidi-s@example.test", password: "a long enough password", name: "Heidi" });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await authPost(
        handleAuthRequest,
        "/sign-in/email",
        { email: "heidi-s@example.test", password: `wrong password ${i}` },
        { "x-forwarded-for": `198.51.100.${i}` },
      );
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    // Even the right password waits now: the limit is per email, whoever guesses.
    const right = await authPost(handleAuthRequest, "/sign-in/email", { email: "heidi-s@example.test", password: "a long enough password" }, { "x-forwarded-for": "198.51.100.99" });
    expect(right.status).toBe(429);
  });

  it("#18 exports nothing without credentials and only the caller's own documents", async () => {
    const anonymous = await exportRoute.GET(new Request("http://localhost/api/export?format=json"));
    expect(anonymous.status).toBe(401);
    const { db } = services();
    const { token } = await createTestToken(db, bob.id, ["documents:read"]);
    const asBob = await exportRoute.GET(new Request("http://localhost/api/export?format=json", { headers: { authorization: `Bearer ${token}` } }));
    expect(asBob.status).toBe(200);
    const body = await asBob.text();
    expect(body).not.toContain(aliceIds.documentId);
    expect(body).not.toContain("alice.png");
  });

  describe("hostile upload bodies", () => {
    /** A user of their own per case keeps each case under this file's upload limit. */
    async function uploader(name: string) {
      const { db } = services();
      const user = await db.user.create({ data: { email: `${name}-${randomUUID()}@example.test` } });
      const { token } = await createTestToken(db, user.id);
      const nothingStored = async () => ({
        documents: await db.document.count({ where: { ownerId: user.id } }),
        uploads: await db.upload.count({ where: { ownerId: user.id } }),
      });
      return { user, auth: { authorization: `Bearer ${token}` }, nothingStored };
    }

    it("#19 refuses a forged X-Content-SHA256 with 422, keeping nothing", async () => {
      const { auth, nothingStored } = await uploader("forger");
      const bytes = await renderTextImage(["FORGED"]);
      const forged = createHash("sha256").update("not these bytes").digest("hex");
      const response = await uploadRequest(new Uint8Array(bytes), { ...auth, "content-type": "image/png", "x-content-sha256": forged });
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("HASH_MISMATCH");
      expect(await nothingStored()).toEqual({ documents: 0, uploads: 0 });
    });

    it("#20 refuses a stream over the size limit while reading it, keeping nothing", async () => {
      const { auth, nothingStored } = await uploader("flooder");
      const head = await renderTextImage(["BIG"]);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Endless: the server must stop reading at the limit, not wait for the end.
          const chunk = sent === 0 ? new Uint8Array(head) : new Uint8Array(64 * 1024);
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        },
      });
      const response = await uploadRequest(stream, { ...auth, "content-type": "image/png", "x-filename": "big.png" });
      expect(response.status).toBe(413);
      expect(sent).toBeLessThan(64 * 1024 * 1024);
      expect(await nothingStored()).toEqual({ documents: 0, uploads: 0 });
    });

    it("#21 refuses a stream cut off halfway, keeping nothing", async () => {
      const { auth, nothingStored } = await uploader("cutter");
      const bytes = await renderTextImage(["CUT"]);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.enqueue(new Uint8Array(bytes.subarray(0, 64)));
          controller.error(new Error("connection lost"));
        },
      });
      const response = await uploadRequest(stream, { ...auth, "content-type": "image/png", "x-upload-id": randomUUID() });
      expect(response.status).toBe(400);
      expect(await nothingStored()).toEqual({ documents: 0, uploads: 0 });
    });

    it("#22 answers a replayed upload id as before, and never hands one user's upload to another", async () => {
      const owner = await uploader("replayer");
      const other = await uploader("thief");
      const uploadId = randomUUID();
      const bytes = await renderTextImage(["REPLAY OWNER"]);
      const first = await uploadRequest(new Uint8Array(bytes), { ...owner.auth, "content-type": "image/png", "x-upload-id": uploadId });
      expect(first.status).toBe(202);
      const firstBody = (await first.json()) as { documentId: string; jobId: string };
      const replay = await uploadRequest(new Uint8Array(bytes), { ...owner.auth, "content-type": "image/png", "x-upload-id": uploadId });
      expect(await replay.json()).toMatchObject({ documentId: firstBody.documentId, jobId: firstBody.jobId, replayed: true });
      expect(await owner.nothingStored()).toEqual({ documents: 1, uploads: 1 });

      const theirs = await renderTextImage(["REPLAY THIEF"]);
      const stolen = await uploadRequest(new Uint8Array(theirs), { ...other.auth, "content-type": "image/png", "x-upload-id": uploadId });
      expect(stolen.status).toBe(202);
      const stolenBody = (await stolen.json()) as { documentId: string; jobId: string; replayed?: boolean };
      expect(stolenBody.documentId).not.toBe(firstBody.documentId);
      expect(stolenBody.replayed).toBeUndefined();
      const { db } = services();
      expect((await db.document.findUniqueOrThrow({ where: { id: stolenBody.documentId } })).ownerId).toBe(other.user.id);
    });
  });

  it("#17 renders no HTML from strings anywhere in the web app", async () => {
    const src = fileURLToPath(new URL("..", import.meta.url));
    const files = (await readdir(src, { recursive: true })).filter((f) => /\.(tsx?|jsx?)$/.test(f) && !f.endsWith("security.int.test.ts"));
    const offenders: string[] = [];
    for (const file of files) if ((await readFile(join(src, file), "utf8")).includes("dangerouslySetInnerHTML")) offenders.push(file);
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
