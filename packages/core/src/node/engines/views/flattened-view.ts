import sharp from "sharp";
import type { TBBox } from "../../../extraction/extraction-result";
import { FLATTEN_LIMITS, findPageCorners, flattenPage, type TPoint } from "../../../flatten";
import type { TTurnedView } from "./turned-view";

/**
 * The card or page in a photo taken at an angle (on a table, in a hand), its outline found and
 * warped flat as the capture page does, and the way back from the flat view to the photo's pixels
 * (through the outline, corner by corner). Null when no outline is found or the photo is larger
 * than the flattener takes.
 */
export async function flattenedView(image: Uint8Array, width: number, height: number, options: { alone?: boolean } = {}): Promise<TTurnedView | null> {
  if (width * height > FLATTEN_LIMITS.maxPixels || Math.max(width, height) > FLATTEN_LIMITS.maxSidePixels) return null;
  const { data, info } = await sharp(image).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const photo = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  const found = await findPageCorners(photo);
  // `alone`: a page with others beside it (several receipts in one photo) is not cut out of them.
  if (!found || (options.alone && found.othersSeen > 0)) return null;
  const flat = await flattenPage(photo, found.corners);
  // Fast, lossless: the view is read once and dropped.
  const png = await sharp(flat.data, { raw: { width: flat.width, height: flat.height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  const [tl, tr, br, bl] = found.corners;
  // A point of the flat view at (u, v) of its width and height, back in the photo (bilinear between the corners).
  const back = (x: number, y: number): TPoint => {
    const u = x / flat.width;
    const v = y / flat.height;
    const at = (key: "x" | "y") => (1 - u) * (1 - v) * tl[key] + u * (1 - v) * tr[key] + u * v * br[key] + (1 - u) * v * bl[key];
    return { x: at("x") * info.width, y: at("y") * info.height };
  };
  const toImage = (box: TBBox): TBBox => {
    const points = [back(box.x0, box.y0), back(box.x1, box.y0), back(box.x1, box.y1), back(box.x0, box.y1)];
    return {
      x0: Math.max(0, Math.min(...points.map((p) => p.x))),
      y0: Math.max(0, Math.min(...points.map((p) => p.y))),
      x1: Math.min(info.width, Math.max(...points.map((p) => p.x))),
      y1: Math.min(info.height, Math.max(...points.map((p) => p.y))),
    };
  };
  return { bytes: new Uint8Array(png), width: flat.width, height: flat.height, toImage };
}
