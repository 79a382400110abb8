import { rotateImage, sharpOf, pgmOf } from "./grey-image";
import type { TOcrPool, TRecognizeData, TRecognizeOptions } from "./worker-pool";

// Upright pages read at 0.8-0.9 (see readingScore), receipt photos at 0.4-0.8, upside-down text
// at 0.1-0.3. Below POOR the page is read again turned; a turned reading must beat the first by
// MARGIN, so a poor photo read upright is not swapped for a slightly less poor sideways one.
const POOR_SCORE = 0.45;
const MARGIN = 0.2;
export type TRotation = 0 | 90 | 180 | 270;

// Tokens a reader would accept as a word or a number; text read the wrong way up rarely is.
const PLAUSIBLE = /^[("'‘“]?(?:[A-Za-z][a-z]+|[A-Z]+|\d[\d.,:/-]*)[)"'’”.,:;!?]*$/;

/**
 * How well a recognition reads, 0-1: the mean confidence of its words, weighted by length, times
 * the share of characters in words that look like words or numbers.
 */
export function readingScore(data: TRecognizeData): number {
  let chars = 0;
  let weighted = 0;
  let plausible = 0;
  for (const block of data.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        for (const word of line.words) {
          const text = word.text.trim();
          if (!/[A-Za-z0-9]/.test(text)) continue;
          chars += text.length;
          weighted += (text.length * word.confidence) / 100;
          if (PLAUSIBLE.test(text)) plausible += text.length;
        }
      }
    }
  }
  if (chars === 0) return 0;
  return (weighted / chars) * (plausible / chars);
}

/** A middle part of the page: enough lines to judge orientation at a fraction of the OCR time. */
async function probeOf(image: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharpOf(image).metadata();
  const crop = { left: Math.round(width * 0.15), top: Math.round(height * 0.25), width: Math.round(width * 0.7), height: Math.round(height * 0.5) };
  if (crop.width < 32 || crop.height < 32) return image;
  return pgmOf(sharpOf(image).extract(crop));
}

type TReading = { data: TRecognizeData; rotation: TRotation; score: number };

type TLayout = TRecognizeOptions["layout"];

async function readTurned(pool: TOcrPool, image: Buffer, rotation: TRotation, layout: TLayout): Promise<TReading> {
  const data = await pool.recognize(await rotateImage(image, rotation), { rotateAuto: true, layout });
  return { data, rotation, score: readingScore(data) };
}

/** The turned reading where it clearly reads better than the upright one. */
const better = (upright: TReading, turned: TReading): TReading => (turned.score >= upright.score + MARGIN ? turned : upright);

/**
 * Reads an image the right way up. tesseract.js cannot detect orientation without osd.traineddata,
 * which is not shipped. With automatic layout tesseract reads a page turned a quarter one way
 * (it finds the vertical lines) but not one turned the other way or upside down; turned half a
 * turn, both of those become readable. So a page that reads poorly is read again turned 180
 * degrees, and only if that fails too (one-block layout, sparse text) are the quarter turns probed
 * on a crop. Small skew is corrected by tesseract itself (rotateAuto).
 */
export async function recognizeUpright(pool: TOcrPool, image: Buffer, layout: TLayout = "auto"): Promise<TReading> {
  const first = await readTurned(pool, image, 0, layout);
  if (first.score >= POOR_SCORE) return first;
  const flipped = better(first, await readTurned(pool, image, 180, layout));
  if (flipped.score >= POOR_SCORE) return flipped;

  const probe = await probeOf(image);
  const quarter = await Promise.all(
    ([90, 270] as const).map(async (rotation) => ({
      rotation,
      score: readingScore(await pool.recognize(await rotateImage(probe, rotation), { layout })),
    })),
  );
  const best = quarter.reduce((a, b) => (b.score > a.score ? b : a));
  if (best.score < flipped.score + MARGIN) return flipped;
  return better(flipped, await readTurned(pool, image, best.rotation, layout));
}
