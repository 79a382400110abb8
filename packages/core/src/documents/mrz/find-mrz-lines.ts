import type { TBBox } from "../../extraction/extraction-result";
import { correctMrzReading, type TMrzCorrection } from "./correct-mrz";
import { applyFit, lengthFits } from "./fit-line-length";
import { detectFormat } from "./mrz-layouts";
import { textCell, type TMrzCell, type TMrzReading } from "./mrz-reading";
import { cleanMrzLine, normaliseMrzLine } from "./normalise-mrz-line";
import { unionBox } from "./union-box";

export { cleanMrzLine, normaliseMrzLine } from "./normalise-mrz-line";
export { fitLineLength } from "./fit-line-length";
export { groupWordsIntoLines } from "./group-words-into-lines";

/**
 * One line of OCR text, with its box and OCR confidence (0..1) when the engine gives them, and, from a recogniser
 * that reports runners-up, the options of each character of `text` (then already in the MRZ alphabet).
 */
export type TMrzTextLine = { text: string; bbox?: TBBox; confidence?: number; cells?: readonly TMrzCell[] };

/** The MRZ found in some OCR text: corrected lines, where they are and how sure the OCR was. */
export type TFoundMrz = TMrzCorrection & {
  /** The lines as OCR read them, before normalisation and correction. */
  raw: string[];
  /** What was corrected: the lines' options, brought to the format's length. */
  reading: TMrzReading;
  bbox: TBBox | undefined;
  /** Each chosen line's box, where the OCR gave one. */
  boxes: (TBBox | undefined)[];
  /** Mean OCR confidence of the chosen lines, or undefined where the OCR gave none. */
  ocrConfidence: number | undefined;
};

type TLineReading = { text: string; cells: readonly TMrzCell[] };
type TFit = { correction: TMrzCorrection; reading: TLineReading[] };

const LENGTHS = { 3: [30], 2: [44, 36] } as const;
const MAX_LENGTH_SLACK = 2;

const validCount = (correction: TMrzCorrection) => correction.checks.filter((check) => check.valid).length;

/** More agreeing check digits first, then fewer characters of the wrong kind, then less correction. */
function better(a: TMrzCorrection, b: TMrzCorrection): boolean {
  if (validCount(a) !== validCount(b)) return validCount(a) > validCount(b);
  if (a.violations !== b.violations) return a.violations < b.violations;
  return a.cost < b.cost;
}

/** A line's variants at `target` characters, its options moved along with the characters. */
function lineVariants(line: TLineReading, target: number): TLineReading[] {
  const seen = new Set<string>();
  const variants: TLineReading[] = [];
  for (const fit of lengthFits(line.text, target)) {
    const text = applyFit([...line.text], fit, () => "<").join("");
    if (seen.has(text)) continue;
    seen.add(text);
    variants.push({ text, cells: applyFit(line.cells, fit, () => textCell("<")) });
  }
  return variants;
}

function correct(lines: readonly TLineReading[]): TMrzCorrection | undefined {
  const format = detectFormat(lines.map((line) => line.text));
  return format
    ? correctMrzReading(
        lines.map((line) => line.cells),
        format,
      )
    : undefined;
}

/** The best correction of one group of lines, varying one line's length fix at a time. */
function bestFit(group: readonly TLineReading[], target: number): TFit | undefined {
  const options = group.map((line) => lineVariants(line, target));
  if (options.some((list) => list.length === 0)) return undefined;
  const chosen = options.map((list) => list[0] as TLineReading);
  let best = correct(chosen);
  // The variants come most plausible first: the first that every check digit accepts is kept.
  const perfect = (correction: TMrzCorrection | undefined) => correction?.valid === true;
  options.forEach((list, index) => {
    for (const variant of list.slice(1)) {
      if (!best || perfect(best)) return;
      const trial = [...chosen];
      trial[index] = variant;
      const correction = correct(trial);
      if (correction && better(correction, best)) {
        best = correction;
        chosen[index] = variant;
      }
    }
  });
  return best ? { correction: best, reading: chosen } : undefined;
}

function score(correction: TMrzCorrection): number {
  const code = correction.lines[0]?.charAt(0) ?? "";
  const fillers = correction.lines.join("").split("<").length - 1;
  return validCount(correction) * 10 + (/[PIACV]/.test(code) ? 5 : 0) + Math.min(fillers, 10) - correction.changes.length - correction.violations * 2;
}

export type TFindMrzOptions = {
  /**
   * The reader already told fillers from letters by their shape: letters next to fillers are then kept as read
   * rather than guessed to be misread fillers (which would turn LEE<<< into L<<<<<).
   */
  fillersFromShape?: boolean;
};

/** The line's text as normalised, with the recogniser's options when they describe exactly that text. */
function lineReading(line: TMrzTextLine, normalise: (text: string) => string): TLineReading {
  const text = normalise(line.text);
  const cells = line.cells && line.cells.length === text.length && cleanMrzLine(line.text) === text ? line.cells : undefined;
  return { text, cells: cells ?? [...text].map((char) => textCell(char)) };
}

/**
 * Picks the 2 or 3 consecutive lines of OCR text that form an MRZ (TD1, TD2, TD3, visa MRV-A/B or the French ID),
 * brought to the right length and corrected with the check digits; undefined when no group looks like one.
 */
export function findMrzLines(input: string | readonly (string | TMrzTextLine)[], options: TFindMrzOptions = {}): TFoundMrz | undefined {
  const normalise = options.fillersFromShape ? cleanMrzLine : normaliseMrzLine;
  const source: TMrzTextLine[] = (typeof input === "string" ? input.split(/\r?\n/) : input)
    .map((line) => (typeof line === "string" ? { text: line } : line))
    .filter((line) => normalise(line.text).length >= 20);
  const readings = source.map((line) => lineReading(line, normalise));
  let best: { fit: TFit; start: number; count: number; score: number } | undefined;
  for (let start = 0; start < readings.length; start++) {
    for (const count of [3, 2] as const) {
      const group = readings.slice(start, start + count);
      if (group.length < count || !group.some((line) => line.text.includes("<"))) continue;
      for (const target of LENGTHS[count]) {
        if (group.some((line) => Math.abs(line.text.length - target) > MAX_LENGTH_SLACK)) continue;
        const fit = bestFit(group, target);
        if (!fit) continue;
        const value = score(fit.correction);
        if (!best || value > best.score) best = { fit, start, count, score: value };
      }
    }
  }
  // A group with no agreeing check digit and no document code is more likely ordinary text than an MRZ.
  if (!best || best.score < 10) return undefined;
  const chosen = source.slice(best.start, best.start + best.count);
  const confidences = chosen.map((line) => line.confidence).filter((c): c is number => c !== undefined);
  return {
    ...best.fit.correction,
    raw: chosen.map((line) => line.text),
    reading: best.fit.reading.map((line) => line.cells),
    bbox: unionBox(chosen.map((line) => line.bbox)),
    boxes: chosen.map((line) => line.bbox),
    ocrConfidence: confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : undefined,
  };
}
