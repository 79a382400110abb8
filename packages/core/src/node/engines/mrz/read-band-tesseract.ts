import sharp from "sharp";
import type { TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { recogniseMrzText } from "./mrz-ocr-worker";
import type { TRegion } from "./mrz-regions";

/** A region read by tesseract's own layout analysis: as one block, or finding the text itself. */
export type TBandAttempt = { region: TRegion; threshold: boolean; mode: "block" | "auto" };

/** The MRZ sits at the bottom of passports and ID cards; its band is about a quarter of the page height. */
const BAND_SHARE = 0.35;
// Estimated from a 44-character line spanning most of the width: OCR-B glyphs are about 1.4 times as tall as wide.
const CHARS_PER_WIDTH = 35;
const MIN_CHAR_HEIGHT_PX = 24;
const MAX_UPSCALE = 4;
const PADDING_PX = 16;

/** The bottom band, then the whole image, each as is and thresholded. */
export function bandAttempts(width: number, height: number): TBandAttempt[] {
  const bandTop = Math.floor(height * (1 - BAND_SHARE));
  const band: TRegion = { left: 0, top: bandTop, width, height: height - bandTop };
  const whole: TRegion = { left: 0, top: 0, width, height };
  return [
    { region: band, threshold: false, mode: "block" },
    { region: band, threshold: true, mode: "block" },
    { region: whole, threshold: false, mode: "auto" },
    { region: whole, threshold: true, mode: "auto" },
  ];
}

async function preprocess(image: Uint8Array, attempt: TBandAttempt): Promise<{ png: Buffer; scale: number }> {
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
  const png = await pipeline.extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" }).png().toBuffer();
  return { png, scale };
}

/** The text lines tesseract finds in a region, with their boxes in the image's pixels. */
export async function readBandWithTesseract(image: Uint8Array, attempt: TBandAttempt): Promise<TMrzTextLine[]> {
  const { png, scale } = await preprocess(image, attempt);
  const page = await recogniseMrzText(png, attempt.mode);
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
