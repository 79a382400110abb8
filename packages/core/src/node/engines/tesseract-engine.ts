import { AppError } from "../../errors/app-error";
import type { TPage, TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { recognizeUpright, type TRotation } from "./ocr/page-orientation";
import { prepareImage, type TPreparedImage } from "./ocr/prepare-image";
import { startOcrPool, type TOcrPoolOptions, type TRecognizeData } from "./ocr/worker-pool";
import { lazyPool, pooledOcrEngine } from "./pooled-ocr";
import { extent, median } from "./pdf-layout/layout-item";
import { readingOrderGroups } from "./pdf-layout/reading-order";
import { isTextColumn } from "./pdf-layout/text-column";

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

type TLineItem = { text: string; x0: number; y0: number; x1: number; y1: number; words: TWord[] };

/**
 * Whether tesseract found columns of running text side by side: two of its blocks beside each
 * other, each reading as running text. Its own order reads them one after the other, which the
 * layout by rows cannot tell from a table when their lines start afresh each time (a list set in
 * two columns); blocks of labels and of values are no running text, and are laid out by rows.
 */
function hasTextColumns(blocks: TLineItem[][]): boolean {
  const em = median(blocks.flat().map((line) => line.y1 - line.y0));
  const columns = blocks.filter((lines) => lines.length >= 2 && isTextColumn(lines, em)).map((lines) => extent(lines));
  return columns.some((a, i) =>
    columns.some((b, j) => j > i && (a.x1 <= b.x0 || b.x1 <= a.x0) && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0.5 * Math.min(a.y1 - a.y0, b.y1 - b.y0)),
  );
}

/**
 * Words in page units, in the upright frame the page was read in (a page turned 90 degrees
 * reports its width and height swapped). `layout`: tesseract's lines are put in reading order as
 * a PDF's text layer is (columns of running text one after the other, a label and its value set
 * apart on one row kept on one line), where tesseract's own order gives a form's column of labels,
 * then its column of values; else, and where tesseract found columns of running text side by side
 * (see hasTextColumns), tesseract's text as it is (a photo read as one block).
 */
function toPage(data: TRecognizeData, index: number, frame: TFrame, rotation: TRotation, layout = false): TPage {
  const k = frame.scale;
  const sideways = rotation === 90 || rotation === 270;
  const blocks: TLineItem[][] = [];
  for (const block of data.blocks ?? []) {
    const lines: TLineItem[] = [];
    blocks.push(lines);
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const words: TWord[] = [];
        for (const word of line.words) {
          if (!word.text.trim()) continue;
          const { x0, y0, x1, y1 } = word.bbox;
          words.push({ text: word.text, confidence: word.confidence / 100, bbox: { x0: x0 / k, y0: y0 / k, x1: x1 / k, y1: y1 / k } });
        }
        if (words.length === 0) continue;
        const { x0, y0, x1, y1 } = line.bbox;
        lines.push({ text: words.map((w) => w.text).join(" "), x0: x0 / k, y0: y0 / k, x1: x1 / k, y1: y1 / k, words });
      }
    }
  }
  const lines = blocks.flat();
  const width = sideways ? frame.height : frame.width;
  const height = sideways ? frame.width : frame.height;
  // Boxes stay in the page's frame: on a page read turned (by us or by tesseract's own turn) lines
  // run down it, and tesseract's order is kept.
  const across = lines.filter((line) => line.x1 - line.x0 >= line.y1 - line.y0).length;
  const laidOut = layout && rotation === 0 && across >= lines.length / 2 && !hasTextColumns(blocks);
  const rows = laidOut ? readingOrderGroups(lines, { page: { top: 0, bottom: height } }) : [lines];
  return {
    index,
    width,
    height,
    text: laidOut ? rows.map((row) => row.map((line) => line.text).join(" ")).join("\n") : data.text.trim(),
    confidence: Math.min(1, Math.max(0, data.confidence / 100)),
    words: rows.flat().flatMap((line) => line.words),
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
    return toPage(read.data, index, frame, read.rotation, true);
  }
  const prepared = await prepareOrRefuse(image);
  // A photo is mostly one column of lines (receipts, labels): read as one block, "TOTAL" and its
  // amount stay on one line (receipts: CER 15.7% against 18.7% with automatic layout).
  const read = await recognizeUpright(ocr, prepared.image, "single-block");
  return toPage(read.data, index, prepared, read.rotation);
}

/** Local OCR with tesseract.js: images directly, PDFs page by page after rendering them. */
export const tesseractEngine: TEngine = pooledOcrEngine({ name: "tesseract", dpi: OCR_DPI, pool, readImage: ocrImage });
