/** A greyscale image, one byte per pixel, row by row. */
export type TGreyImage = { data: Uint8Array; width: number; height: number };

/** A text line that looks like MRZ: its ink box in the image's pixels. */
export type TMrzLineBox = { x0: number; y0: number; x1: number; y1: number };

// Local-contrast binarisation: a pixel is ink when darker than its neighbourhood's mean by this much; the window is
// a share of the width so the rule does not depend on resolution. Coloured and guilloche backgrounds have little
// local contrast, OCR-B printing a lot.
const WINDOW_SHARE = 0.015;
const INK_CONTRAST = 20;
// A row crosses an MRZ line when it meets a long chain of glyph edges with no gap wider than a few characters: the
// MRZ has no spaces, while the visual zone has label/value gaps. Shares of the width.
const MAX_GAP_SHARE = 0.06;
const MIN_CHAIN_SHARE = 0.45;
/** Glyph edges per row: 30 characters make at least one each, where a ruled line or a border makes one or two. */
const MIN_EDGES = 25;
/** Adjacent MRZ lines are separated by less than this many line heights. */
const MAX_LINE_GAP = 2.5;
/** Within an MRZ line no gap between glyphs is wider than this many line heights (fillers are glyphs too). */
const MAX_GLYPH_GAP = 0.8;
/** Lines of one MRZ start and end together: the share of their joint extent both must cover. */
const MIN_EXTENT_OVERLAP = 0.8;
/** The extent the lines share, as a share of their median width, below which one of them was cut short. */
const MIN_SHARED_WIDTH = 0.6;

type TRowChain = { x0: number; x1: number };

/** Local-contrast binarisation: 1 where a pixel is darker than its neighbourhood by INK_CONTRAST. */
export function inkMask(image: TGreyImage): Uint8Array {
  const { data, width, height } = image;
  const stride = width + 1;
  const integral = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    const line = y * width;
    const above = y * stride + 1;
    const here = (y + 1) * stride + 1;
    for (let x = 0; x < width; x++) {
      row += data[line + x] ?? 0;
      integral[here + x] = (integral[above + x] ?? 0) + row;
    }
  }
  const radius = Math.max(4, Math.round(width * WINDOW_SHARE));
  const ink = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    const top = y0 * stride;
    const bottom = y1 * stride;
    const line = y * width;
    for (let x = 0; x < width; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const sum = (integral[bottom + x1] ?? 0) - (integral[top + x1] ?? 0) - (integral[bottom + x0] ?? 0) + (integral[top + x0] ?? 0);
      const mean = sum / ((x1 - x0) * (y1 - y0));
      ink[line + x] = (data[line + x] ?? 255) < mean - INK_CONTRAST ? 1 : 0;
    }
  }
  return ink;
}

/** The longest run of glyph edges in a row with no gap wider than `maxGap`, if it is long and dense enough. */
function rowChain(ink: Uint8Array, width: number, y: number): TRowChain | undefined {
  const maxGap = width * MAX_GAP_SHARE;
  let best: (TRowChain & { edges: number }) | undefined;
  let start = -1;
  let last = -1;
  let edges = 0;
  const close = () => {
    if (start >= 0 && (!best || last - start > best.x1 - best.x0)) best = { x0: start, x1: last, edges };
  };
  for (let x = 1; x < width; x++) {
    if (!ink[y * width + x] || ink[y * width + x - 1]) continue;
    if (start < 0 || x - last > maxGap) {
      close();
      start = x;
      edges = 0;
    }
    last = x;
    edges++;
  }
  close();
  if (!best || best.edges < MIN_EDGES || best.x1 - best.x0 < width * MIN_CHAIN_SHARE) return undefined;
  return { x0: best.x0, x1: best.x1 };
}

/**
 * Finds the text lines that look like an MRZ (long, gapless rows of evenly printed glyphs) by a horizontal
 * projection of glyph edges on a locally binarised image; returns the lowest group of two or more such lines that
 * sit close together with similar heights, top to bottom, or every candidate line when no group is found. Each
 * line's extent is its own longest run of glyphs (see sharedExtent and jointExtent for one extent for all).
 */
export function locateMrzLines(image: TGreyImage): TMrzLineBox[] {
  const ink = inkMask(image);
  const lines: TMrzLineBox[] = [];
  let current: TMrzLineBox | undefined;
  let misses = 0;
  for (let y = 0; y < image.height; y++) {
    const chain = rowChain(ink, image.width, y);
    if (chain) {
      current = current
        ? { x0: Math.min(current.x0, chain.x0), y0: current.y0, x1: Math.max(current.x1, chain.x1), y1: y + 1 }
        : { x0: chain.x0, y0: y, x1: chain.x1, y1: y + 1 };
      misses = 0;
      continue;
    }
    // One row without a chain (a thin stroke, noise) does not end a line.
    if (current && ++misses > 1) {
      lines.push(current);
      current = undefined;
    }
  }
  if (current) lines.push(current);
  const tall = lines.filter((line) => line.y1 - line.y0 >= 3).map((line) => glyphRun(ink, image.width, line));
  return alignedWithLowest(lowestGroup(tall));
}

/**
 * Every line given the extent they share: MRZ lines start and end in the same columns, while text printed beside
 * one of them (the other side of a card scanned next to it, a background pattern) rarely flanks them all. Undefined
 * where the shared extent is much narrower than the lines (one of them cut short, or no MRZ line at all).
 */
export function sharedExtent(lines: readonly TMrzLineBox[]): TMrzLineBox[] | undefined {
  if (lines.length < 2) return undefined;
  const x0 = Math.max(...lines.map((line) => line.x0));
  const x1 = Math.min(...lines.map((line) => line.x1));
  const widths = lines.map((line) => line.x1 - line.x0).sort((a, b) => a - b);
  const median = widths[Math.floor(widths.length / 2)] ?? 0;
  if (x1 - x0 < MIN_SHARED_WIDTH * median) return undefined;
  return lines.map((line) => ({ ...line, x0, x1 }));
}

/** Every line given the extent of all of them together (no line's characters are cut off). */
export function jointExtent(lines: readonly TMrzLineBox[]): TMrzLineBox[] {
  const x0 = Math.min(...lines.map((line) => line.x0));
  const x1 = Math.max(...lines.map((line) => line.x1));
  return lines.map((line) => ({ ...line, x0, x1 }));
}

/**
 * The line's extent narrowed to its longest run of glyphs with no gap wider than a glyph: text printed beside the
 * MRZ on the same rows (the other side of a card scanned next to it) is cut off at the gap between them.
 */
function glyphRun(ink: Uint8Array, width: number, line: TMrzLineBox): TMrzLineBox {
  const maxGap = Math.max(2, Math.round(MAX_GLYPH_GAP * (line.y1 - line.y0)));
  let best: { x0: number; x1: number; glyphs: number } | undefined;
  let run: { x0: number; x1: number; glyphs: number } | undefined;
  let previousInk = false;
  for (let x = line.x0; x <= line.x1 + 1; x++) {
    let inked = false;
    for (let y = line.y0; y < line.y1 && x <= line.x1 && !inked; y++) inked = ink[y * width + x] === 1;
    if (inked) {
      if (!run || x - run.x1 > maxGap) {
        if (run && (!best || run.glyphs > best.glyphs)) best = run;
        run = { x0: x, x1: x + 1, glyphs: 0 };
      }
      if (!previousInk) run.glyphs++;
      run.x1 = x + 1;
    }
    previousInk = inked;
  }
  if (run && (!best || run.glyphs > best.glyphs)) best = run;
  return best ? { ...line, x0: best.x0, x1: best.x1 } : line;
}

/** The lines of the group that start and end with its lowest line (the last MRZ line is never missing). */
function alignedWithLowest(lines: TMrzLineBox[]): TMrzLineBox[] {
  const lowest = lines[lines.length - 1];
  if (!lowest || lines.length <= 2) return lines;
  const aligned = lines.filter((line) => {
    const overlap = Math.min(line.x1, lowest.x1) - Math.max(line.x0, lowest.x0);
    const union = Math.max(line.x1, lowest.x1) - Math.min(line.x0, lowest.x0);
    return union > 0 && overlap / union >= MIN_EXTENT_OVERLAP;
  });
  return aligned.length >= 2 ? aligned : lines;
}

function lowestGroup(lines: readonly TMrzLineBox[]): TMrzLineBox[] {
  const groups: TMrzLineBox[][] = [];
  for (const line of lines) {
    const group = groups[groups.length - 1];
    const previous = group?.[group.length - 1];
    const height = line.y1 - line.y0;
    const close =
      previous !== undefined &&
      line.y0 - previous.y1 < MAX_LINE_GAP * Math.max(height, previous.y1 - previous.y0) &&
      height < 2 * (previous.y1 - previous.y0) &&
      previous.y1 - previous.y0 < 2 * height;
    if (group && close) group.push(line);
    else groups.push([line]);
  }
  const multi = groups.filter((group) => group.length >= 2);
  return multi[multi.length - 1] ?? [...lines];
}
