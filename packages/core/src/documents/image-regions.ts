import { z } from "zod";
import { AppError } from "../errors/app-error";
import { MAX_SPLIT_PARTS } from "./page-ranges";

/**
 * One part of a split photo: a box in fractions (0..1) of the photo as it is shown, that is turned
 * upright by its EXIF orientation, as a browser shows it. Only finite numbers here: whether the box
 * fits the picture is checked by checkImageRegions, which can say why in a sentence.
 */
export const ZImageRegionSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
export type TImageRegion = z.infer<typeof ZImageRegionSchema>;

/** A box narrower or lower than this fraction of the photo holds too few pixels to read a receipt from. */
export const MIN_REGION_SIDE = 0.05;

// Fractions computed by a client (0.7 + 0.3) may land a hair past the edge.
const EDGE_TOLERANCE = 1e-6;

/** The types a part of a split photo is kept as: JPEG from a JPEG, PNG from anything else. */
export type TSplitImageType = "image/jpeg" | "image/png";

/**
 * "table (part 2).jpg": the name of part `part` (1-based) of a split photo, from the original's,
 * with the extension of the type the part is kept as, cut short enough that the upload path's
 * 200-character bound never cuts off the part number.
 */
export function splitImagePartFilename(original: string, part: number, type: TSplitImageType = "image/jpeg"): string {
  const base =
    original
      .replace(/\.(jpe?g|png|webp|tiff?)$/i, "")
      .slice(0, 160)
      .trim() || "photo";
  return `${base} (part ${part}).${type === "image/jpeg" ? "jpg" : "png"}`;
}

/**
 * Refuses boxes that cannot split a photo into parts, with a sentence that says what to change:
 * none, too many, reaching outside the picture, too small to read, or one box that is the whole
 * photo. Boxes may overlap (receipts lie over one another on a table) and may leave parts of the
 * photo out.
 */
export function checkImageRegions(regions: readonly TImageRegion[]): void {
  if (regions.length === 0) throw new AppError("BAD_REQUEST", "Draw at least one box around a receipt on the photo.");
  if (regions.length > MAX_SPLIT_PARTS) {
    throw new AppError(
      "BAD_REQUEST",
      `A photo can be split into at most ${MAX_SPLIT_PARTS} parts at a time; these boxes make ${regions.length}. Split it in several steps.`,
    );
  }
  regions.forEach((region, i) => {
    const { x, y, width, height } = region;
    if (x < -EDGE_TOLERANCE || y < -EDGE_TOLERANCE || x + width > 1 + EDGE_TOLERANCE || y + height > 1 + EDGE_TOLERANCE) {
      throw new AppError("BAD_REQUEST", `Box ${i + 1} reaches outside the photo: draw each box within the picture.`);
    }
    if (width < MIN_REGION_SIDE || height < MIN_REGION_SIDE) {
      throw new AppError("BAD_REQUEST", `Box ${i + 1} is too small to read: make each box at least ${MIN_REGION_SIDE * 100}% of the photo's width and height.`);
    }
  });
  const [only] = regions;
  if (regions.length === 1 && only && only.width >= 0.99 && only.height >= 0.99) {
    throw new AppError("BAD_REQUEST", "That box is the whole photo: nothing to split.");
  }
}
