// documents.split against the real PostgreSQL, Redis and file store: a PDF of several receipts
// split by page ranges, or a photo of several receipts split by boxes, becomes one document per
// part, each stored, queued and read on its own; bad ranges and boxes, the wrong kind of file and
// single pages are refused with a sentence; another user's id is a missing one; a part the owner
// already has is answered, not kept twice; the original goes only when asked.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTRACT_QUEUE, toQueuePriority, type TImageRegion } from "@docvault/core";
import { makeReceiptsPhoto, makeTextPdf, PHOTO_RECEIPTS, pdfPageTexts, renderTextImage } from "@docvault/core/testing";
import { aUser } from "@docvault/db/testing/factories";
import { openQueue } from "@docvault/queue";
import { createTestServices, once } from "../testing/test-services";

// A split counts as an upload against the per-minute limit; this file makes more than the default.
const { services, callerFor: as, close } = await createTestServices("sp", { env: { UPLOAD_RATE_PER_MINUTE: "100" } });
const { acceptUpload } = await import("../accept-upload");
const rest = await import("~/app/api/v1/[...path]/route");
const { createTestToken } = await import("../testing/test-token");

/** A PDF whose page n reads "Receipt n", so a part's pages can be told apart. */
const receiptsPdf = (pages: number, label = "Receipt") => makeTextPdf(Array.from({ length: pages }, (_, i) => [`${label} ${i + 1}`]));

/** The text of each page of the PDF stored for a document, read back from the store: which of the original's pages it holds. */
async function storedPages(documentId: string): Promise<string[]> {
  const { db, store } = services();
  const doc = await db.document.findUniqueOrThrow({ where: { id: documentId } });
  return pdfPageTexts(await store.get(doc.storageKey));
}

async function upload(ownerId: string, bytes: Uint8Array, filename: string, declaredType = "application/pdf") {
  return acceptUpload(services(), once(bytes), { filename, declaredType, ownerId });
}

const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error as { code?: string; message?: string },
  );

describe("documents.split", () => {
  let alice: { id: string };
  let bob: { id: string };
  let receipts: { documentId: string; jobId: string };
  const countOf = (ownerId: string) => services().db.document.count({ where: { ownerId } });

  beforeAll(async () => {
    alice = await aUser(services().db);
    bob = await aUser(services().db);
    receipts = await upload(alice.id, await receiptsPdf(3), "receipts.pdf");
  });
  afterAll(close);

  it("splits a 3-page PDF into [1-2] and [3]: two documents holding those pages, queued with the original's priority; the original stays", async () => {
    const { db, connection } = services();
    await db.extractionJob.update({ where: { id: receipts.jobId }, data: { priority: 8 } });
    const result = await as(alice).documents.split({
      documentId: receipts.documentId,
      ranges: [
        { from: 1, to: 2 },
        { from: 3, to: 3 },
      ],
    });
    expect(result).toEqual({
      originalDeleted: false,
      parts: [
        { documentId: expect.any(String), jobId: expect.any(String), filename: "receipts (pages 1-2).pdf", pages: { from: 1, to: 2 }, deduplicated: false },
        { documentId: expect.any(String), jobId: expect.any(String), filename: "receipts (page 3).pdf", pages: { from: 3, to: 3 }, deduplicated: false },
      ],
    });
    const [first, second] = result.parts;
    if (!first || !second) throw new Error("two parts expected");
    expect(await storedPages(first.documentId)).toEqual(["Receipt 1", "Receipt 2"]);
    expect(await storedPages(second.documentId)).toEqual(["Receipt 3"]);

    const queue = openQueue(connection, EXTRACT_QUEUE);
    try {
      for (const part of result.parts) {
        const doc = await as(alice).documents.get({ id: part.documentId });
        expect(doc).toMatchObject({ filename: part.filename, mimeType: "application/pdf", job: { id: part.jobId, status: "pending" } });
        expect((await db.extractionJob.findUniqueOrThrow({ where: { id: part.jobId } })).priority).toBe(8);
        const queued = await queue.getJob(part.jobId);
        expect(queued?.data).toMatchObject({ extractionJobId: part.jobId, documentId: part.documentId });
        expect(queued?.opts.priority).toBe(toQueuePriority(8));
      }
    } finally {
      await queue.close();
    }
    expect((await as(alice).documents.get({ id: receipts.documentId })).filename).toBe("receipts.pdf");
  });

  it("answers a part the owner already has as deduplicated: the same document, nothing new kept or queued", async () => {
    const before = await countOf(alice.id);
    const { parts: earlier } = await as(alice).documents.split({ documentId: receipts.documentId, ranges: [{ from: 1, to: 2 }] });
    const { parts } = await as(alice).documents.split({
      documentId: receipts.documentId,
      ranges: [
        { from: 3, to: 3 },
        { from: 1, to: 1 },
      ],
    });
    expect(earlier.map((p) => p.deduplicated)).toEqual([true]);
    expect(parts.map((p) => [p.filename, p.deduplicated])).toEqual([
      ["receipts (page 3).pdf", true],
      ["receipts (page 1).pdf", false],
    ]);
    const all = await as(alice).documents.list();
    expect(all.filter((d) => d.filename === "receipts (page 3).pdf").map((d) => d.id)).toEqual([parts[0]?.documentId]);
    expect(await countOf(alice.id)).toBe(before + 1);
  });

  it.each([
    [[], "Give at least one page range, such as 1-2."],
    [[{ from: 1, to: 5 }], "This PDF has 3 pages; page 5 does not exist."],
    [[{ from: 2, to: 1 }], "The range 2-1 runs backwards: write it as 1-2."],
    [
      [
        { from: 1, to: 2 },
        { from: 2, to: 3 },
      ],
      "Pages 1-2 and 2-3 overlap: page 2 can belong to only one part.",
    ],
    [[{ from: 1, to: 3 }], "That is the whole file: nothing to split."],
  ])("refuses the ranges %j with its sentence, keeping nothing", async (ranges, message) => {
    const before = await countOf(alice.id);
    const error = await errorOf(as(alice).documents.split({ documentId: receipts.documentId, ranges, deleteOriginal: true }));
    expect(error).toMatchObject({ code: "BAD_REQUEST", message });
    expect(await countOf(alice.id)).toBe(before);
    expect((await as(alice).documents.get({ id: receipts.documentId })).id).toBe(receipts.documentId);
  });

  it("refuses page ranges for a photo and a PDF of one page, saying what to do instead", async () => {
    const photo = await upload(alice.id, await renderTextImage(["TWO RECEIPTS ON A TABLE"]), "table.png", "image/png");
    const onePage = await upload(alice.id, await receiptsPdf(1, "Single"), "single.pdf");
    const before = await countOf(alice.id);
    const ranges = [{ from: 1, to: 1 }];
    expect(await errorOf(as(alice).documents.split({ documentId: photo.documentId, ranges }))).toMatchObject({
      code: "BAD_REQUEST",
      message:
        "Only a PDF of several pages can be split by pages; this document is a photo or image. For a photo of several receipts, give a box (region) around each one.",
    });
    expect(await errorOf(as(alice).documents.split({ documentId: onePage.documentId, ranges }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "Only a PDF of several pages can be split by pages; this one has a single page.",
    });
    expect(await countOf(alice.id)).toBe(before);
  });

  it("answers another user's document exactly as a missing one, and splits nothing of it", async () => {
    const before = await countOf(alice.id);
    const ranges = [{ from: 1, to: 1 }];
    const theirs = await errorOf(as(bob).documents.split({ documentId: receipts.documentId, ranges }));
    const missing = await errorOf(as(bob).documents.split({ documentId: "00000000-0000-4000-8000-000000000000", ranges }));
    expect(theirs).toMatchObject({ code: "NOT_FOUND", message: "No such document." });
    expect(missing?.message).toBe(theirs?.message);
    expect(await countOf(alice.id)).toBe(before);
    expect(await countOf(bob.id)).toBe(0);
  });

  it("deletes the original when asked, once every part is kept", async () => {
    const stack = await upload(alice.id, await receiptsPdf(4, "Stack"), "stack.pdf");
    const result = await as(alice).documents.split({
      documentId: stack.documentId,
      ranges: [
        { from: 1, to: 1 },
        { from: 2, to: 4 },
      ],
      deleteOriginal: true,
    });
    expect(result.originalDeleted).toBe(true);
    expect(await errorOf(as(alice).documents.get({ id: stack.documentId }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await Promise.all(result.parts.map((p) => storedPages(p.documentId)))).toEqual([["Stack 1"], ["Stack 2", "Stack 3", "Stack 4"]]);
    expect(result.parts.map((p) => p.filename)).toEqual(["stack (page 1).pdf", "stack (pages 2-4).pdf"]);
  });

  it("answers over REST as POST /api/v1/documents/{documentId}/split, a bad range as a problem with its sentence", async () => {
    const { token } = await createTestToken(services().db, alice.id);
    const post = (body: unknown) =>
      rest.POST(
        new Request(`http://localhost/api/v1/documents/${receipts.documentId}/split`, {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
      );
    const refused = await post({ ranges: [{ from: 4, to: 4 }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: { code: "BAD_REQUEST", message: "This PDF has 3 pages; page 4 does not exist." } });
    const response = await post({ ranges: [{ from: 2, to: 3 }] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { parts: { filename: string; deduplicated: boolean }[]; originalDeleted: boolean };
    expect(body).toMatchObject({ originalDeleted: false, parts: [{ filename: "receipts (pages 2-3).pdf", deduplicated: false }] });
  });
  describe("a photo of several receipts, split by boxes", () => {
    /** A box a little inside each receipt of the photo, as a person would draw it around the paper. */
    const boxes: TImageRegion[] = PHOTO_RECEIPTS.map((r) => ({ x: r.x + 0.01, y: r.y + 0.01, width: r.width - 0.02, height: r.height - 0.02 }));
    let table: { documentId: string; jobId: string };

    /** The stored image of a document: its type, size, and the tint of its paper (the brightest channel on average). */
    async function storedImage(documentId: string) {
      const { db, store } = services();
      const doc = await db.document.findUniqueOrThrow({ where: { id: documentId } });
      const bytes = await store.get(doc.storageKey);
      const { width, height, format } = await sharp(bytes).metadata();
      const means = (await sharp(bytes).stats()).channels.slice(0, 3).map((c) => c.mean);
      return { format, width, height, tint: ["red", "green", "blue"][means.indexOf(Math.max(...means))] };
    }

    beforeAll(async () => {
      table = await upload(alice.id, await makeReceiptsPhoto(), "table.png", "image/png");
    });

    it("splits a photo of three receipts by three boxes into three image documents, each holding its receipt, queued with the original's priority", async () => {
      const { db, connection } = services();
      await db.extractionJob.update({ where: { id: table.jobId }, data: { priority: 7 } });
      const result = await as(alice).documents.split({ documentId: table.documentId, regions: boxes });
      expect(result).toEqual({
        originalDeleted: false,
        parts: boxes.map((region, i) => ({
          documentId: expect.any(String),
          jobId: expect.any(String),
          filename: `table (part ${i + 1}).png`,
          region,
          deduplicated: false,
        })),
      });
      // 800 × 500 pixels: each box cut to whole pixels of it.
      expect(await Promise.all(result.parts.map((p) => storedImage(p.documentId)))).toEqual([
        { format: "png", width: 184, height: 390, tint: "red" },
        { format: "png", width: 184, height: 340, tint: "green" },
        { format: "png", width: 184, height: 290, tint: "blue" },
      ]);
      const queue = openQueue(connection, EXTRACT_QUEUE);
      try {
        for (const part of result.parts) {
          expect(await as(alice).documents.get({ id: part.documentId })).toMatchObject({ mimeType: "image/png", job: { id: part.jobId, status: "pending" } });
          expect((await db.extractionJob.findUniqueOrThrow({ where: { id: part.jobId } })).priority).toBe(7);
          expect((await queue.getJob(part.jobId))?.data).toMatchObject({ extractionJobId: part.jobId, documentId: part.documentId });
        }
      } finally {
        await queue.close();
      }
      expect((await as(alice).documents.get({ id: table.documentId })).filename).toBe("table.png");
    });

    it("answers the same boxes split again as deduplicated: nothing new kept", async () => {
      const before = await countOf(alice.id);
      const { parts } = await as(alice).documents.split({ documentId: table.documentId, regions: boxes });
      expect(parts.map((p) => p.deduplicated)).toEqual([true, true, true]);
      expect(await countOf(alice.id)).toBe(before);
    });

    it.each([
      [{ regions: [{ x: 0.8, y: 0.1, width: 0.3, height: 0.5 }] }, "Box 1 reaches outside the photo: draw each box within the picture."],
      [{ regions: [{ x: 0.1, y: 0.1, width: 0.02, height: 0.5 }] }, "Box 1 is too small to read: make each box at least 5% of the photo's width and height."],
      [{ regions: [] }, "Draw at least one box around a receipt on the photo."],
      [{ regions: boxes, ranges: [{ from: 1, to: 1 }] }, "Give page ranges for a PDF or regions for a photo."],
      [{}, "Give page ranges for a PDF or regions for a photo."],
    ])("refuses %j with its sentence, keeping nothing", async (body, message) => {
      const before = await countOf(alice.id);
      const error = await errorOf(as(alice).documents.split({ documentId: table.documentId, ...body, deleteOriginal: true }));
      expect(error).toMatchObject({ code: "BAD_REQUEST", message });
      expect(await countOf(alice.id)).toBe(before);
      expect((await as(alice).documents.get({ id: table.documentId })).id).toBe(table.documentId);
    });

    it("refuses boxes for a PDF, saying to give page ranges", async () => {
      expect(await errorOf(as(alice).documents.split({ documentId: receipts.documentId, regions: boxes }))).toMatchObject({
        code: "BAD_REQUEST",
        message: "Only a photo can be split by boxes; this document is a PDF: give page ranges instead.",
      });
    });

    it("deletes the original when asked; a sideways JPEG's parts are JPEGs cut as the photo is shown", async () => {
      const desk = await upload(alice.id, await makeReceiptsPhoto({ format: "jpeg", orientation: 6 }), "desk.jpeg", "image/jpeg");
      const result = await as(alice).documents.split({ documentId: desk.documentId, regions: boxes.slice(0, 2), deleteOriginal: true });
      expect(result.originalDeleted).toBe(true);
      expect(result.parts.map((p) => [p.filename, p.deduplicated])).toEqual([
        ["desk (part 1).jpg", false],
        ["desk (part 2).jpg", false],
      ]);
      expect(await errorOf(as(alice).documents.get({ id: desk.documentId }))).toMatchObject({ code: "NOT_FOUND" });
      expect(await Promise.all(result.parts.map((p) => storedImage(p.documentId)))).toEqual([
        { format: "jpeg", width: 184, height: 390, tint: "red" },
        { format: "jpeg", width: 184, height: 340, tint: "green" },
      ]);
      expect((await as(alice).documents.get({ id: result.parts[0]?.documentId ?? "" })).mimeType).toBe("image/jpeg");
    });

    it("suggests a box around each receipt, in reading order, also over REST; none for a PDF", async () => {
      const { regions } = await as(alice).documents.suggestRegions({ documentId: table.documentId });
      expect(regions).toHaveLength(3);
      regions.forEach((box, i) => {
        const receipt = PHOTO_RECEIPTS[i];
        expect(receipt && Math.abs(box.x - receipt.x) < 0.01 && Math.abs(box.width - receipt.width) < 0.01).toBe(true);
      });
      expect(await errorOf(as(alice).documents.suggestRegions({ documentId: receipts.documentId }))).toMatchObject({
        code: "BAD_REQUEST",
        message: "Receipts are found on a photo only; this document is a PDF.",
      });
      const { token } = await createTestToken(services().db, alice.id, ["documents:read"]);
      const response = await rest.GET(
        new Request(`http://localhost/api/v1/documents/${table.documentId}/regions`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ regions });
    });
  });
});
