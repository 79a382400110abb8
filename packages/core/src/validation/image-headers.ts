import { AppError } from "../errors/app-error";
import { asciiAt, readU16, readU24Le, readU32 } from "./byte-search";
import type { TSupportedType } from "./detect-type";
import { shortLabelOf } from "./type-labels";

export type TImageSize = { width: number; height: number };
type TImageType = Exclude<TSupportedType, "application/pdf">;

/** Thrown when a header field lies past the bytes we were given; the caller decides what that means. */
class BeyondHead extends Error {}

const need = <T>(value: T | null): T => {
  if (value === null) throw new BeyondHead();
  return value;
};

export function corruptImage(type: string, problem: string): AppError {
  return new AppError("CORRUPT_FILE", `This ${shortLabelOf(type)} image is damaged (${problem}). Export or scan it again.`);
}

/**
 * Width and height read from the image header, without decoding pixels.
 * Returns null when the header lies beyond `head` (a JPEG with large metadata segments, a TIFF
 * whose first directory sits at the end): the deep check on the server reads those.
 * Throws CORRUPT_FILE when the header is malformed, or missing from a file we have whole.
 */
export function readImageSize(type: TImageType, head: Uint8Array, size: number): TImageSize | null {
  try {
    switch (type) {
      case "image/png":
        return readPngSize(head);
      case "image/jpeg":
        return readJpegSize(head);
      case "image/webp":
        return readWebpSize(head);
      case "image/tiff":
        return readTiffSize(head, size);
    }
  } catch (error) {
    if (!(error instanceof BeyondHead)) throw error;
    if (head.length >= size) throw corruptImage(type, "the file ends inside its header");
    return null;
  }
}

function readPngSize(head: Uint8Array): TImageSize {
  // The PNG spec requires IHDR as the first chunk, 13 bytes long.
  if (head.length < 16) throw new BeyondHead();
  if (readU32(head, 8, false) !== 13 || asciiAt(head, 12, 4) !== "IHDR") {
    throw corruptImage("image/png", "its first chunk is not a valid header");
  }
  return { width: need(readU32(head, 16, false)), height: need(readU32(head, 20, false)) };
}

// SOF0-15 except DHT (C4), JPG (C8) and DAC (CC), which share the range but carry no frame size.
const isStartOfFrame = (marker: number): boolean => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
// Markers with no length field.
const isStandalone = (marker: number): boolean => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);

function readJpegSize(head: Uint8Array): TImageSize {
  let pos = 2;
  for (;;) {
    if (need(head[pos] ?? null) !== 0xff) throw corruptImage("image/jpeg", "a segment does not start with a marker");
    // Any number of 0xFF fill bytes may precede a marker.
    while (head[pos + 1] === 0xff) pos++;
    const marker = need(head[pos + 1] ?? null);
    if (isStandalone(marker)) {
      pos += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) throw corruptImage("image/jpeg", "it has no frame header");
    const length = need(readU16(head, pos + 2, false));
    if (length < 2) throw corruptImage("image/jpeg", "a segment has an invalid length");
    if (isStartOfFrame(marker)) {
      return { height: need(readU16(head, pos + 5, false)), width: need(readU16(head, pos + 7, false)) };
    }
    pos += 2 + length;
  }
}

function readWebpSize(head: Uint8Array): TImageSize {
  const chunk = asciiAt(head, 12, 4);
  if (chunk === "VP8 ") {
    // Lossy: a 3-byte frame tag, the start code 9D 01 2A, then 14-bit width and height.
    if (need(head[25] ?? null) !== 0x2a || head[23] !== 0x9d || head[24] !== 0x01) {
      throw corruptImage("image/webp", "its frame header is invalid");
    }
    return { width: need(readU16(head, 26, true)) & 0x3fff, height: need(readU16(head, 28, true)) & 0x3fff };
  }
  if (chunk === "VP8L") {
    // Lossless: signature 0x2F, then width-1 and height-1 packed as two 14-bit fields.
    if (need(head[20] ?? null) !== 0x2f) throw corruptImage("image/webp", "its lossless header is invalid");
    const bits = need(readU32(head, 21, true));
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === "VP8X") {
    // Extended: canvas width-1 and height-1 as 24-bit fields.
    return { width: need(readU24Le(head, 24)) + 1, height: need(readU24Le(head, 27)) + 1 };
  }
  if (head.length < 16) throw new BeyondHead();
  throw corruptImage("image/webp", "its first chunk is not an image");
}

const TIFF_IMAGE_WIDTH = 256;
const TIFF_IMAGE_LENGTH = 257;
const TIFF_SHORT = 3;
const TIFF_LONG = 4;

function readTiffSize(head: Uint8Array, size: number): TImageSize {
  const le = head[0] === 0x49;
  const ifd = need(readU32(head, 4, le));
  if (ifd < 8 || ifd + 2 > size) throw corruptImage("image/tiff", "its first directory lies outside the file");
  const entries = need(readU16(head, ifd, le));
  if (entries === 0) throw corruptImage("image/tiff", "its first directory is empty");
  let width: number | null = null;
  let height: number | null = null;
  for (let i = 0; i < entries && (width === null || height === null); i++) {
    const at = ifd + 2 + i * 12;
    const tag = need(readU16(head, at, le));
    if (tag !== TIFF_IMAGE_WIDTH && tag !== TIFF_IMAGE_LENGTH) continue;
    const fieldType = need(readU16(head, at + 2, le));
    let value: number;
    if (fieldType === TIFF_SHORT) value = need(readU16(head, at + 8, le));
    else if (fieldType === TIFF_LONG) value = need(readU32(head, at + 8, le));
    else throw corruptImage("image/tiff", "its size fields have an invalid type");
    if (tag === TIFF_IMAGE_WIDTH) width = value;
    else height = value;
  }
  if (width === null || height === null) throw corruptImage("image/tiff", "it does not say its size");
  return { width, height };
}
