/**
 * `pnpm bench [name...] [--json file] [--corpus dir]`: speed figures of the document engine on this
 * machine, each next to its goal. Benchmarks are not tests: they print and never fail the build.
 *   pdf-text  text-layer PDF pages per second (goal >= 20)
 *   ocr       local OCR pages per second on receipt photos (goal >= 1)
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { makeTextPdf, renderTextImage } from "../src/testing/fixtures";
import { pdfTextEngine } from "../src/node/engines/pdf-text-engine";
import { ocrImage, stopTesseract } from "../src/node/engines/tesseract-engine";

type TRow = { name: string; figure: number; unit: string; goal: number; pass: boolean; note: string };

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: "string" }, corpus: { type: "string" }, seconds: { type: "string" } },
});
const corpus = resolve(values.corpus ?? join(import.meta.dirname, "../../../../shared/corpus"));
const budgetMs = Number(values.seconds ?? 10) * 1000;

async function pdfTextBench(): Promise<TRow> {
  const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog, 12.50 EUR`);
  const pdf = await makeTextPdf(Array.from({ length: 20 }, () => lines));
  await pdfTextEngine.read({ bytes: pdf, type: "application/pdf" }); // warm-up: module load, fonts
  let pages = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs / 2) {
    pages += (await pdfTextEngine.read({ bytes: pdf, type: "application/pdf" })).pages.length;
  }
  const perSecond = pages / ((performance.now() - started) / 1000);
  return { name: "pdf-text", figure: perSecond, unit: "pages/s", goal: 20, pass: perSecond >= 20, note: "20-page pdf-lib PDF, 40 lines a page" };
}

async function ocrBench(): Promise<TRow> {
  const dir = join(corpus, "receipts");
  const images = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith(".jpg")).slice(0, 12).map((f) => readFileSync(join(dir, f)))
    : [await renderTextImage(Array.from({ length: 20 }, (_, i) => `ITEM ${i} 12.50`), { format: "jpeg" })];
  await ocrImage(images[0] ?? new Uint8Array(), 0); // warm-up: worker start
  let pages = 0;
  const started = performance.now();
  // All pages submitted at once, as a worker with concurrency does, so a pool can use every core.
  while (performance.now() - started < budgetMs) {
    await Promise.all(images.map((image, i) => ocrImage(image, i)));
    pages += images.length;
  }
  const perSecond = pages / ((performance.now() - started) / 1000);
  await stopTesseract();
  return {
    name: "ocr",
    figure: perSecond,
    unit: "pages/s",
    goal: 1,
    pass: perSecond >= 1,
    note: `${existsSync(dir) ? "corpus receipts" : "rendered receipt"}, ${availableParallelism()} cores`,
  };
}

const benches: Record<string, () => Promise<TRow>> = { "pdf-text": pdfTextBench, ocr: ocrBench };
const selected = positionals.length ? positionals : Object.keys(benches);
const rows: TRow[] = [];
for (const name of selected) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(", ")}`);
    process.exit(2);
  }
  rows.push(await bench());
}
console.log("benchmark   figure          goal        result  note");
for (const r of rows) {
  console.log(`${r.name.padEnd(11)} ${`${r.figure.toFixed(2)} ${r.unit}`.padEnd(15)} ${`>= ${r.goal}`.padEnd(11)} ${r.pass ? "pass" : "MISS"}    ${r.note}`);
}
if (values.json) writeFileSync(values.json, JSON.stringify({ rows }, null, 2));
