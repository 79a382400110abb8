import type { TGreyImage } from "./locate-mrz-lines";

/** One character cell of an MRZ line: its box in the line image and whether its shape is the '<' filler. */
export type TMrzGlyph = { x0: number; y0: number; x1: number; y1: number; filler: boolean };

/** The glyphs of one line on the fixed OCR-B pitch: `cells[i]` is the glyph in cell i, or undefined for a gap. */
export type TMrzGlyphRow = { pitch: number; origin: number; cells: (TMrzGlyph | undefined)[] };

type TComponent = { x0: number; y0: number; x1: number; y1: number; pixels: number[] };

/** Otsu's threshold over the image's histogram. */
function otsu(data: Uint8Array): number {
  const histogram = new Array<number>(256).fill(0);
  for (const value of data) histogram[value] = (histogram[value] ?? 0) + 1;
  const total = data.length;
  let sumAll = 0;
  histogram.forEach((count, value) => (sumAll += count * value));
  let sumBelow = 0;
  let countBelow = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    countBelow += histogram[t] ?? 0;
    if (countBelow === 0 || countBelow === total) continue;
    sumBelow += t * (histogram[t] ?? 0);
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sumAll - sumBelow) / (total - countBelow);
    const between = countBelow * (total - countBelow) * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** 8-connected components of dark pixels. */
function components(image: TGreyImage): TComponent[] {
  const { data, width, height } = image;
  const threshold = otsu(data);
  const label = new Int32Array(width * height).fill(-1);
  const found: TComponent[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (label[start] !== -1 || (data[start] ?? 255) > threshold) continue;
    const component: TComponent = { x0: width, y0: height, x1: 0, y1: 0, pixels: [] };
    label[start] = found.length;
    stack.push(start);
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      const x = index % width;
      const y = (index - x) / width;
      component.pixels.push(index);
      component.x0 = Math.min(component.x0, x);
      component.x1 = Math.max(component.x1, x + 1);
      component.y0 = Math.min(component.y0, y);
      component.y1 = Math.max(component.y1, y + 1);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const next = ny * width + nx;
          if (label[next] !== -1 || (data[next] ?? 255) > threshold) continue;
          label[next] = found.length;
          stack.push(next);
        }
      }
    }
    found.push(component);
  }
  return found;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Share of a region of the glyph box (fractions of its width and height) that is ink. */
type TRegion = { x0: number; x1: number; y0: number; y1: number };

/**
 * Whether a glyph's ink is the OCR-B '<': a chevron whose vertex is at the left middle and whose arms end at the
 * right top and bottom, so its top-left and bottom-left corners and its right middle are empty. Letters with a left
 * stem (K, L, E…) or a round left side (C, G, O, S) fill those corners; none of A-Z or 0-9 has this shape.
 */
export function isChevron(pixels: readonly number[], width: number, box: TRegion): boolean {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  if (w < 4 || h < 6) return false;
  const regions: Record<"topLeft" | "bottomLeft" | "vertex" | "rightMiddle" | "topRight" | "bottomRight", TRegion> = {
    topLeft: { x0: 0, x1: 0.3, y0: 0, y1: 0.22 },
    bottomLeft: { x0: 0, x1: 0.3, y0: 0.78, y1: 1 },
    vertex: { x0: 0, x1: 0.25, y0: 0.4, y1: 0.6 },
    rightMiddle: { x0: 0.7, x1: 1, y0: 0.42, y1: 0.58 },
    topRight: { x0: 0.6, x1: 1, y0: 0, y1: 0.25 },
    bottomRight: { x0: 0.6, x1: 1, y0: 0.75, y1: 1 },
  };
  const share = (region: TRegion) => {
    const x0 = Math.floor(region.x0 * w);
    const x1 = Math.max(x0 + 1, Math.ceil(region.x1 * w));
    const y0 = Math.floor(region.y0 * h);
    const y1 = Math.max(y0 + 1, Math.ceil(region.y1 * h));
    let ink = 0;
    for (const index of pixels) {
      const x = (index % width) - box.x0;
      const y = Math.floor(index / width) - box.y0;
      if (x >= x0 && x < x1 && y >= y0 && y < y1) ink++;
    }
    return ink / ((x1 - x0) * (y1 - y0));
  };
  return (
    share(regions.topLeft) < 0.15 &&
    share(regions.bottomLeft) < 0.15 &&
    share(regions.rightMiddle) < 0.05 &&
    share(regions.vertex) > 0.2 &&
    share(regions.topRight) > 0.1 &&
    share(regions.bottomRight) > 0.1
  );
}

/** Pieces of a component cut at equal widths, for glyphs printed so close that they touch. */
function split(component: TComponent, parts: number, width: number): TComponent[] {
  if (parts <= 1) return [component];
  const pieces: TComponent[] = [];
  for (let part = 0; part < parts; part++) {
    const x0 = Math.round(component.x0 + ((component.x1 - component.x0) * part) / parts);
    const x1 = Math.round(component.x0 + ((component.x1 - component.x0) * (part + 1)) / parts);
    const pixels = component.pixels.filter((index) => {
      const x = index % width;
      return x >= x0 && x < x1;
    });
    const piece = tightBox(pixels, width);
    if (piece) pieces.push({ ...piece, pixels });
  }
  return pieces;
}

/** Least-squares line through (index, centre) pairs: the grid's origin and pitch. */
function fitGrid(indexes: readonly number[], centres: readonly number[]): { origin: number; pitch: number } | undefined {
  const n = indexes.length;
  const meanK = indexes.reduce((a, b) => a + b, 0) / n;
  const meanC = centres.reduce((a, b) => a + b, 0) / n;
  let covariance = 0;
  let variance = 0;
  indexes.forEach((k, i) => {
    covariance += (k - meanK) * ((centres[i] ?? 0) - meanC);
    variance += (k - meanK) ** 2;
  });
  if (variance === 0) return undefined;
  const pitch = covariance / variance;
  return { pitch, origin: meanC - pitch * meanK - pitch / 2 };
}

/**
 * Splits a binarised MRZ line image into its character cells. OCR-B is printed on a fixed pitch, so the pitch is
 * estimated from the glyphs' centres and every glyph is put in its cell; a component spanning several cells (two
 * touching fillers) is cut at the cell boundaries, and pieces of one broken glyph share a cell. Components apart
 * from the rest by more than two cells at either end (a card's edge, a stray mark) are not part of the line.
 */
export function segmentMrzGlyphs(image: TGreyImage): TMrzGlyphRow | undefined {
  const all = components(image);
  const height = median(all.filter((c) => c.pixels.length > 10).map((c) => c.y1 - c.y0));
  // Glyphs are at least half as tall as the typical one; specks and long borders are not glyphs.
  let glyphs = all.filter((c) => c.y1 - c.y0 >= height * 0.5 && c.y1 - c.y0 <= height * 1.6 && c.pixels.length > 4).sort((a, b) => a.x0 + a.x1 - (b.x0 + b.x1));
  if (glyphs.length < 10) return undefined;
  // The rough pitch from neighbouring glyphs of ordinary width (touching pairs are about twice as wide).
  const typicalWidth = median(glyphs.map((g) => g.x1 - g.x0));
  const steps: number[] = [];
  glyphs.forEach((g, i) => {
    const next = glyphs[i + 1];
    if (!next || g.x1 - g.x0 > typicalWidth * 1.4 || next.x1 - next.x0 > typicalWidth * 1.4) return;
    steps.push((next.x0 + next.x1) / 2 - (g.x0 + g.x1) / 2);
  });
  const roughPitch = median(steps.filter((step) => step > 1));
  if (roughPitch <= 0) return undefined;
  glyphs = glyphs.flatMap((g) => split(g, Math.max(1, Math.round((g.x1 - g.x0) / roughPitch)), image.width));
  const centre = (g: TComponent) => (g.x0 + g.x1) / 2;
  glyphs = trimStrays(glyphs, roughPitch);
  if (glyphs.length < 10) return undefined;
  const centres = glyphs.map(centre);
  const indexes: number[] = [0];
  for (let i = 1; i < glyphs.length; i++) {
    const step = (centres[i] ?? 0) - (centres[i - 1] ?? 0);
    indexes.push((indexes[i - 1] ?? 0) + Math.max(1, Math.round(step / roughPitch)));
  }
  const grid = fitGrid(indexes, centres);
  if (!grid || grid.pitch <= 0) return undefined;
  const cells: (TMrzGlyph | undefined)[] = [];
  for (const glyph of glyphs) {
    const cell = Math.floor((centre(glyph) - grid.origin) / grid.pitch);
    if (cell < 0) continue;
    const existing = cells[cell];
    const filler = isChevron(glyph.pixels, image.width, glyph);
    cells[cell] = existing
      ? {
          x0: Math.min(existing.x0, glyph.x0),
          y0: Math.min(existing.y0, glyph.y0),
          x1: Math.max(existing.x1, glyph.x1),
          y1: Math.max(existing.y1, glyph.y1),
          filler: false,
        }
      : { ...box(glyph), filler };
  }
  return { pitch: grid.pitch, origin: grid.origin, cells: Array.from(cells) };
}

/** Drops groups of fewer than three components cut off from the line by a gap: a card's edge, a stray mark. */
function trimStrays(glyphs: TComponent[], pitch: number): TComponent[] {
  const runs: TComponent[][] = [];
  for (const glyph of glyphs) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (run && last && (glyph.x0 + glyph.x1) / 2 - (last.x0 + last.x1) / 2 <= 1.8 * pitch) run.push(glyph);
    else runs.push([glyph]);
  }
  const first = runs.findIndex((run) => run.length >= 3);
  const last = runs.findLastIndex((run) => run.length >= 3);
  return first === -1 ? [] : runs.slice(first, last + 1).flat();
}

const box = (c: TComponent) => ({ x0: c.x0, y0: c.y0, x1: c.x1, y1: c.y1 });

function tightBox(pixels: readonly number[], width: number): { x0: number; y0: number; x1: number; y1: number } | undefined {
  if (pixels.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const index of pixels) {
    const x = index % width;
    const y = Math.floor(index / width);
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + 1);
    y1 = Math.max(y1, y + 1);
  }
  return { x0, y0, x1, y1 };
}
