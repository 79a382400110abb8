import { describe, expect, it } from "vitest";
import type { TPage } from "../extraction/extraction-result";
import { groundModelFields, locateValue, MODEL_CONFIDENCE, MODEL_CONFIDENCE_DERIVED } from "./ground-fields";
import type { TStructuredDocument } from "./schemas";

/** One page of lines, each word 50 wide on a 60 grid, each line 20 high on a 30 grid. */
function page(index: number, lines: string[]): TPage {
  return {
    index,
    width: 1000,
    height: 1000,
    text: lines.join("\n"),
    confidence: 0.8,
    words: lines.flatMap((line, row) =>
      line
        .split(" ")
        .filter(Boolean)
        .map((text, col) => ({ text, confidence: 0.8, bbox: { x0: col * 60, y0: row * 30, x1: col * 60 + 50, y1: row * 30 + 20 } })),
    ),
  };
}
const box = (col0: number, row0: number, col1: number, row1: number) => ({ x0: col0 * 60, y0: row0 * 30, x1: col1 * 60 + 50, y1: row1 * 30 + 20 });

describe("locateValue", () => {
  const pages = [page(0, ["Rechnung Nr. 2024-117", "Datum: 3. März 2024"]), page(1, ["Zwischensumme 1 234,50", "Gesamt EUR 1.480,00", "Mar 5, 2024 RM8.00"])];

  it("finds dates however they are printed, amounts however they are grouped, and text across words", () => {
    expect(locateValue("2024-03-05", pages)).toEqual({ page: 1, bbox: box(0, 2, 2, 2) });
    expect(locateValue("1234.50", pages)).toEqual({ page: 1, bbox: box(1, 0, 2, 0) });
    expect(locateValue("1480.00", pages)).toEqual({ page: 1, bbox: box(2, 1, 2, 1) });
    expect(locateValue("8.00", pages)).toEqual({ page: 1, bbox: box(3, 2, 3, 2) });
    expect(locateValue("Rechnung Nr. 2024-117", pages)).toEqual({ page: 0, bbox: box(0, 0, 2, 0) });
  });

  it("finds nothing for values that are not printed, and never a date from stray digits", () => {
    expect(locateValue("Globex", pages)).toBeNull();
    expect(locateValue("99.95", pages)).toBeNull();
    expect(locateValue("2023-12-24", pages)).toBeNull();
    expect(locateValue("", pages)).toBeNull();
  });

  it("places a list when at least half its parts are found, by the box around them", () => {
    const items = [
      { description: "Zwischensumme", amount: "1234.50" },
      { description: "Gesamt", amount: "1480.00" },
    ];
    expect(locateValue(items, pages)).toEqual({ page: 1, bbox: box(0, 0, 2, 1) });
    expect(locateValue([{ description: "Kaffee", amount: "3.10" }], pages)).toBeNull();
  });
});

describe("groundModelFields", () => {
  it("grounds only a model's fields: words, text only, nowhere, and derived flags", () => {
    const doc = {
      type: "other",
      fields: {
        title: { value: "Rechnung", confidence: 0.9, source: null, method: "mistral" },
        note: { value: "Skonto 2%", confidence: 0.9, source: null, method: "llm" },
        invented: { value: "Vielen Dank", confidence: 0.9, source: null, method: "llm" },
        valid: { value: true, confidence: 0.9, source: null, method: "mistral" },
        local: { value: "Gesamt", confidence: 0.6, source: null, method: "ocr-rules" },
      },
    } as unknown as TStructuredDocument;
    const grounded = groundModelFields(doc, { pages: [page(0, ["Rechnung"])], text: "Rechnung\nSkonto 2% bei Zahlung" }).fields as Record<string, unknown>;
    expect(grounded.title).toEqual({
      value: "Rechnung",
      confidence: MODEL_CONFIDENCE.words,
      source: { page: 0, bbox: box(0, 0, 0, 0) },
      method: "mistral",
      grounding: "words",
    });
    expect(grounded.note).toMatchObject({ confidence: MODEL_CONFIDENCE.text, source: null, grounding: "text" });
    expect(grounded.invented).toMatchObject({ confidence: MODEL_CONFIDENCE.none, source: null, grounding: "none" });
    expect(grounded.valid).toEqual({ value: true, confidence: MODEL_CONFIDENCE_DERIVED, source: null, method: "mistral" });
    expect(grounded.local).toBe((doc.fields as Record<string, unknown>).local);
  });
});
