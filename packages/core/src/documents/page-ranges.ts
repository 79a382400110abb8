import { z } from "zod";
import { AppError } from "../errors/app-error";

/**
 * Pages of one part of a split file, 1-based and inclusive. Only whole numbers here: what is a
 * page of this file is checked by checkPageRanges, which can say why in a sentence.
 */
export const ZPageRangeSchema = z.object({ from: z.int(), to: z.int() });
export type TPageRange = z.infer<typeof ZPageRangeSchema>;

/** Parts one split may make: each is a document read on its own, so one request queues at most this many jobs. */
export const MAX_SPLIT_PARTS = 50;

/** "1-2", or "3" for a range of one page. */
export function formatPageRange(range: TPageRange): string {
  return range.from === range.to ? String(range.from) : `${range.from}-${range.to}`;
}

/**
 * "receipts (pages 1-2).pdf", "receipts (page 3).pdf": the name of a part, from the original's,
 * cut short enough that the upload path's 200-character bound never cuts off the pages.
 */
export function splitPartFilename(original: string, range: TPageRange): string {
  const base =
    original
      .replace(/\.pdf$/i, "")
      .slice(0, 160)
      .trim() || "document";
  const pages = range.from === range.to ? `page ${range.from}` : `pages ${formatPageRange(range)}`;
  return `${base} (${pages}).pdf`;
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

/**
 * Refuses ranges that cannot split a file of `pageCount` pages into parts, with a sentence that
 * says what to change: none, too many, backwards, past the last page, overlapping, or the whole
 * file. Pages left out of every range are allowed: they stay only in the original.
 */
export function checkPageRanges(ranges: readonly TPageRange[], pageCount: number): void {
  if (ranges.length === 0) throw new AppError("BAD_REQUEST", "Give at least one page range, such as 1-2.");
  if (ranges.length > MAX_SPLIT_PARTS) {
    throw new AppError(
      "BAD_REQUEST",
      `A file can be split into at most ${MAX_SPLIT_PARTS} parts at a time; these ranges make ${ranges.length}. Split it in several steps.`,
    );
  }
  for (const range of ranges) {
    if (range.from < 1 || range.to < 1) {
      throw new AppError("BAD_REQUEST", `Pages are numbered from 1: ${range.from}-${range.to} is not a page range.`);
    }
    if (range.from > range.to) {
      throw new AppError("BAD_REQUEST", `The range ${range.from}-${range.to} runs backwards: write it as ${range.to}-${range.from}.`);
    }
    if (range.to > pageCount) {
      throw new AppError("BAD_REQUEST", `This PDF has ${plural(pageCount, "page")}; page ${range.to} does not exist.`);
    }
  }
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  for (let i = 1; i < sorted.length; i++) {
    const before = sorted[i - 1];
    const range = sorted[i];
    if (before && range && range.from <= before.to) {
      throw new AppError(
        "BAD_REQUEST",
        `Pages ${formatPageRange(before)} and ${formatPageRange(range)} overlap: page ${range.from} can belong to only one part.`,
      );
    }
  }
  const [only] = ranges;
  if (ranges.length === 1 && only && only.from === 1 && only.to === pageCount) {
    throw new AppError("BAD_REQUEST", "That is the whole file: nothing to split.");
  }
}
