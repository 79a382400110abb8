// Security table rows #23-#27 (see security.int.test.ts): uploads that must not tell one user about
// another's files, upload ids that must not be reused for other bytes, a token that may only write,
// and resumable uploads that expire. Real PostgreSQL and Redis, through the route handlers.
import { createHash, randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { renderTextImage } from "@docvault/core/testing";
import { completeJob } from "@docvault/db";
import { createTestServices } from "./testing/test-services";

const { services, storageDir: home, close } = await createTestServices("u", { home: true, env: { TUS_UPLOAD_EXPIRY_MS: "1500" } });

const { createTestToken } = await import("./testing/test-token");
const { sweepExpiredTusUploads } = await import("./tus-server");
const upload = await import("~/app/api/upload/route");
const tus = await import("~/app/api/uploads/tus/[[...path]]/route");
const files = await import("~/app/files/[id]/route");

const svc = services();
const users: string[] = [];

async function userWithToken(name: string, scopes?: ("documents:read" | "documents:write")[]) {
  const user = await svc.db.user.create({ data: { email: `${name}-${randomUUID()}@example.test` } });
  users.push(user.id);
  const { token } = await createTestToken(svc.db, user.id, scopes);
  return { user, auth: { authorization: `Bearer ${token}` } };
}

const post = (bytes: Uint8Array<ArrayBuffer>, headers: Record<string, string>) =>
  upload.POST(
    new Request("http://localhost/api/upload", { method: "POST", body: new Uint8Array(bytes), headers: { "content-type": "image/png", ...headers } }),
  );

type TAnswer = { status: string; documentId: string; jobId: string; jobStatus: string };

async function completeWith(answer: TAnswer, type: string) {
  const doc = await svc.db.document.findUniqueOrThrow({ where: { id: answer.documentId } });
  const result: TExtractionResult = { pipelineVersion: PIPELINE_VERSION, engines: ["tesseract"], pages: [], text: `a ${type}`, confidence: 0.9 };
  await completeJob(svc.db, { id: answer.jobId, documentId: doc.id, sha256: doc.sha256 }, result);
  await svc.db.document.update({ where: { id: doc.id }, data: { detectedType: type } });
}

/** The answer with its ids blanked: what is left must not differ between a fresh and a reused upload. */
const shapeOf = async (response: Response) => ({
  status: response.status,
  body: { ...((await response.json()) as TAnswer), documentId: "id", jobId: "id" },
});

describe("uploads that tell nothing about other users", () => {
  afterAll(async () => {
    // Other files in this database count results under the current pipeline version: leave none.
    await svc.db.user.deleteMany({ where: { id: { in: users } } });
    await close();
  });

  it("#23 answers an upload of bytes another user holds exactly as a fresh one (status and shape)", async () => {
    const alice = await userWithToken("alice");
    const bob = await userWithToken("bob");
    const shared = new Uint8Array(await renderTextImage(["RECEIPT 12.50 SHARED"]));
    const first = await post(shared, alice.auth);
    const firstBody = (await first.clone().json()) as TAnswer;
    await completeWith(firstBody, "receipt");

    const reused = await post(shared, bob.auth);
    const fresh = await post(new Uint8Array(await renderTextImage(["RECEIPT 99.00 NEW"])), bob.auth);
    const [reusedShape, freshShape] = [await shapeOf(reused.clone()), await shapeOf(fresh)];
    expect(reusedShape).toEqual(freshShape);
    expect(reusedShape).toEqual({ status: 202, body: { status: "accepted", documentId: "id", jobId: "id", jobStatus: "pending" } });
    // The result was still copied (only the time to completion differs).
    const bobsJob = await svc.db.extractionJob.findUniqueOrThrow({ where: { id: ((await reused.json()) as TAnswer).jobId } });
    expect(bobsJob.status).toBe("completed");
  });

  it("#24 never copies a passport, ID card or driver's licence result to another user", async () => {
    const dave = await userWithToken("dave");
    const erin = await userWithToken("erin");
    for (const type of ["passport", "id_card", "drivers_license"]) {
      const bytes = new Uint8Array(await renderTextImage([`IDENTITY ${type.toUpperCase()}`]));
      const daves = (await (await post(bytes, dave.auth)).json()) as TAnswer;
      await completeWith(daves, type);
      const erins = await post(bytes, erin.auth);
      expect(erins.status).toBe(202);
      const { jobId, documentId } = (await erins.json()) as TAnswer;
      // Read again for Erin: pending in the queue, nothing of Dave's copied.
      expect((await svc.db.extractionJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("pending");
      expect(await svc.db.extraction.count({ where: { documentId } })).toBe(0);
      expect(await svc.queue.inspect(jobId)).not.toBeNull();
    }
  });

  it("#25 answers 409 with a sentence when an upload id comes again with other bytes, with or without X-Content-SHA256", async () => {
    const frank = await userWithToken("frank");
    const uploadId = randomUUID();
    const bytes = new Uint8Array(await renderTextImage(["UPLOAD ID FIRST"]));
    const other = new Uint8Array(await renderTextImage(["UPLOAD ID SECOND"]));
    const first = (await (await post(bytes, { ...frank.auth, "x-upload-id": uploadId })).json()) as TAnswer;
    const sha = createHash("sha256").update(other).digest("hex");
    const extras: Record<string, string>[] = [{}, { "x-content-sha256": sha }];
    for (const extra of extras) {
      const again = await post(other, { ...frank.auth, "x-upload-id": uploadId, ...extra });
      expect(again.status).toBe(409);
      const body = (await again.json()) as { error: { code: string; message: string } };
      expect(body.error).toEqual({
        code: "UPLOAD_ID_CONFLICT",
        message: "This upload id was already used for a different file. Give every file its own X-Upload-Id (a new UUID) and send it again.",
      });
    }
    // The same bytes again are a replay, answered as the first time.
    const replay = (await (await post(bytes, { ...frank.auth, "x-upload-id": uploadId })).json()) as TAnswer & { replayed?: boolean };
    expect(replay).toMatchObject({ documentId: first.documentId, jobId: first.jobId, replayed: true });
    expect(await svc.db.document.count({ where: { ownerId: frank.user.id } })).toBe(1);
  });

  it("#26 refuses GET /files/<id> to a token that may only write (403), and serves it to one that may read", async () => {
    const grace = await userWithToken("grace");
    const { token: writeOnly } = await createTestToken(svc.db, grace.user.id, ["documents:write"]);
    const { token: reader } = await createTestToken(svc.db, grace.user.id, ["documents:read"]);
    const bytes = new Uint8Array(await renderTextImage(["ORIGINAL BYTES"]));
    const { documentId } = (await (await post(bytes, grace.auth)).json()) as TAnswer;
    const get = (token: string) =>
      files.GET(new Request(`http://localhost/files/${documentId}`, { headers: { authorization: `Bearer ${token}` } }), {
        params: Promise.resolve({ id: documentId }),
      });
    const refused = await get(writeOnly);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/documents:read/);
    const served = await get(reader);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  });

  it("#27 expires an abandoned tus upload: Upload-Expires is announced, then it is gone with its partial file", async () => {
    const heidi = await userWithToken("heidi");
    const png = new Uint8Array(await renderTextImage(["ABANDONED TUS"]));
    const headers = { "tus-resumable": "1.0.0", ...heidi.auth };
    const send = (method: "POST" | "PATCH" | "HEAD", url: string, extra: Record<string, string>, body?: Uint8Array) =>
      tus[method](new Request(url, { method, headers: { ...headers, ...extra }, ...(body ? { body, duplex: "half" } : {}) } as RequestInit));
    const created = await send("POST", "http://localhost/api/uploads/tus", { "upload-length": String(png.length) });
    expect(created.status).toBe(201);
    const expires = Date.parse(created.headers.get("upload-expires") ?? "");
    expect(expires).toBeGreaterThan(Date.now() - 1000);
    const url = new URL(created.headers.get("location") ?? "", "http://localhost").toString();
    const half = await send("PATCH", url, { "upload-offset": "0", "content-type": "application/offset+octet-stream" }, png.subarray(0, 100));
    expect(half.status).toBe(204);
    const partial = async () => (await readdir(join(home, "tus")).catch(() => [])).filter((name) => !name.endsWith(".json"));
    expect(await partial()).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect([404, 410]).toContain((await send("HEAD", url, {})).status);
    expect(await sweepExpiredTusUploads()).toBeGreaterThanOrEqual(1);
    expect(await partial()).toEqual([]);
  });
});
