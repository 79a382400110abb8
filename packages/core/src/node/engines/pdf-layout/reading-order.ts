import { splitBands, type TBand } from "./bands";
import { freeGaps, interiorGaps, intersectGaps, type TGap } from "./gaps";
import { linesOf } from "./layout-lines";
import { extent, height, median, type TLayoutBudget, type TLayoutItem } from "./layout-item";
import { splitRunningLines } from "./running-lines";
import { splitColumns } from "./split-columns";

/** Nesting deeper than this (columns in columns in columns...) is read line by line. */
export const MAX_DEPTH = 6;
/** A gutter narrower than this many ems is a wide word space; pdf.js itself joins runs closer than 0.6 em. */
export const MIN_GUTTER_EM = 0.8;
/**
 * A band or run with more gaps than this is a grid (a table, a row of figures), never columns of
 * text; beyond it no gaps are tracked, which keeps each step of the run constant-time.
 */
export const MAX_TRACKED_GAPS = 32;

type TContext = { em: number; minGutter: number; budget: TLayoutBudget };
type TBlock = { bands: TBand[]; gutters: TGap[] };

/**
 * The lines of a page in reading order (a recursive XY-cut): running header first, then the body
 * block by block from the top, a block whose gutters part columns of running text read column by
 * column, everything else line by line (so table rows stay rows), running footer last.
 * Each level sorts its items once and depth is bounded, so time grows as n log n.
 */
export function readingOrderLines(items: readonly TLayoutItem[], budget: TLayoutBudget = { work: 0 }): string[] {
  if (items.length === 0) return [];
  const em = Math.max(1, median(items.map(height)));
  const context: TContext = { em, minGutter: MIN_GUTTER_EM * em, budget };
  budget.work += items.length;
  const { header, body, footer } = splitRunningLines(splitBands(items), em);
  return [
    ...header.flatMap((band) => linesOf(band.items)),
    ...layoutBands(body, context, 0),
    ...footer.flatMap((band) => linesOf(band.items)),
  ];
}

function layoutRegion(items: readonly TLayoutItem[], context: TContext, depth: number): string[] {
  context.budget.work += items.length;
  return layoutBands(splitBands(items), context, depth);
}

function layoutBands(bands: readonly TBand[], context: TContext, depth: number): string[] {
  const items = bands.flatMap((band) => band.items);
  if (depth >= MAX_DEPTH) return linesOf(items);
  const lines: string[] = [];
  for (const block of groupBlocks(bands, extent(items), context)) {
    const blockItems = block.bands.flatMap((band) => band.items);
    const columns = splitColumns(blockItems, block.gutters, context.em, context.budget);
    if (columns) for (const column of columns) append(lines, layoutRegion(column, context, depth + 1));
    else append(lines, linesOf(blockItems));
  }
  return lines;
}

/** push(...source) passes every element as an argument and overflows the stack on a large page. */
function append(target: string[], source: readonly string[]): void {
  for (const line of source) target.push(line);
}

/**
 * Runs of consecutive bands that share at least one gutter (a stretch of x empty in all of them
 * with text on both sides). A band that would leave the run with none starts the next run.
 * One pass: each band's gaps are intersected with the run's, which only shrink.
 */
function groupBlocks(bands: readonly TBand[], span: { x0: number; x1: number }, context: TContext): TBlock[] {
  const blocks: TBlock[] = [];
  let current: { bands: TBand[]; gaps: TGap[]; x0: number; x1: number } | undefined;
  for (const band of bands) {
    context.budget.work += band.items.length;
    const found = freeGaps(band.items, span.x0, span.x1, context.minGutter);
    const gaps = found.length > MAX_TRACKED_GAPS ? [] : found;
    const own = extent(band.items);
    if (current) {
      const shared = intersectGaps(current.gaps, gaps, context.minGutter);
      const x0 = Math.min(current.x0, own.x0);
      const x1 = Math.max(current.x1, own.x1);
      if (shared.length <= MAX_TRACKED_GAPS && interiorGaps(shared, x0, x1).length > 0) {
        current.bands.push(band);
        Object.assign(current, { gaps: shared, x0, x1 });
        continue;
      }
      blocks.push({ bands: current.bands, gutters: interiorGaps(current.gaps, current.x0, current.x1) });
    }
    current = { bands: [band], gaps, x0: own.x0, x1: own.x1 };
  }
  if (current) blocks.push({ bands: current.bands, gutters: interiorGaps(current.gaps, current.x0, current.x1) });
  return blocks;
}
