/**
 * pdf-text and ocr: the engines' own speed, each next to the bare library underneath on the same
 * input (pdfjs text extraction; tesseract.js with as many workers as our pool) measured in the same run.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { createScheduler, createWorker } from "tesseract.js";
import { configureTesseract, ocrImage, pdfTextEngine, stopTesseract } from "@docvault/core/engines";
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
      goal: { op: ">=", target: 20, on: "value" },
      note: "20-page PDF, 40 lines a page; words, boxes and structure included",
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
  const count = options.smoke ? 2 : 12;
  const fromCorpus = corpusReceipts(options.corpus, count);
  const images =
    fromCorpus ?? (await Promise.all(Array.from({ length: count }, (_, i) => renderTextImage([`SHOP ${i}`, "ITEM 12.50", "TOTAL 12.50"], { format: "jpeg" }))));
  const workers = Math.max(1, Math.min(availableParallelism(), 4));
  const budget = options.smoke ? 1 : 30_000;
  const timed = async (recognizeAll: () => Promise<void>) => {
    let pages = 0;
    const started = performance.now();
    do {
      await recognizeAll();
      pages += images.length;
    } while (performance.now() - started < budget);
    return pages / ((performance.now() - started) / 1000);
  };

  // The bare library: the same images straight into tesseract.js, as many workers as our pool.
  const langPath = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
  const scheduler = createScheduler();
  for (let i = 0; i < workers; i++) scheduler.addWorker(await createWorker("eng", 1, { langPath, cacheMethod: "none", gzip: true }));
  const ceiling = await timed(async () => {
    await Promise.all(images.map((image) => scheduler.addJob("recognize", image)));
  });
  await scheduler.terminate();

  configureTesseract({ workers });
  await ocrImage(images[0] ?? Buffer.alloc(0), 0); // warm-up: pool start
  const figure = await timed(async () => {
    await Promise.all(images.map((image, i) => ocrImage(image, i)));
  });
  await stopTesseract();
  // Peak resident memory of this process (the benchmark runs each bench in a process of its own).
  const peakMb = process.resourceUsage().maxRSS / 1024;
  return [
    row({
      bench: "ocr",
      figure: "local OCR pages read",
      value: figure,
      unit: "pages/s",
      ceiling: { label: "bare tesseract.js, same images", value: ceiling },
      goal: { op: ">=", target: 1, on: "value" },
      note: `${fromCorpus ? "corpus receipts" : "rendered receipts"}, ${workers} OCR workers; ours adds orientation, scaling, words and boxes`,
    }),
    row({ bench: "ocr", figure: "peak memory of the OCR process", value: peakMb, unit: "MB", note: `${workers} tesseract workers + the models` }),
  ];
}
