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
  grayFromRgba,
  isAppError,
  qualitySize,
  readHeadTail,
  sha256Blob,
  typeFromFilename,
  validateDocument,
} from "@docvault/core";
import type { TFileCheck, TFileChecker, TQualityCheck } from "~/lib/file-check-types";

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
      const { type } = validateDocument({ ...(await readHeadTail(file)), declaredType });
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
};

expose(checker);
