// Security table rows #12, #13, #15 and #19-#22 (the table is in security.int.test.ts): hostile
// file names and upload bodies, and the upload limit, through the upload route on the real
// PostgreSQL and Redis.
import { createHash, randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { renderTextImage } from "@docvault/core/testing";
import { createTestServices } from "./testing/test-services";

const { services, callerFor, close } = await createTestServices("su", {
  env: { UPLOAD_RATE_PER_MINUTE: "3", MAX_FILE_BYTES: String(1024 * 1024) },
});

const { createTestToken } = await import("./testing/test-token");
const upload = await import("~/app/api/upload/route");

function uploadRequest(body: Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string>) {
  return upload.POST(new Request("http://localhost/api/upload", { method: "POST", body, headers, duplex: "half" } as RequestInit));
}

describe("security: uploads", () => {
  afterAll(close);

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
      const view = await callerFor(frank).documents.get({ id: documentId });
      expect(view.filename).toBe(expected);
    }
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
});
