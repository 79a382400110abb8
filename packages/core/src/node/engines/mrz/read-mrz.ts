import sharp from "sharp";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import { findMrzLines, type TFoundMrz, type TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { recogniseMrzText } from "./mrz-ocr-worker";

export { stopMrzOcr } from "./mrz-ocr-worker";

/** An MRZ read from an image: corrected lines, their box in image pixels, and the OCR's confidence (0..1). */
export type TMrzRead = {
  lines: string[];
  bbox: TBBox;
  confidence: number;
  /** Format, check-digit results and the corrections made. */
  mrz: TFoundMrz;
};

type TRegion = { left: number; top: number; width: number; height: number };
type TAttempt = { region: TRegion; threshold: boolean; mode: "block" | "auto" };

/** The MRZ sits at the bottom of passports and ID cards; its band is about a quarter of the page height. */
const BAND_SHARE = 0.35;
// Estimated from a 44-character line spanning most of the width: OCR-B glyphs are about 1.4 times as tall as wide.
const CHARS_PER_WIDTH = 35;
const MIN_CHAR_HEIGHT_PX = 24;
const MAX_UPSCALE = 4;
const PADDING_PX = 16;

async function preprocess(image: Uint8Array, attempt: TAttempt): Promise<{ png: Buffer; scale: number }> {
  const { region } = attempt;
  const scale = Math.min(MAX_UPSCALE, Math.max(1, (MIN_CHAR_HEIGHT_PX * CHARS_PER_WIDTH) / region.width));
  let pipeline = sharp(image)
    .rotate()
    .extract(region)
    .greyscale()
    .normalise()
    .resize({ width: Math.round(region.width * scale), kernel: "lanczos3" });
  if (attempt.threshold) pipeline = pipeline.threshold(140);
  // Tesseract reads text touching the edge poorly.
  const png = await pipeline
    .extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" })
    .png()
    .toBuffer();
  return { png, scale };
}

async function ocrLines(image: Uint8Array, attempt: TAttempt): Promise<TMrzTextLine[]> {
  const { png, scale } = await preprocess(image, attempt);
  const page = await recogniseMrzText(png, attempt.mode);
  // Boxes back in the original image's pixels.
  const toImage = (x: number, offset: number) => Math.max(0, (x - PADDING_PX) / scale + offset);
  return (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.map((line) => ({
        text: line.text,
        confidence: line.confidence / 100,
        bbox: {
          x0: toImage(line.bbox.x0, attempt.region.left),
          y0: toImage(line.bbox.y0, attempt.region.top),
          x1: toImage(line.bbox.x1, attempt.region.left),
          y1: toImage(line.bbox.y1, attempt.region.top),
        },
      })),
    ),
  );
}

const validChecks = (found: TFoundMrz) => found.checks.filter((check) => check.valid).length / found.checks.length;

/**
 * Finds and reads the MRZ of a passport, ID card or visa image (JPEG, PNG, WebP, TIFF): the bottom band first, then
 * the whole image, each plain and thresholded, stopping at the first reading whose check digits all agree.
 * Null when no MRZ is found.
 */
export async function readMrz(image: Uint8Array): Promise<TMrzRead | null> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    // autoOrient gives the size after EXIF rotation, matching the rotate() in preprocess.
    ({ width, height } = await sharp(image).metadata().then((m) => m.autoOrient));
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "This image cannot be decoded.", { cause: error });
  }
  if (!width || !height) throw new AppError("CORRUPT_FILE", "This image has no size.");
  const bandTop = Math.floor(height * (1 - BAND_SHARE));
  const band: TRegion = { left: 0, top: bandTop, width, height: height - bandTop };
  const whole: TRegion = { left: 0, top: 0, width, height };
  const attempts: TAttempt[] = [
    { region: band, threshold: false, mode: "block" },
    { region: band, threshold: true, mode: "block" },
    { region: whole, threshold: false, mode: "auto" },
    { region: whole, threshold: true, mode: "auto" },
  ];
  let best: { found: TFoundMrz; confidence: number } | undefined;
  for (const attempt of attempts) {
    const found = findMrzLines(await ocrLines(image, attempt));
    if (!found) continue;
    const confidence = found.ocrConfidence ?? 0;
    if (!best || validChecks(found) > validChecks(best.found) || (validChecks(found) === validChecks(best.found) && confidence > best.confidence)) {
      best = { found, confidence };
    }
    if (found.valid) break;
  }
  if (!best) return null;
  return {
    lines: best.found.lines,
    bbox: best.found.bbox ?? { x0: 0, y0: bandTop, x1: width, y1: height },
    confidence: best.confidence,
    mrz: best.found,
  };
}
