import { CONFUSIONS } from "./mrz-confusions";

/** A character a recogniser considered for one MRZ position, with its probability. */
export type TMrzOption = { char: string; p: number };
/** What was read at one MRZ position: the characters considered, most likely first. */
export type TMrzCell = readonly TMrzOption[];
/** The cells of every line of an MRZ reading. */
export type TMrzReading = readonly (readonly TMrzCell[])[];

/** How sure a plain-text reading is of each character: only the confusion table says what else it may be. */
export const TEXT_CONFIDENCE = 0.9;
/** Weight of the confusion table for a recogniser that reports its own runners-up: its evidence comes first. */
const RECOGNISER_CONFUSION_WEIGHT = 0.1;
/** Runners-up less likely than this are noise, whatever the recogniser says. */
const MIN_P = 1e-4;

/** Merges options naming the same character (their probabilities add up), most likely first. */
export function mergeOptions(options: readonly TMrzOption[]): TMrzOption[] {
  const byChar = new Map<string, number>();
  for (const option of options) {
    if (option.char.length !== 1 || !(option.p > MIN_P)) continue;
    byChar.set(option.char, (byChar.get(option.char) ?? 0) + option.p);
  }
  return [...byChar.entries()].map(([char, p]) => ({ char, p })).sort((a, b) => b.p - a.p);
}

/** The characters OCR confuses with `char`, as options `p` times their prior. */
function confusionsOf(char: string, p: number): TMrzOption[] {
  return (CONFUSIONS[char] ?? []).map((confusion) => ({ char: confusion.char, p: p * confusion.prior }));
}

const textCells = new Map<string, TMrzCell>();

/** One character of a plain-text reading, with the characters OCR confuses it with. */
export function textCell(char: string, p = TEXT_CONFIDENCE): TMrzCell {
  const key = `${char}:${p}`;
  const known = textCells.get(key);
  if (known) return known;
  const cell = Object.freeze(mergeOptions([{ char, p }, ...confusionsOf(char, p)]).map((option) => Object.freeze(option)));
  // Cells are never changed once made: one per character serves every reading (a few dozen in all).
  if (textCells.size < 1000) textCells.set(key, cell);
  return cell;
}

/** One character as a recogniser read it, with its runners-up and, faintly, the usual confusions. */
export function recognisedCell(options: readonly TMrzOption[]): TMrzCell {
  const merged = mergeOptions(options);
  const top = merged[0];
  if (!top) return [];
  const p = new Map(merged.map((option) => [option.char, option.p]));
  // A confusion the recogniser weighed itself keeps its own probability unless the table says more.
  for (const faint of confusionsOf(top.char, top.p * RECOGNISER_CONFUSION_WEIGHT)) {
    p.set(faint.char, Math.max(p.get(faint.char) ?? 0, faint.p));
  }
  return mergeOptions([...p.entries()].map(([char, value]) => ({ char, p: value })));
}

/** A reading of lines of plain text. */
export function textReading(lines: readonly string[], p = TEXT_CONFIDENCE): TMrzCell[][] {
  return lines.map((line) => [...line].map((char) => textCell(char, p)));
}

/** The most likely character of each cell, per line. */
export function topLines(reading: TMrzReading): string[] {
  return reading.map((cells) => cells.map((cell) => cell[0]?.char ?? "<").join(""));
}

/**
 * Several readings of one position made one: the mean of their probabilities, so characters both recognisers
 * saw outweigh those only one did. Absent readings (a recogniser that saw nothing there) do not count.
 */
export function mixCells(cells: readonly (TMrzCell | undefined)[]): TMrzCell {
  const present = cells.filter((cell): cell is TMrzCell => cell !== undefined && cell.length > 0);
  if (present.length === 0) return [];
  return mergeOptions(present.flatMap((cell) => cell.map((option) => ({ char: option.char, p: option.p / present.length }))));
}
