/**
 * The capture page's handle on the file-check Web Worker (one per page, started on first use).
 * The worker is its own bundle (scripts/build-capture.mjs): its hashed URL is put into the capture
 * island's bundle as FILE_CHECK_WORKER_URL.
 */
import { proxy, wrap, type Remote } from "comlink";
import { HEIC_PHOTO, type TConverted, type TCorners, type TFileCheck, type TFileChecker, type TFoundCorners, type TQualityCheck } from "./file-check-types";

declare const FILE_CHECK_WORKER_URL: string;

let remote: Remote<TFileChecker> | undefined;

function checker(): Remote<TFileChecker> {
  remote ??= wrap<TFileChecker>(new Worker(FILE_CHECK_WORKER_URL, { type: "module", name: "file-check" }));
  return remote;
}

/** Starts the worker ahead of the first file, so a file already read shows its result at once. */
export function warmFileChecker(): void {
  checker()
    .warm()
    .then(() => performance.mark("dv:checker-ready"))
    .catch((error: unknown) => console.error("the file-check worker did not start", error));
}

export function checkFile(file: File, onProgress?: (done: number, total: number) => void): Promise<TFileCheck> {
  return checker().check(file, onProgress ? proxy(onProgress) : undefined);
}

/** The quality gate on a photo (blur, light, glare), off the main thread. */
export function checkQuality(file: File, type: string): Promise<TQualityCheck> {
  return checker().quality(file, type);
}

/** An iPhone photo (HEIC/HEIF) turned into a JPEG on this device. */
export function convertHeic(file: File): Promise<TConverted> {
  return checker().heicToJpeg(file);
}

/** Photos, in order, made into one PDF on this device. */
export function assemblePdf(photos: Blob[], name: string): Promise<TConverted> {
  return checker().assemblePdf(photos, name);
}

/**
 * Checks a file the person added; an iPhone photo (HEIC) is turned into a JPEG on this device
 * first, and the JPEG is what is checked, hashed and kept.
 */
export async function checkTaken(file: File, onProgress?: (done: number, total: number) => void): Promise<{ file: File; check: TFileCheck }> {
  const check = await checkFile(file, onProgress);
  if (check.ok || check.code !== HEIC_PHOTO) return { file, check };
  const converted = await convertHeic(file);
  if (!converted.ok) return { file, check: converted };
  return { file: converted.file, check: await checkFile(converted.file, onProgress) };
}

/** The page's corners in a photo, found on this device (OpenCV.js, loaded on first use); null when none is seen. */
export function findCorners(file: File): Promise<TFoundCorners> {
  return checker().findCorners(file);
}

/** The page inside `corners` warped flat and cropped on this device, as a JPEG. */
export function flattenPhoto(file: File, corners: TCorners): Promise<TConverted> {
  return checker().flatten(file, corners);
}
