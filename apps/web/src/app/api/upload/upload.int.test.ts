// The upload route against the real PostgreSQL, Redis and a temporary storage folder: what a
// person sends, what they get back, and that refused bytes leave nothing behind.
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";

const storageDir = await mkdtemp(join(tmpdir(), "dv-web-int-"));
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = inject("queuePrefix");
process.env.STORAGE_DIR = storageDir;
process.env.MAX_FILE_BYTES = String(1024 * 1024);
process.env.LOG_LEVEL = "silent";
// This file sends more uploads a minute than the default limit; the limit has its own test.
process.env.UPLOAD_RATE_PER_MINUTE = "1000";

const { POST } = await import("./route");
const { services } = await import("~/server/services");
const { generateApiToken } = await import("~/server/auth/api-token");
const { INTERACTIVE_PRIORITY } = await import("~/lib/send-upload");

// The route uploads as the owner of this API token (other test files in this database use other users).
let ownerId = "";
let token = "";

function upload(body: BodyInit | null, headers: Record<string, string>, auth = `Bearer ${token}`) {
  return POST(
    new Request("http://localhost/api/upload", { method: "POST", body, headers: { authorization: auth, ...headers }, duplex: "half" } as RequestInit),
  );
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

async function counts() {
  const { db } = services();
  return {
    documents: await db.document.count({ where: { ownerId } }),
    jobs: await db.extractionJob.count({ where: { document: { ownerId } } }),
  };
}

describe("POST /api/upload", () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await renderTextImage(["UPLOAD ROUTE TEST"]);
    const { db } = services();
    ownerId = (await db.user.create({ data: { email: "uploader@example.test" } })).id;
    const minted = generateApiToken();
    await db.apiToken.create({
      data: { userId: ownerId, name: "upload test", tokenHash: minted.hash, prefix: minted.prefix, scopes: ["documents:write"] },
    });
    token = minted.token;
  });
  afterAll(async () => {
    const svc = services();
    await svc.queue.close();
    await svc.db.$disconnect();
    await deleteKeysWithPrefix(inject("redisUrl"), inject("queuePrefix"));
    await rm(storageDir, { recursive: true, force: true });
  });

  it("refuses an upload without a valid token with 401, storing nothing", async () => {
    const response = await upload(new Uint8Array(png), { "content-type": "image/png", "x-filename": "a.png" }, "Bearer dvt_not-a-real-token-at-all-000000");
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toContain("Bearer");
    expect(await counts()).toEqual({ documents: 0, jobs: 0 });
  });

  it("refuses a 0-byte file with 400 and a sentence, storing nothing", async () => {
    const response = await upload(new Uint8Array(), { "content-type": "image/png", "x-filename": "empty.png" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("EMPTY_FILE");
    expect(body.error.message).toMatch(/empty/);
    expect(await counts()).toEqual({ documents: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses a text file renamed .png with 415, storing nothing", async () => {
    const response = await upload(new TextEncoder().encode("hello, I am text"), {
      "content-type": "image/png",
      "x-filename": "notes.png",
    });
    expect(response.status).toBe(415);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("claims to be a PNG image");
    expect(await counts()).toEqual({ documents: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses a file over the size limit with 413 while streaming (no Content-Length), storing nothing", async () => {
    const big = new Uint8Array(2 * 1024 * 1024);
    big.set(png.subarray(0, 16));
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < big.length; i += 65536) controller.enqueue(big.subarray(i, i + 65536));
        controller.close();
      },
    });
    const response = await upload(stream, { "content-type": "image/png", "x-filename": "huge.png" });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("1 MB limit");
    expect(await counts()).toEqual({ documents: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("refuses an announced oversized body before reading it", async () => {
    const response = await upload(new Uint8Array(10), { "content-length": String(5 * 1024 * 1024), "x-filename": "a.png" });
    expect(response.status).toBe(413);
  });

  it("refuses with 409 and a sentence an upload queued for another user (X-Upload-User), storing nothing", async () => {
    const response = await upload(new Uint8Array(png), {
      "content-type": "image/png",
      "x-filename": "queued-for-someone-else.png",
      "x-upload-id": randomUUID(),
      "x-upload-user": randomUUID(),
    });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("WRONG_ACCOUNT");
    expect(body.error.message).toContain("queued on this device for another account");
    expect(await counts()).toEqual({ documents: 0, jobs: 0 });
    expect(await storedFiles()).toEqual([]);
  });

  it("accepts an image: 202, one document, one job, one queued BullMQ job; the same bytes again create nothing", async () => {
    const first = await upload(new Uint8Array(png), { "content-type": "image/png", "x-filename": encodeURIComponent("../réçu 1.png") });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { documentId: string; jobId: string; status: string };
    expect(accepted.status).toBe("accepted");

    const { db, queue } = services();
    const doc = await db.document.findUniqueOrThrow({ where: { id: accepted.documentId } });
    expect(doc.originalFilename).toBe("réçu 1.png");
    expect(doc.mimeType).toBe("image/png");
    expect(Number(doc.sizeBytes)).toBe(png.byteLength);
    const counts1 = await queue.counts();
    expect((counts1.waiting ?? 0) + (counts1.prioritized ?? 0)).toBe(1);

    const again = await upload(new Uint8Array(png), { "content-type": "image/png", "x-filename": "copy.png" });
    expect(again.status).toBe(200);
    const known = (await again.json()) as { documentId: string; jobId: string; status: string };
    expect(known).toMatchObject({ status: "known", documentId: accepted.documentId, jobId: accepted.jobId });
    expect(await counts()).toEqual({ documents: 1, jobs: 1 });
    expect(await storedFiles()).toHaveLength(1);
  });

  it("refuses a forged X-Content-SHA256 with 422 and keeps nothing", async () => {
    const other = await renderTextImage(["FORGED HASH"]);
    const before = await counts();
    // Other test files share this run's database: count this test's uploads, not the table's.
    const uploadsBefore = await services().db.upload.count();
    const forged = createHash("sha256").update("something else").digest("hex");
    const response = await upload(new Uint8Array(other), {
      "content-type": "image/png",
      "x-filename": "forged.png",
      "x-content-sha256": forged,
      "x-upload-id": randomUUID(),
    });
    expect(response.status).toBe(422);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("HASH_MISMATCH");
    expect(body.error.message).toContain(forged);
    expect(body.error.message).toContain(createHash("sha256").update(other).digest("hex"));
    expect(await counts()).toEqual(before);
    expect(await storedFiles()).toHaveLength(1);
    expect(await services().db.upload.count()).toBe(uploadsBefore);
  });

  it("refuses malformed X-Upload-Id and X-Content-SHA256 headers with 400", async () => {
    const badId = await upload(new Uint8Array(png), { "content-type": "image/png", "x-upload-id": "1; DROP TABLE" });
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { error: { message: string } }).error.message).toContain("X-Upload-Id must be a UUID");
    const badHash = await upload(new Uint8Array(png), { "content-type": "image/png", "x-content-sha256": "abc" });
    expect(badHash.status).toBe(400);
    expect(((await badHash.json()) as { error: { message: string } }).error.message).toContain("64 hexadecimal");
  });

  it("a replayed upload id answers as the first request did and creates nothing new", async () => {
    const fresh = await renderTextImage(["REPLAYED UPLOAD"]);
    const sha = createHash("sha256").update(fresh).digest("hex");
    const uploadId = randomUUID();
    // As the browser's queue sends it: named for the user it was queued for, who is the one signed in.
    const headers = { "content-type": "image/png", "x-filename": "replay.png", "x-upload-id": uploadId, "x-content-sha256": sha, "x-upload-user": ownerId };
    const first = await upload(new Uint8Array(fresh), headers);
    expect(first.status).toBe(202);
    const firstBody = (await first.json()) as { documentId: string; jobId: string; status: string };
    expect(firstBody.status).toBe("accepted");
    const before = await counts();

    const replay = await upload(new Uint8Array(fresh), headers);
    expect(replay.status).toBe(202);
    const replayBody = (await replay.json()) as { documentId: string; jobId: string; status: string; replayed: boolean };
    expect(replayBody).toMatchObject({ status: "accepted", documentId: firstBody.documentId, jobId: firstBody.jobId, replayed: true });
    expect(await counts()).toEqual(before);

    // Two replays at once (Background Sync and a manual retry) still give one document and one job.
    const parallelId = randomUUID();
    const twin = await renderTextImage(["PARALLEL REPLAY"]);
    const twinHeaders = { "content-type": "image/png", "x-filename": "twin.png", "x-upload-id": parallelId };
    const answers = await Promise.all([upload(new Uint8Array(twin), twinHeaders), upload(new Uint8Array(twin), twinHeaders)]);
    const bodies = (await Promise.all(answers.map((a) => a.json()))) as { documentId: string; jobId: string }[];
    expect(bodies[0]?.documentId).toBe(bodies[1]?.documentId);
    expect(bodies[0]?.jobId).toBe(bodies[1]?.jobId);
    expect(await counts()).toEqual({ documents: before.documents + 1, jobs: before.jobs + 1 });
    expect(await services().db.upload.count({ where: { uploadId: parallelId } })).toBe(1);
  });

  it("a stream the client cuts off halfway is refused and leaves no file, row or temp file behind", async () => {
    const before = await counts();
    const filesBefore = await storedFiles();
    const partial = await renderTextImage(["CUT OFF"]);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(partial.subarray(0, 100)));
        controller.error(new Error("client aborted"));
      },
    });
    const response = await upload(stream, { "content-type": "image/png", "x-filename": "cut.png", "x-upload-id": randomUUID() });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain("cut off");
    expect(await counts()).toEqual(before);
    expect(await storedFiles()).toEqual(filesBefore);
  });

  it("reads X-Priority: 2 for a bulk import, 8 from the capture page, 5 without; refuses 11 with its sentence and keeps nothing", async () => {
    const { db } = services();
    const sent: Record<string, number> = {};
    for (const [label, header] of [
      ["bulk", "2"],
      ["capture", String(INTERACTIVE_PRIORITY)],
      ["none", undefined],
    ] as const) {
      const bytes = await renderTextImage([`PRIORITY ${label.toUpperCase()}`]);
      const response = await upload(new Uint8Array(bytes), {
        "content-type": "image/png",
        "x-filename": `${label}.png`,
        ...(header === undefined ? {} : { "x-priority": header }),
      });
      expect(response.status, label).toBe(202);
      const { jobId } = (await response.json()) as { jobId: string };
      sent[label] = (await db.extractionJob.findUniqueOrThrow({ where: { id: jobId } })).priority;
    }
    expect(sent).toEqual({ bulk: 2, capture: 8, none: 5 });

    const before = await counts();
    const refused = await upload(new Uint8Array(await renderTextImage(["PRIORITY TOO HIGH"])), {
      "content-type": "image/png",
      "x-filename": "eleven.png",
      "x-priority": "11",
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain("whole number from 1 to 10");
    expect(await counts()).toEqual(before);
  });
});
