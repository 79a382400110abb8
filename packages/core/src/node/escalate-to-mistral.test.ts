// Routing to Mistral through the real SDK against the fake Mistral server on 127.0.0.1: escalation
// only when the local result is not good enough, fields merged, pages and cost recorded.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FAKE_RECEIPT_ANSWER as RECEIPT_ANSWER, startFakeMistral, type TFakeMistral } from "../../testing/fake-mistral";
import { renderTextImage } from "../../testing/fixtures";
import { analyzeDocument } from "./analyze-document";
import { stopTesseract } from "./engines/tesseract-engine";
import { stopPaddle } from "./engines/paddle-engine";
import { escalateToMistral, needsEscalation } from "./escalate-to-mistral";
import { structureReceipt } from "../documents/types/receipt/structure-receipt";

describe("escalation to Mistral", () => {
  let fake: TFakeMistral;
  let receiptWithoutTotal: Buffer;
  let completeReceipt: Buffer;
  const options = () => ({ config: { apiKey: "test-key", serverURL: fake.url, retries: 1, timeoutMs: 10_000 }, threshold: 0.6 });

  beforeAll(async () => {
    fake = await startFakeMistral();
    receiptWithoutTotal = await renderTextImage(["CORNER BAKERY SDN BHD", "CASHIER: ANNA", "THANK YOU"]);
    completeReceipt = await renderTextImage([
      "CORNER BAKERY SDN BHD",
      "12 JALAN MAWAR",
      "81750 JOHOR BAHRU",
      "DATE: 15/03/2018 CASHIER: ANNA",
      "GRAND TOTAL RM 8.00",
      "CASH RM 8.00",
      "THANK YOU",
    ]);
  });
  afterAll(async () => {
    await fake.close();
    await stopTesseract();
    await stopPaddle();
  });

  it("stays local (no request to Mistral) when every required field is read with confidence", async () => {
    fake.requests.length = 0;
    const result = await analyzeDocument({ bytes: completeReceipt, type: "image/png", mistral: options() });
    expect(result.document.type).toBe("receipt");
    expect(result.engines).not.toContain("mistral");
    expect(fake.requests).toHaveLength(0);
    expect(result.costUsd ?? 0).toBe(0);
  });

  it("escalates when the total is missing: Mistral fills it, the local fields stay, pages and cost are recorded", async () => {
    fake.requests.length = 0;
    fake.setBehaviour("ocr", { kind: "ok", pages: [{ markdown: "CORNER BAKERY SDN BHD\n\nTOTAL RM 8.00" }] });
    fake.setBehaviour("chat", { kind: "ok", answer: RECEIPT_ANSWER });
    const result = await analyzeDocument({ bytes: receiptWithoutTotal, type: "image/png", mistral: options() });
    // The photo is read by PP-OCR; the total is still missing, so tesseract gives a second local
    // reading (which finds no total either) before the document is sent out.
    expect(result.engines).toEqual(["paddle", "tesseract", "mistral"]);
    expect(result.pagesBilled).toBe(1);
    expect(result.costUsd).toBeCloseTo(0.004, 6);
    const fields = result.document.fields as Record<string, { value: unknown; method: string }>;
    expect(fields.total).toMatchObject({ value: "8.00", method: "mistral" });
    expect(fields.merchant?.value).toBe("CORNER BAKERY SDN BHD");
    expect(fake.requests.map((r) => r.path)).toEqual(["/v1/ocr", "/v1/chat/completions"]);
  });

  it("reports OCR pages and the structuring call's tokens as Mistral answered them (OCR reports no tokens)", async () => {
    fake.setBehaviour("ocr", { kind: "ok", pages: [{ markdown: "CORNER BAKERY SDN BHD" }, { markdown: "TOTAL RM 8.00" }] });
    fake.setBehaviour("chat", { kind: "ok", answer: RECEIPT_ANSWER });
    const local = structureReceipt([]);
    const result = await escalateToMistral({ bytes: receiptWithoutTotal, type: "image/png", local, options: options() });
    expect(result.pagesBilled).toBe(2);
    expect(result.costUsd).toBeCloseTo(0.008, 6);
    // The fake answers usage: { prompt_tokens: 100, completion_tokens: 50 }, as Mistral's chat API does.
    expect(result.tokens).toEqual({ prompt: 100, completion: 50 });
  });

  it("waits out a short 429 Retry-After and then succeeds", async () => {
    fake.requests.length = 0;
    fake.setBehaviour("ocr", { kind: "rate-limited", retryAfter: "1" }, { kind: "ok", pages: [{ markdown: "TOTAL RM 8.00" }] });
    fake.setBehaviour("chat", { kind: "ok", answer: RECEIPT_ANSWER });
    const result = await analyzeDocument({ bytes: receiptWithoutTotal, type: "image/png", mistral: options() });
    expect(result.engines).toContain("mistral");
    expect(fake.requests.filter((r) => r.path === "/v1/ocr")).toHaveLength(2);
  });

  it("turns 5xx until the retries run out into a typed, retryable error", async () => {
    fake.setBehaviour("ocr", { kind: "error", status: 500 });
    const attempt = analyzeDocument({ bytes: receiptWithoutTotal, type: "image/png", mistral: options() });
    await expect(attempt).rejects.toMatchObject({ code: "ENGINE_FAILED", retryable: true });
  });

  it("decides escalation from required fields and the threshold", () => {
    const doc = structureReceipt([{ index: 0, width: 100, height: 100, text: "SHOP SDN BHD\nTOTAL 5.00", confidence: 0.9, words: [] }]);
    expect(needsEscalation(doc, 0.6)).toBe(true); // no date
  });
});
