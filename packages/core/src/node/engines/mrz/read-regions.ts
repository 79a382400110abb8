import { findMrzLines, type TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { fuseLineReadings } from "../../../documents/mrz/fuse-line-readings";
import { textCell } from "../../../documents/mrz/mrz-reading";
import { cleanMrzLine } from "../../../documents/mrz/normalise-mrz-line";
import { AppError } from "../../../errors/app-error";
import type { TBBox } from "../../../extraction/extraction-result";
import type { BestRead } from "./best-read";
import type { TRegion } from "./mrz-regions";
import { readLineWithTesseract } from "./read-line-tesseract";
import { readLinesWithPaddle } from "./read-lines-paddle";

/** Ink heights (px) tried for each cropped line: tesseract reads best with capitals 30-40 px tall. */
const LINE_HEIGHTS_PX = [36, 28] as const;

const textCells = (line: TMrzTextLine) => [...cleanMrzLine(line.text)].map((char) => textCell(char));

const MRZ_LENGTHS = [30, 36, 44] as const;

const nearestLength = (length: number) =>
  MRZ_LENGTHS.reduce((best, candidate) => (Math.abs(candidate - length) < Math.abs(best - length) ? candidate : best), 44);

/**
 * Lines read by several recognisers, fused line by line into one reading with every recogniser's options. The
 * lines of one MRZ have one length: the MRZ length most lines' longest reading is nearest (the longer of equals),
 * whatever a line of other text located with them reads as.
 */
export function fuseLines(readings: readonly (readonly TMrzTextLine[])[]): TMrzTextLine[] {
  const first = readings[0] ?? [];
  const cellsOf = (line: TMrzTextLine) => line.cells ?? textCells(line);
  const votes = new Map<number, number>();
  first.forEach((_, i) => {
    const longest = Math.max(0, ...readings.map((lines) => (lines[i] ? cellsOf(lines[i]).length : 0)));
    const length = nearestLength(longest);
    votes.set(length, (votes.get(length) ?? 0) + 1);
  });
  const target = [...votes.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0] ?? 44;
  return first.map((line, i) => {
    const lines = readings.map((reading) => reading[i]).filter((l): l is TMrzTextLine => l !== undefined);
    const cells = fuseLineReadings(lines.map(cellsOf), target);
    return { text: cells.map((cell) => cell[0]?.char ?? "<").join(""), cells, bbox: line.bbox, confidence: line.confidence };
  });
}

const MRZ_SLACK = 4;

/** Whether a reading has two lines or more near an MRZ line's length: what a recogniser makes of an MRZ, even badly. */
function mrzShaped(lines: readonly TMrzTextLine[]): boolean {
  const near = lines.filter((line) => MRZ_LENGTHS.some((length) => Math.abs(cleanMrzLine(line.text).length - length) <= MRZ_SLACK));
  return near.length >= 2 && near.some((line) => line.text.includes("<"));
}

/**
 * Reads located lines with both recognisers, PP-OCR's (with runners-up) and tesseract's per-line reading, and
 * fuses them, so the check digits choose among what either saw and fields no check digit covers are read by two;
 * tesseract reads again at another scale where that does not satisfy every check digit but some. Lines PP-OCR reads
 * as nothing like an MRZ (text located by mistake) are left there: tesseract would not make an MRZ of them either.
 */
export async function readRegions(image: Uint8Array, regions: readonly TRegion[], best: BestRead, toImage?: (box: TBBox) => TBBox): Promise<void> {
  if (!best.takeRead()) return;
  // PP-OCR unavailable (its model failed to load) leaves tesseract to read alone.
  const paddle = await readLinesWithPaddle(image, regions).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "ENGINE_FAILED" || error.code === "ENGINE_TIMEOUT")) return undefined;
    throw error;
  });
  const found = paddle ? findMrzLines(paddle, { fillersFromShape: true }) : undefined;
  best.consider(found, 1, toImage);
  if (paddle && !found && !mrzShaped(paddle)) return;
  const readings: TMrzTextLine[][] = paddle ? [paddle] : [];
  let promising = found !== undefined && found.checks.some((check) => check.valid);
  for (const inkHeight of LINE_HEIGHTS_PX) {
    if (readings.length > 1 && !promising) return;
    const lines: TMrzTextLine[] = [];
    for (const region of regions) lines.push(await readLineWithTesseract(image, region, inkHeight));
    readings.push(lines);
    const candidates = [
      findMrzLines(lines, { fillersFromShape: true }),
      readings.length > 1 ? findMrzLines(fuseLines(readings), { fillersFromShape: true }) : undefined,
    ];
    candidates.forEach((candidate, i) => best.consider(candidate, i === 0 ? 1 : readings.length, toImage));
    promising ||= candidates.some((candidate) => candidate?.checks.some((check) => check.valid));
    if (best.confirmed) return;
  }
}
