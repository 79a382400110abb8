import type { TBBox, TWord } from "../../extraction/extraction-result";
import { correctMrz, type TMrzCorrection } from "./correct-mrz";
import { detectFormat } from "./mrz-layouts";

/** One line of OCR text, with its box and OCR confidence (0..1) when the engine gives them. */
export type TMrzTextLine = { text: string; bbox?: TBBox; confidence?: number };

/** The MRZ found in some OCR text: corrected lines, where they are and how sure the OCR was. */
export type TFoundMrz = TMrzCorrection & {
  /** The lines as OCR read them, before normalisation and correction. */
  raw: string[];
  bbox: TBBox | undefined;
  /** Mean OCR confidence of the chosen lines, or undefined where the OCR gave none. */
  ocrConfidence: number | undefined;
};

const LENGTHS = { 3: [30], 2: [44, 36] } as const;
const MAX_LENGTH_SLACK = 2;

/** Upper-cases, maps guillemets to fillers and drops spaces and every character the MRZ alphabet lacks. */
export function cleanMrzLine(text: string): string {
  return text
    .toUpperCase()
    .replace(/[«≪»≫]/g, "<<")
    .replace(/[‹›]/g, "<")
    .replace(/[^A-Z0-9<]/g, "");
}

/**
 * Upper-cases, drops spaces and stray characters, and maps the usual misreadings of the '<' filler ('«', and 'K'
 * inside runs of fillers) back to '<'.
 */
export function normaliseMrzLine(text: string): string {
  const upper = cleanMrzLine(text);
  // Tesseract reads the thin OCR-B chevron as K, L, C or E; no name holds three of them in a row with fillers.
  return upper.replace(/(?<=^|[^<KLCE])[<KLCE]{3,}/g, (run, offset: number) => {
    if ((run.match(/</g) ?? []).length < 2 && !/[KLCE]{4}/.test(run)) return run;
    const before = offset > 0 ? upper.charAt(offset - 1) : "";
    const after = upper.charAt(offset + run.length);
    return [...run]
      .map((char, i) => {
        if (char === "<") return char;
        // A K that starts a word after fillers (…<<KIM) or ends one before them (FRANK<<) is a real letter.
        if (i === run.length - 1 && /[A-Z]/.test(after)) return char;
        if (i === 0 && /[A-Z]/.test(before)) return char;
        return "<";
      })
      .join("");
  });
}

/** Variants of a line brought to `target` characters, most plausible first: fillers are what OCR adds or drops. */
export function fitLineLength(line: string, target: number): string[] {
  const diff = line.length - target;
  if (diff === 0) return [line];
  if (Math.abs(diff) > MAX_LENGTH_SLACK) return [];
  const runs = [...line.matchAll(/<+/g)]
    .map((match) => ({ start: match.index, length: match[0].length }))
    .sort((a, b) => b.length - a.length);
  const variants: string[] = [];
  for (const run of runs) {
    if (diff > 0 && run.length > diff) variants.push(line.slice(0, run.start) + line.slice(run.start + diff));
    if (diff < 0) variants.push(line.slice(0, run.start) + "<".repeat(-diff) + line.slice(run.start));
  }
  if (diff > 0) {
    variants.push(line.slice(0, target), line.slice(diff));
    // A single stray character anywhere: check digits decide which.
    if (diff === 1) for (let i = 0; i < line.length; i++) variants.push(line.slice(0, i) + line.slice(i + 1));
  } else {
    variants.push(line + "<".repeat(-diff));
  }
  return [...new Set(variants)];
}

const validCount = (correction: TMrzCorrection) => correction.checks.filter((check) => check.valid).length;

/** More agreeing check digits first, then fewer characters of the wrong kind, then fewer corrections. */
function better(a: TMrzCorrection, b: TMrzCorrection): boolean {
  if (validCount(a) !== validCount(b)) return validCount(a) > validCount(b);
  if (a.violations !== b.violations) return a.violations < b.violations;
  return a.changes.length < b.changes.length;
}

/** The best correction of one group of lines, varying one line's length fix at a time. */
function bestFit(group: readonly string[], target: number): TMrzCorrection | undefined {
  const options = group.map((line) => fitLineLength(line, target));
  if (options.some((list) => list.length === 0)) return undefined;
  const chosen = options.map((list) => list[0] ?? "");
  let best = correctMrz(chosen, detectFormat(chosen));
  options.forEach((list, index) => {
    if (list.length < 2 || !best) return;
    for (const variant of list.slice(1)) {
      const trial = [...chosen];
      trial[index] = variant;
      const correction = correctMrz(trial, detectFormat(trial));
      if (correction && best && better(correction, best)) {
        best = correction;
        chosen[index] = variant;
      }
    }
  });
  return best;
}

function score(correction: TMrzCorrection): number {
  const code = correction.lines[0]?.charAt(0) ?? "";
  const fillers = correction.lines.join("").split("<").length - 1;
    return (
    validCount(correction) * 10 +
    (/[PIACV]/.test(code) ? 5 : 0) +
    Math.min(fillers, 10) -
    correction.changes.length -
    correction.violations * 2
  );
}

function unionBox(boxes: readonly (TBBox | undefined)[]): TBBox | undefined {
  const present = boxes.filter((box): box is TBBox => box !== undefined);
  if (present.length === 0) return undefined;
  return {
    x0: Math.min(...present.map((b) => b.x0)),
    y0: Math.min(...present.map((b) => b.y0)),
    x1: Math.max(...present.map((b) => b.x1)),
    y1: Math.max(...present.map((b) => b.y1)),
  };
}

export type TFindMrzOptions = {
  /**
   * The reader already told fillers from letters by their shape: letters next to fillers are then kept as read
   * rather than guessed to be misread fillers (which would turn LEE<<< into L<<<<<).
   */
  fillersFromShape?: boolean;
};

/**
 * Picks the 2 or 3 consecutive lines of OCR text that form an MRZ (TD1, TD2, TD3, visa MRV-A/B or the French ID),
 * brought to the right length and corrected with the check digits; undefined when no group looks like one.
 */
export function findMrzLines(
  input: string | readonly (string | TMrzTextLine)[],
  options: TFindMrzOptions = {},
): TFoundMrz | undefined {
  const normalise = options.fillersFromShape ? cleanMrzLine : normaliseMrzLine;
  const source: TMrzTextLine[] = (typeof input === "string" ? input.split(/\r?\n/) : input)
    .map((line) => (typeof line === "string" ? { text: line } : line))
    .filter((line) => normalise(line.text).length >= 20);
  const normalised = source.map((line) => normalise(line.text));
  let best: { correction: TMrzCorrection; start: number; count: number; score: number } | undefined;
  for (let start = 0; start < normalised.length; start++) {
    for (const count of [3, 2] as const) {
      const group = normalised.slice(start, start + count);
      if (group.length < count || !group.some((line) => line.includes("<"))) continue;
      for (const target of LENGTHS[count]) {
        if (group.some((line) => Math.abs(line.length - target) > MAX_LENGTH_SLACK)) continue;
        const correction = bestFit(group, target);
        if (!correction) continue;
        const value = score(correction);
        if (!best || value > best.score) best = { correction, start, count, score: value };
      }
    }
  }
  // A group with no agreeing check digit and no document code is more likely ordinary text than an MRZ.
  if (!best || best.score < 10) return undefined;
  const chosen = source.slice(best.start, best.start + best.count);
  const confidences = chosen.map((line) => line.confidence).filter((c): c is number => c !== undefined);
  return {
    ...best.correction,
    raw: chosen.map((line) => line.text),
    bbox: unionBox(chosen.map((line) => line.bbox)),
    ocrConfidence: confidences.length ? confidences.reduce((a, b) => a + b, 0) / confidences.length : undefined,
  };
}

/** Groups positioned words into text lines by vertical overlap, left to right within a line. */
export function groupWordsIntoLines(words: readonly TWord[]): TMrzTextLine[] {
  const sorted = [...words].sort((a, b) => (a.bbox.y0 + a.bbox.y1) / 2 - (b.bbox.y0 + b.bbox.y1) / 2);
  const rows: TWord[][] = [];
  for (const word of sorted) {
    const middle = (word.bbox.y0 + word.bbox.y1) / 2;
    const row = rows.find((r) => {
      const box = unionBox(r.map((w) => w.bbox));
      return box !== undefined && middle >= box.y0 && middle <= box.y1;
    });
    if (row) row.push(word);
    else rows.push([word]);
  }
  return rows.map((row) => {
    const ordered = row.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    return {
      text: ordered.map((w) => w.text).join(" "),
      bbox: unionBox(ordered.map((w) => w.bbox)),
      confidence: ordered.reduce((sum, w) => sum + w.confidence, 0) / ordered.length,
    };
  });
}
