import sharp, { type Sharp } from "sharp";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import { findMrzLines, type TFoundMrz, type TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { assembleMrzLineDetailed, type TOcrSymbol } from "./assemble-mrz-line";
import { locateMrzLines, type TGreyImage } from "./locate-mrz-lines";
import { recogniseMrzText } from "./mrz-ocr-worker";
import { segmentMrzGlyphs } from "./segment-mrz-glyphs";

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

/** Width the image is brought to for finding the MRZ lines: enough for 44 glyphs, cheap to scan. */
const LOCATE_WIDTH = 1000;
/** Ink heights (px) tried for each cropped line: tesseract reads best with capitals 30-40 px tall. */
const LINE_HEIGHTS_PX = [36, 28] as const;
/** Margins around a located line, as shares of its height (above, below) and of the image width (sides). */
const LINE_MARGIN_Y = 0.35;
const LINE_MARGIN_X = 0.015;

async function greyPixels(pipeline: Sharp): Promise<TGreyImage> {
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return { data: new Uint8Array(data), width: info.width, height: info.height };
  // An alpha channel survives greyscale(): keep the grey one.
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels] ?? 255;
  return { data: grey, width: info.width, height: info.height };
}

/** The MRZ lines' boxes in the image's pixels, each widened to the union of their extents (MRZ lines align). */
async function locateLines(image: Uint8Array, width: number, height: number): Promise<TRegion[]> {
  const small = await greyPixels(sharp(image).rotate().resize({ width: LOCATE_WIDTH }));
  const k = width / small.width;
  const boxes = locateMrzLines(small);
  if (boxes.length < 2) return [];
  const x0 = Math.min(...boxes.map((b) => b.x0)) * k - width * LINE_MARGIN_X;
  const x1 = Math.max(...boxes.map((b) => b.x1)) * k + width * LINE_MARGIN_X;
  const left = Math.max(0, Math.floor(x0));
  return boxes.map((box) => {
    const margin = (box.y1 - box.y0) * k * LINE_MARGIN_Y;
    const top = Math.max(0, Math.floor(box.y0 * k - margin));
    const bottom = Math.min(height, Math.ceil(box.y1 * k + margin));
    return { left, top, width: Math.min(width, Math.ceil(x1)) - left, height: bottom - top };
  });
}

const symbolsOf = (page: Awaited<ReturnType<typeof recogniseMrzText>>): TOcrSymbol[] =>
  (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.flatMap((line) =>
        line.words.flatMap((word) =>
          word.symbols.map((symbol) => ({
            text: symbol.text,
            confidence: symbol.confidence,
            x0: symbol.bbox.x0,
            x1: symbol.bbox.x1,
          })),
        ),
      ),
    ),
  );

/**
 * Reads one cropped MRZ line scaled so its ink is `inkHeight` px tall: tesseract reads the characters, the glyph
 * cells on the fixed pitch decide which are fillers and keep the line's length.
 */
async function readLine(image: Uint8Array, region: TRegion, inkHeight: number): Promise<TMrzTextLine> {
  const scale = inkHeight / (region.height / (1 + 2 * LINE_MARGIN_Y));
  const grey = await greyPixels(
    sharp(image)
      .rotate()
      .extract(region)
      .greyscale()
      .normalise()
      .resize({ width: Math.max(1, Math.round(region.width * scale)), kernel: "lanczos3" })
      .extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" }),
  );
  const png = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } }).png().toBuffer();
  const page = await recogniseMrzText(png, "line");
  const row = segmentMrzGlyphs(grey);
  let text = page.text;
  if (row) {
    const assembled = assembleMrzLineDetailed(row, symbolsOf(page));
    text = assembled.line;
    // A letter the line read skipped (a narrow I squeezed between wide letters) is read on its own.
    for (const index of assembled.unread.slice(0, 4)) {
      const glyph = row.cells[index];
      if (!glyph) continue;
      // Tesseract reads nothing from a lone stroke; in OCR-B only I and 1 are that narrow (the field's
      // letter/digit rule picks between them).
      const narrow = glyph.x1 - glyph.x0 < 0.35 * (glyph.y1 - glyph.y0);
      const ch = (await readGlyph(grey, glyph)) ?? (narrow ? "I" : null);
      if (ch) text = text.slice(0, index) + ch + text.slice(index + 1);
    }
  }
  return {
    text,
    confidence: page.confidence / 100,
    bbox: { x0: region.left, y0: region.top, x1: region.left + region.width, y1: region.top + region.height },
  };
}

/** One glyph cropped with a margin and read in single-character mode; null when it reads as nothing MRZ-like. */
async function readGlyph(grey: TGreyImage, glyph: { x0: number; y0: number; x1: number; y1: number }): Promise<string | null> {
  const pad = Math.round((glyph.y1 - glyph.y0) * 0.4);
  const left = Math.max(0, Math.floor(glyph.x0) - pad);
  const top = Math.max(0, Math.floor(glyph.y0) - pad);
  const right = Math.min(grey.width, Math.ceil(glyph.x1) + pad);
  const bottom = Math.min(grey.height, Math.ceil(glyph.y1) + pad);
  if (right <= left || bottom <= top) return null;
  const png = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .extract({ left, top, width: right - left, height: bottom - top })
    .extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" })
    .png()
    .toBuffer();
  const page = await recogniseMrzText(png, "char");
  const raw = page.text.replace(/\s/g, "").charAt(0);
  // A lone vertical stroke is an I (or a 1: the field's letter/digit rule settles which later).
  const ch = /^[|l!\][]$/.test(raw) ? "I" : raw.toUpperCase();
  return /^[A-Z0-9]$/.test(ch) ? ch : null;
}

const validChecks = (found: TFoundMrz) => found.checks.filter((check) => check.valid).length / found.checks.length;

type TBest = { found: TFoundMrz; confidence: number };

/** More agreeing check digits first, then the OCR's confidence. */
function better(best: TBest | undefined, found: TFoundMrz | undefined): TBest | undefined {
  if (!found) return best;
  const candidate = { found, confidence: found.ocrConfidence ?? 0 };
  if (!best) return candidate;
  const [a, b] = [validChecks(found), validChecks(best.found)];
  return a > b || (a === b && candidate.confidence > best.confidence) ? candidate : best;
}

/**
 * Finds and reads the MRZ of a passport, ID card or visa image (JPEG, PNG, WebP, TIFF). The lines are located by
 * their glyph pattern and read one by one at a few scales; where that finds no MRZ whose check digits all agree,
 * tesseract's own layout analysis is tried on the bottom band and then the whole image. Null when no MRZ is found.
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
  let best: TBest | undefined;
  const regions = await locateLines(image, width, height);
  for (const inkHeight of regions.length >= 2 ? LINE_HEIGHTS_PX : []) {
    const lines: TMrzTextLine[] = [];
    for (const region of regions) lines.push(await readLine(image, region, inkHeight));
    best = better(best, findMrzLines(lines, { fillersFromShape: true }));
    if (best?.found.valid) break;
  }
  const bandTop = Math.floor(height * (1 - BAND_SHARE));
  const band: TRegion = { left: 0, top: bandTop, width, height: height - bandTop };
  const whole: TRegion = { left: 0, top: 0, width, height };
  const attempts: TAttempt[] = [
    { region: band, threshold: false, mode: "block" },
    { region: band, threshold: true, mode: "block" },
    { region: whole, threshold: false, mode: "auto" },
    { region: whole, threshold: true, mode: "auto" },
  ];
  for (const attempt of best?.found.valid ? [] : attempts) {
    best = better(best, findMrzLines(await ocrLines(image, attempt)));
    if (best?.found.valid) break;
  }
  if (!best) return null;
  return {
    lines: best.found.lines,
    bbox: best.found.bbox ?? { x0: 0, y0: bandTop, x1: width, y1: height },
    confidence: best.confidence,
    mrz: best.found,
  };
}
