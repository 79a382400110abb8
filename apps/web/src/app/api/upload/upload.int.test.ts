// The upload route against the real PostgreSQL, Redis and a temporary storage folder: what a
// person sends, what they get back, and that refused bytes leave nothing behind.
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

const { POST } = await import("./route");
const { services } = await import("~/server/services");

function upload(body: BodyInit | null, headers: Record<string, string>) {
  return POST(new Request("http://localhost/api/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit));
}

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(storageDir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

// Scoped to the local user the route uploads as: other test files in this database use other users.
async function counts() {
  const { db, localUserId } = services();
  const ownerId = await localUserId();
  return {
    documents: await db.document.count({ where: { ownerId } }),
    jobs: await db.extractionJob.count({ where: { document: { ownerId } } }),
  };
}

describe("POST /api/upload", () => {
  let png: Buffer;
  beforeAll(async () => {
    png = await renderTextImage(["UPLOAD ROUTE TEST"]);
  });
  afterAll(async () => {
    const svc = services();
    await svc.queue.close();
    await svc.db.$disconnect();
    await deleteKeysWithPrefix(inject("redisUrl"), inject("queuePrefix"));
    await rm(storageDir, { recursive: true, force: true });
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
});
