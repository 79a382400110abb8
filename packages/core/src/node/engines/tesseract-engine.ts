import { AppError } from "../../errors/app-error";
import type { TPage, TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { recognizeUpright, type TRotation } from "./ocr/page-orientation";
import { prepareImage, type TPreparedImage } from "./ocr/prepare-image";
import { startOcrPool, type TOcrPoolOptions, type TRecognizeData } from "./ocr/worker-pool";
import { lazyPool, pooledOcrEngine } from "./pooled-ocr";

// Tesseract's recognizer scales every line to a fixed height, so a higher resolution mostly adds
// layout and deskew work: on the corpus' 300 dpi scans, 200 dpi cost 25-40% less CPU than 300 for
// CER 1.03% against 0.98%; 150 dpi saved little more and lost more (1.12%).
const OCR_DPI = 200;

const pool = lazyPool(startOcrPool, {});
/** Sets the worker count and start-up timeout of local OCR; applies from the next start. */
export const configureTesseract: (options: TOcrPoolOptions) => void = pool.configure;
/** Stops the OCR worker threads so the process can exit. */
export const stopTesseract: () => Promise<void> = pool.stop;

/** Where a page's pixels sit: `scale` image pixels per page unit (PDF points, or original pixels). */
type TFrame = { width: number; height: number; scale: number };

/**
 * Words in page units, in the upright frame the page was read in (a page turned 90 degrees
 * reports its width and height swapped).
 */
function toPage(data: TRecognizeData, index: number, frame: TFrame, rotation: TRotation): TPage {
  const k = frame.scale;
  const sideways = rotation === 90 || rotation === 270;
  const words: TWord[] = [];
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          if (!word.text.trim()) continue;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({ text: word.text, confidence: word.confidence / 100, bbox: { x0: x0 / k, y0: y0 / k, x1: x1 / k, y1: y1 / k } });
        }
      }
    }
  }
  return {
    index,
    width: sideways ? frame.height : frame.width,
    height: sideways ? frame.width : frame.height,
    // Tesseract's own text keeps its reading order: block by block, column by column.
    text: data.text.trim(),
    confidence: Math.min(1, Math.max(0, data.confidence / 100)),
    words,
  };
}

/** Tesseract (leptonica) cannot hold sides past 32k px and dies outside the promise it returns. */
const MAX_OCR_SIDE = 30_000;

async function prepareOrRefuse(bytes: Uint8Array): Promise<TPreparedImage> {
  let prepared: TPreparedImage;
  try {
    prepared = await prepareImage(bytes);
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "This image cannot be decoded. Export it again as JPEG or PNG and upload it again.", {
      cause: error,
    });
  }
  if (prepared.width < 3 || prepared.height < 3 || Math.max(prepared.width, prepared.height) > MAX_OCR_SIDE) {
    throw new AppError("CORRUPT_FILE", `This image is ${prepared.width} x ${prepared.height} pixels, a shape no document has. Crop or export it again.`);
  }
  return prepared;
}

/**
 * OCR of one image into a page of words with confidence. Photos and scans (JPEG, PNG, TIFF, WebP)
 * are cleaned up first; with `frame`, the image is an already rendered page and boxes are reported
 * in the frame's unit.
 */
export async function ocrImage(image: Uint8Array, index: number, frame?: TFrame): Promise<TPage> {
  const ocr = await pool.get();
  if (frame) {
    const read = await recognizeUpright(ocr, Buffer.from(image), "auto");
    return toPage(read.data, index, frame, read.rotation);
  }
  const prepared = await prepareOrRefuse(image);
  // A photo is mostly one column of lines (receipts, labels): read as one block, "TOTAL" and its
  // amount stay on one line (receipts: CER 15.7% against 18.7% with automatic layout).
  const read = await recognizeUpright(ocr, prepared.image, "single-block");
  return toPage(read.data, index, prepared, read.rotation);
}

/** Local OCR with tesseract.js: images directly, PDFs page by page after rendering them. */
export const tesseractEngine: TEngine = pooledOcrEngine({ name: "tesseract", dpi: OCR_DPI, pool, readImage: ocrImage });
