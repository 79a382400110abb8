/// <reference lib="webworker" />
/**
 * Checks a chosen file and computes its SHA-256 off the main thread, so a 50 MB file never freezes
 * the page (sha256Blob: crypto.subtle up to 64 MB, hash-wasm streaming with progress above). Only the isomorphic part of
 * @docvault/core is imported here (never /node or /engines).
 */
import { expose } from "comlink";
import {
  assessImageQuality,
  createSha256,
  DEFAULT_VALIDATION_LIMITS,
  detectType,
  grayFromRgba,
  isAppError,
  qualitySize,
  readHeadTail,
  sha256Blob,
  typeFromFilename,
  validateDocument,
} from "@docvault/core";
import { HEIC_PHOTO, type TConverted, type TFileCheck, type TFileChecker, type TQualityCheck } from "~/lib/file-check-types";

/** The photos the browser draws itself (a TIFF or a PDF is not a phone photo, and is not gated). */
const DRAWN = new Set(["image/jpeg", "image/png", "image/webp"]);

const checker: TFileChecker = {
  async warm() {
    // Compiles hash-wasm's module now rather than when the first file arrives.
    (await createSha256()).digest();
  },
  async check(file, onProgress): Promise<TFileCheck> {
    const declaredType = file.type || typeFromFilename(file.name);
    try {
      const headTail = await readHeadTail(file);
      const { type } = validateDocumentOrHeic({ ...headTail, declaredType });
      if (type === "image/heic") return { ok: false, code: HEIC_PHOTO, message: "An iPhone photo (HEIC): converting it on this device." };
      // Up to 64 MB read whole and digested natively (a fraction of a second); larger files stream
      // in 8 MB slices with a progress message each.
      const sha256 = await sha256Blob(file, { onProgress: onProgress ? (done, total) => void onProgress(done, total) : undefined });
      return { ok: true, type, sha256, size: file.size };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: "INTERNAL", message: `This file could not be read (${String(error)}). Choose it again.` };
    }
  },
  async quality(file, type): Promise<TQualityCheck> {
    if (!DRAWN.has(type)) return null;
    let bitmap: ImageBitmap | undefined;
    try {
      // Drawn (EXIF turned, as the browser shows it) straight at the measuring size.
      const full = await createImageBitmap(file);
      const size = qualitySize(full.width, full.height);
      full.close();
      bitmap = await createImageBitmap(file, { resizeWidth: size.width, resizeHeight: size.height, resizeQuality: "medium" });
      const canvas = new OffscreenCanvas(size.width, size.height);
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (!context) return null;
      context.drawImage(bitmap, 0, 0);
      const { data } = context.getImageData(0, 0, size.width, size.height);
      return assessImageQuality(grayFromRgba(data, size.width, size.height)).problem;
    } catch {
      // A photo this browser cannot draw is not stopped here: the server's checks still apply.
      return null;
    } finally {
      bitmap?.close();
    }
  },
  async heicToJpeg(file): Promise<TConverted> {
    try {
      const { heicToJpeg, jpegName } = await import("~/lib/decode-heic");
      const jpeg = await heicToJpeg(file, DEFAULT_VALIDATION_LIMITS);
      return { ok: true, file: new File([jpeg], jpegName(file.name), { type: "image/jpeg" }) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, message: error.message };
      return {
        ok: false,
        code: "INTERNAL",
        message: `This HEIC photo could not be converted on this device (${String(error)}). Set the camera to 'Most compatible' (JPEG) or export it as JPEG.`,
      };
    }
  },
  async findCorners(file) {
    try {
      // Drawn upright and at most 1,280 px a side: the finder searches at 640 px anyway.
      const image = await drawn(file, 1280);
      const { findPageCorners } = await import("@docvault/core/flatten");
      const found = await findPageCorners(image);
      // Several receipts photographed together are sent as they are (and split on the result page):
      // straightening one would leave the others out.
      if (!found || found.othersSeen > 0) return null;
      return { corners: found.corners, confidence: found.confidence, width: image.fullWidth, height: image.fullHeight };
    } catch (error) {
      // No straightening then: the photo can still be sent as it is.
      console.error("the page's corners could not be looked for", error);
      return null;
    }
  },
  async flatten(file, corners): Promise<TConverted> {
    try {
      const image = await drawn(file, FLATTEN_SOURCE_SIDE);
      const { flattenPage } = await import("@docvault/core/flatten");
      const flat = await flattenPage(image, corners);
      const canvas = new OffscreenCanvas(flat.width, flat.height);
      const context = canvas.getContext("2d");
      if (!context) throw new Error("this browser cannot draw here");
      context.putImageData(new ImageData(new Uint8ClampedArray(flat.data), flat.width, flat.height), 0, 0);
      const jpeg = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
      return { ok: true, file: new File([jpeg], `${file.name.replace(/\.[^.]+$/, "")}-flat.jpg`, { type: "image/jpeg" }) };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: "INTERNAL", message: `The page could not be straightened on this device (${String(error)}). Send the photo as it is.` };
    }
  },
  async assemblePdf(photos, name): Promise<TConverted> {
    try {
      const { assemblePdf } = await import("~/lib/assemble-pdf");
      return { ok: true, file: new File([await assemblePdf(photos, name)], `${name}.pdf`, { type: "application/pdf" }) };
    } catch (error) {
      return { ok: false, code: "INTERNAL", message: `The pages could not be made into one PDF (${String(error)}). Try again, or send the photos one by one.` };
    }
  },
};

/** A photo is flattened from a copy at most this long on its longer side (a 48 MP phone photo would need 200 MB). */
const FLATTEN_SOURCE_SIDE = 4096;

/** The photo's pixels, upright (EXIF applied), at most `maxSide` on its longer side, with its full upright size. */
async function drawn(file: File, maxSide: number): Promise<{ data: Uint8ClampedArray; width: number; height: number; fullWidth: number; fullHeight: number }> {
  const full = await createImageBitmap(file);
  const { width: fullWidth, height: fullHeight } = full;
  full.close();
  const scale = Math.min(1, maxSide / Math.max(fullWidth, fullHeight));
  const width = Math.max(1, Math.round(fullWidth * scale));
  const height = Math.max(1, Math.round(fullHeight * scale));
  const bitmap = await createImageBitmap(file, { resizeWidth: width, resizeHeight: height, resizeQuality: "high" });
  try {
    const context = new OffscreenCanvas(width, height).getContext("2d", { willReadFrequently: true });
    if (!context) throw new Error("this browser cannot draw here");
    context.drawImage(bitmap, 0, 0);
    return { data: context.getImageData(0, 0, width, height).data, width, height, fullWidth, fullHeight };
  } finally {
    bitmap.close();
  }
}

/**
 * validateDocument, except that a HEIC photo within the size limit (checked first) is let through
 * as itself: the page converts it here rather than refusing it, as the server (no HEVC decoder) does.
 */
function validateDocumentOrHeic(input: Parameters<typeof validateDocument>[0]): { type: string } {
  try {
    return validateDocument(input);
  } catch (error) {
    if (isAppError(error) && error.code === "UNSUPPORTED_TYPE" && detectType(input.head) === "image/heic") return { type: "image/heic" };
    throw error;
  }
}

expose(checker);
