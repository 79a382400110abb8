import type { TImageRegion } from "../documents/image-regions";
import { MIN_REGION_SIDE } from "../documents/image-regions";
import { resolveLimits, type TValidationLimits } from "../validation/validation-limits";
import { openOrientedImage } from "./oriented-image";
import { mapSharpError } from "./validation/sharp-error";

/** The photo is looked at this small: paper on a table shows at any size, and the work stays a few milliseconds. */
const WORK_SIDE = 256;
/** A bright patch smaller than this share of the photo is a reflection or a label, not a receipt. */
const MIN_AREA = 0.03;
/** A patch this close to the whole photo in both directions is the background (a white table), not a receipt. */
const BACKGROUND_SPAN = 0.95;
const MAX_SUGGESTIONS = 8;

type TGrey = { pixels: Uint8Array; width: number; height: number };
type TBox = { left: number; top: number; right: number; bottom: number; area: number };

/**
 * Boxes around the pieces of bright paper on a darker background (receipts on a table), to start
 * a split from: the photo is shrunk to WORK_SIDE pixels in grey, cut in two at Otsu's threshold,
 * and each connected bright patch over MIN_AREA of the photo becomes a box, at most
 * MAX_SUGGESTIONS of the largest, in reading order (rows top to bottom, left to right in a row).
 * Fractions of the upright photo, as splitImage takes them; empty when nothing stands out.
 */
export async function suggestImageRegions(bytes: Uint8Array, options: { limits?: Partial<TValidationLimits> } = {}): Promise<TImageRegion[]> {
  const image = await openOrientedImage(bytes, resolveLimits(options.limits), "finding receipts");
  let grey: TGrey;
  try {
    const { data, info } = await image
      .decode()
      .resize(WORK_SIDE, WORK_SIDE, { fit: "inside" })
      .flatten({ background: "#000000" })
      .grayscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = new Uint8Array(info.width * info.height);
    for (let i = 0; i < pixels.length; i++) pixels[i] = data[i * info.channels] ?? 0;
    grey = { pixels, width: info.width, height: info.height };
  } catch (error) {
    throw mapSharpError(image.type, error);
  }
  return regionsOfBrightPatches(grey);
}

/** The bright patches of a grey picture as boxes: the part of suggestImageRegions that needs no decoder. */
export function regionsOfBrightPatches({ pixels, width, height }: TGrey): TImageRegion[] {
  const threshold = otsuThreshold(pixels);
  if (threshold === null) return [];
  const boxes = brightComponents(pixels, width, height, threshold).filter(
    (box) =>
      box.area >= MIN_AREA * width * height &&
      !(box.right - box.left >= BACKGROUND_SPAN * width && box.bottom - box.top >= BACKGROUND_SPAN * height) &&
      // Every suggestion can be split as it is: checkImageRegions refuses thinner boxes.
      box.right - box.left >= MIN_REGION_SIDE * width &&
      box.bottom - box.top >= MIN_REGION_SIDE * height,
  );
  const largest = boxes.sort((a, b) => b.area - a.area).slice(0, MAX_SUGGESTIONS);
  const round = (n: number) => Math.round(n * 10_000) / 10_000;
  return readingOrder(largest).map((box) => ({
    x: round(box.left / width),
    y: round(box.top / height),
    width: round((box.right - box.left) / width),
    height: round((box.bottom - box.top) / height),
  }));
}

/** Otsu's threshold: the grey level that best separates the picture's two classes; null for a picture of one shade. */
export function otsuThreshold(pixels: Uint8Array): number | null {
  const histogram = new Float64Array(256);
  for (const value of pixels) histogram[value] = (histogram[value] ?? 0) + 1;
  const total = pixels.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level++) sumAll += level * (histogram[level] ?? 0);
  let below = 0;
  let sumBelow = 0;
  let best = -1;
  let threshold: number | null = null;
  for (let level = 0; level < 255; level++) {
    below += histogram[level] ?? 0;
    sumBelow += level * (histogram[level] ?? 0);
    const above = total - below;
    if (below === 0 || above === 0) continue;
    const meanBelow = sumBelow / below;
    const meanAbove = (sumAll - sumBelow) / above;
    const between = below * above * (meanBelow - meanAbove) ** 2;
    if (between > best) {
      best = between;
      threshold = level;
    }
  }
  return threshold;
}

/** The bounding boxes (right and bottom exclusive) and pixel counts of the 4-connected patches brighter than `threshold`. */
function brightComponents(pixels: Uint8Array, width: number, height: number, threshold: number): TBox[] {
  const seen = new Uint8Array(pixels.length);
  const stack = new Int32Array(pixels.length);
  const boxes: TBox[] = [];
  for (let start = 0; start < pixels.length; start++) {
    if (seen[start] || (pixels[start] ?? 0) <= threshold) continue;
    const box: TBox = { left: width, top: height, right: 0, bottom: 0, area: 0 };
    let size = 0;
    stack[size++] = start;
    seen[start] = 1;
    while (size > 0) {
      const at = stack[--size] ?? 0;
      const x = at % width;
      const y = (at - x) / width;
      box.area++;
      box.left = Math.min(box.left, x);
      box.top = Math.min(box.top, y);
      box.right = Math.max(box.right, x + 1);
      box.bottom = Math.max(box.bottom, y + 1);
      const neighbours = [x > 0 ? at - 1 : -1, x < width - 1 ? at + 1 : -1, y > 0 ? at - width : -1, y < height - 1 ? at + width : -1];
      for (const next of neighbours) {
        if (next < 0 || seen[next] || (pixels[next] ?? 0) <= threshold) continue;
        seen[next] = 1;
        stack[size++] = next;
      }
    }
    boxes.push(box);
  }
  return boxes;
}

/** Rows from top to bottom (a box whose middle lies within a row's first box's height joins that row), each left to right. */
function readingOrder(boxes: TBox[]): TBox[] {
  const rows: TBox[][] = [];
  for (const box of [...boxes].sort((a, b) => a.top - b.top)) {
    const middle = (box.top + box.bottom) / 2;
    const row = rows.find(([first]) => first !== undefined && middle >= first.top && middle < first.bottom);
    if (row) row.push(box);
    else rows.push([box]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.left - b.left));
}
