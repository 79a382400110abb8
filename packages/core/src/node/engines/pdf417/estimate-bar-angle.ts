/** A greyscale image, one byte a pixel, row-major. */
export type TGreyPixels = { data: Uint8Array; width: number; height: number };

/** Histogram bins per degree of the quarter turn the edges' directions are folded into. */
const BINS_PER_DEGREE = 2;
const BINS = 90 * BINS_PER_DEGREE;
/** The histogram is smoothed over this many bins either side: edges of one symbol scatter by a degree or so. */
const SMOOTHING = 3;

/**
 * The angle (degrees in (-45, 45], clockwise positive as sharp's rotate) by which the image's
 * straight edges are turned from upright: the edges of a PDF417 symbol's bars and rows (and of
 * the card and text around it) run in two directions a quarter turn apart, so their directions,
 * folded into a quarter turn, pile up at the slant. Each pixel's gradient direction (Sobel) votes
 * with its strength; the strongest pile is the slant (0 where nothing has an edge). Which of the four quarter turns is upright
 * is left to the decoder, which tries them all.
 */
export function estimateBarAngle({ data, width, height }: TGreyPixels): number {
  const votes = new Float64Array(BINS);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const at = y * width + x;
      const a = data[at - width - 1] as number;
      const b = data[at - width] as number;
      const c = data[at - width + 1] as number;
      const d = data[at - 1] as number;
      const f = data[at + 1] as number;
      const g = data[at + width - 1] as number;
      const h = data[at + width] as number;
      const i = data[at + width + 1] as number;
      const gx = 3 * (c + i - a - g) + 10 * (f - d);
      const gy = 3 * (g + i - a - c) + 10 * (h - b);
      const strength = Math.hypot(gx, gy);
      // Faint gradients (paper grain, JPEG noise) carry no edge.
      if (strength < 256) continue;
      const degrees = (Math.atan2(gy, gx) * 180) / Math.PI;
      const folded = ((degrees % 90) + 90) % 90;
      const bin = Math.min(BINS - 1, Math.floor(folded * BINS_PER_DEGREE));
      votes[bin] = (votes[bin] as number) + strength;
    }
  }
  let best = 0;
  let bestScore = -1;
  for (let bin = 0; bin < BINS; bin++) {
    let score = 0;
    for (let k = -SMOOTHING; k <= SMOOTHING; k++) score += votes[(bin + k + BINS) % BINS] as number;
    if (score > bestScore) {
      bestScore = score;
      best = bin;
    }
  }
  // No edge at all (a blank image): upright.
  if (bestScore <= 0) return 0;
  const angle = (best + 0.5) / BINS_PER_DEGREE;
  return angle > 45 ? angle - 90 : angle;
}

/** The refinement searches this far either side of the edges' estimate, in steps of STEP degrees. */
const REFINE_REACH = 3;
const STEP = 0.25;

/**
 * The slant put right to a quarter of a degree: the edge directions' pile leans a degree or two
 * towards the pixel grid on small symbols. Near the estimate, the angle is taken at which the dark
 * pixels, projected across and along, make the sharpest profiles: a symbol's bars and rows line up
 * only when the projection runs along them.
 */
export function refineBarAngle({ data, width, height }: TGreyPixels, estimate: number): number {
  // Ink: clearly darker than its neighbourhood (a dark desk around a light card is no ink).
  const integral = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += data[y * width + x] as number;
      integral[(y + 1) * (width + 1) + x + 1] = (integral[y * (width + 1) + x + 1] as number) + row;
    }
  }
  const r = Math.max(4, Math.round(Math.max(width, height) / 60));
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < height; y++) {
    const [y0, y1] = [Math.max(0, y - r), Math.min(height, y + r + 1)];
    for (let x = 0; x < width; x++) {
      const [x0, x1] = [Math.max(0, x - r), Math.min(width, x + r + 1)];
      const total =
        (integral[y1 * (width + 1) + x1] as number) -
        (integral[y0 * (width + 1) + x1] as number) -
        (integral[y1 * (width + 1) + x0] as number) +
        (integral[y0 * (width + 1) + x0] as number);
      if ((data[y * width + x] as number) < (0.8 * total) / ((x1 - x0) * (y1 - y0))) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length === 0) return estimate;
  const diagonal = Math.ceil(Math.hypot(width, height));
  const across = new Float64Array(2 * diagonal + 1);
  const along = new Float64Array(2 * diagonal + 1);
  let best = estimate;
  let bestSharpness = -1;
  for (let degrees = estimate - REFINE_REACH; degrees <= estimate + REFINE_REACH + 1e-9; degrees += STEP) {
    const radians = (degrees * Math.PI) / 180;
    const cos = Math.cos(radians);
    const sin = Math.sin(radians);
    across.fill(0);
    along.fill(0);
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number;
      const y = ys[k] as number;
      const u = Math.round(x * cos + y * sin) + diagonal;
      const v = Math.round(y * cos - x * sin) + diagonal;
      across[u] = (across[u] as number) + 1;
      along[v] = (along[v] as number) + 1;
    }
    let sharpness = 0;
    for (let i = 0; i < across.length; i++) sharpness += (across[i] as number) ** 2 + (along[i] as number) ** 2;
    if (sharpness > bestSharpness) {
      bestSharpness = sharpness;
      best = degrees;
    }
  }
  return best;
}
