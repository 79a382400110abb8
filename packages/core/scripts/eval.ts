/**
 * `pnpm eval --corpus <dir> [--json <file>] [--only <category>]`: runs the local pipeline over a
 * directory laid out like ../shared/corpus (category folders, ground truth beside each file with
 * the same stem) and prints, per category, items, accuracy per field (exact match after
 * normalisation), character error rate for text, and seconds per page.
 */
import { readdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { parseArgs } from "node:util";
import { detectType, isSupportedType } from "../src/validation/detect-type";
import { analyzeDocument, type TAnalysis } from "../src/node/analyze-document";
import { stopLocalOcr } from "../src/node/engines/local-ocr";
import { identityReaders, stopIdentityReaders } from "../src/node/identity-readers";
import { normaliseAmount } from "../src/documents/parse/parse-amount";
import { findDates, parseDate } from "../src/documents/parse/parse-date";
import { parseMrz } from "../src/documents/mrz/parse-mrz";
import { characterErrorRate } from "./cer";

const { values } = parseArgs({
  options: { corpus: { type: "string" }, json: { type: "string" }, only: { type: "string" } },
});
if (!values.corpus) {
  console.error("usage: pnpm eval --corpus <dir> [--json <file>] [--only <category>]");
  process.exit(2);
}
const corpus = values.corpus;

type TItem = {
  category: string;
  file: string;
  fields: Record<string, boolean>;
  cer?: number;
  pages: number;
  seconds: number;
  engines: string[];
  detail?: Record<string, unknown>;
};

const norm = (s: unknown) => String(s ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
const sameText = (a: unknown, b: unknown) => a != null && b != null && norm(a) !== "" && norm(a) === norm(b);
const sameAmount = (a: unknown, b: unknown) =>
  a != null && b != null && normaliseAmount(String(a)) === normaliseAmount(String(b));
const sameDate = (iso: unknown, truth: unknown) => iso != null && truth != null && iso === parseDate(String(truth));
// Legal forms are part of a name in some ground truths and not in others.
const LEGAL = /\b(INC|LTD|LIMITED|BV|NV|AG|GMBH|LLC|SA|SAS|SARL|PVT|PLC|CO)\b/g;
const sameName = (a: unknown, b: unknown) =>
  a != null && b != null && norm(String(a).toUpperCase().replace(/[.,]/g, "").replace(LEGAL, "")) ===
    norm(String(b).toUpperCase().replace(/[.,]/g, "").replace(LEGAL, ""));

const value = (analysis: TAnalysis, name: string): unknown => {
  const fields = analysis.document.fields as Record<string, { value: unknown } | undefined>;
  return fields[name]?.value ?? null;
};

function stemFiles(dir: string): Map<string, string[]> {
  const byStem = new Map<string, string[]>();
  for (const f of readdirSync(dir)) {
    const stem = basename(f, extname(f));
    byStem.set(stem, [...(byStem.get(stem) ?? []), f]);
  }
  return byStem;
}

const DOCUMENT_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff"];

/** Picks the document to read for a stem: a PDF over its rendered PNG, else the image. */
function documentOf(files: string[]): string | undefined {
  return (
    files.find((f) => extname(f).toLowerCase() === ".pdf") ??
    files.find((f) => DOCUMENT_EXTENSIONS.includes(extname(f).toLowerCase()))
  );
}

async function evaluate(category: string, dir: string, file: string, files: string[]): Promise<TItem | null> {
  const path = join(dir, file);
  const bytes = readFileSync(path);
  const type = detectType(bytes.subarray(0, 64));
  if (!isSupportedType(type)) return null;
  const stem = basename(file, extname(file));
  const truthPath = (ext: string) => (files.includes(`${stem}${ext}`) ? join(dir, `${stem}${ext}`) : null);
  const started = performance.now();
  const analysis = await analyzeDocument({ bytes, type, readers: identityReaders });
  const seconds = (performance.now() - started) / 1000;
  const pages = Math.max(1, analysis.pages.length);
  const item: TItem = { category, file, fields: {}, pages, seconds, engines: analysis.engines };

  const jsonPath = truthPath(".json");
  const txtPath = truthPath(".txt");
  const binPath = truthPath(".bin");
  if (category === "receipts" && jsonPath) {
    const truth = JSON.parse(readFileSync(jsonPath, "utf8")) as Record<string, string>;
    item.fields = {
      company: sameText(value(analysis, "merchant"), truth.company),
      date: sameDate(value(analysis, "date"), truth.date),
      address: sameText(value(analysis, "address"), truth.address),
      total: sameAmount(value(analysis, "total"), truth.total),
    };
    item.detail = Object.fromEntries(["merchant", "date", "address", "total"].map((f) => [f, value(analysis, f)]));
    // Whether each expected value can be found in the OCR text at all: a miss where it cannot is
    // bounded by OCR, one where it can is a structuring miss.
    const ocr = norm(analysis.text);
    item.detail.inOcrText = Object.fromEntries(
      Object.entries(truth).map(([k, v]) => [
        k,
        k === "date"
          ? findDates(analysis.text).some((d) => d.iso === parseDate(String(v)))
          : norm(v) !== "" && ocr.includes(norm(v)),
      ]),
    );
  } else if (category === "invoices" && jsonPath) {
    const truth = (JSON.parse(readFileSync(jsonPath, "utf8")) as Record<string, unknown>[])[0] ?? {};
    item.fields = {
      issuer: sameName(value(analysis, "issuer"), truth.issuer),
      invoice_number: sameText(value(analysis, "invoiceNumber"), truth.invoice_number),
      date: value(analysis, "date") === truth.date,
      total: truth.amount == null ? value(analysis, "total") != null : sameAmount(value(analysis, "total"), Number(truth.amount).toFixed(2)),
      ...(truth.vat ? { vat_id: sameText(value(analysis, "vatId"), truth.vat) } : {}),
      ...(truth.iban ? { iban: sameText(value(analysis, "iban"), truth.iban) } : {}),
      ...(truth.amount_untaxed != null && truth.amount_untaxed !== truth.amount
        ? { net: sameAmount(value(analysis, "net"), Number(truth.amount_untaxed).toFixed(2)) }
        : {}),
    };
    item.detail = { issuer: value(analysis, "issuer"), number: value(analysis, "invoiceNumber"), date: value(analysis, "date") };
  } else if (category === "pdfs" && txtPath) {
    const truth = readFileSync(txtPath, "utf8");
    const pagesOfTruth = truth.split("\f").filter((p) => p.trim());
    // One reference page may stand for every page of the document (the rotated scans).
    const reference = pagesOfTruth.length === 1 && analysis.pages.length > 1 ? analysis.pages.map(() => truth).join("\n") : truth;
    item.cer = characterErrorRate(analysis.text, reference);
    item.detail = { layer: analysis.engines.some((e) => e === "tesseract" || e === "paddle") ? "scanned" : "text-layer" };
  } else if (category === "id_mrz" && (txtPath || jsonPath)) {
    const lines = (value(analysis, "mrz") as string[] | null) ?? [];
    const got = (f: string) => value(analysis, f);
    const yymmdd = (iso: unknown) => (typeof iso === "string" ? iso.slice(2).replace(/-/g, "") : null);
    if (txtPath) {
      const truthLines = readFileSync(txtPath, "utf8").split("\n").map((l) => l.trim()).filter(Boolean);
      const expected = parseMrz(truthLines);
      const expectedFields = (expected?.fields ?? {}) as Record<string, { value: unknown } | undefined>;
      const names = ["documentNumber", "surname", "givenNames", "dateOfBirth", "expiryDate", "sex", "nationality"];
      item.fields = {
        mrz: lines.length > 0 && lines.join("\n") === truthLines.join("\n"),
        fields: expected !== null && names.every((f) => JSON.stringify(got(f)) === JSON.stringify(expectedFields[f]?.value ?? null)),
      };
      item.detail = { read: lines, truth: truthLines, type: analysis.document.type };
    } else {
      // PassportEye's ground truth gives field values, not the lines: the read counts when every field agrees.
      const truth = JSON.parse(readFileSync(jsonPath ?? "", "utf8")) as Record<string, string>;
      const ok =
        got("documentNumber") === truth.number &&
        got("surname") === truth.surname &&
        got("givenNames") === truth.names &&
        got("nationality") === truth.nationality &&
        got("issuingCountry") === truth.country &&
        yymmdd(got("dateOfBirth")) === truth.date_of_birth &&
        yymmdd(got("expiryDate")) === truth.expiration_date &&
        got("sex") === truth.sex;
      item.fields = { mrz: ok, fields: ok };
      item.detail = { read: lines, type: analysis.document.type };
    }
  } else if (category === "dl_pdf417" && (txtPath || binPath)) {
    const expected = binPath ? readFileSync(binPath) : readFileSync(txtPath ?? "");
    const decoded = analysis.barcodes.map((b) => Buffer.from(b.text, "latin1"));
    const utf8 = analysis.barcodes.map((b) => Buffer.from(b.text, "utf8"));
    item.fields = { payload: [...decoded, ...utf8].some((d) => d.equals(expected)) };
    if (analysis.document.type === "drivers_license") {
      const fields = Object.entries(analysis.document.fields);
      item.detail = { aamvaFields: `${fields.filter(([, f]) => f.value !== null).length}/${fields.length}` };
    }
  } else {
    return null;
  }
  return item;
}

const categories = readdirSync(corpus, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "licenses" && (!values.only || d.name === values.only))
  .map((d) => d.name)
  .sort();
const items: TItem[] = [];
for (const category of categories) {
  const dir = join(corpus, category);
  for (const [, files] of stemFiles(dir)) {
    const file = documentOf(files);
    if (!file) continue;
    try {
      const item = await evaluate(category, dir, file, files);
      if (item) items.push(item);
    } catch (error) {
      items.push({ category, file, fields: { error: false }, pages: 1, seconds: 0, engines: [], detail: { error: String(error) } });
    }
  }
}
await stopLocalOcr();
await stopIdentityReaders();

type TCategoryReport = { items: number; fields: Record<string, number>; cer?: number; secondsPerPage: number };
const report: { categories: Record<string, TCategoryReport>; items: TItem[] } = { categories: {}, items };
for (const category of categories) {
  const mine = items.filter((i) => i.category === category);
  if (mine.length === 0) continue;
  const fields: Record<string, number> = {};
  for (const name of new Set(mine.flatMap((i) => Object.keys(i.fields)))) {
    const scored = mine.filter((i) => name in i.fields);
    fields[name] = scored.filter((i) => i.fields[name]).length / scored.length;
  }
  const cers = mine.filter((i) => i.cer !== undefined).map((i) => i.cer ?? 0);
  const pages = mine.reduce((n, i) => n + i.pages, 0);
  report.categories[category] = {
    items: mine.length,
    fields,
    ...(cers.length ? { cer: cers.reduce((a, b) => a + b, 0) / cers.length } : {}),
    secondsPerPage: mine.reduce((s, i) => s + i.seconds, 0) / pages,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log("category     items  fields                                                       cer     s/page");
for (const [name, c] of Object.entries(report.categories)) {
  const fields = Object.entries(c.fields).map(([f, a]) => `${f} ${pct(a)}`).join(", ");
  console.log(`${name.padEnd(12)} ${String(c.items).padStart(5)}  ${fields.padEnd(60)} ${c.cer === undefined ? "   -  " : pct(c.cer).padStart(6)}  ${c.secondsPerPage.toFixed(2)}`);
}
const receiptMisses = items
  .filter((i) => i.category === "receipts")
  .flatMap((i) => Object.entries(i.fields).filter(([, ok]) => !ok).map(([f]) => ({ f, inText: (i.detail?.inOcrText as Record<string, boolean> | undefined)?.[f] ?? false })));
if (receiptMisses.length) {
  const bound = receiptMisses.filter((m) => !m.inText).length;
  console.log(`  receipts: ${receiptMisses.length} field misses, ${bound} where the expected value is not in the OCR text (OCR-bound), ${receiptMisses.length - bound} structuring misses`);
}
for (const item of items.filter((i) => i.category === "pdfs")) {
  console.log(`  pdfs/${item.file}: CER ${pct(item.cer ?? 1)} (${String(item.detail?.layer)})`);
}
if (values.json) {
  writeFileSync(values.json, JSON.stringify(report, null, 2));
  console.log(`wrote ${values.json}`);
}
if (!existsSync(corpus)) process.exit(1);
