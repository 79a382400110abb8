import { splitBands, type TBand } from "./bands";
import { groupBlocks } from "./group-blocks";
import { lineGroupsOf, lineText } from "./layout-lines";
import { splitAtInterruptions } from "./interruptions";
import { extent, height, median, type TLayoutBudget, type TLayoutItem } from "./layout-item";
import { splitRunningLines, type TPageBounds } from "./running-lines";
import { splitColumns } from "./split-columns";

/** Nesting deeper than this (columns in columns in columns...) is read line by line. */
export const MAX_DEPTH = 6;
/** A gutter narrower than this many ems is a wide word space; pdf.js itself joins runs closer than 0.6 em. */
export const MIN_GUTTER_EM = 0.8;

type TContext = { em: number; minGutter: number; budget: TLayoutBudget };

/**
 * The lines of a page in reading order (a recursive XY-cut): running header first, then the body
 * block by block from the top, a block whose gutters part columns of running text read column by
 * column (cut first where a table interrupts it), everything else line by line (so table rows
 * stay rows), running footer last.
 * Each level sorts its items once and depth is bounded, so time grows as n log n.
 */
export function readingOrderLines(items: readonly TLayoutItem[], options: { page?: TPageBounds; budget?: TLayoutBudget } = {}): string[] {
  return readingOrderGroups(items, options).map(lineText);
}

/** readingOrderLines, keeping each line's items (left to right) rather than only its text. */
export function readingOrderGroups<T extends TLayoutItem>(
  items: readonly T[],
  { page, budget = { work: 0 } }: { page?: TPageBounds; budget?: TLayoutBudget } = {},
): T[][] {
  if (items.length === 0) return [];
  const em = Math.max(1, median(items.map(height)));
  const context: TContext = { em, minGutter: MIN_GUTTER_EM * em, budget };
  budget.work += items.length;
  const { header, body, footer } = splitRunningLines(splitBands(items), em, page);
  const lines: TLayoutItem[][] = [];
  for (const band of header) append(lines, lineGroupsOf(band.items));
  append(lines, layoutBands(body, context, 0));
  for (const band of footer) append(lines, lineGroupsOf(band.items));
  // The layout passes only regroup the items they were given.
  return lines as T[][];
}

function layoutRegion(items: readonly TLayoutItem[], context: TContext, depth: number): TLayoutItem[][] {
  context.budget.work += items.length;
  return layoutBands(splitBands(items), context, depth);
}

function layoutBands(bands: readonly TBand[], context: TContext, depth: number): TLayoutItem[][] {
  const items = bands.flatMap((band) => band.items);
  if (depth >= MAX_DEPTH) return lineGroupsOf(items);
  const lines: TLayoutItem[][] = [];
  for (const block of groupBlocks(bands, extent(items), context, context.budget)) {
    const blockItems = block.bands.flatMap((band) => band.items);
    // A table below, above or between the columns is cut out first: its rows would fail the
    // columns' test of running text.
    context.budget.work += blockItems.length;
    const pieces = block.gutters.length > 0 ? splitAtInterruptions(block.bands, block.gutters, context.em, context.minGutter) : null;
    if (pieces) {
      for (const piece of pieces) append(lines, layoutBands(piece, context, depth + 1));
      continue;
    }
    const columns = splitColumns(blockItems, block.gutters, context.em, context.budget);
    if (columns) for (const column of columns) append(lines, layoutRegion(column, context, depth + 1));
    else append(lines, lineGroupsOf(blockItems));
  }
  return lines;
}

/** push(...source) passes every element as an argument and overflows the stack on a large page. */
function append<T>(target: T[], source: readonly T[]): void {
  for (const line of source) target.push(line);
}
