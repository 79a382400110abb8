import { AppError } from "../errors/app-error";

/** Decoded pixels as a canvas gives them (ImageData's shape): 4 bytes a pixel, row after row (sharp's raw RGBA bytes do too). */
export type TRgbaImage = { data: Uint8ClampedArray | Uint8Array; width: number; height: number };

/**
 * The largest photo the flattener takes: 50 megapixels (a 48 MP phone's full-size photo) and 16,384
 * pixels a side. OpenCV.js works in a WebAssembly heap of at most 1 GB; a larger photo is scaled
 * down by the caller before it comes here.
 */
export const FLATTEN_LIMITS = { maxPixels: 50_000_000, maxSidePixels: 16_384 } as const;

/** Refuses what no photo is (no pixels, sides that are not whole numbers, too many pixels, too few bytes) before any work. */
export function checkRgbaImage(image: TRgbaImage, what: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new AppError("BAD_REQUEST", `Cannot ${what}: the image is ${String(width)} × ${String(height)} pixels; it needs at least one pixel.`);
  }
  if (width > FLATTEN_LIMITS.maxSidePixels || height > FLATTEN_LIMITS.maxSidePixels || width * height > FLATTEN_LIMITS.maxPixels) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `Cannot ${what}: the image is ${width.toLocaleString("en-US")} × ${height.toLocaleString("en-US")} pixels, over the limit of ${FLATTEN_LIMITS.maxPixels / 1_000_000} megapixels and ${FLATTEN_LIMITS.maxSidePixels.toLocaleString("en-US")} pixels a side. Scale it down first.`,
    );
  }
  if (!(data instanceof Uint8ClampedArray) && !(data instanceof Uint8Array)) {
    throw new AppError("BAD_REQUEST", `Cannot ${what}: the pixels must be RGBA bytes (a Uint8ClampedArray).`);
  }
  if (data.length !== width * height * 4) {
    throw new AppError("BAD_REQUEST", `Cannot ${what}: ${width} × ${height} RGBA pixels take ${width * height * 4} bytes, but ${data.length} were given.`);
  }
}

/**
 * A part of the image (x, y, width, height in pixels, inside it) shrunk by `factor` (>= 1) by
 * averaging the pixels each new one covers: no aliasing, and the full-size photo never has to be
 * copied into OpenCV's heap.
 */
export function shrinkRgba(
  image: TRgbaImage,
  factor: number,
  crop = { x: 0, y: 0, width: image.width, height: image.height },
): TRgbaImage & { data: Uint8ClampedArray } {
  const width = Math.max(1, Math.round(crop.width / factor));
  const height = Math.max(1, Math.round(crop.height / factor));
  const out = new Uint8ClampedArray(width * height * 4);
  const fx = crop.width / width;
  const fy = crop.height / height;
  // Column spans are the same for every row: worked out once.
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  for (let x = 0; x < width; x++) {
    x0s[x] = crop.x + Math.floor(x * fx);
    x1s[x] = Math.max((x0s[x] ?? 0) + 1, crop.x + Math.floor((x + 1) * fx));
  }
  const sums = new Float64Array(width * 4);
  const src = image.data;
  for (let y = 0; y < height; y++) {
    const y0 = crop.y + Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, crop.y + Math.floor((y + 1) * fy));
    sums.fill(0);
    for (let sy = y0; sy < y1; sy++) {
      const row = sy * image.width * 4;
      for (let x = 0; x < width; x++) {
        const s = x * 4;
        for (let sx = x0s[x] ?? 0, end = x1s[x] ?? 0; sx < end; sx++) {
          const i = row + sx * 4;
          sums[s] = (sums[s] ?? 0) + (src[i] ?? 0);
          sums[s + 1] = (sums[s + 1] ?? 0) + (src[i + 1] ?? 0);
          sums[s + 2] = (sums[s + 2] ?? 0) + (src[i + 2] ?? 0);
          sums[s + 3] = (sums[s + 3] ?? 0) + (src[i + 3] ?? 0);
        }
      }
    }
    for (let x = 0; x < width; x++) {
      const count = ((x1s[x] ?? 0) - (x0s[x] ?? 0)) * (y1 - y0);
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) out[o + c] = (sums[x * 4 + c] ?? 0) / count;
    }
  }
  return { data: out, width, height };
}
