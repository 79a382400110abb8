import { inkMask, type TGreyImage } from "./locate-mrz-lines";

/** Turns considered, in degrees either way: photos of a card held by hand; more is a page turned, not skewed. */
const MAX_SKEW_DEGREES = 6;
const STEP_DEGREES = 0.25;

/**
 * The angle (degrees, clockwise positive as sharp's rotate) by which the image's text lines are turned: the one
 * whose projection of the ink onto the lines' normal is sharpest (text lines make tall narrow peaks only when the
 * projection runs along them). 0 when the image holds no ink.
 */
export function estimateSkew(image: TGreyImage): number {
  const ink = inkMask(image);
  let count = 0;
  for (let i = 0; i < ink.length; i++) count += ink[i] === 1 ? 1 : 0;
  if (count === 0) return 0;
  // The ink's coordinates in typed arrays: this loop runs 49 times over every ink pixel.
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0, at = 0; i < ink.length; i++) {
    if (ink[i] !== 1) continue;
    xs[at] = i % image.width;
    ys[at++] = Math.floor(i / image.width);
  }
  const diagonal = Math.ceil(Math.hypot(image.width, image.height));
  const bins = new Float64Array(2 * diagonal + 1);
  let best = 0;
  let bestSharpness = -1;
  for (let degrees = -MAX_SKEW_DEGREES; degrees <= MAX_SKEW_DEGREES + 1e-9; degrees += STEP_DEGREES) {
    const radians = (degrees * Math.PI) / 180;
    const sin = Math.sin(radians);
    const cos = Math.cos(radians);
    bins.fill(0);
    for (let i = 0; i < count; i++) {
      // The distance of the pixel from a line through the origin turned by `degrees`.
      const row = Math.round((ys[i] ?? 0) * cos - (xs[i] ?? 0) * sin) + diagonal;
      bins[row] = (bins[row] ?? 0) + 1;
    }
    let sharpness = 0;
    for (const n of bins) sharpness += n * n;
    if (sharpness > bestSharpness) {
      bestSharpness = sharpness;
      best = degrees;
    }
  }
  return best;
}
