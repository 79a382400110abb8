import sharp, { type Metadata } from "sharp";
import { AppError } from "../../errors/app-error";
import type { TPage } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { startPaddlePool, type TPaddlePoolOptions } from "./paddle/paddle-pool";
import { segmentsToPage } from "./paddle/segments-to-page";
import { lazyPool, pooledOcrEngine } from "./pooled-ocr";

// PP-OCR's recogniser reads each line at 48 px high whatever the page's resolution; 200 dpi keeps
// 8-point print at about 22 px, enough for the detector, at half the pixels of 300 dpi.
const OCR_DPI = 200;
/** Sides past this are no document (sharp and the detector would allocate gigabytes). */
const MAX_SIDE = 30_000;

const pool = lazyPool(startPaddlePool, {});
/** Sets the thread count, start-up timeout and reader options of PP-OCR; applies from the next start. */
export const configurePaddle: (options: TPaddlePoolOptions) => void = pool.configure;
/** Stops the PP-OCR threads so the process can exit. */
export const stopPaddle: () => Promise<void> = pool.stop;

/** The image's size as shown (EXIF orientation applied), or a CORRUPT_FILE error a person can act on. */
async function checkImage(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { failOn: "none" }).metadata();
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "This image cannot be decoded. Export it again as JPEG or PNG and upload it again.", { cause: error });
  }
  const swapped = (meta.orientation ?? 1) >= 5;
  const width = (swapped ? meta.height : meta.width) ?? 0;
  const height = (swapped ? meta.width : meta.height) ?? 0;
  if (width < 3 || height < 3 || Math.max(width, height) > MAX_SIDE) {
    throw new AppError("CORRUPT_FILE", `This image is ${width} x ${height} pixels, a shape no document has. Crop or export it again.`);
  }
  return { width, height };
}

/**
 * OCR of one image into a page of words with confidence and boxes. With `frame`, the image is an
 * already rendered page whose boxes are reported in the frame's unit (`scale` pixels per unit).
 */
export async function paddleImage(image: Uint8Array, index: number, frame?: { width: number; height: number; scale: number }): Promise<TPage> {
  const size = frame ?? (await checkImage(image));
  const read = await (await pool.get()).read(image);
  // A page read turned a quarter reports its sides swapped, as the frame it was read in.
  const upright = read.turned ? { width: size.height, height: size.width } : { width: size.width, height: size.height };
  if (frame) return segmentsToPage(read, index, frame.scale, upright);
  // The reader may have shrunk a very large photo: boxes go back to the original's pixels.
  return segmentsToPage(read, index, read.width / upright.width, upright);
}

/** Local OCR with PP-OCR (ONNX Runtime): images directly, PDFs page by page after rendering them. */
export const paddleEngine: TEngine = pooledOcrEngine({ name: "paddle", dpi: OCR_DPI, pool, readImage: paddleImage });
