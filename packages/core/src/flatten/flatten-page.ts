import { AppError } from "../errors/app-error";
import { loadOpenCv } from "./load-opencv";
import { flatSize, isConvexQuad, orderCorners, polygonArea, type TPoint, type TQuad } from "./quad-geometry";
import { checkRgbaImage, shrinkRgba, type TRgbaImage } from "./rgba-image";

/** The flat page is at most this long on its longer side (about 250 dpi for a long receipt): the work per upload stays bounded. */
export const FLAT_MAX_SIDE = 2400;
/** Shrinking more than this in the warp alone would skip pixels (aliasing): the crop is averaged down first. */
const MAX_WARP_SHRINK = 1.25;

/**
 * The page inside `corners` (fractions of the photo's width and height, tl, tr, br, bl as
 * findPageCorners gives them, or as a person moved them) warped to a flat rectangle, RGBA. Its
 * size comes from the corners' distances (the longer of each pair of opposite sides), at most
 * `maxSide` (FLAT_MAX_SIDE) on its longer side. Only the part of the photo around the page goes
 * into OpenCV's heap, shrunk first when the page is much larger than the result.
 */
export async function flattenPage(image: TRgbaImage, corners: readonly TPoint[], options: { maxSide?: number } = {}): Promise<TRgbaImage> {
  checkRgbaImage(image, "flatten the page");
  const maxSide = options.maxSide ?? FLAT_MAX_SIDE;
  if (!Number.isInteger(maxSide) || maxSide < 1 || maxSide > FLAT_MAX_SIDE * 4) {
    throw new AppError("BAD_REQUEST", `Cannot flatten the page: maxSide must be a whole number of pixels from 1 to ${FLAT_MAX_SIDE * 4}, not ${maxSide}.`);
  }
  const quad = checkCorners(corners, image);
  const size = flatSize(quad);
  const scale = Math.min(1, maxSide / Math.max(size.width, size.height));
  const width = Math.max(1, Math.round(size.width * scale));
  const height = Math.max(1, Math.round(size.height * scale));

  // The page's bounding box in the photo (whole pixels, a pixel of margin for the interpolation).
  const x0 = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.x))) - 1);
  const y0 = Math.max(0, Math.floor(Math.min(...quad.map((p) => p.y))) - 1);
  const x1 = Math.min(image.width, Math.ceil(Math.max(...quad.map((p) => p.x))) + 1);
  const y1 = Math.min(image.height, Math.ceil(Math.max(...quad.map((p) => p.y))) + 1);
  const crop = { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
  const shrink = 1 / scale > MAX_WARP_SHRINK ? 1 / scale : 1;
  const source = shrinkRgba(image, shrink, crop);
  // Corners in the source's pixels (edges of pixels, not their centres: OpenCV's centres are at +0.5).
  const sx = source.width / crop.width;
  const sy = source.height / crop.height;
  const from = quad.flatMap((p) => [(p.x - crop.x) * sx - 0.5, (p.y - crop.y) * sy - 0.5]);
  const to = [-0.5, -0.5, width - 0.5, -0.5, width - 0.5, height - 0.5, -0.5, height - 0.5];

  const cv = await loadOpenCv();
  const src = cv.matFromArray(source.height, source.width, cv.CV_8UC4, source.data);
  const fromMat = cv.matFromArray(4, 1, cv.CV_32FC2, from);
  const toMat = cv.matFromArray(4, 1, cv.CV_32FC2, to);
  const transform = cv.getPerspectiveTransform(fromMat, toMat);
  const flat = new cv.Mat();
  try {
    cv.warpPerspective(src, flat, transform, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_REPLICATE);
    return { data: new Uint8ClampedArray(flat.data), width, height };
  } finally {
    for (const mat of [src, fromMat, toMat, transform, flat]) mat.delete();
  }
}

/** The corners in the photo's pixels, in tl, tr, br, bl order; a BAD_REQUEST error when they cannot be a page's. */
function checkCorners(corners: readonly TPoint[], image: TRgbaImage): TQuad {
  const bad = (why: string) => new AppError("BAD_REQUEST", `Cannot flatten the page: ${why}.`);
  if (corners.length !== 4) throw bad(`it takes 4 corners, not ${corners.length}`);
  // A corner dragged a hair past the photo's edge is taken at the edge.
  const slack = 0.01;
  for (const { x, y } of corners) {
    if (!Number.isFinite(x) || !Number.isFinite(y) || x < -slack || y < -slack || x > 1 + slack || y > 1 + slack) {
      throw bad(`corner (${x}, ${y}) is not inside the photo (corners are fractions of its width and height, from 0 to 1)`);
    }
  }
  const clamp = (n: number) => Math.min(1, Math.max(0, n));
  const quad = orderCorners(corners.map((p) => ({ x: clamp(p.x) * image.width, y: clamp(p.y) * image.height })));
  if (!isConvexQuad(quad)) throw bad("the corners do not make a four-sided shape (two of them coincide, or three are in a line)");
  if (polygonArea(quad) < 1) throw bad("the corners enclose less than one pixel of the photo");
  return quad;
}
