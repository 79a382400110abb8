import { checkImageRegions, type TImageRegion, type TSplitImageType } from "../documents/image-regions";
import { resolveLimits, type TValidationLimits } from "../validation/validation-limits";
import { openOrientedImage } from "./oriented-image";
import { mapSharpError } from "./validation/sharp-error";

/** One part of a split photo: its box in the original (fractions of the upright photo), its size in pixels, and its own image bytes. */
export type TImagePart = { region: TImageRegion; type: TSplitImageType; width: number; height: number; bytes: Uint8Array };

/** JPEG parts are encoded this well: a receipt's small print stays as readable as in the photo. */
const JPEG_QUALITY = 90;

/** The pixels of a box: rounded to whole pixels, kept within the picture and at least one pixel each way. */
export function regionPixels(region: TImageRegion, width: number, height: number): { left: number; top: number; width: number; height: number } {
  const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
  const left = clamp(Math.round(region.x * width), 0, width - 1);
  const top = clamp(Math.round(region.y * height), 0, height - 1);
  const right = clamp(Math.round((region.x + region.width) * width), left + 1, width);
  const bottom = clamp(Math.round((region.y + region.height) * height), top + 1, height);
  return { left, top, width: right - left, height: bottom - top };
}

/**
 * Splits a photo of several receipts into one image per box, in the order given. The boxes are
 * checked first (checkImageRegions), the photo against the pixel limits uploads have, and it is
 * decoded upright (EXIF orientation), as the person drawing the boxes saw it. A JPEG's parts are
 * JPEGs, anything else's PNGs, without metadata: the same bytes and boxes always give the same
 * parts, so a part split twice is the same document.
 */
export async function splitImage(
  bytes: Uint8Array,
  regions: readonly TImageRegion[],
  options: { limits?: Partial<TValidationLimits> } = {},
): Promise<TImagePart[]> {
  checkImageRegions(regions);
  const image = await openOrientedImage(bytes, resolveLimits(options.limits), "splitting into boxes");
  const type: TSplitImageType = image.type === "image/jpeg" ? "image/jpeg" : "image/png";
  const parts: TImagePart[] = [];
  // One part at a time: each decode holds at most one copy of the photo in memory.
  for (const region of regions) {
    const box = regionPixels(region, image.width, image.height);
    const cut = image.decode().extract(box);
    try {
      const encoded = type === "image/jpeg" ? cut.jpeg({ quality: JPEG_QUALITY }) : cut.png();
      parts.push({ region, type, width: box.width, height: box.height, bytes: await encoded.toBuffer() });
    } catch (error) {
      throw mapSharpError(image.type, error);
    }
  }
  return parts;
}
