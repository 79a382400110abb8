// Direct-to-S3 uploads (issue 21 part 6) through /api/v1 with API tokens, against a real
// S3-protocol server on loopback (s3rver: multipart uploads and presigned URLs), the real
// PostgreSQL and Redis: a 40 MB PDF sent in parts to presigned URLs lands, is checked by the server
// and queued, and its stored bytes read; a part replaced by other bytes is refused with a sentence
// and leaves no row and no object; the filesystem store answers "stream"; others are refused.
import { createHash, randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDocvaultClient } from "@docvault/client";
import { createDirectUploads } from "@docvault/core/node";
import { makeLargeTextPdf } from "@docvault/core/testing";
import { pdfTextEngine } from "@docvault/core/engines";
import { startS3TestServer } from "@docvault/core/testing/s3-server";
import { aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "./testing/test-services";

const s3 = await startS3TestServer("dv-direct");
const { services, close } = await createTestServices("d", {
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
const route = await import("~/app/api/v1/[...path]/route");
const { createTestToken } = await import("./testing/test-token");
const { sweepExpiredDirectUploads } = await import("./direct-upload");

const svc = services();
const db = svc.db;
const owner = await aUser(db);
const { token } = await createTestToken(db, owner.id);
const { token: readOnly } = await createTestToken(db, owner.id, ["documents:read"]);
const { token: othersToken } = await createTestToken(db, (await aUser(db)).id);
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

const post = async (path: string, t: string | null, body: unknown) => {
  const response = await route.POST(
    new Request(`http://localhost/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(t ? bearer(t) : {}) },
      body: JSON.stringify(body),
    }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

type TDirect = { mode: "direct"; uploadKey: string; partSize: number; parts: { partNumber: number; url: string }[]; expiresAt: string };

const bigPdf = (bytes: number, line: string) => makeLargeTextPdf([line], bytes);

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function putParts(start: TDirect, file: Buffer, replace?: { partNumber: number; bytes: Buffer }) {
  return Promise.all(
    start.parts.map(async ({ partNumber, url }) => {
      const original = file.subarray((partNumber - 1) * start.partSize, partNumber * start.partSize);
      const body = replace?.partNumber === partNumber ? replace.bytes : original;
      const response = await fetch(url, { method: "PUT", body: new Uint8Array(body) });
      expect(response.status, await response.clone().text()).toBe(200);
      return { partNumber, etag: response.headers.get("etag") ?? "" };
    }),
  );
}

const stagingObjects = async () => {
  const dir = join(s3.directory, s3.bucket);
  const all = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return all.filter((path) => path.startsWith("direct/") && path.endsWith("._S3rver_object"));
};

describe("direct uploads to S3", () => {
  afterAll(async () => {
    await close();
    await s3.stop();
  });

  it("takes a 40 MB PDF in parts through presigned URLs, checks it, records and queues it, and the stored file reads", async () => {
    const file = await bigPdf(40 * 1024 * 1024, "Direct upload DV-4040");
    const t0 = performance.now();
    const started = await post("/uploads/direct", token, { filename: "big scan.pdf", type: "application/pdf", size: file.length, sha256: sha256(file) });
    expect(started.status).toBe(200);
    const start = started.body as TDirect;
    expect(start).toMatchObject({ mode: "direct", partSize: 8 * 1024 * 1024 });
    expect(start.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    const parts = await putParts(start, file);
    const t1 = performance.now();
    const finished = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts });
    const t2 = performance.now();
    expect(finished.status, JSON.stringify(finished.body)).toBe(200);
    expect(finished.body).toMatchObject({ status: "accepted", jobStatus: "pending" });
    console.log(`direct 40 MB: parts ${Math.round(t1 - t0)} ms, finish (complete + read back + check + store) ${Math.round(t2 - t1)} ms`);

    const doc = await db.document.findUniqueOrThrow({ where: { id: String(finished.body.documentId) } });
    expect(doc).toMatchObject({
      ownerId: owner.id,
      sha256: sha256(file),
      sizeBytes: BigInt(file.length),
      mimeType: "application/pdf",
      originalFilename: "big scan.pdf",
    });
    expect(await svc.queue.inspect(String(finished.body.jobId))).toMatchObject({ state: expect.stringMatching(/waiting|prioritized/) });
    const stored = await svc.store.get(doc.storageKey);
    expect(sha256(stored)).toBe(sha256(file));
    const read = await pdfTextEngine.read({ bytes: stored, type: "application/pdf" });
    expect(read.pages.flatMap((p) => p.words.map((w) => w.text)).join(" ")).toContain("DV-4040");
    expect(await stagingObjects()).toEqual([]);

    // A finish sent again (its answer lost) answers as the first did and records nothing more.
    const again = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts });
    expect(again.body).toMatchObject({ documentId: doc.id, jobId: finished.body.jobId, replayed: true });
    expect(await db.document.count({ where: { ownerId: owner.id } })).toBe(1);

    // The same file streamed, for comparison (new bytes: the padding is random).
    const streamed = await bigPdf(40 * 1024 * 1024, "Streamed upload DV-4041");
    const upload = await import("~/app/api/upload/route");
    const t3 = performance.now();
    const response = await upload.POST(
      new Request("http://localhost/api/upload", {
        method: "POST",
        body: new Uint8Array(streamed),
        headers: { ...bearer(token), "content-type": "application/pdf", "x-content-sha256": sha256(streamed) },
      }),
    );
    expect(response.status).toBe(202);
    console.log(`streamed 40 MB: ${Math.round(performance.now() - t3)} ms`);
  }, 60_000);

  it("@docvault/client's upload() sends a large file in parts when the server offers it", async () => {
    const seen: string[] = [];
    // The app's routes in this process; the presigned part URLs go to the S3 server over loopback.
    const appFetch: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      seen.push(`${request.method} ${url.host === "app.test" ? url.pathname : "store"} ${request.headers.has("authorization") ? "auth" : "no-auth"}`);
      if (url.host !== "app.test") return fetch(request);
      if (url.pathname.startsWith("/api/v1/")) return request.method === "GET" ? route.GET(request) : route.POST(request);
      const upload = await import("~/app/api/upload/route");
      return upload.POST(request);
    };
    const client = createDocvaultClient({ baseUrl: "http://app.test", token, fetch: appFetch });
    const file = await bigPdf(9 * 1024 * 1024, "Client DV-0099");
    const answer = await client.upload(file, "client.pdf");
    expect(answer).toMatchObject({ status: "accepted", jobStatus: "pending" });
    expect(seen.map((s) => s.replace(/^GET \/api\/v1\/documents\/by-hash\/\w+/, "GET by-hash"))).toEqual([
      "GET by-hash auth",
      "POST /api/v1/uploads/direct auth",
      "PUT store no-auth",
      "PUT store no-auth",
      `POST /api/v1/uploads/direct/${(await db.directUpload.findFirstOrThrow({ where: { filename: "client.pdf" } })).id}/finish auth`,
    ]);
    expect((await db.document.findUniqueOrThrow({ where: { id: answer.documentId } })).sha256).toBe(sha256(file));
    // A small file goes in one request, as before.
    seen.length = 0;
    await client.upload(await bigPdf(1000, "Small DV-0001"), "small.pdf", { check: false });
    expect(seen).toEqual(["POST /api/upload auth"]);
  });

  it("refuses a file one of whose parts was replaced by other bytes, with a sentence, and keeps nothing", async () => {
    const file = await bigPdf(12 * 1024 * 1024, "Tampered DV-1212");
    const documents = await db.document.count();
    const jobs = await db.extractionJob.count();
    const start = (await post("/uploads/direct", token, { filename: "t.pdf", size: file.length, sha256: sha256(file) })).body as TDirect;
    expect(start.mode).toBe("direct");
    const other = Buffer.from(file.subarray(start.partSize));
    other[1000] = (other[1000] ?? 0) ^ 0xff;
    const parts = await putParts(start, file, { partNumber: 2, bytes: other });
    const refused = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts });
    expect(refused).toEqual({
      status: 422,
      body: { error: { code: "HASH_MISMATCH", message: "The file that reached the store is not the one you chose (its SHA-256 differs): upload it again." } },
    });
    expect(await db.document.count()).toBe(documents);
    expect(await db.extractionJob.count()).toBe(jobs);
    expect(await db.directUpload.count({ where: { id: start.uploadKey } })).toBe(0);
    expect(await stagingObjects()).toEqual([]);
    // The upload is over: finishing it again is refused too.
    expect((await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts })).status).toBe(404);
  });

  it("refuses a stored object whose size is not the announced one", async () => {
    const file = await bigPdf(9 * 1024 * 1024, "Short DV-0909");
    const start = (await post("/uploads/direct", token, { filename: "s.pdf", size: file.length, sha256: sha256(file) })).body as TDirect;
    const parts = await putParts(start, file, { partNumber: 2, bytes: Buffer.from(file.subarray(start.partSize, file.length - 10)) });
    const refused = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts });
    expect(refused.status).toBe(422);
    expect((refused.body.error as { message: string }).message).toBe(
      `The file that reached the store is not the one you chose (it has ${file.length - 10} bytes, you announced ${file.length}): upload it again.`,
    );
    expect(await stagingObjects()).toEqual([]);
  });

  it("refuses a start or a finish queued on this device for another account (queuedFor), as POST /api/upload refuses X-Upload-User", async () => {
    const file = await bigPdf(9 * 1024 * 1024, "Queued DV-0409");
    const body = { filename: "queued.pdf", size: file.length, sha256: sha256(file) };
    const open = await db.directUpload.count();
    const refused = await post("/uploads/direct", token, { ...body, queuedFor: randomUUID() });
    expect(refused).toEqual({
      status: 409,
      body: {
        error: {
          code: "WRONG_ACCOUNT",
          message: "This file was queued on this device for another account, so it was not sent. It is sent when that person signs in again.",
        },
      },
    });
    expect(await db.directUpload.count()).toBe(open);

    const start = (await post("/uploads/direct", token, { ...body, queuedFor: owner.id })).body as TDirect;
    expect(start.mode).toBe("direct");
    const parts = await putParts(start, file);
    const theirs = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts, queuedFor: randomUUID() });
    expect(theirs).toMatchObject({ status: 409, body: { error: { code: "WRONG_ACCOUNT" } } });
    // Refused before anything was read or completed: the owner's finish still goes through.
    expect(await db.directUpload.findUnique({ where: { id: start.uploadKey } })).toMatchObject({ state: "open" });
    const finished = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts, queuedFor: owner.id });
    expect(finished).toMatchObject({ status: 200, body: { status: "accepted" } });
  });

  it("answers stream for a small file and where the store is the filesystem, and refuses what is not allowed", async () => {
    const small = { filename: "a.pdf", size: 100_000, sha256: "a".repeat(64) };
    expect((await post("/uploads/direct", token, small)).body).toEqual({ mode: "stream" });
    const big = { ...small, size: 20 * 1024 * 1024 };
    const caller = (await import("./trpc/root")).createCaller;
    const { createContextInner } = await import("./trpc/trpc");
    const { principalFor } = await import("./testing/principal");
    const onFs = caller(
      createContextInner({ services: { ...svc, direct: createDirectUploads({ driver: "fs", root: "/nonexistent" }) }, principal: principalFor(owner, {}) }),
    );
    expect(await onFs.uploads.startDirect(big)).toEqual({ mode: "stream" });

    expect((await post("/uploads/direct", null, big)).status).toBe(401);
    expect((await post("/uploads/direct", readOnly, big)).status).toBe(403);
    expect((await post("/uploads/direct", token, { ...big, size: 60 * 1024 * 1024 })).body).toMatchObject({ error: { code: "FILE_TOO_LARGE" } });
    expect((await post("/uploads/direct", token, { ...big, filename: "a.exe", type: "application/x-msdownload" })).status).toBe(415);
    expect((await post("/uploads/direct", token, { ...big, sha256: "nothex" })).status).toBe(400);

    const start = (await post("/uploads/direct", token, big)).body as TDirect;
    expect(start.parts).toHaveLength(3);
    // Another user's upload key answers as a missing one; so does a made-up one.
    const theirs = await post(`/uploads/direct/${start.uploadKey}/finish`, othersToken, { parts: [{ partNumber: 1, etag: "x" }] });
    expect(theirs).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect((await post(`/uploads/direct/${randomUUID()}/finish`, token, { parts: [{ partNumber: 1, etag: "x" }] })).status).toBe(404);
    // Parts missing: refused before the store is asked, and the upload stays open.
    const missing = await post(`/uploads/direct/${start.uploadKey}/finish`, token, { parts: [{ partNumber: 1, etag: "x" }] });
    expect(missing.body).toEqual({ error: { code: "BAD_REQUEST", message: "Send the ETag of each of the 3 parts (partNumber 1 to 3), each once." } });
    expect(await db.directUpload.findUnique({ where: { id: start.uploadKey } })).toMatchObject({ state: "open" });

    // Abandoned: past its expiry the sweep aborts it and forgets it.
    await db.directUpload.update({ where: { id: start.uploadKey }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sweepExpiredDirectUploads(svc)).toBe(1);
    expect(await db.directUpload.count({ where: { id: start.uploadKey } })).toBe(0);
  });
});
