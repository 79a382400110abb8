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

/**
 * Lines read by several recognisers, fused line by line into one reading with every recogniser's options. The
 * lines of one MRZ have one length: the MRZ length nearest the longest reading of any line.
 */
export function fuseLines(readings: readonly (readonly TMrzTextLine[])[]): TMrzTextLine[] {
  const first = readings[0] ?? [];
  const cellsOf = (line: TMrzTextLine) => line.cells ?? textCells(line);
  const longest = Math.max(0, ...readings.flatMap((lines) => lines.map((line) => cellsOf(line).length)));
  const target = MRZ_LENGTHS.reduce((best, length) => (Math.abs(length - longest) < Math.abs(best - longest) ? length : best), 44);
  return first.map((line, i) => {
    const lines = readings.map((reading) => reading[i]).filter((l): l is TMrzTextLine => l !== undefined);
    const cells = fuseLineReadings(lines.map(cellsOf), target);
    return { text: cells.map((cell) => cell[0]?.char ?? "<").join(""), cells, bbox: line.bbox, confidence: line.confidence };
  });
}

/**
 * Reads located lines with both recognisers, PP-OCR's (with runners-up) and tesseract's per-line reading, and
 * fuses them, so the check digits choose among what either saw and fields no check digit covers are read by two;
 * tesseract reads again at another scale where that does not satisfy every check digit.
 */
export async function readRegions(image: Uint8Array, regions: readonly TRegion[], best: BestRead, toImage?: (box: TBBox) => TBBox): Promise<void> {
  // PP-OCR unavailable (its model failed to load) leaves tesseract to read alone.
  const paddle = await readLinesWithPaddle(image, regions).catch((error: unknown) => {
    if (error instanceof AppError && (error.code === "ENGINE_FAILED" || error.code === "ENGINE_TIMEOUT")) return undefined;
    throw error;
  });
  if (paddle) best.consider(findMrzLines(paddle, { fillersFromShape: true }), 1, toImage);
  const readings: TMrzTextLine[][] = paddle ? [paddle] : [];
  for (const inkHeight of LINE_HEIGHTS_PX) {
    const lines: TMrzTextLine[] = [];
    for (const region of regions) lines.push(await readLineWithTesseract(image, region, inkHeight));
    readings.push(lines);
    best.consider(findMrzLines(lines, { fillersFromShape: true }), 1, toImage);
    if (readings.length > 1) best.consider(findMrzLines(fuseLines(readings), { fillersFromShape: true }), readings.length, toImage);
    if (best.confirmed) return;
  }
}
