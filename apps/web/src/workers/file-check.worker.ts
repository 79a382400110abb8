/// <reference lib="webworker" />
/**
 * Checks a chosen file and computes its SHA-256 off the main thread, so a 50 MB file never freezes
 * the page (sha256Blob: crypto.subtle up to 64 MB, hash-wasm streaming with progress above). Only the isomorphic part of
 * @docvault/core is imported here (never /node or /engines).
 */
import { expose } from "comlink";
import { createSha256, isAppError, readHeadTail, sha256Blob, typeFromFilename, validateDocument } from "@docvault/core";
import type { TFileCheck, TFileChecker } from "~/lib/file-check-types";

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
};

expose(checker);
