import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TAnalysis } from "../../src/node/analyze-document";
import { normaliseAmount } from "../../src/documents/parse/parse-amount";
import { findDates, parseDate } from "../../src/documents/parse/parse-date";
import { parseMrz } from "../../src/documents/mrz/parse-mrz";
import { DOCUMENT_TYPE_DEFINITIONS } from "../../src/documents/types/registry";
import type { TComparison, TEvaluation } from "../../src/documents/types/document-type";
import { characterErrorRate } from "../cer";
import type { TEvalItem, TFieldResult } from "./eval-types";
import { scoreLineItems, type TLabelledItem } from "./line-item-score";

const norm = (s: unknown) =>
  String(s ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
const sameText = (a: unknown, b: unknown) => a != null && b != null && norm(a) !== "" && norm(a) === norm(b);
const sameAmount = (a: unknown, b: unknown) => a != null && b != null && normaliseAmount(String(a)) === normaliseAmount(String(b));
/** A ground truth's date as ISO: as printed ("25/04/2017"), or run together ("20180304", some SROIE keys). */
const truthDate = (truth: unknown): string | null => {
  const text = String(truth).trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return compact ? parseDate(`${compact[1]}-${compact[2]}-${compact[3]}`) : parseDate(text);
};
const sameDate = (iso: unknown, truth: unknown) => iso != null && truth != null && iso === truthDate(truth);
// Legal forms are part of a name in some ground truths and not in others.
const LEGAL = /\b(INC|LTD|LIMITED|BV|NV|AG|GMBH|LLC|SA|SAS|SARL|PVT|PLC|CO)\b/g;
const sameName = (a: unknown, b: unknown) =>
  a != null &&
  b != null &&
  norm(String(a).toUpperCase().replace(/[.,]/g, "").replace(LEGAL, "")) === norm(String(b).toUpperCase().replace(/[.,]/g, "").replace(LEGAL, ""));

type TFieldOf = { value: unknown; confidence: number } | undefined;
const fieldOf = (analysis: TAnalysis, name: string): TFieldOf => (analysis.document.fields as Record<string, TFieldOf>)[name];
const value = (analysis: TAnalysis, name: string): unknown => fieldOf(analysis, name)?.value ?? null;
/** A field's result: right or not, with the engine's confidence when it gave a value. */
const result = (analysis: TAnalysis, name: string, ok: boolean): TFieldResult => {
  const f = fieldOf(analysis, name);
  return { ok, confidence: f && f.value !== null && f.value !== undefined ? f.confidence : null };
};

/** The truth files beside an item, as bytes (barcode payloads are compared byte for byte). */
export type TTruthFiles = { json?: Buffer; txt?: Buffer; bin?: Buffer };

/** Line items the project labelled for corpus files (packages/core/eval), keyed by file name. */
let receiptLabels: Record<string, { items: TLabelledItem[] }> | undefined;
const labelsFor = (file: string) => {
  receiptLabels ??= JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../eval/receipt-line-items.json"), "utf8")) as Record<
    string,
    { items: TLabelledItem[] }
  >;
  return receiptLabels[file]?.items;
};

type TInvoiceLine = { name?: string; desc?: string; qty?: number; price_unit?: string | number; price?: number; price_subtotal?: number; line_note?: string };

/** invoice2data's `lines` as labelled items: the name (first line of a description) and the line amount. */
function invoiceLabels(lines: TInvoiceLine[] | undefined): TLabelledItem[] | undefined {
  if (!lines) return undefined;
  return lines
    .filter((l) => !l.line_note)
    .map((l) => {
      const amount = l.price_subtotal ?? (l.qty !== undefined && l.price !== undefined ? l.qty * l.price : (l.price ?? Number(l.price_unit)));
      return { description: (l.name ?? l.desc ?? "").split("\n")[0] ?? "", amount: Number.isFinite(amount) ? Number(amount).toFixed(2) : null };
    });
}

function predictedItems(analysis: TAnalysis): TLabelledItem[] {
  const items = value(analysis, "lineItems");
  return Array.isArray(items) ? (items as TLabelledItem[]) : [];
}

const COMPARE: Record<TComparison, (read: unknown, truth: unknown) => boolean> = { text: sameText, name: sameName, date: sameDate, amount: sameAmount };

/**
 * A registered document type's fields against a JSON truth, as its `evaluation` declares (a field
 * whose truth is absent is not scored); line items where labelled (the project's labels for the
 * file, or the truth's own `lines`); and, per truth value, whether the OCR text holds it at all: a
 * miss where it does not is bounded by OCR, one where it does is a structuring miss.
 */
function scoreDocumentType(item: TEvalItem, evaluation: TEvaluation, analysis: TAnalysis, json: unknown): TEvalItem {
  const t = evaluation.truthOf ? evaluation.truthOf(json) : ((json ?? {}) as Record<string, unknown>);
  const scored = Object.entries(evaluation.fields).filter(([, spec]) => t[spec.truth] !== undefined && t[spec.truth] !== null);
  item.fields = Object.fromEntries(
    scored.map(([name, spec]) => [name, result(analysis, spec.field, COMPARE[spec.compare](value(analysis, spec.field), t[spec.truth]))]),
  );
  const labelled = labelsFor(item.file) ?? invoiceLabels(t.lines as TInvoiceLine[] | undefined);
  if (labelled) item.lineItems = scoreLineItems(predictedItems(analysis), labelled);
  const ocr = norm(analysis.text);
  item.detail = {
    ...Object.fromEntries(scored.map(([, spec]) => [spec.field, value(analysis, spec.field)])),
    inOcrText: Object.fromEntries(
      scored.map(([name, spec]) => {
        const truth = t[spec.truth];
        return [
          name,
          spec.compare === "date" ? findDates(analysis.text).some((d) => d.iso === truthDate(truth)) : norm(truth) !== "" && ocr.includes(norm(truth)),
        ];
      }),
    ),
  };
  return item;
}

/** Scores one analysed item against its truth files; null when the category has no truth to score. */
export function scoreItem(category: string, file: string, analysis: TAnalysis, truth: TTruthFiles, seconds: number): TEvalItem | null {
  const item: TEvalItem = { category, file, fields: {}, pages: Math.max(1, analysis.pages.length), seconds, engines: analysis.engines };
  const definition = DOCUMENT_TYPE_DEFINITIONS.find((d) => d.evaluation?.category === category);
  if (definition?.evaluation && truth.json) return scoreDocumentType(item, definition.evaluation, analysis, JSON.parse(truth.json.toString("utf8")));
  if (category === "pdfs" && truth.txt) {
    const text = truth.txt.toString("utf8");
    const pagesOfTruth = text.split("\f").filter((p) => p.trim());
    // One reference page may stand for every page of the document (the rotated scans).
    const reference = pagesOfTruth.length === 1 && analysis.pages.length > 1 ? analysis.pages.map(() => text).join("\n") : text;
    item.cer = characterErrorRate(analysis.text, reference);
    item.detail = { layer: analysis.engines.some((e) => e === "tesseract" || e === "paddle") ? "scanned" : "text-layer" };
    return item;
  }
  if (category === "id_mrz" && (truth.txt || truth.json)) {
    const lines = (value(analysis, "mrz") as string[] | null) ?? [];
    const got = (f: string) => value(analysis, f);
    const yymmdd = (iso: unknown) => (typeof iso === "string" ? iso.slice(2).replace(/-/g, "") : null);
    if (truth.txt) {
      const truthLines = truth.txt
        .toString("utf8")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean);
      const expected = parseMrz(truthLines);
      const expectedFields = (expected?.fields ?? {}) as Record<string, { value: unknown } | undefined>;
      const names = ["documentNumber", "surname", "givenNames", "dateOfBirth", "expiryDate", "sex", "nationality"];
      item.fields = {
        mrz: result(analysis, "mrz", lines.length > 0 && lines.join("\n") === truthLines.join("\n")),
        fields: result(analysis, "mrz", expected !== null && names.every((f) => JSON.stringify(got(f)) === JSON.stringify(expectedFields[f]?.value ?? null))),
      };
      item.detail = { read: lines, truth: truthLines, type: analysis.document.type };
    } else {
      // PassportEye's ground truth gives field values, not the lines: the read counts when every field agrees.
      const t = JSON.parse(truth.json?.toString("utf8") ?? "{}") as Record<string, string>;
      const ok =
        got("documentNumber") === t.number &&
        got("surname") === t.surname &&
        got("givenNames") === t.names &&
        got("nationality") === t.nationality &&
        got("issuingCountry") === t.country &&
        yymmdd(got("dateOfBirth")) === t.date_of_birth &&
        yymmdd(got("expiryDate")) === t.expiration_date &&
        got("sex") === t.sex;
      item.fields = { mrz: result(analysis, "mrz", ok), fields: result(analysis, "mrz", ok) };
      item.detail = { read: lines, type: analysis.document.type };
    }
    return item;
  }
  if (category === "dl_pdf417" && (truth.txt !== undefined || truth.bin !== undefined)) {
    const expected = truth.bin ?? truth.txt ?? Buffer.alloc(0);
    const decoded = analysis.barcodes.flatMap((b) => [Buffer.from(b.text, "latin1"), Buffer.from(b.text, "utf8")]);
    const ok = decoded.some((d) => d.equals(expected));
    item.fields = { payload: { ok, confidence: analysis.barcodes.length ? 0.99 : null } };
    if (analysis.document.type === "drivers_license") {
      const fields = Object.entries(analysis.document.fields);
      item.detail = { aamvaFields: `${fields.filter(([, f]) => f.value !== null).length}/${fields.length}` };
    }
    return item;
  }
  return null;
}
