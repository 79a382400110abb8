import sharp from "sharp";
import { findMrzLines, type TFoundMrz, type TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { fuseLineReadings } from "../../../documents/mrz/fuse-line-readings";
import { textCell } from "../../../documents/mrz/mrz-reading";
import { cleanMrzLine } from "../../../documents/mrz/normalise-mrz-line";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import { recogniseMrzText, stopMrzTesseract } from "./mrz-ocr-worker";
import { stopMrzRecogniser } from "./mrz-recogniser";
import { locateLines, type TRegion } from "./mrz-regions";
import { readLineWithTesseract } from "./read-line-tesseract";
import { readLinesWithPaddle } from "./read-lines-paddle";

/** An MRZ read from an image: corrected lines, their box in image pixels, and the OCR's confidence (0..1). */
export type TMrzRead = {
  lines: string[];
  bbox: TBBox;
  confidence: number;
  /** Format, check-digit results and the corrections made. */
  mrz: TFoundMrz;
};

/** Stops the MRZ reader's OCR threads (tesseract and PP-OCR's recogniser) so the process can exit. */
export async function stopMrzOcr(): Promise<void> {
  await Promise.all([stopMrzTesseract(), stopMrzRecogniser()]);
}

type TAttempt = { region: TRegion; threshold: boolean; mode: "block" | "auto" };

/** The MRZ sits at the bottom of passports and ID cards; its band is about a quarter of the page height. */
const BAND_SHARE = 0.35;
// Estimated from a 44-character line spanning most of the width: OCR-B glyphs are about 1.4 times as tall as wide.
const CHARS_PER_WIDTH = 35;
const MIN_CHAR_HEIGHT_PX = 24;
const MAX_UPSCALE = 4;
const PADDING_PX = 16;
/** Ink heights (px) tried for each cropped line: tesseract reads best with capitals 30-40 px tall. */
const LINE_HEIGHTS_PX = [36, 28] as const;

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

const validShare = (found: TFoundMrz) => found.checks.filter((check) => check.valid).length / Math.max(1, found.checks.length);

/** Candidate readings, the best kept: more agreeing check digits, then more evidence (both recognisers), then less correction. */
class BestRead {
  found: TFoundMrz | undefined;
  private evidence = 0;

  consider(found: TFoundMrz | undefined, evidence: number): void {
    if (!found) return;
    const current = this.found;
    if (current) {
      const [a, b] = [validShare(found), validShare(current)];
      if (a < b || (a === b && (evidence < this.evidence || (evidence === this.evidence && found.cost >= current.cost)))) return;
    }
    this.found = found;
    this.evidence = evidence;
  }

  get valid(): boolean {
    return this.found?.valid ?? false;
  }
}

const textCells = (line: TMrzTextLine) => [...cleanMrzLine(line.text)].map((char) => textCell(char));

/** Lines read by several recognisers, fused line by line into one reading with every recogniser's options. */
function fuseLines(readings: readonly (readonly TMrzTextLine[])[]): TMrzTextLine[] {
  const first = readings[0] ?? [];
  return first.map((line, i) => {
    const cells = fuseLineReadings(readings.map((lines) => lines[i]).filter((l): l is TMrzTextLine => l !== undefined).map((l) => l.cells ?? textCells(l)));
    return { text: cells.map((cell) => cell[0]?.char ?? "<").join(""), cells, bbox: line.bbox, confidence: line.confidence };
  });
}

/**
 * Reads located lines with both recognisers, PP-OCR's (with runners-up) and tesseract's per-line reading, and
 * fuses them, so the check digits choose among what either saw and fields no check digit covers are read by two;
 * tesseract reads again at another scale where that does not satisfy every check digit.
 */
async function readRegions(image: Uint8Array, regions: readonly TRegion[], best: BestRead): Promise<void> {
  // PP-OCR unavailable (its model failed to load) leaves tesseract to read alone.
  const paddle = await readLinesWithPaddle(image, regions).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "ENGINE_FAILED" || error.code === "ENGINE_TIMEOUT")) return undefined;
    throw error;
  });
  if (paddle) best.consider(findMrzLines(paddle, { fillersFromShape: true }), 1);
  const readings: TMrzTextLine[][] = paddle ? [paddle] : [];
  for (const inkHeight of LINE_HEIGHTS_PX) {
    const lines: TMrzTextLine[] = [];
    for (const region of regions) lines.push(await readLineWithTesseract(image, region, inkHeight));
    readings.push(lines);
    best.consider(findMrzLines(lines, { fillersFromShape: true }), 1);
    if (readings.length > 1) best.consider(findMrzLines(fuseLines(readings), { fillersFromShape: true }), readings.length);
    if (best.valid) return;
  }
}

/**
 * Finds and reads the MRZ of a passport, ID card or visa image (JPEG, PNG, WebP, TIFF). The lines are located by
 * their glyph pattern and read one by one by PP-OCR's recogniser and tesseract; where that finds no MRZ whose check
 * digits all agree, tesseract's own layout analysis is tried on the bottom band and then the whole image. Null when
 * no MRZ is found.
 */
export async function readMrz(image: Uint8Array): Promise<TMrzRead | null> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    // autoOrient gives the size after EXIF rotation, matching the rotate() before every crop.
    ({ width, height } = await sharp(image).metadata().then((m) => m.autoOrient));
  } catch (error) {
    throw new AppError("CORRUPT_FILE", "This image cannot be decoded.", { cause: error });
  }
  if (!width || !height) throw new AppError("CORRUPT_FILE", "This image has no size.");
  // No legible MRZ fits such shapes (44 glyphs need a few hundred pixels across), and tesseract
  // stalls or dies on extreme ones (a 3x3000 strip ran for minutes; >32k px sides crash it).
  if (width < 200 || height < 40 || width / height > 25 || height / width > 25 || Math.max(width, height) > 20_000) {
    return null;
  }
  try {
    return await readMrzSized(image, width, height);
  } catch (error) {
    if (error instanceof AppError) throw error;
    // sharp can read a header and then fail on the pixels (truncated or damaged data).
    throw new AppError("CORRUPT_FILE", "This image is damaged and cannot be read. Take the photo again.", { cause: error });
  }
}

async function readMrzSized(image: Uint8Array, width: number, height: number): Promise<TMrzRead | null> {
  const best = new BestRead();
  const regions = await locateLines(image, width, height);
  if (regions.length >= 2) await readRegions(image, regions, best);
  const bandTop = Math.floor(height * (1 - BAND_SHARE));
  const band: TRegion = { left: 0, top: bandTop, width, height: height - bandTop };
  const whole: TRegion = { left: 0, top: 0, width, height };
  const attempts: TAttempt[] = [
    { region: band, threshold: false, mode: "block" },
    { region: band, threshold: true, mode: "block" },
    { region: whole, threshold: false, mode: "auto" },
    { region: whole, threshold: true, mode: "auto" },
  ];
  for (const attempt of best.valid ? [] : attempts) {
    best.consider(findMrzLines(await ocrLines(image, attempt)), 0);
    if (best.valid) break;
  }
  const found = best.found;
  if (!found) return null;
  return {
    lines: found.lines,
    bbox: found.bbox ?? { x0: 0, y0: bandTop, x1: width, y1: height },
    confidence: found.ocrConfidence ?? 0,
    mrz: found,
  };
}
