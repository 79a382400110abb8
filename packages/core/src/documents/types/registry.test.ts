import { describe, expect, it } from "vitest";
import { ENGINE_TABLE } from "../../extraction/engine-table";
import { classifyText } from "../classify-document";
import { DOCUMENT_TYPES, ZStructuredDocumentSchema, documentTypeLabel, fieldLabel } from "../schemas";
import { REQUIRED_FIELDS } from "../required-fields";
import { DOCUMENT_TYPE_DEFINITIONS } from "./registry";

describe("the registries", () => {
  it("list every document type, each with a label, labelled fields and required fields it has", () => {
    expect(DOCUMENT_TYPES).toEqual(["drivers_license", "passport", "id_card", "receipt", "invoice", "utility_bill", "other"]);
    expect(DOCUMENT_TYPE_DEFINITIONS.map((d) => [d.name, d.label, d.personal])).toEqual([
      ["drivers_license", "Driver's licence", true],
      ["passport", "Passport", true],
      ["id_card", "ID card", true],
      ["receipt", "Receipt", false],
      ["invoice", "Invoice", false],
      ["utility_bill", "Utility bill", false],
      ["other", "Other", false],
    ]);
    for (const definition of DOCUMENT_TYPE_DEFINITIONS) {
      const fields = Object.keys(definition.schema.shape.fields.shape);
      expect(Object.keys(definition.fieldLabels).sort(), definition.name).toEqual([...fields].sort());
      for (const required of definition.required) expect(fields, definition.name).toContain(required);
      expect(REQUIRED_FIELDS[definition.name]).toEqual([...definition.required]);
    }
    expect(documentTypeLabel("utility_bill")).toBe("Utility bill");
    expect(fieldLabel("invoice", "vatId")).toBe("VAT number");
    // A row stored under a type no longer registered still shows, by its names.
    expect(documentTypeLabel("tax_form")).toBe("tax_form");
    expect(fieldLabel("tax_form", "year")).toBe("year");
  });

  it("accept a result of every registered type, and refuse an unregistered one", () => {
    for (const definition of DOCUMENT_TYPE_DEFINITIONS) {
      const fields = Object.fromEntries(
        Object.keys(definition.fieldLabels).map((name) => [name, { value: null, confidence: 0, source: null, method: "ocr-rules" }]),
      );
      expect(ZStructuredDocumentSchema.safeParse({ type: definition.name, fields }).success, definition.name).toBe(true);
    }
    expect(ZStructuredDocumentSchema.safeParse({ type: "tax_form", fields: {} }).success).toBe(false);
  });

  it("classify by the cues each type registers; identity types only by their machine-readable lines", () => {
    const byCues = DOCUMENT_TYPE_DEFINITIONS.filter((d) => d.cues.length > 0).map((d) => d.name);
    expect(byCues).toEqual(["receipt", "invoice", "utility_bill"]);
    expect(classifyText("Nothing here a type would claim").type).toBe("other");
    expect(classifyText("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10").type).toBe("passport");
  });

  it("list every engine with what it reads, what it costs and when routing may use it", () => {
    expect(Object.entries(ENGINE_TABLE).map(([name, e]) => [name, e.use, e.local, e.usdPer1000Pages])).toEqual([
      ["pdf-text", "first", true, 0],
      ["e-invoice", "first", true, 0],
      ["pdf417", "identity", true, 0],
      ["mrz", "identity", true, 0],
      ["paddle", "ocr", true, 0],
      ["tesseract", "ocr", true, 0],
      ["mistral", "escalation", false, 4],
      // A language model on an OpenAI-compatible server: reads the local text, bills nothing counted.
      ["llm", "escalation", false, 0],
    ]);
  });
});
