// documents.get names the owner's near-duplicates of a read document (what the result page's notice
// shows), against the real PostgreSQL: a second copy of a receipt names the first, another person's
// identical receipt is never named, and deleting the copy leaves the first alone.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { aCompletedExtraction, aDocument, aUser } from "@docvault/db/testing/factories";
import { createTestServices } from "../testing/test-services";

const { services, callerFor: as, close } = await createTestServices("nd");
const { describeDuplicate } = await import("~/components/near-duplicate-notice");

const f = (value: string | null) => ({ value, confidence: 0.95, source: null, method: "ocr-rules" });

/** A receipt of Corner Bakery as the worker stores it, with this page hash and total. */
function receipt(pageHash: string, total = "41.50") {
  return {
    pipelineVersion: PIPELINE_VERSION,
    engines: ["paddle"],
    pages: [],
    text: "CORNER BAKERY",
    confidence: 0.9,
    classification: { type: "receipt" },
    document: { type: "receipt", fields: { merchant: f("Corner Bakery"), date: f("2026-12-03"), total: f(total), currency: f("EUR") } },
    pageHash,
  } as TExtractionResult & { classification: { type: string } };
}

describe("documents.get: near-duplicates", () => {
  let alice: { id: string };
  let bob: { id: string };
  const hash = randomBytes(32).toString("hex");
  const keep = async (ownerId: string, filename: string, total?: string) =>
    (await aCompletedExtraction(services().db, ownerId, receipt(hash, total), { filename })).document.id;

  beforeAll(async () => {
    alice = await aUser(services().db);
    bob = await aUser(services().db);
  });
  afterAll(close);

  it("names the receipt already kept on the second copy's result, with what the notice says of it", async () => {
    const first = await keep(alice.id, "bakery.jpg");
    const bobsCopy = await keep(bob.id, "bakery.jpg");
    const second = await keep(alice.id, "bakery-again.jpg");
    const view = await as(alice).documents.get({ id: second });
    expect(view.nearDuplicates).toEqual([
      {
        documentId: first,
        filename: "bakery.jpg",
        createdAt: expect.any(Date),
        documentType: "receipt",
        sender: "Corner Bakery",
        date: "2026-12-03",
        total: "41.50",
        currency: "EUR",
        reason: "both",
      },
    ]);
    expect(view.nearDuplicates.map((d) => d.documentId)).not.toContain(bobsCopy);
    const [kept] = view.nearDuplicates;
    if (!kept) throw new Error("no near-duplicate");
    expect(describeDuplicate(kept)).toMatch(/^the receipt of (3 Dec 2026|Dec 3, 2026), 41\.50 EUR, from Corner Bakery$/);
    expect((await as(bob).documents.get({ id: bobsCopy })).nearDuplicates).toEqual([]);
  });

  it("names nothing for the same shop's other receipt of the day, nor for a document still being read", async () => {
    const dinner = await keep(alice.id, "bakery-afternoon.jpg", "10.30");
    expect((await as(alice).documents.get({ id: dinner })).nearDuplicates).toEqual([]);
    const { document } = await aDocument(services().db, alice.id);
    expect((await as(alice).documents.get({ id: document.id })).nearDuplicates).toEqual([]);
  });

  it("after 'Delete this one' the kept receipt is named by nothing, and the copy is gone", async () => {
    const carol = await aUser(services().db);
    const first = await keep(carol.id, "lunch.jpg");
    const copy = await keep(carol.id, "lunch-again.jpg");
    expect((await as(carol).documents.get({ id: first })).nearDuplicates.map((d) => d.documentId)).toEqual([copy]);
    await expect(as(alice).documents.delete({ id: copy })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await as(carol).documents.delete({ id: copy });
    expect((await as(carol).documents.get({ id: first })).nearDuplicates).toEqual([]);
    await expect(as(carol).documents.get({ id: copy })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
