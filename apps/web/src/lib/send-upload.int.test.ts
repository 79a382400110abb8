// The PWA's sendUpload (page and service worker) against the real web routes, PostgreSQL, Redis and
// an S3-protocol server (s3rver) whose bucket has the CORS rule the README asks operators to set. A
// browser's network layer is all that is stood in for: same-origin requests carry the session
// cookie and reach the app's route handlers in this process; requests to the store carry no cookie
// and pass a CORS check as a browser makes it (preflight, Access-Control-Allow-Origin, only exposed
// headers readable), against the store's real answers.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeLargeTextPdf } from "@docvault/core/testing";
import { startS3TestServer } from "@docvault/core/testing/s3-server";
import { createTestServices } from "~/server/testing/test-services";

const APP = "http://localhost";
const s3 = await startS3TestServer("dv-pwa-direct", { corsOrigins: [APP] });
const { services, close } = await createTestServices("su", {
  env: {
    STORAGE_DRIVER: "s3",
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_FORCE_PATH_STYLE: "true",
    S3_REGION: "us-east-1",
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  },
});
const { sendUpload } = await import("./send-upload");
const { sendDirect } = await import("./send-direct-upload");
const { cookieHeader, csrfPair, signUpAndIn } = await import("~/server/testing/auth-http");
const { handleAuthRequest } = await import("~/server/auth/handle-auth-request");
const v1 = await import("~/app/api/v1/[...path]/route");
const upload = await import("~/app/api/upload/route");
const tus = await import("~/app/api/uploads/tus/[[...path]]/route");

const svc = services();
const db = svc.db;
const signedIn = await signUpAndIn(handleAuthRequest, { email: "pwa-direct@example.test", password: "a long enough password", name: "Pia" });
const { cookie, ...csrfHeader } = csrfPair(cookieHeader(signedIn));
const userId = (await db.user.findFirstOrThrow({ where: { email: "pwa-direct@example.test" } })).id;

const MiB = 1024 * 1024;
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const realFetch = globalThis.fetch;

/** What went over the wire, one line a request: `METHOD path` for the app, `PUT store` for the bucket. */
const seen: string[] = [];
/** The Upload-Offset each request to the app named (tus chunks), null for the others. */
const offsets: (string | null)[] = [];
/** The page's origin as the store sees it; one the bucket's CORS rule does not list makes the store refuse the browser. */
let pageOrigin = APP;
/** The link is gone: every request fails as a browser's does when no answer comes. */
let linkDown: (() => boolean) | null = null;
const noAnswer = () => new TypeError("Failed to fetch");

const browserFetch: typeof fetch = async (input, init = {}) => {
  if (linkDown?.()) throw noAnswer();
  const url = new URL(String(input), APP);
  const method = init.method ?? "GET";
  if (url.origin !== APP) {
    seen.push(`${method} store`);
    expect(init.credentials, "a part goes without the session").toBe("omit");
    expect([...new Headers(init.headers).keys()], "a part carries no header of ours").toEqual([]);
    return corsFetch(url, { ...init, method });
  }
  seen.push(
    `${method} ${url.pathname
      .replace(/\/by-hash\/\w+$/, "/by-hash/…")
      .replace(/direct\/[\w-]+\/finish$/, "direct/…/finish")
      .replace(/tus\/[\w-]+$/, "tus/…")}`,
  );
  offsets.push(new Headers(init.headers).get("upload-offset"));
  const headers = new Headers(init.headers);
  headers.set("host", url.host);
  if (init.credentials !== "omit") headers.set("cookie", cookie);
  if (method !== "GET") headers.set("origin", APP);
  const request = new Request(url, { ...init, method, headers });
  if (url.pathname === "/api/upload") return upload.POST(request);
  if (url.pathname.startsWith("/api/uploads/tus")) return tus[method as "POST" | "PATCH" | "HEAD"](request);
  if (url.pathname.startsWith("/api/v1/")) return method === "GET" ? v1.GET(request) : v1.POST(request);
  return new Response("not found", { status: 404 });
};

/** Response headers a cross-origin page may read without Access-Control-Expose-Headers. */
const SAFELISTED = new Set(["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"]);

/** A cross-origin request as a browser makes it: a preflight for PUT, then the request, its answer readable only if allowed. */
async function corsFetch(url: URL, init: RequestInit & { method: string }): Promise<Response> {
  const preflight = await realFetch(url, { method: "OPTIONS", headers: { origin: pageOrigin, "access-control-request-method": init.method } });
  await preflight.arrayBuffer();
  const methods = (preflight.headers.get("access-control-allow-methods") ?? "").split(",").map((m) => m.trim());
  if (!preflight.ok || !allowsOrigin(preflight.headers) || !methods.includes(init.method)) throw noAnswer();
  const response = await realFetch(url, { ...init, headers: { origin: pageOrigin } });
  if (!allowsOrigin(response.headers)) throw noAnswer();
  const exposed = (response.headers.get("access-control-expose-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
  const readable = new Headers();
  for (const [name, value] of response.headers) if (SAFELISTED.has(name) || exposed.includes(name)) readable.set(name, value);
  return new Response(response.body, { status: response.status, headers: readable });
}

const allowsOrigin = (headers: Headers) => ["*", pageOrigin].includes(headers.get("access-control-allow-origin") ?? "");

vi.stubGlobal("fetch", browserFetch);

const aFile = async (bytes: number, line: string) => {
  const pdf = await makeLargeTextPdf([line], bytes);
  return { uploadId: randomUUID(), blob: new Blob([new Uint8Array(pdf)]), name: `${line}.pdf`, type: "application/pdf", sha256: sha256(pdf), ownerId: userId };
};

const storedSha256 = async (documentId: string) => (await db.document.findUniqueOrThrow({ where: { id: documentId } })).sha256;

describe("the PWA's uploads (sendUpload)", () => {
  afterEach(() => {
    seen.length = 0;
    offsets.length = 0;
    pageOrigin = APP;
    linkDown = null;
    vi.unstubAllGlobals();
    vi.stubGlobal("fetch", browserFetch);
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await close();
    await s3.stop();
  });

  it("sends a 9.5 MiB file straight to the store in parts, not through /api/upload, and the document holds its bytes", async () => {
    const file = await aFile(9.5 * MiB, "Direct DV-0950");
    const answer = await sendUpload(file, csrfHeader);
    expect(answer).toMatchObject({ kind: "accepted", jobStatus: "pending" });
    expect(seen).toEqual(["GET /api/v1/documents/by-hash/…", "POST /api/v1/uploads/direct", "PUT store", "PUT store", "POST /api/v1/uploads/direct/…/finish"]);
    if (answer.kind !== "accepted") return;
    expect(await db.document.findUniqueOrThrow({ where: { id: answer.documentId } })).toMatchObject({ ownerId: userId, sha256: file.sha256 });
    expect(await db.extractionJob.findUniqueOrThrow({ where: { id: answer.jobId } })).toMatchObject({ documentId: answer.documentId });
    // Under the queue's upload id, so a replay resumes this upload or answers as its finish did.
    expect(await db.directUpload.findFirstOrThrow({ where: { ownerId: userId, uploadId: file.uploadId } })).toMatchObject({ state: "done" });
  });

  it("lets the page send parts to the bucket: the pages' CSP connect-src names the store's origin", async () => {
    const { proxy } = await import("~/proxy");
    const { NextRequest } = await import("next/server");
    const page = await proxy(new NextRequest(`${APP}/`, { headers: { cookie } }));
    const directives = (page.headers.get("content-security-policy") ?? "").split(";").map((d) => d.trim());
    expect(directives).toContain(`connect-src 'self' ${s3.endpoint}`);
  });

  it("sends a small file in one request to /api/upload, as before", async () => {
    const file = await aFile(200_000, "Small DV-0002");
    const answer = await sendUpload(file, csrfHeader);
    expect(answer).toMatchObject({ kind: "accepted" });
    expect(seen).toEqual(["GET /api/v1/documents/by-hash/…", "POST /api/upload"]);
  });

  it("streams the file once when the server answers stream", async () => {
    const direct = svc.direct;
    // The server as it runs without direct uploads (the filesystem store, or STORAGE_ENCRYPTION_KEY set).
    svc.direct = null;
    try {
      const file = await aFile(9 * MiB, "Told to stream DV-0900");
      const answer = await sendUpload(file, csrfHeader);
      expect(answer).toMatchObject({ kind: "accepted" });
      expect(seen).toEqual(["GET /api/v1/documents/by-hash/…", "POST /api/v1/uploads/direct", "POST /api/upload"]);
      if (answer.kind === "accepted") expect(await storedSha256(answer.documentId)).toBe(file.sha256);
    } finally {
      svc.direct = direct;
    }
  });

  describe("where the store takes no direct upload (the filesystem store): resumable chunks through tus", () => {
    let direct = svc.direct;
    beforeEach(() => {
      direct = svc.direct;
      svc.direct = null;
      // The page's address, which the tus endpoint is resolved against.
      vi.stubGlobal("location", new URL(`${APP}/`));
    });
    afterEach(() => {
      svc.direct = direct;
    });
    /** Where the queue keeps the upload (upload-queue.ts keeps it with the IndexedDB item), and what it heard. */
    const queueItem = () => {
      const heard: { resumeUrl: string; bytesAccepted: number }[] = [];
      const item = {
        resumeUrl: null as string | null,
        heard,
        onProgress: async (progress: { resumeUrl: string; bytesAccepted: number }) => {
          heard.push(progress);
          item.resumeUrl = progress.resumeUrl;
        },
      };
      return item;
    };
    const CHUNK = 5 * MiB;

    it("sends a 12 MiB file in 5 MiB chunks, not through /api/upload; the queue hears its URL and each chunk the server took", async () => {
      const file = await aFile(12 * MiB, "Resumable DV-1200");
      const item = queueItem();
      const answer = await sendUpload(file, csrfHeader, item);
      expect(answer).toMatchObject({ kind: "accepted", jobStatus: "pending" });
      expect(seen).toEqual([
        "GET /api/v1/documents/by-hash/…",
        "POST /api/v1/uploads/direct",
        "POST /api/uploads/tus",
        "PATCH /api/uploads/tus/…",
        "PATCH /api/uploads/tus/…",
        "PATCH /api/uploads/tus/…",
      ]);
      expect(offsets.slice(3)).toEqual(["0", String(CHUNK), String(2 * CHUNK)]);
      expect(item.heard.map((h) => h.bytesAccepted)).toEqual([0, CHUNK, 2 * CHUNK, file.blob.size]);
      expect(item.resumeUrl).toMatch(/\/api\/uploads\/tus\/[\w-]+$/);
      if (answer.kind !== "accepted") return;
      expect(await db.document.findUniqueOrThrow({ where: { id: answer.documentId } })).toMatchObject({ ownerId: userId, sha256: file.sha256 });
    });

    it("cut at half: the file stays queued (offline) with its URL; the next try asks the server's offset and sends only the rest; one document", async () => {
      const file = await aFile(20 * MiB, "Cut at half DV-2000");
      const item = queueItem();
      vi.stubGlobal("navigator", { onLine: false });
      // The link goes after the second chunk: the third never gets an answer.
      linkDown = () => seen.filter((line) => line.startsWith("PATCH")).length >= 2;
      expect(await sendUpload(file, csrfHeader, item)).toEqual({ kind: "offline" });
      expect(item.heard.at(-1)).toMatchObject({ bytesAccepted: 2 * CHUNK });
      expect(await db.document.count({ where: { ownerId: userId, sha256: file.sha256 } })).toBe(0);

      // A reload later: the queue gives back the URL it kept.
      linkDown = null;
      vi.stubGlobal("navigator", { onLine: true });
      seen.length = 0;
      offsets.length = 0;
      const again = { ...queueItem(), resumeUrl: item.resumeUrl };
      const answer = await sendUpload(file, csrfHeader, again);
      expect(answer).toMatchObject({ kind: "accepted" });
      // From the half the server had, not from the first byte: the chunks from 10 MiB to the end.
      const rest = Array.from({ length: Math.ceil((file.blob.size - 2 * CHUNK) / CHUNK) }, (_, i) => String((2 + i) * CHUNK));
      expect(seen).toEqual([
        "GET /api/v1/documents/by-hash/…",
        "POST /api/v1/uploads/direct",
        "HEAD /api/uploads/tus/…",
        ...rest.map(() => "PATCH /api/uploads/tus/…"),
      ]);
      expect(offsets.slice(3)).toEqual(rest);
      if (answer.kind === "accepted") expect(await storedSha256(answer.documentId)).toBe(file.sha256);
      expect(await db.document.count({ where: { ownerId: userId, sha256: file.sha256 } })).toBe(1);
    });

    it("an upload the server no longer has (expired, swept) starts again under the same upload id: still one document", async () => {
      const file = await aFile(9 * MiB, "Swept DV-0903");
      const gone = `${APP}/api/uploads/tus/${randomUUID().replaceAll("-", "")}`;
      const answer = await sendUpload(file, csrfHeader, { ...queueItem(), resumeUrl: gone });
      expect(answer).toMatchObject({ kind: "accepted" });
      expect(seen.slice(2, 4)).toEqual(["HEAD /api/uploads/tus/…", "POST /api/uploads/tus"]);
      expect(await db.document.count({ where: { ownerId: userId, sha256: file.sha256 } })).toBe(1);
    });

    it("the tus route refuses a file queued for another account under this session (WRONG_ACCOUNT), as the other routes do", async () => {
      const { sendResumable } = await import("./send-resumable-upload");
      const file = { ...(await aFile(9 * MiB, "Not mine DV-0904")), ownerId: randomUUID() };
      expect(await sendResumable(file, csrfHeader, queueItem())).toMatchObject({
        kind: "not-signed-in",
        message: expect.stringContaining("queued on this device for another account"),
      });
      expect(seen).toEqual(["POST /api/uploads/tus"]);
      expect(await db.document.count({ where: { sha256: file.sha256 } })).toBe(0);
    });
  });

  it("streams the file once when the store refuses the browser (its CORS rule does not list the page's origin)", async () => {
    pageOrigin = "https://elsewhere.example";
    const file = await aFile(9 * MiB, "Refused by the store DV-0901");
    const answer = await sendUpload(file, csrfHeader);
    expect(answer).toMatchObject({ kind: "accepted" });
    expect(seen.filter((line) => line !== "PUT store")).toEqual(["GET /api/v1/documents/by-hash/…", "POST /api/v1/uploads/direct", "POST /api/upload"]);
    expect(seen.filter((line) => line === "PUT store").length).toBeGreaterThanOrEqual(1);
    if (answer.kind === "accepted") expect(await storedSha256(answer.documentId)).toBe(file.sha256);
    expect(await db.document.count({ where: { ownerId: userId, sha256: file.sha256 } })).toBe(1);
  });

  it("keeps the file queued (offline) when the link drops during the parts, and the next attempt resumes the same upload", async () => {
    const file = await aFile(17 * MiB, "Link lost DV-1700");
    vi.stubGlobal("navigator", { onLine: false });
    linkDown = () => seen.includes("PUT store");
    expect(await sendUpload(file, csrfHeader)).toEqual({ kind: "offline" });
    expect(seen).not.toContain("POST /api/upload");
    const open = await db.directUpload.findFirstOrThrow({ where: { ownerId: userId, uploadId: file.uploadId } });
    expect(open.state).toBe("open");

    linkDown = null;
    vi.stubGlobal("navigator", { onLine: true });
    seen.length = 0;
    const answer = await sendUpload(file, csrfHeader);
    expect(answer).toMatchObject({ kind: "accepted" });
    expect(seen).toEqual([
      "GET /api/v1/documents/by-hash/…",
      "POST /api/v1/uploads/direct",
      "PUT store",
      "PUT store",
      "PUT store",
      "POST /api/v1/uploads/direct/…/finish",
    ]);
    expect(await db.directUpload.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ state: "done" });
    if (answer.kind === "accepted") expect(await storedSha256(answer.documentId)).toBe(file.sha256);
  });

  it("does not send a file queued for another account under this session (WRONG_ACCOUNT): it waits for its owner", async () => {
    const file = { ...(await aFile(9 * MiB, "Someone else's DV-0902")), ownerId: randomUUID() };
    const opened = await db.directUpload.count();
    const answer = await sendUpload(file, csrfHeader);
    expect(answer).toMatchObject({ kind: "not-signed-in" });
    expect(seen).toEqual(["GET /api/v1/documents/by-hash/…"]);
    // The direct route refuses it on its own too, should the lookup be skipped.
    seen.length = 0;
    expect(await sendDirect(file, csrfHeader)).toEqual({
      kind: "not-signed-in",
      message: "This file was queued on this device for another account, so it was not sent. It is sent when that person signs in again.",
    });
    expect(seen).toEqual(["POST /api/v1/uploads/direct"]);
    expect(await db.directUpload.count()).toBe(opened);
  });
});
