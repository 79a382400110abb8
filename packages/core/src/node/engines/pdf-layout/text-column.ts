import { groupLines } from "./layout-lines";
import { extent, median, type TLayoutItem } from "./layout-item";

/** Thresholds, in ems (the page's median text height) where they are lengths. */
export const COLUMN_RULES = {
  /** Narrower than this is a line-number strip or a table's column of figures, not a column of text. */
  minWidthEm: 6,
  minLines: 2,
  /** Running text has several words a line; a table cell has one or two... */
  minWordsPerLine: 3,
  /** ...unless its lines read on from one to the next this often (narrow columns of long words; short parts still need minWordsPerLine). */
  minNarrowFlow: 0.5,
  /** Share of words with a letter in them: columns of amounts, dates and codes are tables. */
  minLetterShare: 0.6,
  /** Running text wraps, so a typical line fills most of its column; cells of a table do not. */
  minFill: 0.6,
  /**
   * A short part (fewer lines than this) needs stronger evidence: lines that read on from one to
   * the next at least this often (see flowShare) and this many words a line (minWordsPerLine
   * where they read on at least minNarrowFlow). Side-by-side blocks
   * of labels and values on invoices and forms have neither, and their structurers read each
   * label with the value beside it.
   */
  shortLines: 8,
  minShortFlow: 0.2,
  minShortWordsPerLine: 4,
} as const;

/** A line continues running text when it starts with a lower-case letter or a letter of a script without case. */
const CONTINUES = /^[\p{Ll}\p{Lo}]/u;

/** Whether a line (its items left to right) continues running text from the line before it. */
export const continuesText = (line: readonly TLayoutItem[]): boolean => CONTINUES.test(line[0]?.text.trimStart() ?? "");

/** Share of lines after the first that continue the line before (0 for a single line). */
export function flowShare(lines: readonly (readonly TLayoutItem[])[]): number {
  let flowing = 0;
  for (let i = 1; i < lines.length; i++) if (continuesText(lines[i] ?? [])) flowing++;
  return lines.length > 1 ? flowing / (lines.length - 1) : 0;
}

const LETTER = /\p{L}/u;
/** Chinese and Japanese set no spaces between words: there each character counts as one. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Whether some items read like a column of running text rather than a table column, a strip of
 * line numbers or a label beside its value. Only such columns are read one after the other.
 */
export function isTextColumn(items: readonly TLayoutItem[], em: number): boolean {
  const { x0, x1 } = extent(items);
  const width = x1 - x0;
  if (!(width >= COLUMN_RULES.minWidthEm * em)) return false;
  const lines = groupLines(items);
  if (lines.length < COLUMN_RULES.minLines) return false;
  const wordsPerLine: number[] = [];
  const fills: number[] = [];
  let words = 0;
  let lettered = 0;
  for (const line of lines) {
    let count = 0;
    for (const item of line) {
      for (const word of item.text.split(/\s+/)) {
        if (!word) continue;
        const n = UNSPACED.test(word) ? [...word].length : 1;
        count += n;
        if (LETTER.test(word)) lettered += n;
      }
    }
    words += count;
    wordsPerLine.push(count);
    const span = extent(line);
    fills.push((span.x1 - span.x0) / width);
  }
  const flow = flowShare(lines);
  const flowing = flow >= COLUMN_RULES.minNarrowFlow;
  const perLine = median(wordsPerLine);
  const wordy =
    lines.length < COLUMN_RULES.shortLines
      ? flow >= COLUMN_RULES.minShortFlow && perLine >= (flowing ? COLUMN_RULES.minWordsPerLine : COLUMN_RULES.minShortWordsPerLine)
      : flowing || perLine >= COLUMN_RULES.minWordsPerLine;
  return wordy && lettered >= COLUMN_RULES.minLetterShare * words && median(fills) >= COLUMN_RULES.minFill;
}
