import { inkMask, type TGreyImage } from "./locate-mrz-lines";

/** Turns considered, in degrees either way: photos of a card held by hand; more is a page turned, not skewed. */
export const MAX_SKEW_DEGREES = 6;
const STEP_DEGREES = 0.25;
/** The whole half turn is first searched this coarsely, then refined around the best angle. */
const COARSE_STEP_DEGREES = 1;

type TInk = { xs: Float64Array; ys: Float64Array; count: number; diagonal: number };

function inkOf(image: TGreyImage): TInk | null {
  const ink = inkMask(image);
  let count = 0;
  for (let i = 0; i < ink.length; i++) count += ink[i] === 1 ? 1 : 0;
  if (count === 0) return null;
  // The ink's coordinates in typed arrays: the search below runs over every ink pixel once per angle.
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  for (let i = 0, at = 0; i < ink.length; i++) {
    if (ink[i] !== 1) continue;
    xs[at] = i % image.width;
    ys[at++] = Math.floor(i / image.width);
  }
  return { xs, ys, count, diagonal: Math.ceil(Math.hypot(image.width, image.height)) };
}

/**
 * The angle between `from` and `to` (degrees, by `step`) whose projection of the ink onto the lines'
 * normal is sharpest: text lines make tall narrow peaks only when the projection runs along them.
 */
function sharpestAngle({ xs, ys, count, diagonal }: TInk, from: number, to: number, step: number): number {
  const bins = new Float64Array(2 * diagonal + 1);
  let best = 0;
  let bestSharpness = -1;
  for (let degrees = from; degrees <= to + 1e-9; degrees += step) {
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

/**
 * The angle (degrees, clockwise positive as sharp's rotate) by which the image's text lines are
 * turned, within a few degrees either way (a scan or a photo held by hand). 0 when the image holds no ink.
 */
export function estimateSkew(image: TGreyImage): number {
  const ink = inkOf(image);
  return ink ? sharpestAngle(ink, -MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, STEP_DEGREES) : 0;
}

/**
 * The angle of the image's text lines at any turn, in (-90, 90]: a card photographed at a slant
 * or sideways. Which way up the text reads is not known from its lines; the caller tries both
 * (the angle and the angle plus a half turn). 0 when the image holds no ink.
 */
export function estimateTextAngle(image: TGreyImage): number {
  const ink = inkOf(image);
  if (!ink) return 0;
  const coarse = sharpestAngle(ink, -90 + COARSE_STEP_DEGREES, 90, COARSE_STEP_DEGREES);
  const fine = sharpestAngle(ink, coarse - COARSE_STEP_DEGREES, coarse + COARSE_STEP_DEGREES, STEP_DEGREES);
  return fine > 90 ? fine - 180 : fine <= -90 ? fine + 180 : fine;
}
