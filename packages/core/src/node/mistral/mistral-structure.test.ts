import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZReceiptSchema } from "../../documents/schemas";
import { AppError } from "../../errors/app-error";
import { startFakeMistral, type TFakeMistral } from "../../../testing/fake-mistral";
import type { TMistralConfigInput, TMistralLogger } from "./mistral-config";
import { MODEL_CONFIDENCE } from "../../documents/ground-fields";
import type { TPage } from "../../extraction/extraction-result";
import { mistralStructure } from "./mistral-structure";
import { valueInText } from "../../documents/value-in-text";

const RECEIPT_TEXT = ["ACME Store", "12 Main Street, Springfield", "14/03/2024", "Milk 1 x 1.20", "Bread 2.30", "VAT 0.35", "TOTAL EUR 3,50"].join("\n");

const RECEIPT_VALUES = {
  merchant: "ACME Store",
  address: "12 Main Street, Springfield",
  date: "2024-03-14",
  total: "3.50",
  currency: "EUR",
  tax: "0.35",
  lineItems: [
    { description: "Milk", quantity: "1", unitPrice: "1.20", amount: "1.20" },
    { description: "Bread", quantity: null, unitPrice: null, amount: "2.30" },
  ],
};

let fake: TFakeMistral;
let config: TMistralConfigInput;

beforeEach(async () => {
  fake = await startFakeMistral({ answer: RECEIPT_VALUES });
  config = { apiKey: "test-key", serverURL: fake.url, retries: 0 };
});
afterEach(async () => {
  await fake.close();
});

describe("mistralStructure", () => {
  it("structures a receipt into canonical fields that ZReceiptSchema accepts", async () => {
    const result = await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT }, config);

    expect(ZReceiptSchema.parse(result.document)).toEqual(result.document);
    expect(result.document.type).toBe("receipt");
    // No positioned words given: the total is in the text Mistral read, but has no box.
    expect(result.document.fields.total).toEqual({ value: "3.50", confidence: MODEL_CONFIDENCE.text, source: null, method: "mistral", grounding: "text" });
    expect(result.document.fields.date.value).toBe("2024-03-14");
    expect(result.document.fields.lineItems.value).toHaveLength(2);
    expect(result.model).toBe("mistral-small-latest");
    expect(result.usage).toEqual({ promptTokens: 100, completionTokens: 50 });
  });

  it("asks for a flat json_schema of nullable values, not for confidences", async () => {
    await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT }, config);
    const body = fake.requests.find((r) => r.path === "/v1/chat/completions")?.body;
    expect(body).toMatchObject({
      model: "mistral-small-latest",
      response_format: { type: "json_schema", json_schema: { strict: true, schema: { type: "object", additionalProperties: false } } },
    });
    const schema = (body as { response_format: { json_schema: { schema: { properties: Record<string, unknown>; required: string[] } } } }).response_format
      .json_schema.schema;
    expect(Object.keys(schema.properties).sort()).toEqual(["address", "currency", "date", "lineItems", "merchant", "tax", "total"]);
    expect(schema.required).toHaveLength(7);
    expect(JSON.stringify(schema)).not.toContain("confidence");
  });

  it("lowers the confidence of values the OCR text does not show, and gives nulls 0", async () => {
    fake.setBehaviour("chat", { kind: "ok", answer: { ...RECEIPT_VALUES, merchant: "Globex Corporation", tax: null } });
    const { document } = await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT }, config);
    expect(document.fields.merchant).toMatchObject({ value: "Globex Corporation", confidence: MODEL_CONFIDENCE.none, source: null, grounding: "none" });
    expect(document.fields.tax).toEqual({ value: null, confidence: 0, source: null, method: "mistral" });
  });

  it("grounds each value in the local OCR words it is given: page and box, or marked as found nowhere", async () => {
    // Two local pages, one word per line: the merchant and the total are on page 1, nothing spells "Globex".
    const lines = RECEIPT_TEXT.split("\n");
    const page = (index: number, texts: string[]): TPage => ({
      index,
      width: 600,
      height: 800,
      text: texts.join("\n"),
      confidence: 0.9,
      words: texts.flatMap((line, row) =>
        line.split(" ").map((text, col) => ({ text, confidence: 0.9, bbox: { x0: 10 + col * 60, y0: 20 + row * 30, x1: 60 + col * 60, y1: 40 + row * 30 } })),
      ),
    });
    const groundIn = [page(0, ["Thank you"]), page(1, lines)];
    fake.setBehaviour("chat", { kind: "ok", answer: { ...RECEIPT_VALUES, merchant: "Globex Corporation" } });
    const { document } = await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT, groundIn }, config);

    // "TOTAL EUR 3,50" is line 7: the box is the word "3,50" on page 1.
    expect(document.fields.total).toEqual({
      value: "3.50",
      confidence: MODEL_CONFIDENCE.words,
      source: { page: 1, bbox: { x0: 130, y0: 200, x1: 180, y1: 220 } },
      method: "mistral",
      grounding: "words",
    });
    // "14/03/2024" printed, "2024-03-14" returned; "12 Main Street, Springfield" over four words.
    expect(document.fields.date.source).toEqual({ page: 1, bbox: { x0: 10, y0: 80, x1: 60, y1: 100 } });
    expect(document.fields.address.source).toEqual({ page: 1, bbox: { x0: 10, y0: 50, x1: 240, y1: 70 } });
    expect(document.fields.lineItems).toMatchObject({ grounding: "words", source: { page: 1 } });
    expect(document.fields.merchant).toEqual({
      value: "Globex Corporation",
      confidence: MODEL_CONFIDENCE.none,
      source: null,
      method: "mistral",
      grounding: "none",
    });
  });

  it("drops a value in the wrong format, keeps the rest, and logs the field name only", async () => {
    fake.setBehaviour("chat", { kind: "ok", answer: { ...RECEIPT_VALUES, date: "14 March 2024", total: "EUR 3.50" } });
    const logged: Parameters<TMistralLogger>[0][] = [];
    const { document } = await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT }, config, {
      logger: (entry) => logged.push(entry),
    });
    expect(document.fields.date.value).toBeNull();
    expect(document.fields.total.value).toBeNull();
    expect(document.fields.merchant.value).toBe("ACME Store");
    expect(logged).toEqual([expect.objectContaining({ level: "warn", fields: ["date", "total"] })]);
    expect(JSON.stringify(logged)).not.toContain("3.50");
  });

  it("fails with ENGINE_FAILED when the answer is not JSON", async () => {
    fake.setBehaviour("chat", { kind: "ok", answer: "Sorry, I cannot help with that." });
    const err = await mistralStructure({ documentType: "receipt", text: RECEIPT_TEXT }, config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: "ENGINE_FAILED" });
  });

  it("maps 429, 500 and a hang like OCR does", async () => {
    fake.setBehaviour("chat", { kind: "rate-limited", retryAfter: "7" });
    await expect(mistralStructure({ documentType: "other", text: "x" }, config)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      retryAfterMs: 7000,
    });
    fake.setBehaviour("chat", { kind: "error", status: 500 });
    await expect(mistralStructure({ documentType: "other", text: "x" }, config)).rejects.toMatchObject({ code: "ENGINE_FAILED" });
    fake.setBehaviour("chat", { kind: "hang" });
    await expect(mistralStructure({ documentType: "other", text: "x" }, { ...config, timeoutMs: 300 })).rejects.toMatchObject({
      code: "ENGINE_TIMEOUT",
    });
  });

  it("answers with nulls for every type when the model finds nothing", async () => {
    const emptyFake = await startFakeMistral();
    try {
      const { document } = await mistralStructure({ documentType: "passport", text: "" }, { ...config, serverURL: emptyFake.url });
      expect(document.type).toBe("passport");
      expect(document.fields.surname).toEqual({ value: null, confidence: 0, source: null, method: "mistral" });
    } finally {
      await emptyFake.close();
    }
  });
});

describe("valueInText", () => {
  it("finds reformatted dates and amounts, not absent ones", () => {
    expect(valueInText("2024-03-14", RECEIPT_TEXT)).toBe(true);
    expect(valueInText("3.50", RECEIPT_TEXT)).toBe(true);
    expect(valueInText("acme store", RECEIPT_TEXT)).toBe(true);
    expect(valueInText("2023-01-02", RECEIPT_TEXT)).toBe(false);
    expect(valueInText("Globex", RECEIPT_TEXT)).toBe(false);
    expect(valueInText(true, RECEIPT_TEXT)).toBe(false);
  });
});
