import { groupLines } from "./layout-lines";
import type { TLayoutItem } from "./layout-item";
import { flowShare } from "./text-column";

/** Baselines closer than this many ems are one row. */
const SAME_ROW_EM = 0.25;
/** Share of lines that must have a partner on the same baseline next door for the block to be rows. */
const MIN_PAIRED = 0.8;
/** Running text continues its sentences: most of its lines start with a small letter. Cells start afresh. */
const MAX_CELL_FLOW = 0.35;

function baselinesAndFlow(items: readonly TLayoutItem[]): { baselines: number[]; flow: number } {
  const lines = groupLines(items);
  const baselines = lines.map((line) => {
    let baseline = -Infinity;
    for (const item of line) baseline = Math.max(baseline, item.y1);
    return baseline;
  });
  return { baselines, flow: flowShare(lines) };
}

/** Share of the longer side's lines that have a line on the same baseline on the other side (both sorted). */
function pairedShare(a: readonly number[], b: readonly number[], tolerance: number): number {
  let i = 0;
  let j = 0;
  let paired = 0;
  while (i < a.length && j < b.length) {
    const p = a[i] ?? 0;
    const q = b[j] ?? 0;
    if (Math.abs(p - q) <= tolerance) {
      paired++;
      i++;
      j++;
    } else if (p < q) i++;
    else j++;
  }
  return paired / Math.max(1, a.length, b.length);
}

/**
 * Whether side-by-side parts are the columns of a table rather than of running text: every line
 * has its partner on the same baseline in the next part (rows), and no part reads on from line
 * to line (a cell starts with a capital or a figure, where running text mostly continues a sentence).
 * Aligned baselines alone prove nothing: two-column typesetting keeps them on one grid too.
 */
export function looksLikeTable(parts: readonly (readonly TLayoutItem[])[], em: number): boolean {
  const read = parts.map(baselinesAndFlow);
  if (read.some((part) => part.flow > MAX_CELL_FLOW)) return false;
  for (let k = 1; k < read.length; k++) {
    const left = read[k - 1];
    const right = read[k];
    if (!left || !right || pairedShare(left.baselines, right.baselines, SAME_ROW_EM * em) < MIN_PAIRED) return false;
  }
  return true;
}
