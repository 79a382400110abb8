import { DIGIT_TO_LETTER, LETTER_TO_DIGIT } from "./mrz-confusions";
import type { TMrzCharClass, TMrzLayout } from "./mrz-layouts";
import { mergeOptions, type TMrzCell, type TMrzOption, type TMrzReading } from "./mrz-reading";

/** A character one position may take, what choosing it costs (-ln of its odds against the likeliest), and whether
 * it is a mere guess (a check digit read as something no confusion explains). */
export type TCostOption = { char: string; cost: number; guess: boolean };
/** The options of every position: [line][column], cheapest first. */
export type TOptionGrid = TCostOption[][][];

export const KIND_PATTERNS: Record<TMrzCharClass, RegExp> = { num: /^[0-9<]$/, alpha: /^[A-Z<]$/, alnum: /^[A-Z0-9<]$/, sex: /^[MFX<]$/ };
const CLASS_MAPS: Partial<Record<TMrzCharClass, Readonly<Record<string, string>>>> = { num: LETTER_TO_DIGIT, alpha: DIGIT_TO_LETTER };

/** Options costing more than this (odds of 1 in 150 against the likeliest) are not worth a check digit's trial. */
const MAX_COST = 5;
const MAX_OPTIONS = 5;
/** What computing a check digit that was read as nothing digit-like costs: more than any likely confusion. */
const UNREADABLE_CHECK_COST = 2;
const DIGITS = "0123456789";

/** The character class of every position of a layout ("alnum" where no segment says otherwise). */
export function kindGrid(layout: TMrzLayout): TMrzCharClass[][] {
  const grid: TMrzCharClass[][] = Array.from({ length: layout.lineCount }, () => Array<TMrzCharClass>(layout.lineLength).fill("alnum"));
  for (const segment of layout.segments) {
    for (let column = segment.start; column < segment.end; column++) {
      const row = grid[segment.line];
      if (row && column < row.length) row[column] = segment.kind;
    }
  }
  return grid;
}

/**
 * The options of one position: what was read, restricted to what the position may hold (a letter read in a date
 * counts for the digit it is mistaken for), cheapest first. A check digit read as nothing a digit is mistaken for
 * may be any digit, as a guess. A position where nothing read fits keeps its likeliest reading (a violation).
 */
export function cellOptions(cell: TMrzCell, kind: TMrzCharClass, isCheckDigit: boolean): TCostOption[] {
  const pattern = KIND_PATTERNS[kind];
  const map = CLASS_MAPS[kind];
  const fitting: TMrzOption[] = [];
  for (const option of cell) {
    if (pattern.test(option.char)) fitting.push(option);
    else if (map?.[option.char]) fitting.push({ char: map[option.char] ?? "", p: option.p });
  }
  const merged = mergeOptions(fitting);
  const best = merged[0]?.p ?? 0;
  const options: TCostOption[] = merged.map((option) => ({ char: option.char, cost: Math.log(best / option.p), guess: false }));
  if (isCheckDigit && !options.some((option) => DIGITS.includes(option.char))) {
    for (const digit of DIGITS) options.push({ char: digit, cost: options.length > 0 ? UNREADABLE_CHECK_COST : 0, guess: true });
  }
  if (options.length === 0) return [{ char: cell[0]?.char ?? "<", cost: 0, guess: false }];
  return options
    .filter((option) => option.guess || option.cost <= MAX_COST)
    .sort((a, b) => a.cost - b.cost)
    .slice(0, option0Limit(options));
}

// Guesses (ten digits) must all stay; otherwise the few likeliest are enough.
const option0Limit = (options: readonly TCostOption[]) => (options.some((option) => option.guess) ? 11 : MAX_OPTIONS);

/** The option grid of a reading laid out as `layout` (lines already at the layout's length). */
export function optionGrid(reading: TMrzReading, layout: TMrzLayout): TOptionGrid {
  const kinds = kindGrid(layout);
  const checks = new Set(layout.checks.map((check) => `${check.line}:${check.column}`));
  return kinds.map((row, line) => row.map((kind, column) => cellOptions(reading[line]?.[column] ?? [], kind, checks.has(`${line}:${column}`))));
}
