// Results, corrections, review queue, search and export against the real PostgreSQL: corrected
// values win in search and export, and another user's documents never appear anywhere.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PIPELINE_VERSION, type TExtractionResult } from "@docvault/core";
import { aCompletedExtraction, aUser } from "@docvault/db/testing/factories";
import { toFieldView } from "~/lib/to-result-view";
import { createTestServices } from "../testing/test-services";

const { services, callerFor: as, prefix, close } = await createTestServices("s");

const exportRoute = await import("~/app/api/export/route");
const { createTestToken } = await import("../testing/test-token");

const svc = services();
const box = { page: 0, bbox: { x0: 10, y0: 20, x1: 110, y1: 40 } };
const f = (value: unknown, confidence = 0.95) => ({ value, confidence, source: value === null ? null : box, method: "ocr-rules" });

type TReceiptInput = { merchant: string | null; merchantConfidence?: number; date: string | null; total: string; text: string; type?: "receipt" | "invoice" };

async function documentFor(ownerId: string, filename: string, r: TReceiptInput) {
  const type = r.type ?? "receipt";
  const fields =
    type === "receipt"
      ? {
          merchant: f(r.merchant, r.merchantConfidence),
          address: f(null, 0),
          date: f(r.date),
          total: f(r.total),
          currency: f("EUR"),
          tax: f(null, 0),
          lineItems: f([]),
        }
      : {
          issuer: f(r.merchant, r.merchantConfidence),
          invoiceNumber: f("INV-1"),
          date: f(r.date),
          dueDate: f(null, 0),
          net: f(null, 0),
          total: f(r.total),
          currency: f("EUR"),
          tax: f(null, 0),
          vatId: f(null, 0),
          iban: f(null, 0),
          lineItems: f([]),
        };
  const result = {
    // A version of its own: the result cache's statistics (another file, same database) count entries per version.
    pipelineVersion: `${PIPELINE_VERSION}-search-test`,
    engines: ["tesseract"],
    pages: [{ index: 0, width: 800, height: 1200, text: r.text, confidence: 0.9, words: [] }],
    text: r.text,
    confidence: 0.9,
    classification: { type },
    document: { type, fields },
  } as TExtractionResult & { classification: { type: string } };
  const { document, job } = await aCompletedExtraction(svc.db, ownerId, result, { filename, sizeBytes: 100 });
  return { documentId: document.id, jobId: job.id };
}

const callerFor = async (userId: string) => Promise.resolve(as({ id: userId }));

describe("extractions, review queue, search and export", () => {
  let alice: string;
  let bob: string;
  let aliceReceipt: { documentId: string };
  let aliceUnsure: { documentId: string };
  let aliceInvoice: { documentId: string };
  let bobReceipt: { documentId: string };

  beforeAll(async () => {
    alice = (await aUser(svc.db, { email: `alice-${prefix}@example.test` })).id;
    bob = (await aUser(svc.db, { email: `bob-${prefix}@example.test` })).id;
    aliceReceipt = await documentFor(alice, "lunch.png", {
      merchant: "Cafe Lumiere",
      date: "2026-11-01",
      total: "12.50",
      text: "CAFE LUMIERE receipt 4711 total 12.50",
    });
    aliceUnsure = await documentFor(alice, "blurry.png", {
      merchant: "Bakery",
      merchantConfidence: 0.3,
      date: null,
      total: "3.20",
      text: "bakery 4711 blurry",
    });
    aliceInvoice = await documentFor(alice, "invoice.pdf", {
      merchant: "=cmd|' /C calc'!A0",
      date: "2026-10-01",
      total: "99.00",
      text: "invoice 4711",
      type: "invoice",
    });
    bobReceipt = await documentFor(bob, "bob-lunch.png", {
      merchant: "Cafe Lumiere",
      merchantConfidence: 0.2,
      date: null,
      total: "12.50",
      text: "CAFE LUMIERE receipt 4711 total 12.50",
    });
  });
  afterAll(close);

  it("extractions.get: every field with confidence and source box; another user gets NOT_FOUND", async () => {
    const view = await (await callerFor(alice)).extractions.get({ documentId: aliceReceipt.documentId });
    expect(view.documentType).toBe("receipt");
    expect(view.pages).toEqual([{ index: 0, width: 800, height: 1200 }]);
    const total = view.fields.find((x) => x.name === "total");
    expect(total).toMatchObject({ label: "Total", value: "12.50", extractedValue: "12.50", confidence: 0.95, source: box, required: true, correction: null });
    await expect((await callerFor(bob)).extractions.get({ documentId: aliceReceipt.documentId })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("extractions.get: a language model's values say whether they were found on the page, and the result says where it was sent", async () => {
    const llm = (value: unknown, grounding: "words" | "none") => ({
      value,
      confidence: grounding === "words" ? 0.85 : 0.3,
      source: grounding === "words" ? box : null,
      method: "llm",
      grounding,
    });
    // A user of its own: the tests below count Alice's documents.
    const carol = (await aUser(svc.db)).id;
    const { document } = await aCompletedExtraction(
      svc.db,
      carol,
      {
        pipelineVersion: `${PIPELINE_VERSION}-search-test`,
        engines: ["paddle", "llm"],
        pages: [{ index: 0, width: 800, height: 1200, text: "BAKERY 8.00", confidence: 0.9, words: [] }],
        text: "BAKERY 8.00",
        confidence: 0.9,
        classification: { type: "receipt" },
        document: {
          type: "receipt",
          fields: {
            merchant: llm("Globex", "none"),
            address: f(null, 0),
            date: f(null, 0),
            total: llm("8.00", "words"),
            currency: f(null, 0),
            tax: f(null, 0),
            lineItems: f([]),
          },
        },
      } as TExtractionResult & { classification: { type: string } },
      { filename: "llm.png", sizeBytes: 100 },
    );
    const view = await (await callerFor(carol)).extractions.get({ documentId: document.id });
    const field = (name: string) => {
      const found = view.fields.find((x) => x.name === name);
      if (!found) throw new Error(`no field ${name}`);
      return found;
    };
    expect(field("merchant")).toMatchObject({ method: "llm", grounding: "none", source: null, confidence: 0.3 });
    expect(field("total")).toMatchObject({ method: "llm", grounding: "words", source: box });
    expect(field("date")).toMatchObject({ method: "ocr-rules", grounding: null });
    expect(toFieldView(field("merchant"))).toMatchObject({ notOnPage: true });
    expect(toFieldView(field("total"))).toMatchObject({ notOnPage: false, page: 0 });
    expect(view.sentOut).toMatchObject({ to: "Language model (LLM_BASE_URL)", costUsd: 0 });
  });

  it("correctField teaches: a corrected merchant is given to the same user's next receipt from that shop, until forgotten", async () => {
    const erin = (await aUser(svc.db)).id;
    const shop = (merchant: string, total: string) =>
      documentFor(erin, `${total}.png`, { merchant, date: null, total, text: `${merchant}\nGST REG NO: 000 9876 5432\nTEL 03-4444 1234\nTOTAL ${total}` });
    const erinCaller = await callerFor(erin);
    const first = await shop("KEDAI RUNCIT AH FONG", "4.00");
    await erinCaller.extractions.correctField({ documentId: first.documentId, field: "merchant", action: "correct", value: "Ah Fong Grocery" });

    const second = await shop("KEDAl RUNClT AH F0NG", "6.50");
    const merchant = (await erinCaller.extractions.get({ documentId: second.documentId })).fields.find((x) => x.name === "merchant");
    expect(merchant).toMatchObject({ value: "Ah Fong Grocery", extractedValue: "KEDAl RUNClT AH F0NG", method: "learned", confidence: 0.95 });
    expect(merchant?.correction).toMatchObject({ action: "learned", correctedById: erin });
    expect(toFieldView(merchant as NonNullable<typeof merchant>)).toMatchObject({ learned: true, reviewed: false, value: "Ah Fong Grocery" });

    // Another user's receipt of the same shop is theirs as read; Erin forgets, and her next receipt is read as it is.
    const frank = (await aUser(svc.db)).id;
    const franks = await documentFor(frank, "f.png", {
      merchant: "KEDAI RUNCIT AH FONG",
      date: null,
      total: "1.00",
      text: "KEDAI RUNCIT AH FONG\nGST REG NO: 000 9876 5432",
    });
    const theirs = (await (await callerFor(frank)).extractions.get({ documentId: franks.documentId })).fields.find((x) => x.name === "merchant");
    expect(theirs).toMatchObject({ value: "KEDAI RUNCIT AH FONG", method: "ocr-rules", correction: null });
    const forgotten = await erinCaller.extractions.forgetLearned({ documentId: second.documentId, field: "merchant" });
    expect(forgotten.forgottenKeys).toBeGreaterThanOrEqual(2);
    expect(forgotten.field).toMatchObject({ value: "KEDAl RUNClT AH F0NG", method: "ocr-rules", correction: null });
    const third = await shop("KEDAI RUNCIT AH FONG", "7.00");
    expect((await erinCaller.extractions.get({ documentId: third.documentId })).fields.find((x) => x.name === "merchant")).toMatchObject({
      method: "ocr-rules",
      correction: null,
    });
  });

  it("undo: every change is kept in the field's history; each undo goes back a step (a change of its own), down to the reading and into review", async () => {
    const gina = (await aUser(svc.db)).id;
    const caller = await callerFor(gina);
    const { documentId } = await documentFor(gina, "undo.png", {
      merchant: "CAFE LUMIRE",
      merchantConfidence: 0.2,
      date: "2026-12-01",
      total: "9.00",
      text: "CAFE LUMIRE 9.00",
    });
    const inReview = async () => (await caller.extractions.reviewQueue()).some((item) => item.documentId === documentId);
    expect(await inReview()).toBe(true);
    await expect(caller.extractions.undo({ documentId, field: "merchant" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("nothing to undo"),
    });

    await caller.extractions.correctField({ documentId, field: "merchant", action: "correct", value: "Cafe Lumiere" });
    const twice = await caller.extractions.correctField({ documentId, field: "merchant", action: "correct", value: "Café Lumière" });
    expect(twice.history.map((h) => [h.action, h.previousValue, h.value])).toEqual([
      ["corrected", "CAFE LUMIRE", "Cafe Lumiere"],
      ["corrected", "Cafe Lumiere", "Café Lumière"],
    ]);
    expect(await inReview()).toBe(false);

    const undone = await caller.extractions.undo({ documentId, field: "merchant" });
    expect(undone).toMatchObject({
      value: "Cafe Lumiere",
      method: "human",
      correction: { action: "corrected", previousValue: "Café Lumière", correctedById: gina, undo: true },
    });
    expect(undone.history).toHaveLength(3);
    // Step by step back to the reading: the field is unreviewed again, and the review queue lists it.
    const toReading = await caller.extractions.undo({ documentId, field: "merchant" });
    expect(toReading).toMatchObject({ value: "CAFE LUMIRE", correction: null, method: "ocr-rules", confidence: 0.2 });
    expect(await inReview()).toBe(true);
    await expect(caller.extractions.undo({ documentId, field: "merchant" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    // A new correction after the undos stands on its own.
    expect((await caller.extractions.correctField({ documentId, field: "merchant", action: "correct", value: "Lumière" })).value).toBe("Lumière");
    await caller.extractions.correctField({ documentId, field: "total", action: "confirm" });
    const unconfirmed = await caller.extractions.undo({ documentId, field: "total" });
    expect(unconfirmed).toMatchObject({ value: "9.00", correction: null, method: "ocr-rules", confidence: 0.95 });
    expect(unconfirmed.history.map((h) => h.action)).toEqual(["confirmed", "reverted"]);
    // After a reload, the history is all there.
    const reloaded = (await caller.extractions.get({ documentId })).fields.find((f) => f.name === "merchant");
    expect(reloaded?.history.map((h) => [h.action, h.value, h.undo])).toEqual([
      ["corrected", "Cafe Lumiere", false],
      ["corrected", "Café Lumière", false],
      ["corrected", "Cafe Lumiere", true],
      ["reverted", "CAFE LUMIRE", true],
      ["corrected", "Lumière", false],
    ]);
  });

  it("changeType: the fields are read again for the type a person chose, their corrections of shared fields stay, and a reload shows it", async () => {
    const hana = (await aUser(svc.db)).id;
    const caller = await callerFor(hana);
    const { documentId } = await documentFor(hana, "invoice-read-as-receipt.png", {
      merchant: "Muster GmbH",
      date: null,
      total: "41.50",
      text: "Muster GmbH\nTOTAL 41.50",
    });
    await caller.extractions.correctField({ documentId, field: "total", action: "correct", value: "41.60" });

    const changed = await caller.extractions.changeType({ documentId, type: "invoice" });
    expect(changed.documentType).toBe("invoice");
    expect(changed.fields.map((f) => f.name)).toEqual(expect.arrayContaining(["issuer", "invoiceNumber", "dueDate", "iban", "total"]));
    // The person's total is kept: it is the same field in both types.
    expect(changed.fields.find((f) => f.name === "total")).toMatchObject({ value: "41.60", method: "human" });

    const reloaded = await caller.extractions.get({ documentId });
    expect(reloaded.documentType).toBe("invoice");
    expect((await svc.db.document.findUniqueOrThrow({ where: { id: documentId } })).detectedType).toBe("invoice");
    await expect(caller.extractions.changeType({ documentId, type: "invoice" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("already"),
    });
    await expect(caller.extractions.changeType({ documentId, type: "passport" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("upload a photo"),
    });
    // Back to a receipt: its fields return, with the corrections made while it was one.
    const back = await caller.extractions.changeType({ documentId, type: "receipt" });
    expect(back.fields.find((f) => f.name === "total")?.value).toBe("41.60");
    await expect((await callerFor(alice)).extractions.changeType({ documentId, type: "other" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("line items: edited, added and removed as one correction, and the sum check runs again on the corrected values", async () => {
    const ivan = (await aUser(svc.db)).id;
    const caller = await callerFor(ivan);
    const { documentId } = await documentFor(ivan, "items.png", { merchant: "Cafe", date: null, total: "9.00", text: "Cafe\nTOTAL 9.00" });
    const item = (description: string, amount: string | null) => ({ description, quantity: null, unitPrice: null, amount, taxRate: null });
    // As read: no items, nothing to add up.
    expect((await caller.extractions.get({ documentId })).sumCheck).toEqual({ sum: null, matches: null, difference: null });

    await caller.extractions.correctField({ documentId, field: "lineItems", action: "correct", value: [item("Coffee", "4.50"), item("Cake", "4.50")] });
    expect((await caller.extractions.get({ documentId })).sumCheck).toEqual({ sum: "9.00", matches: "total", difference: null });
    // One removed: 4.50 short of the total.
    await caller.extractions.correctField({ documentId, field: "lineItems", action: "correct", value: [item("Coffee", "4.50")] });
    expect((await caller.extractions.get({ documentId })).sumCheck).toEqual({ sum: "4.50", matches: null, difference: "4.50" });
    // The total corrected instead: they agree again.
    await caller.extractions.correctField({ documentId, field: "total", action: "correct", value: "4.50" });
    expect((await caller.extractions.get({ documentId })).sumCheck?.matches).toBe("total");
    await expect(
      caller.extractions.correctField({ documentId, field: "lineItems", action: "correct", value: [item("Coffee", "four fifty")] }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("correctField: kept with who, when and the previous value; invalid values and other users refused", async () => {
    const aliceCaller = await callerFor(alice);
    const corrected = await aliceCaller.extractions.correctField({ documentId: aliceReceipt.documentId, field: "total", action: "correct", value: "13.50" });
    expect(corrected).toMatchObject({ name: "total", value: "13.50", extractedValue: "12.50", confidence: 1, method: "human" });
    expect(corrected.correction).toMatchObject({ action: "corrected", value: "13.50", previousValue: "12.50", correctedById: alice });
    const again = await aliceCaller.extractions.correctField({
      documentId: aliceReceipt.documentId,
      field: "merchant",
      action: "correct",
      value: "Zebracorp Coffee",
    });
    expect(again.correction?.previousValue).toBe("Cafe Lumiere");

    const rows = await svc.db.fieldCorrection.findMany({ where: { documentId: aliceReceipt.documentId }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.field, r.value, r.previousValue, r.correctedById])).toEqual([
      ["total", "13.50", "12.50", alice],
      ["merchant", "Zebracorp Coffee", "Cafe Lumiere", alice],
    ]);
    const view = await aliceCaller.extractions.get({ documentId: aliceReceipt.documentId });
    expect(view.fields.find((x) => x.name === "total")?.value).toBe("13.50");

    await expect(
      aliceCaller.extractions.correctField({ documentId: aliceReceipt.documentId, field: "total", action: "correct", value: "thirteen" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("not a valid total"),
    });
    await expect(aliceCaller.extractions.correctField({ documentId: aliceReceipt.documentId, field: "dateOfBirth", action: "confirm" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      (await callerFor(bob)).extractions.correctField({ documentId: aliceReceipt.documentId, field: "total", action: "correct", value: "0.01" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await svc.db.fieldCorrection.count({ where: { documentId: aliceReceipt.documentId } })).toBe(2);
  });

  it("reviewQueue: unsure or missing required fields, until a person confirms or corrects them; own documents only", async () => {
    const aliceCaller = await callerFor(alice);
    const queue = await aliceCaller.extractions.reviewQueue();
    expect(queue.map((q) => [q.documentId, q.fields])).toEqual([[aliceUnsure.documentId, ["date", "merchant"]]]);
    await aliceCaller.extractions.correctField({ documentId: aliceUnsure.documentId, field: "merchant", action: "confirm" });
    expect((await aliceCaller.extractions.reviewQueue()).map((q) => q.fields)).toEqual([["date"]]);
    await aliceCaller.extractions.correctField({ documentId: aliceUnsure.documentId, field: "date", action: "correct", value: "2026-11-03" });
    expect(await aliceCaller.extractions.reviewQueue()).toEqual([]);
    expect((await (await callerFor(bob)).extractions.reviewQueue()).map((q) => q.documentId)).toEqual([bobReceipt.documentId]);
  });

  it("search.query: own documents only, corrected values found, filters and paging", async () => {
    const aliceCaller = await callerFor(alice);
    const all = await aliceCaller.search.query({ q: "4711" });
    expect(all.items.map((i) => i.documentId).sort()).toEqual([aliceReceipt.documentId, aliceUnsure.documentId, aliceInvoice.documentId].sort());
    const bobs = await (await callerFor(bob)).search.query({ q: "4711" });
    expect(bobs.items.map((i) => i.documentId)).toEqual([bobReceipt.documentId]);

    // The corrected merchant is found by a prefix; Bob's identical receipt is not.
    const zebra = await aliceCaller.search.query({ q: "zebra" });
    expect(zebra.items.map((i) => i.documentId)).toEqual([aliceReceipt.documentId]);
    expect((await (await callerFor(bob)).search.query({ q: "zebracorp" })).items).toEqual([]);
    expect((await aliceCaller.search.query({ q: "2026-11-03" })).items.map((i) => i.documentId)).toEqual([aliceUnsure.documentId]);
    expect((await aliceCaller.search.query({ q: "lunch" })).items.map((i) => i.documentId)).toEqual([aliceReceipt.documentId]);

    expect((await aliceCaller.search.query({ q: "4711", type: "invoice" })).items.map((i) => i.documentId)).toEqual([aliceInvoice.documentId]);
    expect((await aliceCaller.search.query({ status: "completed" })).items).toHaveLength(3);
    expect((await aliceCaller.search.query({ status: "failed" })).items).toHaveLength(0);
    expect((await aliceCaller.search.query({ from: new Date(Date.now() + 3_600_000) })).items).toHaveLength(0);
    expect((await aliceCaller.search.query({ to: new Date(Date.now() + 3_600_000) })).items).toHaveLength(3);
    // Punctuation a person types is never tsquery syntax.
    expect((await aliceCaller.search.query({ q: "'):* & | !" })).items).toHaveLength(3);

    const page1 = await aliceCaller.search.query({ q: "4711", limit: 2 });
    expect(page1.items).toHaveLength(2);
    expect(page1.nextCursor).toBe(2);
    const page2 = await aliceCaller.search.query({ q: "4711", limit: 2, cursor: page1.nextCursor });
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    expect(new Set([...page1.items, ...page2.items].map((i) => i.documentId)).size).toBe(3);
  });

  it("export: CSV with corrected values and formula cells neutralised, JSON with own documents only", async () => {
    const { token } = await createTestToken(svc.db, alice, ["documents:read"]);
    const get = (query: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
      exportRoute.GET(new Request(`http://localhost/api/export?${query}`, { headers }));
    expect((await get("format=csv", {})).status).toBe(401);
    const { token: uploadOnly } = await createTestToken(svc.db, alice, ["documents:write"]);
    expect((await get("format=csv", { authorization: `Bearer ${uploadOnly}` })).status).toBe(403);

    const csvResponse = await get("format=csv");
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    const csv = await csvResponse.text();
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe("document_id,filename,document_type,status,uploaded_at,field,label,value,confidence,corrected");
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${aliceReceipt.documentId},lunch.png,receipt,completed,[^,]+,total,Total,13.50,1,true$`)));
    expect(csv).toContain(",issuer,Issuer,'=cmd|' /C calc'!A0,");
    expect(csv).not.toContain(bobReceipt.documentId);

    const jsonResponse = await get("format=json&type=receipt");
    const docs = (await jsonResponse.json()) as { documentId: string; fields: Record<string, { value: unknown; corrected: boolean }> }[];
    expect(docs.map((d) => d.documentId).sort()).toEqual([aliceReceipt.documentId, aliceUnsure.documentId].sort());
    const lunch = docs.find((d) => d.documentId === aliceReceipt.documentId);
    expect(lunch?.fields.merchant).toEqual({ label: "Merchant", value: "Zebracorp Coffee", confidence: 1, corrected: true });

    const bad = await get("format=xlsx");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain("format=csv");
  });
});
