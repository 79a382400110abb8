import type { TLayoutItem } from "./layout-item";

/** An empty stretch of x, [x0, x1]; `since`: the top of the band of a run from which it has been a gutter (empty, text on both sides). */
export type TGap = { x0: number; x1: number; since?: number };

/**
 * The stretches of [left, right] no item covers, at least `minWidth` wide, left to right. The
 * edges count: a band with text only in its left column leaves the gutter and the right column free.
 */
export function freeGaps(items: readonly TLayoutItem[], left: number, right: number, minWidth: number): TGap[] {
  const sorted = [...items].sort((a, b) => a.x0 - b.x0);
  const gaps: TGap[] = [];
  let reach = left;
  for (const item of sorted) {
    if (item.x0 - reach >= minWidth) gaps.push({ x0: reach, x1: item.x0 });
    if (item.x1 > reach) reach = item.x1;
  }
  if (right - reach >= minWidth) gaps.push({ x0: reach, x1: right });
  return gaps;
}

/**
 * Where both lists of gaps are empty, keeping stretches at least `minWidth` wide (two sorted
 * lists, one pass). A stretch keeps the `since` of its part in the first list.
 */
export function intersectGaps(a: readonly TGap[], b: readonly TGap[], minWidth: number): TGap[] {
  const out: TGap[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const p = a[i];
    const q = b[j];
    if (!p || !q) break;
    const x0 = Math.max(p.x0, q.x0);
    const x1 = Math.min(p.x1, q.x1);
    if (x1 - x0 >= minWidth) out.push(p.since === undefined ? { x0, x1 } : { x0, x1, since: p.since });
    if (p.x1 < q.x1) i++;
    else j++;
  }
  return out;
}

/** Gaps with text on both sides: candidates for a gutter between columns. */
export function interiorGaps(gaps: readonly TGap[], contentX0: number, contentX1: number): TGap[] {
  return gaps.filter((g) => g.x0 > contentX0 && g.x1 < contentX1);
}
