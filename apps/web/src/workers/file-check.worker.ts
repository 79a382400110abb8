/// <reference lib="webworker" />
/**
 * Checks a chosen file and computes its SHA-256 off the main thread, reading it slice by slice so
 * a 50 MB file neither freezes the page nor sits in memory whole. Only the isomorphic part of
 * @docvault/core is imported here (never /node or /engines).
 */
import { expose } from "comlink";
import { createSha256, isAppError, readHeadTail, sha256Blob, typeFromFilename, validateDocument } from "@docvault/core";
import type { TFileCheck, TFileChecker } from "~/lib/file-check-types";

// 4 MB slices: a dozen progress messages for a 50 MB file, few enough that the page does little work.
const SLICE_BYTES = 4 * 1024 * 1024;

const checker: TFileChecker = {
  async warm() {
    // Compiles hash-wasm's module now rather than when the first file arrives.
    (await createSha256()).digest();
  },
  async check(file, onProgress): Promise<TFileCheck> {
    const declaredType = file.type || typeFromFilename(file.name);
    try {
      const { type } = validateDocument({ ...(await readHeadTail(file)), declaredType });
      const sha256 = await sha256Blob(file, {
        chunkSize: SLICE_BYTES,
        onProgress: onProgress ? (done, total) => void onProgress(done, total) : undefined,
      });
      return { ok: true, type, sha256, size: file.size };
    } catch (error) {
      if (isAppError(error)) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: "INTERNAL", message: `This file could not be read (${String(error)}). Choose it again.` };
    }
  },
};

expose(checker);
