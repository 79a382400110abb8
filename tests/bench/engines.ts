/**
 * pdf-text and ocr: the engines' own speed, each next to a bare library on the same input measured
 * in the same run (pdfjs text extraction; tesseract.js with as many workers as our pools).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createScheduler, createWorker } from "tesseract.js";
import { configureLocalOcr, ocrImage, paddleImage, pdfTextEngine, stopLocalOcr, stopPaddle } from "@docvault/core/engines";
import { analyzeDocument } from "@docvault/core/pipeline";
import { makeTextPdf, renderTextImage } from "@docvault/core/testing";
import { row, type TBenchOptions, type TBenchRow } from "./bench-row";

const require = createRequire(import.meta.url);

async function pagesPerSecond(budgetMs: number, readOnce: () => Promise<number>): Promise<number> {
  let pages = 0;
  const started = performance.now();
  while (performance.now() - started < budgetMs) pages += await readOnce();
  return pages / ((performance.now() - started) / 1000);
}

export async function pdfTextBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const lines = Array.from({ length: 40 }, (_, i) => `Line ${i + 1}: the quick brown fox jumps over the lazy dog, 12.50 EUR`);
  const pdf = await makeTextPdf(Array.from({ length: 20 }, () => lines));
  const budget = options.smoke ? 1000 : 8000;
  const bare = async () => {
    const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
    for (let i = 1; i <= doc.numPages; i++) await (await doc.getPage(i)).getTextContent();
    const n = doc.numPages;
    await doc.destroy();
    return n;
  };
  await bare();
  await pdfTextEngine.read({ bytes: pdf, type: "application/pdf" }); // warm-up: module load, fonts
  const ceiling = await pagesPerSecond(budget, bare);
  const figure = await pagesPerSecond(budget, async () => (await pdfTextEngine.read({ bytes: pdf, type: "application/pdf" })).pages.length);
  return [
    row({
      bench: "pdf-text",
      figure: "text-layer pages read",
      value: figure,
      unit: "pages/s",
      ceiling: { label: "pdfjs getTextContent alone", value: ceiling },
      goal: { op: ">=", target: 100, on: "value" },
      note: "20-page PDF, 40 lines a page; words, boxes, reading order included",
    }),
  ];
}

function corpusReceipts(corpus: string, count: number): Buffer[] | null {
  const dir = join(corpus, "receipts");
  if (!existsSync(dir)) return null;
  return readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .slice(0, count)
    .map((f) => readFileSync(join(dir, f)));
}

export async function ocrBench(options: TBenchOptions): Promise<TBenchRow[]> {
  const count = options.smoke ? 2 : 24;
  const fromCorpus = corpusReceipts(options.corpus, count);
  const images =
    fromCorpus ?? (await Promise.all(Array.from({ length: count }, (_, i) => renderTextImage([`SHOP ${i}`, "ITEM 12.50", "TOTAL 12.50"], { format: "jpeg" }))));
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const budget = options.smoke ? 1 : 30_000;
  const timed = async (readAll: () => Promise<void>) => {
    let pages = 0;
    const started = performance.now();
    do {
      await readAll();
      pages += images.length;
    } while (performance.now() - started < budget);
    return pages / ((performance.now() - started) / 1000);
  };
  const peakMb = () => process.resourceUsage().maxRSS / 1024;
  const what = `${fromCorpus ? "corpus receipts" : "rendered receipts"}, ${workers} threads`;

  // PP-OCR, the default for photos: first, so the peak memory read after it is its own.
  configureLocalOcr({ threads: workers });
  await paddleImage(images[0] ?? Buffer.alloc(0), 0); // warm-up: threads start, models load
  const paddle = await timed(async () => {
    await Promise.all(images.map((image, i) => paddleImage(image, i)));
  });
  const paddleMb = peakMb();
  await stopPaddle();

  // The bare library under the old engine: the same images straight into tesseract.js, as many workers.
  const langPath = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const scheduler = createScheduler();
  for (let i = 0; i < workers; i++) scheduler.addWorker(await createWorker("eng", 1, { langPath, cacheMethod: "none", gzip: true }));
  const bare = await timed(async () => {
    await Promise.all(images.map((image) => scheduler.addJob("recognize", image)));
  });
  await scheduler.terminate();

  await ocrImage(images[0] ?? Buffer.alloc(0), 0);
  const tesseract = await timed(async () => {
    await Promise.all(images.map((image, i) => ocrImage(image, i)));
  });

  // What a receipt costs end to end: PP-OCR, structuring, and tesseract again on the unsure ones.
  const combined = await timed(async () => {
    await Promise.all(images.map((bytes) => analyzeDocument({ bytes, type: "image/jpeg" })));
  });
  await stopLocalOcr();
  return [
    row({
      bench: "ocr",
      figure: "PP-OCR pages read (default for photos)",
      value: paddle,
      unit: "pages/s",
      ceiling: { label: "bare tesseract.js, same images", value: bare },
      goal: { op: ">=", target: 1, on: "value" },
      note: `${what}; detection, angle vote, recognition, words and boxes`,
    }),
    row({
      bench: "ocr",
      figure: "tesseract pages read",
      value: tesseract,
      unit: "pages/s",
      ceiling: { label: "bare tesseract.js, same images", value: bare },
      goal: { op: ">=", target: 1, on: "value" },
      note: `${what}; ours adds orientation, words and boxes`,
    }),
    row({
      bench: "ocr",
      figure: "receipts analysed (PP-OCR, structuring, second reading when unsure)",
      value: combined,
      unit: "pages/s",
      ceiling: { label: "PP-OCR alone, same images", value: paddle },
      note: what,
    }),
    row({ bench: "ocr", figure: "peak memory, PP-OCR threads loaded", value: paddleMb, unit: "MB", note: `${workers} PP-OCR threads + the models` }),
    row({
      bench: "ocr",
      figure: "peak memory, both engines loaded",
      value: peakMb(),
      unit: "MB",
      note: `${workers} PP-OCR threads + ${workers} tesseract workers`,
    }),
  ];
}
