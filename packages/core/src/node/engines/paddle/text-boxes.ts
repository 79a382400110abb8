import { minAreaRect, type TPoint, type TRotatedRect } from "./rotated-rect";

export type TTextBox = { rect: TRotatedRect; score: number };

export type TBoxOptions = {
  /** A pixel belongs to text when the detector's probability is above this (PaddleOCR: 0.3). */
  threshold: number;
  /** A region is kept when its mean probability is at least this (PaddleOCR: 0.6). */
  boxThreshold: number;
  /** How far a region grows back out (DB shrinks text regions when it learns them; PaddleOCR: 1.5). */
  unclipRatio: number;
  /** At most this many regions per image: bounds the work on a page of noise. */
  maxCandidates: number;
};

export const DEFAULT_BOX_OPTIONS: TBoxOptions = { threshold: 0.3, boxThreshold: 0.6, unclipRatio: 1.5, maxCandidates: 1500 };

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root] !== root) root = parent[root] as number;
  // Path halving keeps the trees flat.
  while (parent[i] !== root) {
    const next = parent[i] as number;
    parent[i] = root;
    i = next;
  }
  return root;
}

/**
 * Text regions from a DB probability map (`width` x `height`, row-major): connected regions of
 * pixels above the threshold, each turned into its minimum-area rectangle, scored by its mean
 * probability and grown back by the unclip distance (area x ratio / perimeter), as PaddleOCR's
 * DBPostProcess does. Linear in the map's size.
 */
export function textBoxes(map: Float32Array, width: number, height: number, options: TBoxOptions = DEFAULT_BOX_OPTIONS): TTextBox[] {
  const size = width * height;
  const labels = new Int32Array(size).fill(-1);
  const parent = new Int32Array(size);
  let next = 0;
  // First pass: provisional labels, 8-connected, merged through union-find.
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if ((map[i] as number) <= options.threshold) continue;
      let label = -1;
      const neighbours = [x > 0 ? i - 1 : -1, y > 0 && x > 0 ? i - width - 1 : -1, y > 0 ? i - width : -1, y > 0 && x + 1 < width ? i - width + 1 : -1];
      for (const n of neighbours) {
        if (n < 0) continue;
        const l = labels[n] as number;
        if (l < 0) continue;
        if (label < 0) label = l;
        else if (l !== label) {
          const a = find(parent, label);
          const b = find(parent, l);
          if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
        }
      }
      if (label < 0) {
        label = next++;
        parent[label] = label;
      }
      labels[i] = label;
    }
  }
  // Second pass: per region, pixel count, summed probability and each row's leftmost and rightmost pixel.
  type TRegion = { count: number; sum: number; rows: number[] };
  const regions = new Map<number, TRegion>();
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const l = labels[row + x] as number;
      if (l < 0) continue;
      const root = find(parent, l);
      let region = regions.get(root);
      if (!region) {
        region = { count: 0, sum: 0, rows: [] };
        regions.set(root, region);
      }
      region.count++;
      region.sum += map[row + x] as number;
      const r = region.rows;
      if (r.length >= 3 && r[r.length - 3] === y) {
        r[r.length - 1] = x;
      } else {
        r.push(y, x, x);
      }
    }
  }
  const candidates = [...regions.values()]
    .filter((r) => r.count >= 6)
    .sort((a, b) => b.count - a.count)
    .slice(0, options.maxCandidates);
  const boxes: TTextBox[] = [];
  for (const region of candidates) {
    const score = region.sum / region.count;
    if (score < options.boxThreshold) continue;
    const points: TPoint[] = [];
    for (let k = 0; k < region.rows.length; k += 3) {
      const y = region.rows[k] as number;
      const x0 = region.rows[k + 1] as number;
      const x1 = (region.rows[k + 2] as number) + 1;
      points.push({ x: x0, y }, { x: x1, y }, { x: x0, y: y + 1 }, { x: x1, y: y + 1 });
    }
    const rect = minAreaRect(points);
    if (Math.min(rect.width, rect.height) < 3) continue;
    const distance = (rect.width * rect.height * options.unclipRatio) / (2 * (rect.width + rect.height));
    const grown = { ...rect, width: rect.width + 2 * distance, height: rect.height + 2 * distance };
    if (Math.min(grown.width, grown.height) < 5) continue;
    boxes.push({ rect: grown, score });
  }
  return boxes;
}
