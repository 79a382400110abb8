import type { TSupportedType } from "./detect-type";
import { validateDocument } from "./validate-document";

export { DEFAULT_MAX_FILE_BYTES } from "./validation-limits";

export type TValidateFileInput = {
  /** The first bytes of the file (32 are enough for the type; 64 KB let the image header checks run). */
  head: Uint8Array;
  size: number;
  /** The type the client declared (Content-Type or File.type), if any. */
  declaredType?: string | null;
  maxBytes?: number;
};

/**
 * Checks size and type from the first bytes, plus whatever header checks those bytes allow;
 * throws an AppError with a sentence a person can act on. Prefer validateDocument with the tail.
 */
export function validateFile(input: TValidateFileInput): TSupportedType {
  return validateDocument({
    head: input.head,
    size: input.size,
    declaredType: input.declaredType,
    limits: { maxBytes: input.maxBytes },
  }).type;
}

const EXTENSION_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  tif: "image/tiff",
  tiff: "image/tiff",
  pdf: "application/pdf",
  heic: "image/heic",
  txt: "text/plain",
};

/** The type a filename's extension claims, for clients that send no Content-Type. */
export function typeFromFilename(filename: string): string | null {
  const ext = filename.toLowerCase().split(".").pop();
  return ext ? (EXTENSION_TYPES[ext] ?? null) : null;
}
