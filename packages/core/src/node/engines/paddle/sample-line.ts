import type { TRotatedRect } from "./rotated-rect";

/** An RGB image, 3 bytes a pixel, row-major. */
export type TRgbImage = { data: Uint8Array; width: number; height: number };

/**
 * The pixels inside a rotated rectangle, straightened into an `outWidth` x `outHeight` RGB image
 * (bilinear; when shrinking by more than 1.5 each output pixel averages a grid of samples, so thin
 * strokes are not lost between samples). `flip` turns the result half a turn.
 */
export function sampleLine(image: TRgbImage, rect: TRotatedRect, outWidth: number, outHeight: number, flip = false): Uint8Array {
  const out = new Uint8Array(outWidth * outHeight * 3);
  const cos = Math.cos(rect.angle);
  const sin = Math.sin(rect.angle);
  const stepU = rect.width / outWidth;
  const stepV = rect.height / outHeight;
  const grid = Math.min(4, Math.max(1, Math.round(Math.max(stepU, stepV) / 1.5)));
  const { data, width, height } = image;
  const maxX = width - 1;
  const maxY = height - 1;
  for (let j = 0; j < outHeight; j++) {
    for (let i = 0; i < outWidth; i++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let gj = 0; gj < grid; gj++) {
        for (let gi = 0; gi < grid; gi++) {
          const u = (i + (gi + 0.5) / grid) * stepU - rect.width / 2;
          const v = (j + (gj + 0.5) / grid) * stepV - rect.height / 2;
          // Outside the image the edge pixels repeat (as OpenCV's BORDER_REPLICATE).
          const x = Math.min(maxX, Math.max(0, rect.cx + u * cos - v * sin - 0.5));
          const y = Math.min(maxY, Math.max(0, rect.cy + u * sin + v * cos - 0.5));
          const x0 = Math.floor(x);
          const y0 = Math.floor(y);
          const x1 = Math.min(maxX, x0 + 1);
          const y1 = Math.min(maxY, y0 + 1);
          const fx = x - x0;
          const fy = y - y0;
          const w00 = (1 - fx) * (1 - fy);
          const w10 = fx * (1 - fy);
          const w01 = (1 - fx) * fy;
          const w11 = fx * fy;
          const p00 = (y0 * width + x0) * 3;
          const p10 = (y0 * width + x1) * 3;
          const p01 = (y1 * width + x0) * 3;
          const p11 = (y1 * width + x1) * 3;
          r += (data[p00] as number) * w00 + (data[p10] as number) * w10 + (data[p01] as number) * w01 + (data[p11] as number) * w11;
          g += (data[p00 + 1] as number) * w00 + (data[p10 + 1] as number) * w10 + (data[p01 + 1] as number) * w01 + (data[p11 + 1] as number) * w11;
          b += (data[p00 + 2] as number) * w00 + (data[p10 + 2] as number) * w10 + (data[p01 + 2] as number) * w01 + (data[p11 + 2] as number) * w11;
        }
      }
      const n = grid * grid;
      const o = flip ? ((outHeight - 1 - j) * outWidth + (outWidth - 1 - i)) * 3 : (j * outWidth + i) * 3;
      out[o] = r / n;
      out[o + 1] = g / n;
      out[o + 2] = b / n;
    }
  }
  return out;
}
