import type { TRotatedRect } from "./rotated-rect";
import { sampleLine, type TRgbImage } from "./sample-line";

/** How far above and below its box a line's ink is looked for, in box heights. */
const REACH = 0.45;

/**
 * Re-centres a detected line box on its ink, vertically. The detector was trained on boxes that
 * include room for descenders, so on capitals and digits its boxes sit low and clip the tops of
 * letters; the recogniser then misreads them. A window taller than the box is sampled, its rows
 * with ink found, and the run of ink rows through the box's middle (not a neighbouring line's)
 * becomes the band the box is fitted to, with a margin of a fifth of its height on each side.
 */
export function fitLineBand(image: TRgbImage, rect: TRotatedRect): TRotatedRect {
  const rows = Math.max(8, Math.round(rect.height * (1 + 2 * REACH)));
  const columns = Math.max(8, Math.min(256, Math.round(rect.width)));
  const window = { ...rect, height: rows };
  const pixels = sampleLine(image, window, columns, rows);
  const grey = new Uint8Array(columns * rows);
  let sum = 0;
  for (let p = 0; p < grey.length; p++) {
    const v = Math.round(0.299 * (pixels[p * 3] as number) + 0.587 * (pixels[p * 3 + 1] as number) + 0.114 * (pixels[p * 3 + 2] as number));
    grey[p] = v;
    sum += v;
  }
  // Ink is clearly darker than the window's mean (paper dominates a text line's window).
  const threshold = (sum / grey.length) * 0.75;
  const inked: boolean[] = [];
  for (let y = 0; y < rows; y++) {
    let n = 0;
    for (let x = 0; x < columns; x++) if ((grey[y * columns + x] as number) < threshold) n++;
    inked.push(n > columns * 0.01);
  }
  // The run of inked rows (gaps of one row bridged) through the middle third of the box.
  const middle = Math.round(rows / 2);
  const half = Math.max(1, Math.round(rect.height / 6));
  let seed = -1;
  for (let d = 0; d <= half && seed < 0; d++) {
    if (inked[middle + d]) seed = middle + d;
    else if (inked[middle - d]) seed = middle - d;
  }
  if (seed < 0) return rect;
  let top = seed;
  while (top > 0 && (inked[top - 1] || (top > 1 && inked[top - 2]))) top--;
  let bottom = seed;
  while (bottom < rows - 1 && (inked[bottom + 1] || (bottom < rows - 2 && inked[bottom + 2]))) bottom++;
  const band = bottom - top + 1;
  // A band filling the whole window ran into the neighbouring lines: keep the detector's box.
  if (band >= rows - 1 || band < rect.height * 0.3) return rect;
  // Only ever grown (a band taller than the box means clipped letters), and moved by at most a
  // quarter of the box: on photos the detector's own box is usually the better one.
  const height = Math.max(rect.height, band * 1.4);
  const limit = rect.height / 4;
  const shift = Math.max(-limit, Math.min(limit, (top + bottom + 1) / 2 - rows / 2));
  return {
    ...rect,
    cx: rect.cx - shift * Math.sin(rect.angle),
    cy: rect.cy + shift * Math.cos(rect.angle),
    height,
  };
}
