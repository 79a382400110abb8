import type { Sharp } from "sharp";
import { AppError } from "../errors/app-error";
import { checkImageSize } from "../validation/check-image";
import { HEIC_MESSAGE } from "../validation/check-size-and-type";
import { detectType, type TSupportedType } from "../validation/detect-type";
import type { TValidationLimits } from "../validation/validation-limits";
import { mapSharpError } from "./validation/sharp-error";

type TImageType = Exclude<TSupportedType, "application/pdf">;

/** A photo ready to be cut up: its type, its size as shown (upright), and decoders for it. */
export type TOrientedImage = {
  type: TImageType;
  /** Pixels wide and high as shown: after the EXIF orientation, as a browser shows it. */
  width: number;
  height: number;
  /** A new pipeline decoding the photo upright, with the pixel limit uploads have; what follows it works in upright pixels. */
  decode(): Sharp;
};

/**
 * Reads a stored photo's header and checks it against the limits every image upload has
 * (maxPixels, maxSidePixels) before anything decodes it. sharp is loaded here, on first use: the
 * web server imports this package's Node part at start, and most of its processes never cut a photo.
 */
export async function openOrientedImage(bytes: Uint8Array, limits: TValidationLimits, what: string): Promise<TOrientedImage> {
  const type = detectType(bytes.subarray(0, 32));
  if (type === "application/pdf") throw new AppError("BAD_REQUEST", `This file is a PDF, not a photo: ${what} works on photos only.`);
  if (type === "image/heic") throw new AppError("UNSUPPORTED_TYPE", HEIC_MESSAGE);
  if (type !== "image/jpeg" && type !== "image/png" && type !== "image/webp" && type !== "image/tiff") {
    throw new AppError("UNSUPPORTED_TYPE", `Only a JPEG, PNG, WebP or TIFF photo can be used here: ${what} cannot read this file.`);
  }
  const { default: sharp } = await import("sharp");
  // The header only, without the pixel limit, so the check below gives the sentence with the size.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw mapSharpError(type, error);
    });
  checkImageSize(type, { width: metadata.width, height: metadata.height }, limits);
  return {
    type,
    width: metadata.autoOrient.width,
    height: metadata.autoOrient.height,
    // autoOrient at input, not .rotate() in the chain: extract() and resize() then always work on the upright picture.
    decode: () => sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: "truncated", autoOrient: true }),
  };
}
