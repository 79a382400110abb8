import { AppError } from "../errors/app-error";
import { asciiBytes, indexOfBytes, readU32 } from "./byte-search";
import type { TSupportedType } from "./detect-type";
import { corruptImage, readImageSize, type TImageSize } from "./image-headers";

type TImageType = Exclude<TSupportedType, "application/pdf">;
export type TImageLimits = { maxPixels: number; maxSidePixels: number };

const formatCount = (n: number): string => n.toLocaleString("en-US");
const megapixels = (n: number): string => `${formatCount(Math.round(n / 1_000_000))} megapixels`;

/**
 * Checks the size an image header claims before anything decodes it: a small file can claim
 * 100,000 × 100,000 pixels and ask a decoder for 40 GB (a decompression bomb).
 */
export function checkImageSize(type: TImageType | "image/heic", size: TImageSize, limits: TImageLimits): void {
  const { width, height } = size;
  if (width === 0 || height === 0) throw corruptImage(type, `its header says it is ${width} × ${height} pixels`);
  const pixels = width * height;
  if (pixels > limits.maxPixels) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `This image claims to be ${formatCount(width)} × ${formatCount(height)} pixels (${megapixels(pixels)}), over the ${megapixels(limits.maxPixels)} limit. Resize it or scan at a lower resolution.`,
    );
  }
  if (width > limits.maxSidePixels || height > limits.maxSidePixels) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `This image is ${formatCount(width)} × ${formatCount(height)} pixels; no side may exceed ${formatCount(limits.maxSidePixels)} pixels. Crop or resize it.`,
    );
  }
}

const PNG_IEND = asciiBytes("IEND");
const JPEG_EOI = new Uint8Array([0xff, 0xd9]);

/**
 * Detects an image cut short (an interrupted upload or copy) from its last bytes.
 * `tail` is the end of the file; trailing bytes after the end marker (camera padding) are tolerated
 * as long as the marker is still within the tail.
 */
function checkImageComplete(type: TImageType, tail: Uint8Array): void {
  if (type === "image/png" && indexOfBytes(tail, PNG_IEND) === -1) {
    throw corruptImage(type, "the file is cut short: its end chunk is missing");
  }
  // In JPEG entropy-coded data every 0xFF is followed by 0x00 or a restart marker, so FF D9 is only the end marker.
  if (type === "image/jpeg" && indexOfBytes(tail, JPEG_EOI) === -1) {
    throw corruptImage(type, "the file is cut short: its end marker is missing");
  }
}

// A WebP says its own length in the RIFF header, so truncation shows without the tail.
function checkWebpLength(head: Uint8Array, size: number): void {
  const riffSize = readU32(head, 4, true);
  if (riffSize !== null && size < riffSize + 8) {
    throw corruptImage("image/webp", `the file is cut short: ${formatCount(size)} of ${formatCount(riffSize + 8)} bytes`);
  }
}

/** Header checks for an image: size limits always, completeness when the tail is known. */
export function checkImage(type: TImageType, input: { head: Uint8Array; tail: Uint8Array | null; size: number }, limits: TImageLimits): TImageSize | null {
  const imageSize = readImageSize(type, input.head, input.size);
  if (imageSize) checkImageSize(type, imageSize, limits);
  if (input.tail) checkImageComplete(type, input.tail);
  if (type === "image/webp") checkWebpLength(input.head, input.size);
  return imageSize;
}
