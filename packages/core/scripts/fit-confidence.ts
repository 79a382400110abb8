/**
 * `pnpm eval:fit-confidence --corpus <dir>`: fits, per receipt field, the logistic mapping from
 * evidence score to confidence on the corpus' receipts (OCR with the default local engine), so
 * that a confidence of p means right about p of the time. Writes
 * src/documents/types/receipt/receipt-calibration.ts and prints ECE before and after.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { normaliseAmount } from "../src/documents/parse/parse-amount";
import { parseDate } from "../src/documents/parse/parse-date";
import { receiptEvidence } from "../src/documents/types/receipt/structure-receipt";
import { ocrCertainty, toConfidence, type TMapping, type TReceiptField } from "../src/documents/types/receipt/receipt-confidence";
import { RECEIPT_CALIBRATION } from "../src/documents/types/receipt/receipt-calibration";
import { extractDocument } from "../src/node/extract-document";
import { stopLocalOcr } from "../src/node/engines/local-ocr";
import { expectedCalibrationError } from "./eval/calibration";

const { values } = parseArgs({ options: { corpus: { type: "string" } } });
if (!values.corpus) {
  console.error("usage: pnpm eval:fit-confidence --corpus <dir>");
  process.exit(2);
}
const dir = join(values.corpus, "receipts");
const norm = (s: unknown) =>
  String(s ?? "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
const FIELDS: TReceiptField[] = ["merchant", "address", "date", "total"];
type TSample = { score: number; ocr: number; ok: boolean };
const samples: Record<TReceiptField, TSample[]> = { merchant: [], address: [], date: [], total: [] };

const files = readdirSync(dir)
  .filter((f) => /\.(jpe?g|png)$/i.test(f))
  .sort();
let next = 0;
await Promise.all(
  Array.from({ length: availableParallelism() }, async () => {
    for (let k = next++; k < files.length; k = next++) {
      const file = files[k] as string;
      const truth = JSON.parse(readFileSync(join(dir, file.replace(/\.\w+$/, ".json")), "utf8")) as Record<string, string>;
      const read = await extractDocument({ bytes: readFileSync(join(dir, file)), type: file.endsWith(".png") ? "image/png" : "image/jpeg" });
      const e = receiptEvidence(read.pages);
      const add = (field: TReceiptField, found: { score: number } | null, lines: typeof e.lines, ok: boolean) =>
        found && samples[field].push({ score: found.score, ocr: ocrCertainty(lines), ok });
      const merchantLine = e.merchant ? e.lines.slice(e.merchant.index, e.merchant.index + 1) : [];
      add("merchant", e.merchant, merchantLine, norm(e.merchant?.name) !== "" && norm(e.merchant?.name) === norm(truth.company));
      add("address", e.address, e.address?.lines ?? [], norm(e.address?.text) !== "" && norm(e.address?.text) === norm(truth.address));
      add("date", e.date, e.date ? [e.date.line] : [], e.date?.iso === parseDate(truth.date ?? ""));
      add("total", e.total, e.total ? [e.total.line] : [], e.total !== null && e.total.value === normaliseAmount(truth.total ?? ""));
    }
  }),
);
await stopLocalOcr();

/** Solves a 3 x 3 linear system (Gaussian elimination with partial pivoting). */
function solve3(m: number[][], v: number[]): number[] {
  const a = m.map((row, i) => [...row, v[i] as number]);
  for (let c = 0; c < 3; c++) {
    let pivot = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[pivot] as number[])[c] as number)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    for (let r = c + 1; r < 3; r++) {
      const f = ((a[r] as number[])[c] as number) / ((a[c] as number[])[c] as number);
      for (let k = c; k < 4; k++) (a[r] as number[])[k] = ((a[r] as number[])[k] as number) - f * ((a[c] as number[])[k] as number);
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    let sum = (a[r] as number[])[3] as number;
    for (let k = r + 1; k < 3; k++) sum -= ((a[r] as number[])[k] as number) * (x[k] as number);
    x[r] = sum / ((a[r] as number[])[r] as number);
  }
  return x;
}

/**
 * Logistic regression on two features (evidence score, OCR certainty) and an offset, by Newton's
 * method with a halving line search; a weak Gaussian prior (0.05) keeps the fit finite when a
 * field's readings are almost all right.
 */
function fit(points: TSample[]): TMapping {
  const PRIOR = 0.05;
  const features = (p: TSample) => [p.score, p.ocr, 1];
  const loglik = (w: number[]) =>
    points.reduce((s, p) => {
      const z = features(p).reduce((t, x, k) => t + x * (w[k] as number), 0);
      return s + (p.ok ? -Math.log1p(Math.exp(-z)) : -Math.log1p(Math.exp(z)));
    }, 0) -
    0.5 * PRIOR * w.reduce((s, x) => s + x * x, 0);
  let w = [0, 0, 0];
  let current = loglik(w);
  for (let it = 0; it < 50; it++) {
    const g = w.map((x) => -PRIOR * x);
    const h = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? PRIOR : 0)));
    for (const p of points) {
      const x = features(p);
      const q = 1 / (1 + Math.exp(-x.reduce((t, v, k) => t + v * (w[k] as number), 0)));
      for (let i = 0; i < 3; i++) {
        g[i] = (g[i] as number) + ((p.ok ? 1 : 0) - q) * (x[i] as number);
        for (let j = 0; j < 3; j++) (h[i] as number[])[j] = ((h[i] as number[])[j] as number) + q * (1 - q) * (x[i] as number) * (x[j] as number);
      }
    }
    const d = solve3(h, g);
    let t = 1;
    let next = w.map((x, k) => x + t * (d[k] as number));
    while (loglik(next) < current && t > 1e-6) {
      t /= 2;
      next = w.map((x, k) => x + t * (d[k] as number));
    }
    const value = loglik(next);
    if (value - current < 1e-9) break;
    w = next;
    current = value;
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { slope: round(w[0] as number), ocr: round(w[1] as number), offset: round(w[2] as number) };
}

const fitted = {} as Record<TReceiptField, TMapping>;
for (const field of FIELDS) {
  const points = samples[field];
  fitted[field] = fit(points);
  const before = expectedCalibrationError(points.map((p) => ({ ok: p.ok, confidence: toConfidence(RECEIPT_CALIBRATION[field], p.score, p.ocr) })));
  const after = expectedCalibrationError(points.map((p) => ({ ok: p.ok, confidence: toConfidence(fitted[field], p.score, p.ocr) })));
  const right = points.filter((p) => p.ok).length;
  console.log(
    `${field.padEnd(9)} ${points.length} read, ${right} right; slope ${fitted[field].slope}, ocr ${fitted[field].ocr}, offset ${fitted[field].offset}; ECE ${before.toFixed(3)} -> ${after.toFixed(3)}`,
  );
}
const target = new URL("../src/documents/types/receipt/receipt-calibration.ts", import.meta.url);
writeFileSync(
  target,
  `// Written by \`pnpm eval:fit-confidence --corpus <dir>\` on the public corpus (${files.length} receipts): per field, the\n// logistic mapping from evidence score and OCR certainty to confidence.\nexport const RECEIPT_CALIBRATION = {\n${FIELDS.map((f) => `  ${f}: { slope: ${fitted[f].slope}, ocr: ${fitted[f].ocr}, offset: ${fitted[f].offset} },`).join("\n")}\n};\n`,
);
console.log(`wrote ${target.pathname}`);
