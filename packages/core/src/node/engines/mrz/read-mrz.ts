import sharp from "sharp";
import { findMrzLines, type TFoundMrz } from "../../../documents/mrz/find-mrz-lines";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import { BestRead } from "./best-read";
import { estimateSkew, estimateTextAngle, MAX_SKEW_DEGREES } from "./estimate-skew";
import { flattenedView } from "../views/flattened-view";
import { stopMrzTesseract } from "./mrz-ocr-worker";
import { stopMrzRecogniser } from "./mrz-recogniser";
import { greyPixels, imageHalves, locateLineSets, regionsAround, type TRegion } from "./mrz-regions";
import { bandAttempts, readBandWithTesseract } from "./read-band-tesseract";
import { readRegions } from "./read-regions";
import { turnedView } from "../views/turned-view";

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

/** Sets of located lines read line by line per view of the image (upright, straightened, upside down), at most. */
const LINE_SET_READS = 4;
/** No further attempt starts after this long: an image without an MRZ must not hold a worker for minutes. */
const MAX_SEARCH_MS = 20_000;
/** Groups of lines found by tesseract's layout analysis that are read again line by line, at most. */
const MAX_REREADS = 2;
/** Skew below this (degrees) leaves MRZ lines straight enough for the glyph-pattern search. */
const MIN_SKEW_DEGREES = 0.75;

const regionsKey = (regions: readonly TRegion[]) =>
  regions.map((r) => `${Math.round(r.top / 3)},${Math.round(r.left / 3)},${Math.round(r.width / 3)}`).join(";");

/** Locates MRZ lines by their glyph pattern, in the whole image and then in each half, and reads them. */
async function readLocated(image: Uint8Array, width: number, height: number, best: BestRead, toImage?: (box: TBBox) => TBBox): Promise<void> {
  best.stage(LINE_SET_READS);
  const done = new Set<string>();
  // Both sides of a card scanned next to each other: the MRZ spans half the width, too little to stand out.
  for (const area of [undefined, ...imageHalves(width, height)]) {
    for (const regions of await locateLineSets(image, width, height, area)) {
      const key = regionsKey(regions);
      if (done.has(key)) continue;
      done.add(key);
      await readRegions(image, regions, best, toImage);
      if (best.done) return;
    }
  }
}

/**
 * Finds and reads the MRZ of a passport, ID card or visa image (JPEG, PNG, WebP, TIFF). The lines are located by
 * their glyph pattern (in the image, in each half of a two-sided scan, then in the card warped flat when its
 * outline shows in the photo, then in the image turned straight when photographed at a slant, sideways or upside
 * down) and read one by one by PP-OCR's recogniser and tesseract; failing that,
 * tesseract's own layout analysis finds them in the bottom band or the whole image. The search stops at the first
 * MRZ whose check digits all agree, or after MAX_SEARCH_MS. Null when no MRZ is found.
 */
export async function readMrz(image: Uint8Array): Promise<TMrzRead | null> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    // autoOrient gives the size after EXIF rotation, matching the rotate() before every crop.
    ({ width, height } = await sharp(image)
      .metadata()
      .then((m) => m.autoOrient));
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

/**
 * Reads the image as it is and, failing that, turned straight. Photographed askew, at a slant,
 * sideways or upside down: the text lines' angle says how far the image is turned, not which way
 * up; both ways are tried, then upside down as it is. A skew of a few degrees goes first: a card's
 * straight borders and ruled lines can outweigh its text in the search over every angle.
 * `toImage` maps boxes of this image back to the uploaded one's pixels.
 */
async function readAnyTurn(image: Uint8Array, width: number, height: number, best: BestRead, toImage?: (box: TBBox) => TBBox): Promise<void> {
  await readLocated(image, width, height, best, toImage);
  if (!best.done) await readTurned(image, width, height, best, toImage);
}

/** The image turned straight (see readAnyTurn), read in each turn worth trying. */
async function readTurned(image: Uint8Array, width: number, height: number, best: BestRead, toImage?: (box: TBBox) => TBBox): Promise<void> {
  const grey = await greyPixels(sharp(image).rotate().resize({ width: 1000 }));
  const angle = estimateTextAngle(grey);
  // A skew at the edge of the few-degree search is a larger turn cut short: the angle over every turn says how far.
  const skew = estimateSkew(grey);
  const turns = [...(Math.abs(skew) < MAX_SKEW_DEGREES ? [-skew] : []), -angle, 180 - angle, 180].filter((turn) => Math.abs(turn) >= MIN_SKEW_DEGREES);
  for (const [i, turn] of turns.entries()) {
    if (best.done) break;
    if (turns.slice(0, i).some((other) => Math.abs(other - turn) < MIN_SKEW_DEGREES)) continue;
    const view = await turnedView(image, width, height, turn);
    await readLocated(view.bytes, view.width, view.height, best, toImage ? (box) => toImage(view.toImage(box)) : view.toImage);
  }
}

async function readMrzSized(image: Uint8Array, width: number, height: number): Promise<TMrzRead | null> {
  const best = new BestRead(MAX_SEARCH_MS);
  await readLocated(image, width, height, best);
  if (!best.done) {
    // Seen at an angle (a card on a table), the MRZ's lines converge: the card is found by its
    // outline, warped flat (which also turns it straight), and read before the photo's own turns,
    // which cannot undo a keystone. An outline not found, or a flattener that cannot start,
    // leaves the photo turned straight and tesseract's layout analysis below.
    const flat = await flattenedView(image, width, height).catch(() => null);
    if (flat) await readAnyTurn(flat.bytes, flat.width, flat.height, best, flat.toImage);
  }
  if (!best.done) await readTurned(image, width, height, best);
  // Lines tesseract's layout analysis finds where the glyph pattern found none are read line by line too, even
  // when its own text passes the check digits: no check digit covers the names.
  best.stage(MAX_REREADS);
  const reread = new Set<string>();
  for (const attempt of bandAttempts(width, height)) {
    if (best.done) break;
    const found = findMrzLines(await readBandWithTesseract(image, attempt));
    best.consider(found, 0);
    const boxes = found?.boxes.filter((box): box is TBBox => box !== undefined) ?? [];
    const key = boxes.map((box) => `${Math.round(box.y0 / 10)}`).join(",");
    if (found && boxes.length === found.lines.length && !reread.has(key)) {
      reread.add(key);
      await readRegions(image, regionsAround(boxes, width, height), best);
    }
  }
  const found = best.found;
  if (!found) return null;
  return {
    lines: found.lines,
    bbox: found.bbox ?? { x0: 0, y0: 0, x1: width, y1: height },
    confidence: found.ocrConfidence ?? 0,
    mrz: found,
  };
}
