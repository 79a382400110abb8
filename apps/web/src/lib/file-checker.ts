/**
 * The capture page's handle on the file-check Web Worker (one per page, started on first use).
 * The worker is its own bundle (scripts/build-capture.mjs): its hashed URL is put into the capture
 * island's bundle as FILE_CHECK_WORKER_URL.
 */
import { proxy, wrap, type Remote } from "comlink";
import type { TFileCheck, TFileChecker, TQualityCheck } from "./file-check-types";

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
