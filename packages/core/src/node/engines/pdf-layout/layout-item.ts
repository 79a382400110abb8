/**
 * A piece of text placed on the page, in a frame where its lines run left to right and y grows
 * downwards. For an upright page that is the page itself; for text set sideways it is the page
 * turned so the text reads upright.
 */
export type TLayoutItem = { text: string; x0: number; y0: number; x1: number; y1: number };

/** What a layout pass may spend: `work` counts items handled, so tests can check it grows linearly. */
export type TLayoutBudget = { work: number };

export const height = (item: TLayoutItem): number => Math.max(1, item.y1 - item.y0);

/** The median of some numbers (0 for none); sorts a copy. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** The box around some items: left, right, top and bottom. */
export function extent(items: readonly TLayoutItem[]): { x0: number; x1: number; y0: number; y1: number } {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const item of items) {
    if (item.x0 < x0) x0 = item.x0;
    if (item.x1 > x1) x1 = item.x1;
    if (item.y0 < y0) y0 = item.y0;
    if (item.y1 > y1) y1 = item.y1;
  }
  return { x0, x1, y0, y1 };
}
