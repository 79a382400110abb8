// "Phone photos" of a flat page, made from a seed with OpenCV in Node: the page turned, seen at an
// angle, lying on wood, cloth, a dark desk or a cluttered surface, under uneven light, with sensor
// noise, as JPEG; and where its corners truly are. What findPageCorners and flattenPage are measured
// on (find-page-corners.test.ts, scripts/flatten-eval.ts).
import sharp from "sharp";
import { loadOpenCv } from "../src/flatten/load-opencv";
import { distance, polygonArea, type TPoint, type TQuad } from "../src/flatten/quad-geometry";
import { BACKGROUNDS, drawBackground, seededRandom, type TBackground } from "./photo-backgrounds";

export { BACKGROUNDS, type TBackground } from "./photo-backgrounds";

export type TWarpedPhoto = {
  /** The photo, JPEG (or PNG when asked). */
  bytes: Buffer;
  width: number;
  height: number;
  /** Where the page's own top-left, top-right, bottom-right and bottom-left corners are, as fractions of the photo. */
  corners: TQuad;
  background: TBackground;
  /** How far the page is turned, in degrees (clockwise). */
  rotation: number;
  /** Share of the photo the page covers. */
  fill: number;
};

/** A 12-megapixel phone's longer side: a page that would need a larger photo is shown smaller. */
const MAX_PHOTO_SIDE = 4032;

/**
 * A seeded photo of `page` (any image sharp reads): turned up to ±25° (and one time in seven a
 * quarter turn more), seen at an angle (one pair of sides up to 12% shorter than the other, the
 * other pair up to 8%, each corner a little off besides), at 100-125% of its own resolution (a
 * 12 MP phone holds a receipt at more pixels than a 200 dpi scan has),
 * covering 35-80% of the photo (less for a long receipt that would not fit), on a background,
 * lit unevenly (±8-20% across the photo), with noise and JPEG at quality 88.
 */
export async function makeWarpedPhoto(
  page: Uint8Array,
  seed: number,
  options: { background?: TBackground; format?: "jpeg" | "png" } = {},
): Promise<TWarpedPhoto> {
  const random = seededRandom(seed);
  const between = (low: number, high: number) => low + (high - low) * random();
  const { data: pageData, info } = await sharp(page).rotate().removeAlpha().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const [pw, ph] = [info.width, info.height];

  // The page's corners around its centre, then keystoned (perspective), nudged, turned.
  const keystone = between(-0.12, 0.12);
  const sideways = between(-0.08, 0.08);
  const nudge = 0.025 * Math.min(pw, ph);
  const own: TPoint[] = [
    { x: -pw / 2, y: -ph / 2 },
    { x: pw / 2, y: -ph / 2 },
    { x: pw / 2, y: ph / 2 },
    { x: -pw / 2, y: ph / 2 },
  ].map(({ x, y }) => ({
    // keystone > 0: the top side is the shorter (further from the camera); < 0: the bottom one. sideways: left or right.
    x: x * (1 - Math.max(0, y < 0 ? keystone : -keystone)) + between(-nudge, nudge),
    y: y * (1 - Math.max(0, x < 0 ? sideways : -sideways)) + between(-nudge, nudge),
  }));
  const quarter = random() < 1 / 7 ? (random() < 0.5 ? 90 : -90) : 0;
  const rotation = between(-25, 25) + quarter;
  const [cos, sin] = [Math.cos((rotation * Math.PI) / 180), Math.sin((rotation * Math.PI) / 180)];
  const turned = own.map(({ x, y }) => ({ x: x * cos - y * sin, y: x * sin + y * cos }));

  // The photo's size: the page at 100-125% of its resolution covering 35-80% of it, 3:4 or 4:3 as the page lies.
  let scale = between(1, 1.25);
  const xs = turned.map((p) => p.x);
  const ys = turned.map((p) => p.y);
  const [bw, bh] = [Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)];
  const quadArea = polygonArea(turned);
  const aspect = bh >= bw ? 3 / 4 : 4 / 3;
  const wanted = between(0.35, 0.8);
  let height = Math.sqrt((quadArea * scale * scale) / wanted / aspect);
  let width = height * aspect;
  // The page's bounding box stays inside 92% of the photo.
  const grow = Math.max(1, (bw * scale) / (0.92 * width), (bh * scale) / (0.92 * height));
  width *= grow;
  height *= grow;
  const tooLarge = Math.max(width, height) / MAX_PHOTO_SIDE;
  if (tooLarge > 1) {
    width /= tooLarge;
    height /= tooLarge;
    scale /= tooLarge;
  }
  width = Math.round(width);
  height = Math.round(height);
  const left = between(0.04 * width, width - 0.04 * width - bw * scale) - Math.min(...xs) * scale;
  const top = between(0.04 * height, height - 0.04 * height - bh * scale) - Math.min(...ys) * scale;
  const placed = turned.map(({ x, y }) => ({ x: left + x * scale, y: top + y * scale })) as TQuad;

  const background = options.background ?? BACKGROUNDS[Math.floor(random() * BACKGROUNDS.length)] ?? "wood";
  const photo = drawBackground(background, width, height, random);
  await laySheet(photo, width, height, { data: pageData, width: pw, height: ph }, placed);
  light(photo, width, height, random);
  const raw = sharp(Buffer.from(photo.buffer, photo.byteOffset, photo.length), { raw: { width, height, channels: 4 } }).removeAlpha();
  const bytes = await (options.format === "png" ? raw.png() : raw.jpeg({ quality: 88 })).toBuffer();
  return {
    bytes,
    width,
    height,
    corners: placed.map((p) => ({ x: p.x / width, y: p.y / height })) as TQuad,
    background,
    rotation: Math.round(rotation * 10) / 10,
    fill: Math.round((polygonArea(placed) / (width * height)) * 1000) / 1000,
  };
}

/** The page warped onto the photo at `corners` (pixels), its edges blended by the warped alpha. */
async function laySheet(photo: Uint8ClampedArray, width: number, height: number, page: { data: Buffer; width: number; height: number }, corners: TQuad) {
  const cv = await loadOpenCv();
  const src = cv.matFromArray(page.height, page.width, cv.CV_8UC4, page.data);
  const from = cv.matFromArray(4, 1, cv.CV_32FC2, [-0.5, -0.5, page.width - 0.5, -0.5, page.width - 0.5, page.height - 0.5, -0.5, page.height - 0.5]);
  const to = cv.matFromArray(
    4,
    1,
    cv.CV_32FC2,
    corners.flatMap((p) => [p.x - 0.5, p.y - 0.5]),
  );
  const transform = cv.getPerspectiveTransform(from, to);
  const warped = new cv.Mat();
  try {
    cv.warpPerspective(src, warped, transform, new cv.Size(width, height), cv.INTER_LINEAR, cv.BORDER_CONSTANT, new cv.Scalar(0, 0, 0, 0));
    const sheet = warped.data;
    for (let i = 0; i < photo.length; i += 4) {
      const alpha = (sheet[i + 3] ?? 0) / 255;
      if (alpha === 0) continue;
      for (let c = 0; c < 3; c++) photo[i + c] = (photo[i + c] ?? 0) * (1 - alpha) + (sheet[i + c] ?? 0) * alpha;
    }
  } finally {
    for (const mat of [src, from, to, transform, warped]) mat.delete();
  }
}

/** Uneven light (brighter towards one side, ±8-20%) and sensor noise (σ 2-6 of 255). */
function light(photo: Uint8ClampedArray, width: number, height: number, random: () => number) {
  const angle = random() * 2 * Math.PI;
  const strength = 0.08 + random() * 0.12;
  const sigma = 2 + random() * 4;
  const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
  const reach = Math.abs(ux) * width + Math.abs(uy) * height;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const gain = 1 + (strength * 2 * ((x - width / 2) * ux + (y - height / 2) * uy)) / reach;
      const i = (y * width + x) * 4;
      // Noise from the sum of three uniforms: near enough to Gaussian, and cheap.
      for (let c = 0; c < 3; c++) photo[i + c] = (photo[i + c] ?? 0) * gain + (random() + random() + random() - 1.5) * 2 * sigma;
    }
}

/**
 * How far found corners are from the true ones, as a share of the photo's diagonal: the largest
 * of the four distances, with the corners matched in the best of the four turns of their order (a
 * page photographed sideways has its own top-left at another corner of the photo).
 */
export function cornerError(found: readonly TPoint[], truth: readonly TPoint[], photo: { width: number; height: number }): number {
  const px = (p: TPoint) => ({ x: p.x * photo.width, y: p.y * photo.height });
  const diagonal = Math.hypot(photo.width, photo.height);
  let best = Infinity;
  for (let shift = 0; shift < 4; shift++) {
    const worst = Math.max(...truth.map((t, i) => distance(px(t), px(found[(i + shift) % 4] as TPoint))));
    best = Math.min(best, worst / diagonal);
  }
  return best;
}
