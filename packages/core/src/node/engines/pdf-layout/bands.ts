import type { TLayoutItem } from "./layout-item";

/** A horizontal strip of the page whose items overlap vertically, with nothing else between its top and bottom. */
export type TBand = { items: TLayoutItem[]; y0: number; y1: number };

/**
 * Cuts a region into bands at every horizontal gap (the Y step of an XY-cut). Side-by-side
 * columns with offset baselines chain into one band; that is fine, the band is cut again.
 */
export function splitBands(items: readonly TLayoutItem[]): TBand[] {
  const sorted = [...items].sort((a, b) => a.y0 - b.y0);
  const bands: TBand[] = [];
  let current: TBand | undefined;
  for (const item of sorted) {
    // Overlapping, or lying within the band (a box of no height on its edge).
    if (current && (item.y0 < current.y1 || item.y1 <= current.y1)) {
      current.items.push(item);
      if (item.y1 > current.y1) current.y1 = item.y1;
      continue;
    }
    current = { items: [item], y0: item.y0, y1: item.y1 };
    bands.push(current);
  }
  return bands;
}
