// Near-duplicates on PostgreSQL and on the embedded PGlite: the same receipt kept twice by one person
// is named (alike pages, or the same sender, date and total); the same shop's next receipt, a
// corrected total, a document not read yet and another person's identical receipt are not.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PIPELINE_VERSION } from "@docvault/core";
import { createDb, type TDb } from "./client";
import { recordCorrection } from "./corrections";
import { findNearDuplicates, NEAR_DUPLICATE_MAX_BITS } from "./near-duplicates";
import { aCompletedExtraction, aDocument, aUser } from "./testing/factories";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());

/** A page hash: four random 64-bit turns, as the worker stores them. */
const aPageHash = () => randomBytes(32).toString("hex");
/** The hash with `bits` bits of its first turn flipped: the same page read again. */
function flipped(hash: string, bits: number): string {
  let first = BigInt(`0x${hash.slice(0, 16)}`);
  for (let i = 0; i < bits; i++) first ^= 1n << BigInt(i * 5);
  return first.toString(16).padStart(16, "0") + hash.slice(16);
}
/** The hash of the same page turned a quarter: what was its second turn is its first. */
const turned = (hash: string) => hash.slice(16, 32) + hash.slice(32) + hash.slice(0, 16);

const field = (value: string | null) => ({ value, confidence: 0.9, source: null, method: "ocr-rules" });
type TKeys = { merchant?: string | null; date?: string | null; total?: string | null; currency?: string | null; pageHash?: string };
/** A receipt's stored analysis, as the worker writes it. */
function receipt(keys: TKeys) {
  const { pageHash, ...fields } = { merchant: "Corner Bakery", date: "2026-12-03", total: "41.50", currency: "EUR", ...keys };
  return {
    pipelineVersion: PIPELINE_VERSION,
    engines: ["paddle" as const],
    pages: [],
    text: "CORNER BAKERY",
    confidence: 0.9,
    classification: { type: "receipt", confidence: 0.9 },
    document: { type: "receipt", fields: Object.fromEntries(Object.entries(fields).map(([name, value]) => [name, field(value)])) },
    barcodes: [],
    warnings: [],
    ...(pageHash ? { pageHash } : {}),
  };
}

describe.each([
  { name: "postgres", databaseUrl: inject("databaseUrl") },
  { name: "pglite", databaseUrl: pglite.url },
])("near-duplicates on $name", ({ databaseUrl }) => {
  let db: TDb;
  beforeAll(() => {
    db = createDb(databaseUrl);
  });
  afterAll(() => db.$disconnect());

  const keep = async (ownerId: string, keys: TKeys, filename = "receipt.jpg") =>
    (await aCompletedExtraction(db, ownerId, receipt(keys), { filename })).document;
  const nearDuplicatesOf = (documentId: string, ownerId: string) => findNearDuplicates(db, { documentId, ownerId });

  it("names the same owner's copy of a receipt, with its key fields and why", async () => {
    const alice = await aUser(db);
    const hash = aPageHash();
    const first = await keep(alice.id, { pageHash: hash }, "bakery.jpg");
    const again = await keep(alice.id, { pageHash: flipped(hash, NEAR_DUPLICATE_MAX_BITS) });
    expect(await nearDuplicatesOf(again.id, alice.id)).toEqual([
      {
        documentId: first.id,
        filename: "bakery.jpg",
        createdAt: first.createdAt,
        documentType: "receipt",
        sender: "Corner Bakery",
        date: "2026-12-03",
        total: "41.50",
        currency: "EUR",
        reason: "both",
      },
    ]);
    // And the other way round: the first names the copy.
    expect((await nearDuplicatesOf(first.id, alice.id)).map((d) => d.documentId)).toEqual([again.id]);
  });

  it("names a copy by its page when a field was not read, turned a quarter included", async () => {
    const alice = await aUser(db);
    const hash = aPageHash();
    const first = await keep(alice.id, { pageHash: hash });
    const sideways = await keep(alice.id, { pageHash: flipped(turned(hash), 3), total: null, merchant: "C0RNER BAKERV" });
    expect(await nearDuplicatesOf(sideways.id, alice.id)).toMatchObject([{ documentId: first.id, reason: "image", total: "41.50" }]);
  });

  it("names a scan of a receipt already kept by its fields when the pages hash apart", async () => {
    const alice = await aUser(db);
    const photo = await keep(alice.id, { pageHash: aPageHash(), merchant: "CORNER BAKERY", total: "41.5" });
    const scan = await keep(alice.id, { pageHash: aPageHash() }, "scan.pdf");
    const noHash = await keep(alice.id, {}, "older.pdf");
    const found = await nearDuplicatesOf(scan.id, alice.id);
    expect(found.map((d) => [d.documentId, d.reason]).sort()).toEqual(
      [
        [noHash.id, "fields"],
        [photo.id, "fields"],
      ].sort(),
    );
  });

  it("does not name the same shop's receipt of the same day with another total, however alike the pages", async () => {
    const alice = await aUser(db);
    const hash = aPageHash();
    await keep(alice.id, { pageHash: hash, total: "10.30" });
    await keep(alice.id, { pageHash: hash, date: "2026-12-04" });
    await keep(alice.id, { pageHash: hash, currency: "GBP" });
    const receiptOfTheDay = await keep(alice.id, { pageHash: hash });
    expect(await nearDuplicatesOf(receiptOfTheDay.id, alice.id)).toEqual([]);
  });

  it("goes by the fields as corrected: a total a person corrected rules the copy out", async () => {
    const alice = await aUser(db);
    const hash = aPageHash();
    const { document, job } = await aCompletedExtraction(db, alice.id, receipt({ pageHash: hash }));
    const extraction = await db.extraction.findUniqueOrThrow({ where: { jobId: job.id } });
    const other = await keep(alice.id, { pageHash: hash });
    expect(await nearDuplicatesOf(other.id, alice.id)).toHaveLength(1);
    await recordCorrection(db, {
      extractionId: extraction.id,
      documentId: document.id,
      field: "total",
      action: "corrected",
      value: "14.50",
      previousValue: "41.50",
      correctedById: alice.id,
    });
    expect(await nearDuplicatesOf(other.id, alice.id)).toEqual([]);
  });

  it("never compares another person's documents, nor answers for a document that is not the caller's", async () => {
    const alice = await aUser(db);
    const bob = await aUser(db);
    const hash = aPageHash();
    const bobs = await keep(bob.id, { pageHash: hash });
    const alices = await keep(alice.id, { pageHash: hash });
    expect(await nearDuplicatesOf(alices.id, alice.id)).toEqual([]);
    expect(await nearDuplicatesOf(bobs.id, bob.id)).toEqual([]);
    expect(await nearDuplicatesOf(bobs.id, alice.id)).toEqual([]);
  });

  it("leaves out documents not read yet and pages further apart than the threshold", async () => {
    const alice = await aUser(db);
    const hash = aPageHash();
    await aDocument(db, alice.id);
    await keep(alice.id, { pageHash: flipped(hash, NEAR_DUPLICATE_MAX_BITS + 1), total: null });
    const kept = await keep(alice.id, { pageHash: hash });
    const unread = await aDocument(db, alice.id);
    expect(await nearDuplicatesOf(kept.id, alice.id)).toEqual([]);
    expect(await nearDuplicatesOf(unread.document.id, alice.id)).toEqual([]);
  });
});
