import sharp from "sharp";
import type { TPage } from "../extraction/extraction-result";
import { flattenedView } from "./engines/views/flattened-view";

/** The page of a photo warped flat, and the way its read pages' boxes go back onto the photo. */
export type TPhotoPage = { bytes: Uint8Array; onPhoto: (pages: TPage[]) => TPage[] };

/**
 * A page photographed on a table, a desk or a cloth (a receipt held at an angle, a letter on wood):
 * found by its outline and warped flat, as the capture page does on the phone, so photos sent any
 * other way (the API, a shared file, a folder) are read as well. Null when no single page's
 * outline is seen (a scan, a page filling the frame, several receipts side by side) or the photo
 * is larger than the flattener takes: the photo is read as it is. The flat view's words keep
 * their boxes on the photo, so fields are shown where the person sees them.
 */
export async function photoPage(bytes: Uint8Array): Promise<TPhotoPage | null> {
  const meta = await sharp(bytes).metadata();
  // EXIF orientations 5-8 turn the photo a quarter: its upright width is the stored height.
  const [width, height] = (meta.orientation ?? 1) >= 5 ? [meta.height ?? 0, meta.width ?? 0] : [meta.width ?? 0, meta.height ?? 0];
  const view = await flattenedView(bytes, width, height, { alone: true });
  if (!view) return null;
  const onPhoto = (pages: TPage[]): TPage[] =>
    pages.map((page) => ({ ...page, width, height, words: page.words.map((word) => ({ ...word, bbox: view.toImage(word.bbox) })) }));
  return { bytes: view.bytes, onPhoto };
}
