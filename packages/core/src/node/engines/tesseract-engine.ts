import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createWorker, type Worker } from "tesseract.js";
import { AppError } from "../../errors/app-error";
import type { TPage, TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { renderPdfPages } from "./render-pdf";
import { loadImage } from "@napi-rs/canvas";

/** The pixel size of an image, or undefined where the decoder cannot tell (the OCR boxes then bound it). */
async function imageFrame(bytes: Uint8Array): Promise<{ width: number; height: number; scale: number } | undefined> {
  try {
    const image = await loadImage(Buffer.from(bytes));
    return { width: image.width, height: image.height, scale: 1 };
  } catch {
    return undefined;
  }
}

const require = createRequire(import.meta.url);
// The English model ships in an npm package; without langPath tesseract.js fetches it from a CDN.
const LANG_PATH = join(dirname(require.resolve("@tesseract.js-data/eng/package.json")), "4.0.0_best_int");
const START_TIMEOUT_MS = 30_000;

let workerPromise: Promise<Worker> | undefined;

async function startWorker(): Promise<Worker> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new AppError("ENGINE_TIMEOUT", `Local OCR did not start within ${START_TIMEOUT_MS / 1000} s.`)),
      START_TIMEOUT_MS,
    );
  });
  try {
    return await Promise.race([createWorker("eng", 1, { langPath: LANG_PATH, cacheMethod: "none", gzip: true }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function getWorker(): Promise<Worker> {
  workerPromise ??= startWorker().catch((error: unknown) => {
    workerPromise = undefined;
    throw error;
  });
  return workerPromise;
}

/** Stops the OCR worker thread so the process can exit. */
export async function stopTesseract(): Promise<void> {
  const pending = workerPromise;
  workerPromise = undefined;
  if (pending) await (await pending).terminate();
}

/** OCR of one image (JPEG, PNG, TIFF, WebP bytes) into a page of words with confidence. */
export async function ocrImage(
  image: Uint8Array,
  index: number,
  frame?: { width: number; height: number; scale: number },
): Promise<TPage> {
  // Boxes are reported in the page's own unit (PDF points for rendered pages, pixels for images).
  const k = frame?.scale ?? 1;
  const worker = await getWorker();
  const { data } = await worker.recognize(Buffer.from(image), {}, { text: true, blocks: true });
  const words: TWord[] = [];
  let maxX = 0;
  let maxY = 0;
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          if (!word.text.trim()) continue;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({
            text: word.text,
            confidence: word.confidence / 100,
            bbox: { x0: x0 / k, y0: y0 / k, x1: x1 / k, y1: y1 / k },
          });
          maxX = Math.max(maxX, x1 / k);
          maxY = Math.max(maxY, y1 / k);
        }
      }
    }
  }
  return {
    index,
    width: frame?.width ?? maxX,
    height: frame?.height ?? maxY,
    text: data.text.trim(),
    confidence: data.confidence / 100,
    words,
  };
}

/** Local OCR with tesseract.js: images directly, PDFs page by page after rendering them. */
export const tesseractEngine: TEngine = {
  name: "tesseract",
  canRead: () => true,
  async read({ bytes, type, signal, pageNumbers }) {
    if (type !== "application/pdf") {
      return { engine: "tesseract", pages: [await ocrImage(bytes, 0, await imageFrame(bytes))] };
    }
    const pages: TPage[] = [];
    for await (const rendered of renderPdfPages(bytes, { signal, pages: pageNumbers })) {
      pages.push(await ocrImage(rendered.png, rendered.index, rendered));
    }
    if (pages.length === 0) throw new AppError("CORRUPT_FILE", "This PDF has no pages.");
    return { engine: "tesseract", pages };
  },
};
