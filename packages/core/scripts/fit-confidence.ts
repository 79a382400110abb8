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
import { toConfidence, type TMapping, type TReceiptField } from "../src/documents/types/receipt/receipt-confidence";
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
const norm = (s: unknown) => String(s ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
const FIELDS: TReceiptField[] = ["merchant", "address", "date", "total"];
const samples: Record<TReceiptField, { score: number; ok: boolean }[]> = { merchant: [], address: [], date: [], total: [] };

const files = readdirSync(dir).filter((f) => /\.(jpe?g|png)$/i.test(f)).sort();
let next = 0;
await Promise.all(
  Array.from({ length: availableParallelism() }, async () => {
    for (let k = next++; k < files.length; k = next++) {
      const file = files[k] as string;
      const truth = JSON.parse(readFileSync(join(dir, file.replace(/\.\w+$/, ".json")), "utf8")) as Record<string, string>;
      const read = await extractDocument({ bytes: readFileSync(join(dir, file)), type: file.endsWith(".png") ? "image/png" : "image/jpeg" });
      const e = receiptEvidence(read.pages);
      const add = (field: TReceiptField, found: { score: number } | null, ok: boolean) => found && samples[field].push({ score: found.score, ok });
      add("merchant", e.merchant, norm(e.merchant?.name) !== "" && norm(e.merchant?.name) === norm(truth.company));
      add("address", e.address, norm(e.address?.text) !== "" && norm(e.address?.text) === norm(truth.address));
      add("date", e.date, e.date?.iso === parseDate(truth.date ?? ""));
      add("total", e.total, e.total !== null && e.total.value === normaliseAmount(truth.total ?? ""));
    }
  }),
);
await stopLocalOcr();

/** Logistic regression on one feature (Newton's method, a weak prior keeping the slope finite). */
function fit(points: { score: number; ok: boolean }[]): TMapping {
  let slope = 0.5;
  let offset = 0;
  const prior = 0.1;
  for (let it = 0; it < 100; it++) {
    let g0 = -prior * offset;
    let g1 = -prior * slope;
    let h00 = prior;
    let h01 = 0;
    let h11 = prior;
    for (const { score, ok } of points) {
      const p = 1 / (1 + Math.exp(-(slope * score + offset)));
      const y = ok ? 1 : 0;
      g0 += y - p;
      g1 += (y - p) * score;
      const w = p * (1 - p);
      h00 += w;
      h01 += w * score;
      h11 += w * score * score;
    }
    const det = h00 * h11 - h01 * h01;
    if (Math.abs(det) < 1e-12) break;
    offset += (h11 * g0 - h01 * g1) / det;
    slope += (h00 * g1 - h01 * g0) / det;
  }
  return { slope: Math.round(slope * 1000) / 1000, offset: Math.round(offset * 1000) / 1000 };
}

const fitted = {} as Record<TReceiptField, TMapping>;
for (const field of FIELDS) {
  const points = samples[field];
  fitted[field] = fit(points);
  const before = expectedCalibrationError(points.map((p) => ({ ok: p.ok, confidence: toConfidence(RECEIPT_CALIBRATION[field], p.score) })));
  const after = expectedCalibrationError(points.map((p) => ({ ok: p.ok, confidence: toConfidence(fitted[field], p.score) })));
  const right = points.filter((p) => p.ok).length;
  console.log(`${field.padEnd(9)} ${points.length} read, ${right} right; slope ${fitted[field].slope}, offset ${fitted[field].offset}; ECE ${before.toFixed(3)} -> ${after.toFixed(3)}`);
}
const target = new URL("../src/documents/types/receipt/receipt-calibration.ts", import.meta.url);
writeFileSync(
  target,
  `// Written by \`pnpm eval:fit-confidence --corpus <dir>\` on the public corpus (${files.length} receipts):\n// per field, the logistic mapping from evidence score to confidence.\nexport const RECEIPT_CALIBRATION = ${JSON.stringify(fitted, null, 2).replace(/"(\w+)":/g, "$1:")};\n`,
);
console.log(`wrote ${target.pathname}`);
