// Corrections that teach, as a person relies on them: the merchant they corrected on one receipt is
// given to their next receipt from the same shop (found by its registration number, phone or
// header, however the OCR spaced them), never to another user's, never through a result reused for
// another account; a field they corrected themselves is left alone; forgetting it stops it. On
// PostgreSQL and on the embedded PGlite.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { createDb, type TDb } from "./client";
import { getExtractionWithCorrections, recordCorrection } from "./corrections";
import { completeJob } from "./claim-and-complete";
import { createDocumentWithJob } from "./documents";
import { reuseExtraction } from "./result-cache";
import { forgetSender, LEARNED_CONFIDENCE, learnSender } from "./sender-memory";
import { aSha256, aUser } from "./testing/factories";
import { startTestPglite } from "./testing/test-pglite";
import type {} from "./testing/global-setup";

const pglite = await startTestPglite();
afterAll(() => pglite.stop());

/** A receipt of the shop as local OCR read it: the merchant's name garbled, the shop's numbers intact. */
function receipt(merchantAsRead: string, total: string, extra = ""): TExtractionResult & { classification: { type: string } } {
  const text = [merchantAsRead, "GST REG NO: 000 1234 5678", "TEL: 03-5555 1234", extra, `TOTAL RM ${total}`].join("\n");
  const f = (value: unknown) => ({ value, confidence: 0.6, source: null, method: "ocr-rules" });
  return {
    pipelineVersion: PIPELINE_VERSION,
    engines: ["paddle"],
    pages: [{ index: 0, width: 800, height: 1200, text, confidence: 0.6, words: [] }],
    text,
    confidence: 0.6,
    classification: { type: "receipt" },
    document: {
      type: "receipt",
      fields: { merchant: f(merchantAsRead), address: f(null), date: f(null), total: f(total), currency: f("MYR"), tax: f(null), lineItems: f([]) },
    },
  } as TExtractionResult & { classification: { type: string } };
}

describe.each([
  { name: "postgres", databaseUrl: inject("databaseUrl") },
  { name: "pglite", databaseUrl: pglite.url },
])("senders learned from corrections on $name", ({ databaseUrl }) => {
  let db: TDb;
  beforeAll(() => {
    db = createDb(databaseUrl);
  });
  afterAll(() => db.$disconnect());

  async function complete(ownerId: string, result: ReturnType<typeof receipt>) {
    const { sha256, storageKey } = aSha256();
    const { document, job } = await createDocumentWithJob(db, {
      ownerId,
      sha256,
      originalFilename: "r.jpg",
      mimeType: "image/jpeg",
      sizeBytes: 10,
      storageKey,
    });
    expect(await completeJob(db, { id: job.id, documentId: document.id, sha256 }, result)).toEqual(expect.any(String));
    const found = await getExtractionWithCorrections(db, document.id, ownerId);
    if (!found) throw new Error("no result");
    return { documentId: document.id, jobId: job.id, ...found };
  }

  it("gives the corrected merchant to the same user's next receipt from that shop, and to no one else", async () => {
    const alice = (await aUser(db)).id;
    const bob = (await aUser(db)).id;
    const first = await complete(alice, receipt("C0RNER BAKERV", "8.00"));
    expect(first.corrections.size).toBe(0);
    // Alice corrects the merchant: it is kept under the shop's registration number, phone and header.
    const keys = await learnSender(db, { ownerId: alice, type: "receipt", text: first.extraction.text, field: "merchant", value: "Corner Bakery Sdn Bhd" });
    expect(keys).toBe(3);

    // Her next receipt of that shop, read with other spacing and another garbled name, gets it, with the reading kept as before.
    const next = await complete(alice, receipt("CORNER 8AKERY", "12.40", "CASHIER 7"));
    expect(next.corrections.get("merchant")).toMatchObject({
      action: "learned",
      value: "Corner Bakery Sdn Bhd",
      previousValue: "CORNER 8AKERY",
      correctedById: alice,
    });
    expect(LEARNED_CONFIDENCE).toBeGreaterThan(0.9);

    // Bob's receipt of the same shop is his own reading; so is a copy of Alice's result reused for Bob.
    const bobs = await complete(bob, receipt("C0RNER BAKERV", "3.10"));
    expect(bobs.corrections.size).toBe(0);
    const { sha256, storageKey } = aSha256();
    const target = await createDocumentWithJob(db, { ownerId: bob, sha256, originalFilename: "copy.jpg", mimeType: "image/jpeg", sizeBytes: 10, storageKey });
    const copy = await reuseExtraction(db, { jobId: target.job.id, documentId: target.document.id }, next.extraction.id);
    expect(await db.fieldCorrection.count({ where: { extractionId: copy.id } })).toBe(0);
    // A receipt of another shop gets nothing.
    const other = await complete(alice, { ...receipt("BOOK CAFE", "5.00"), text: "BOOK CAFE\nTOTAL 5.00" });
    expect(other.corrections.size).toBe(0);
  });

  it("leaves a field the person touched, and stops once forgotten", async () => {
    const carol = (await aUser(db)).id;
    const first = await complete(carol, receipt(`SHOP ${randomUUID().slice(0, 8)}`, "1.00"));
    await learnSender(db, { ownerId: carol, type: "receipt", text: first.extraction.text, field: "merchant", value: "Carol's Corner Shop" });
    const second = await complete(carol, receipt("SHOP", "2.00"));
    expect(second.corrections.get("merchant")?.action).toBe("learned");

    // Forgotten: the learned value leaves this document, and the next receipt is read as it is.
    const forgotten = await forgetSender(db, { ownerId: carol, extractionId: second.extraction.id, text: second.extraction.text, field: "merchant" });
    expect(forgotten).toBeGreaterThanOrEqual(2);
    expect((await getExtractionWithCorrections(db, second.documentId, carol))?.corrections.get("merchant")).toBeUndefined();
    const third = await complete(carol, receipt("SHOP", "3.00"));
    expect(third.corrections.size).toBe(0);

    // Learned again: the next receipt gets it once, even when its completion is delivered twice, and Carol's own correction after it wins.
    await learnSender(db, { ownerId: carol, type: "receipt", text: third.extraction.text, field: "merchant", value: "Carol's Corner Shop" });
    const { sha256, storageKey } = aSha256();
    const { document, job } = await createDocumentWithJob(db, {
      ownerId: carol,
      sha256,
      originalFilename: "r.jpg",
      mimeType: "image/jpeg",
      sizeBytes: 10,
      storageKey,
    });
    expect(await completeJob(db, { id: job.id, documentId: document.id, sha256 }, receipt("SHOP", "4.00"))).toEqual(expect.any(String));
    const done = await getExtractionWithCorrections(db, document.id, carol);
    expect(done?.corrections.get("merchant")?.action).toBe("learned");
    // A redelivered completion adds nothing twice.
    expect(await completeJob(db, { id: job.id, documentId: document.id, sha256 }, receipt("SHOP", "4.00"))).toEqual(expect.any(String));
    expect(await db.fieldCorrection.count({ where: { documentId: document.id } })).toBe(1);
    if (!done) throw new Error("no result");
    await recordCorrection(db, {
      extractionId: done.extraction.id,
      documentId: document.id,
      field: "merchant",
      action: "corrected",
      value: "Mine",
      previousValue: "x",
      correctedById: carol,
    });
    expect((await getExtractionWithCorrections(db, document.id, carol))?.corrections.get("merchant")).toMatchObject({ action: "corrected", value: "Mine" });
  });

  it("learns nothing from a field that does not name the sender, or a text that names no one", async () => {
    const dave = (await aUser(db)).id;
    expect(await learnSender(db, { ownerId: dave, type: "receipt", text: "CORNER BAKERY\nTEL 03-5555 1234", field: "total", value: "9.00" })).toBe(0);
    expect(await learnSender(db, { ownerId: dave, type: "receipt", text: "8.00", field: "merchant", value: "X" })).toBe(0);
  });
});
