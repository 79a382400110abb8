import { checkDigitMatches } from "./check-digit";
import { implausibleNameCharacters, clearNameNoise, tiltOptionalFillers } from "./filler-noise";
import { cellsOf } from "./field-options";
import { KIND_PATTERNS, kindGrid, optionGrid } from "./mrz-cell-options";
import { detectFormat, resolveLayout, type TMrzCheck, type TMrzFormat, type TMrzLayout } from "./mrz-layouts";
import { textReading, topLines, type TMrzReading } from "./mrz-reading";
import { solveMrz } from "./solve-mrz";
import { resolveStateCodes, unknownStateCodes } from "./state-codes";
import { resolveDocumentCode } from "./document-code";

/** One character the correction replaced; `ambiguous` when another replacement would have satisfied the check digits too. */
export type TMrzChange = { line: number; column: number; from: string; to: string; ambiguous: boolean };
export type TMrzCheckResult = { name: TMrzCheck["name"]; valid: boolean };
export type TMrzCorrection = {
  format: TMrzFormat;
  lines: string[];
  changes: TMrzChange[];
  checks: TMrzCheckResult[];
  /**
   * True when every check digit agrees after correction, every character is of its position's kind, and the
   * correction stayed plausible (see MAX_COST_PER_LINE).
   */
  valid: boolean;
  /**
   * Characters still of the wrong kind (a letter in a date, a digit in a name) or standing after a name has ended,
   * and state codes ICAO does not list: signs of misaligned lines.
   */
  violations: number;
  /** How far the corrected lines are from what the OCR found likeliest (-ln odds, summed): 0 when read as is. */
  cost: number;
};

/**
 * A reading that needs more correction than this per line (in -ln odds) is more guess than OCR: check digits are
 * sums modulo 10, and enough changed characters satisfy them by chance (misaligned lines, text that is no MRZ).
 */
const MAX_COST_PER_LINE = 2.5;

function checkValid(lines: readonly string[], check: TMrzCheck): boolean {
  const text = cellsOf(check)
    .map((cell) => lines[cell.line]?.charAt(cell.column) ?? "")
    .join("");
  return checkDigitMatches(text, lines[check.line]?.charAt(check.column) ?? "");
}

/** Characters of the wrong kind for their position, characters left after a name has ended, unknown state codes. */
function countViolations(lines: readonly string[], layout: TMrzLayout): number {
  let count = implausibleNameCharacters(lines, layout) + unknownStateCodes(lines, layout);
  kindGrid(layout).forEach((row, line) =>
    row.forEach((kind, column) => {
      if (!KIND_PATTERNS[kind].test(lines[line]?.charAt(column) ?? "")) count++;
    }),
  );
  return count;
}

/**
 * Corrects a reading of MRZ lines that already have the format's length. Positions that may only hold digits or
 * letters take the digit or letter the reading is mistaken for; every field's check digit, then the composite one,
 * chooses among the readings of its characters (the recogniser's runners-up and the usual OCR-B confusions: 0/O,
 * 1/I, 2/Z, 5/S, 8/B, 6/G, K/<), in document numbers and optional data as in dates; characters left where a name
 * has ended are fillers. Undefined when the lines do not have the format's shape.
 */
export function correctMrzReading(reading: TMrzReading, format: TMrzFormat): TMrzCorrection | undefined {
  const raw = topLines(reading);
  const first = resolveLayout(format, raw);
  if (reading.length !== first.lineCount || reading.some((line) => line.length !== first.lineLength)) return undefined;
  // TD1's layout depends on where the document number ends, which the letter/digit rules may change.
  const coerced = format === "TD1" ? optionGrid(reading, first).map((row) => row.map((options) => options[0]?.char ?? "<").join("")) : raw;
  const layout = format === "TD1" ? resolveLayout(format, coerced) : first;
  const grid = optionGrid(reading, layout);
  clearNameNoise(grid, layout);
  tiltOptionalFillers(grid, layout);
  resolveStateCodes(grid, layout);
  resolveDocumentCode(grid, format);
  const solution = solveMrz(grid, layout);
  const changes: TMrzChange[] = [];
  solution.lines.forEach((line, index) => {
    for (let column = 0; column < line.length; column++) {
      const from = raw[index]?.charAt(column) ?? "";
      const to = line.charAt(column);
      if (from !== to) changes.push({ line: index, column, from, to, ambiguous: solution.ambiguous.has(`${index}:${column}`) });
    }
  });
  const checks = layout.checks.map((check) => ({ name: check.name, valid: checkValid(solution.lines, check) }));
  const violations = countViolations(solution.lines, layout);
  return {
    format,
    lines: solution.lines,
    changes,
    checks,
    // A digit left in a name or a letter in a date means lines out of place, whatever the check digits say.
    valid: violations === 0 && solution.cost <= MAX_COST_PER_LINE * layout.lineCount && checks.every((check) => check.valid),
    violations,
    cost: solution.cost,
  };
}

/** Corrects MRZ lines read as plain text (see correctMrzReading); the format is detected when not given. */
export function correctMrz(lines: readonly string[], format?: TMrzFormat): TMrzCorrection | undefined {
  const resolved = format ?? detectFormat(lines);
  return resolved ? correctMrzReading(textReading(lines), resolved) : undefined;
}
