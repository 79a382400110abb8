import sharp, { type Sharp } from "sharp";
import type { TBBox } from "../../../extraction/extraction-result";
import { jointExtent, locateMrzLines, sharedExtent, type TGreyImage, type TMrzLineBox } from "./locate-mrz-lines";
import { RECOGNISER_HEIGHT, RECOGNISER_MAX_WIDTH, type TLineImage } from "./mrz-recogniser";

/** A rectangle of the image, in its pixels (after EXIF rotation). */
export type TRegion = { left: number; top: number; width: number; height: number };

/** Width the image is brought to for finding the MRZ lines: enough for 44 glyphs, cheap to scan. */
const LOCATE_WIDTH = 1000;
/** Margins around a located line, as shares of its height (above, below) and of the image width (sides). */
export const LINE_MARGIN_Y = 0.35;
const LINE_MARGIN_X = 0.015;

export async function greyPixels(pipeline: Sharp): Promise<TGreyImage> {
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  if (info.channels === 1) return { data: new Uint8Array(data), width: info.width, height: info.height };
  // An alpha channel survives greyscale(): keep the grey one.
  const grey = new Uint8Array(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels] ?? 255;
  return { data: grey, width: info.width, height: info.height };
}

/**
 * The MRZ lines' boxes in the image's pixels, searched within `area` (the whole image by default; a side of a
 * two-sided card scan, where the MRZ spans half the width), as sets to try in turn: the lines cut to the extent
 * they share (text printed beside them left out), then widened to the extent of all (nothing of theirs cut off).
 */
export async function locateLineSets(image: Uint8Array, width: number, height: number, area?: TRegion): Promise<TRegion[][]> {
  const within = area ?? { left: 0, top: 0, width, height };
  const small = await greyPixels(sharp(image).rotate().extract(within).resize({ width: LOCATE_WIDTH }));
  const k = within.width / small.width;
  const boxes = locateMrzLines(small);
  if (boxes.length < 2) return [];
  const toRegion = (box: TMrzLineBox): TRegion => {
    const left = Math.max(0, Math.floor(within.left + box.x0 * k - width * LINE_MARGIN_X));
    const right = Math.min(width, Math.ceil(within.left + box.x1 * k + width * LINE_MARGIN_X));
    const margin = (box.y1 - box.y0) * k * LINE_MARGIN_Y;
    const top = Math.max(0, Math.floor(within.top + box.y0 * k - margin));
    const bottom = Math.min(height, Math.ceil(within.top + box.y1 * k + margin));
    return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
  };
  const sets = [sharedExtent(boxes), jointExtent(boxes)].filter((set): set is TMrzLineBox[] => set !== undefined);
  const regions = sets.map((set) => set.map(toRegion));
  const key = (set: TRegion[]) => set.map((r) => `${r.left},${r.top},${r.width},${r.height}`).join(";");
  return regions.filter((set, i) => regions.findIndex((other) => key(other) === key(set)) === i);
}

/** The two sides of an image scanned with both sides of a card next to each other, overlapping a little. */
export function imageHalves(width: number, height: number): TRegion[] {
  const half = Math.round(width * 0.55);
  return [
    { left: 0, top: 0, width: half, height },
    { left: width - half, top: 0, width: half, height },
  ];
}

/** Regions around lines boxed by another reader (tesseract's layout analysis): margins as for located lines. */
export function regionsAround(boxes: readonly TBBox[], width: number, height: number): TRegion[] {
  if (boxes.length === 0) return [];
  const left = Math.max(0, Math.floor(Math.min(...boxes.map((b) => b.x0)) - width * LINE_MARGIN_X));
  const right = Math.min(width, Math.ceil(Math.max(...boxes.map((b) => b.x1)) + width * LINE_MARGIN_X));
  return boxes.map((box) => {
    const margin = (box.y1 - box.y0) * LINE_MARGIN_Y;
    const top = Math.max(0, Math.floor(box.y0 - margin));
    const bottom = Math.min(height, Math.ceil(box.y1 + margin));
    return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
  });
}

/** One region as the PP-OCR recogniser reads it: RGB, scaled to its input height. */
export async function cropLineImage(image: Uint8Array, region: TRegion): Promise<TLineImage> {
  const width = Math.max(8, Math.min(RECOGNISER_MAX_WIDTH, Math.round((region.width * RECOGNISER_HEIGHT) / Math.max(1, region.height))));
  const { data, info } = await sharp(image)
    .rotate()
    .extract(region)
    .resize(width, RECOGNISER_HEIGHT, { fit: "fill", kernel: "lanczos3" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels === 3) return { data: new Uint8Array(data), width: info.width, height: info.height };
  const rgb = new Uint8Array(info.width * info.height * 3);
  for (let p = 0; p < info.width * info.height; p++) rgb.fill(data[p * info.channels] ?? 255, p * 3, p * 3 + 3);
  return { data: rgb, width: info.width, height: info.height };
}
