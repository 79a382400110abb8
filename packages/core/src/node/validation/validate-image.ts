import sharp from "sharp";
import { AppError } from "../../errors/app-error";
import { checkImageSize } from "../../validation/check-image";
import { HEIC_MESSAGE } from "../../validation/check-size-and-type";
import type { TSupportedType } from "../../validation/detect-type";
import { headTailOf } from "../../validation/head-tail";
import { validateDocument } from "../../validation/validate-document";
import { resolveLimits } from "../../validation/validation-limits";
import { hashablePage, type TPageGrey } from "../page-hash";
import { mapSharpError } from "./sharp-error";
import type { TDeepValidationOptions } from "./validate-pdf";

type TImageType = Exclude<TSupportedType, "application/pdf">;
export type TImageValidation = {
  kind: "image";
  type: TImageType;
  width: number;
  height: number;
  /** The decode that found no damage, as the page hash reads it (pageHash's firstPage): never decoded twice. */
  firstPage: TPageGrey;
};

/**
 * The full check of an image on the server: the head/tail checks, then sharp reads the metadata
 * (with the pixel limit enforced) and decodes a small copy (the page hash's) to find damage the headers hide.
 */
export async function validateImage(bytes: Uint8Array, options: TDeepValidationOptions = {}): Promise<TImageValidation> {
  const limits = resolveLimits(options.limits);
  const { type } = validateDocument({ ...headTailOf(bytes), declaredType: options.declaredType, limits });
  if (type === "application/pdf") {
    throw new AppError("TYPE_MISMATCH", "This file is a PDF, not an image. Upload it as a PDF.");
  }
  // Metadata reads only the header, so it runs without the pixel limit: our own check below then
  // gives the sentence with the actual size. The decode runs with the limit, as a second guard.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw mapSharpError(type, error);
    });
  // sharp reads HEIF metadata but this build cannot decode HEVC.
  if (metadata.format === "heif") throw new AppError("UNSUPPORTED_TYPE", HEIC_MESSAGE);
  const { width, height } = metadata;
  // The head/tail check may not have reached the header (large JPEG metadata, TIFF directory at the end).
  checkImageSize(type, { width, height }, limits);
  // Decoding to a small page reads the whole compressed stream (JPEG shrinks while it decodes), so
  // damage anywhere shows, at a fraction of a full decode's time and memory; the page hash reads the result.
  let firstPage: TPageGrey;
  try {
    firstPage = await hashablePage(sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: "truncated", sequentialRead: true, pages: 1 }));
  } catch (error) {
    throw mapSharpError(type, error);
  }
  return { kind: "image", type, width, height, firstPage };
}
