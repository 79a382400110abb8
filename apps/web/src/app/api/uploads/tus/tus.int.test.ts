// Resumable uploads (tus 1.0) through the route handler against the real PostgreSQL and Redis: an
// upload cut off halfway resumes from the offset the server reports and is accepted with the right
// hash; another user cannot see or continue it; no token, no upload.
import { createHash, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { deleteKeysWithPrefix } from "@docvault/queue";
import type {} from "@docvault/db/testing/global-setup";

const home = await mkdtemp(join(tmpdir(), "dv-tus-int-"));
const prefix = `${inject("queuePrefix")}t`;
process.env.DATABASE_URL = inject("databaseUrl");
process.env.REDIS_URL = inject("redisUrl");
process.env.QUEUE_PREFIX = prefix;
process.env.DOCVAULT_HOME = home;
process.env.STORAGE_DIR = join(home, "files");
process.env.LOG_LEVEL = "silent";

const route = await import("./[[...path]]/route");
const { services } = await import("~/server/services");
const { createTestToken } = await import("~/server/testing/test-token");

const svc = services();
const b64 = (s: string) => Buffer.from(s).toString("base64");
const tusHeaders = (token: string | null, extra: Record<string, string> = {}) => ({
  "tus-resumable": "1.0.0",
  ...(token ? { authorization: `Bearer ${token}` } : {}),
  ...extra,
});
const send = (method: "POST" | "PATCH" | "HEAD", url: string, headers: Record<string, string>, body?: Uint8Array) =>
  route[method](new Request(url, { method, headers, ...(body ? { body, duplex: "half" } : {}) } as RequestInit));

describe("tus resumable uploads", () => {
  afterAll(async () => {
    await svc.shutdown();
    await deleteKeysWithPrefix(inject("redisUrl"), prefix);
    await rm(home, { recursive: true, force: true });
  });

  it("resumes from the server's offset after a cut, then accepts the file with its hash; others get 404, no token 401", async () => {
    const alice = await svc.db.user.create({ data: { email: `alice-${prefix}@example.test` } });
    const bob = await svc.db.user.create({ data: { email: `bob-${prefix}@example.test` } });
    const { token } = await createTestToken(svc.db, alice.id);
    const { token: bobToken } = await createTestToken(svc.db, bob.id);
    const png = new Uint8Array(await renderTextImage(["RESUMABLE UPLOAD", "SECOND LINE"]));
    const sha = createHash("sha256").update(png).digest("hex");
    const uploadId = randomUUID();
    const metadata = [`filename ${b64("scan.png")}`, `filetype ${b64("image/png")}`, `uploadId ${b64(uploadId)}`, `sha256 ${b64(sha)}`].join(",");

    const anonymous = await send(
      "POST",
      "http://localhost/api/uploads/tus",
      tusHeaders(null, { "upload-length": String(png.length), "upload-metadata": metadata }),
    );
    expect(anonymous.status).toBe(401);

    const created = await send(
      "POST",
      "http://localhost/api/uploads/tus",
      tusHeaders(token, { "upload-length": String(png.length), "upload-metadata": metadata }),
    );
    expect(created.status).toBe(201);
    const location = created.headers.get("location");
    expect(location).toMatch(/\/api\/uploads\/tus\/[A-Za-z0-9_-]+$/);
    const url = new URL(location ?? "", "http://localhost").toString();

    // The first half arrives, then the connection drops.
    const half = Math.floor(png.length / 2);
    const first = await send(
      "PATCH",
      url,
      tusHeaders(token, { "upload-offset": "0", "content-type": "application/offset+octet-stream" }),
      png.subarray(0, half),
    );
    expect(first.status).toBe(204);

    // Bob can neither see nor continue it.
    expect((await send("HEAD", url, tusHeaders(bobToken))).status).toBe(404);
    expect(
      (await send("PATCH", url, tusHeaders(bobToken, { "upload-offset": String(half), "content-type": "application/offset+octet-stream" }), png.subarray(half)))
        .status,
    ).toBe(404);

    const head = await send("HEAD", url, tusHeaders(token));
    expect(head.status).toBe(200);
    const offset = Number(head.headers.get("upload-offset"));
    expect(offset).toBe(half);

    const rest = await send(
      "PATCH",
      url,
      tusHeaders(token, { "upload-offset": String(offset), "content-type": "application/offset+octet-stream" }),
      png.subarray(offset),
    );
    expect(rest.status).toBe(202);
    const accepted = (await rest.json()) as { status: string; documentId: string; jobId: string };
    expect(accepted.status).toBe("accepted");
    const doc = await svc.db.document.findUniqueOrThrow({ where: { id: accepted.documentId } });
    expect(doc).toMatchObject({ ownerId: alice.id, sha256: sha, originalFilename: "scan.png", mimeType: "image/png" });
    expect(await svc.db.upload.findFirst({ where: { ownerId: alice.id, uploadId } })).toMatchObject({ documentId: doc.id });
    // The partial copy is gone once the file is stored.
    const left = (await readdir(join(home, "tus")).catch(() => [])).filter((name) => !name.endsWith(".json"));
    expect(left).toEqual([]);
  });

  it("refuses a finished upload whose bytes do not match the claimed hash (422), keeping nothing", async () => {
    const carol = await svc.db.user.create({ data: { email: `carol-${prefix}@example.test` } });
    const { token } = await createTestToken(svc.db, carol.id);
    const png = new Uint8Array(await renderTextImage(["FORGED TUS"]));
    const metadata = [`filename ${b64("f.png")}`, `sha256 ${b64("0".repeat(64))}`].join(",");
    const created = await send(
      "POST",
      "http://localhost/api/uploads/tus",
      tusHeaders(token, { "upload-length": String(png.length), "upload-metadata": metadata }),
    );
    const url = new URL(created.headers.get("location") ?? "", "http://localhost").toString();
    const done = await send("PATCH", url, tusHeaders(token, { "upload-offset": "0", "content-type": "application/offset+octet-stream" }), png);
    expect(done.status).toBe(422);
    expect(await svc.db.document.count({ where: { ownerId: carol.id } })).toBe(0);
  });

  it("refuses an upload announced over the size limit, with the sentence the other routes give", async () => {
    const dave = await svc.db.user.create({ data: { email: `dave-${prefix}@example.test` } });
    const { token } = await createTestToken(svc.db, dave.id);
    const response = await send("POST", "http://localhost/api/uploads/tus", tusHeaders(token, { "upload-length": String(svc.maxFileBytes + 1) }));
    expect(response.status).toBe(413);
    const limitMb = Math.round(svc.maxFileBytes / (1024 * 1024));
    expect(await response.json()).toEqual({
      error: { code: "FILE_TOO_LARGE", message: `The file is over the ${limitMb} MB limit. Split the PDF or send a smaller photo.` },
    });
  });

  it("keeps a bulk import's priority from its metadata, and refuses one out of range before a byte is sent", async () => {
    const erin = await svc.db.user.create({ data: { email: `erin-${prefix}@example.test` } });
    const { token } = await createTestToken(svc.db, erin.id);
    const png = new Uint8Array(await renderTextImage(["BULK TUS IMPORT"]));
    const create = (priority: string) =>
      send(
        "POST",
        "http://localhost/api/uploads/tus",
        tusHeaders(token, { "upload-length": String(png.length), "upload-metadata": [`filename ${b64("bulk.png")}`, `priority ${b64(priority)}`].join(",") }),
      );
    const refused = await create("0");
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("whole number from 1 to 10");

    const created = await create("2");
    expect(created.status).toBe(201);
    const url = new URL(created.headers.get("location") ?? "", "http://localhost").toString();
    const done = await send("PATCH", url, tusHeaders(token, { "upload-offset": "0", "content-type": "application/offset+octet-stream" }), png);
    expect(done.status).toBe(202);
    const { jobId } = (await done.json()) as { jobId: string };
    expect((await svc.db.extractionJob.findUniqueOrThrow({ where: { id: jobId } })).priority).toBe(2);
  });
});
