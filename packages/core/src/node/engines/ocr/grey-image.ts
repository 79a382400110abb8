import sharp, { type Sharp } from "sharp";

/**
 * Images for tesseract travel as binary PGM (P5): no encoding cost, and no resolution field, so
 * tesseract estimates the resolution from the text. A PNG from sharp always carries one (1 px/mm
 * unless set), which tesseract takes at face value: "Invalid resolution 25 dpi".
 */
export function toPgm(pixels: Buffer, width: number, height: number): Buffer {
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`), pixels]);
}

const PGM_HEADER = /^P5\s+(\d+)\s+(\d+)\s+255\s/;

/** The pixels of a PGM made by toPgm, or undefined for any other image. */
export function fromPgm(image: Buffer): { pixels: Buffer; width: number; height: number } | undefined {
  const match = PGM_HEADER.exec(image.subarray(0, 32).toString("latin1"));
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  return { pixels: image.subarray(match[0].length), width, height };
}

/** Starts a sharp pipeline on a PGM from toPgm or on any image sharp decodes. */
export function sharpOf(image: Buffer): Sharp {
  const pgm = fromPgm(image);
  return pgm ? sharp(pgm.pixels, { raw: { width: pgm.width, height: pgm.height, channels: 1 } }) : sharp(image);
}

/** Runs a sharp pipeline to a greyscale PGM. */
export async function pgmOf(pipeline: Sharp): Promise<Buffer> {
  const { data, info } = await pipeline.greyscale().raw().toBuffer({ resolveWithObject: true });
  // greyscale() can still leave an alpha channel; keep the first of each pixel's channels.
  if (info.channels === 1) return toPgm(data, info.width, info.height);
  const grey = Buffer.alloc(info.width * info.height);
  for (let i = 0; i < grey.length; i++) grey[i] = data[i * info.channels] ?? 255;
  return toPgm(grey, info.width, info.height);
}

/** The image turned clockwise by a multiple of 90 degrees, as PGM. */
export async function rotateImage(image: Buffer, degrees: number): Promise<Buffer> {
  if (degrees % 360 === 0) return image;
  return pgmOf(sharpOf(image).rotate(degrees));
}
