import { AppError } from "../errors/app-error";
import { detectType, isSupportedType, type TSupportedType } from "./detect-type";

export const DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024;

export type TValidateFileInput = {
  /** The first bytes of the file (32 are enough). */
  head: Uint8Array;
  size: number;
  /** The type the client declared (Content-Type or File.type), if any. */
  declaredType?: string | null;
  maxBytes?: number;
};

const LABELS: Record<string, string> = {
  "image/jpeg": "a JPEG image",
  "image/png": "a PNG image",
  "image/webp": "a WebP image",
  "image/tiff": "a TIFF image",
  "application/pdf": "a PDF",
  "image/heic": "a HEIC photo",
  "image/gif": "a GIF image",
  "image/bmp": "a BMP image",
};

const formatMb = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Checks size and type from the first bytes; throws an AppError with a sentence a person can act on. */
export function validateFile(input: TValidateFileInput): TSupportedType {
  const maxBytes = input.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (input.size === 0) {
    throw new AppError("EMPTY_FILE", "The file is empty (0 bytes). Choose the file again or pick another one.");
  }
  if (input.size > maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `The file is ${formatMb(input.size)}, over the ${formatMb(maxBytes)} limit. Split the PDF or send a smaller photo.`,
    );
  }
  const detected = detectType(input.head);
  if (detected === "image/heic") {
    throw new AppError(
      "UNSUPPORTED_TYPE",
      "HEIC photos cannot be read yet. Set the camera to 'Most compatible' (JPEG) or export the photo as JPEG.",
    );
  }
  const declared = normaliseDeclaredType(input.declaredType);
  if (!isSupportedType(detected)) {
    const what = detected ? LABELS[detected] : "not an image or PDF docvault can read";
    const claim = declared && LABELS[declared] ? `claims to be ${LABELS[declared]} but its content is` : "is";
    throw new AppError(
      "UNSUPPORTED_TYPE",
      `This file ${claim} ${what}. docvault reads JPEG, PNG, WebP and TIFF images and PDFs.`,
    );
  }
  if (declared && declared !== detected && isComparable(declared)) {
    throw new AppError(
      "TYPE_MISMATCH",
      `The file claims to be ${LABELS[declared] ?? declared} but its content is ${LABELS[detected]}. Rename it with the right extension or export it again.`,
    );
  }
  return detected;
}

function normaliseDeclaredType(type: string | null | undefined): string | null {
  if (!type) return null;
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (base === "image/jpg" || base === "image/pjpeg") return "image/jpeg";
  return base || null;
}

// Generic types say nothing about the content, so only a specific claim can disagree with it.
function isComparable(type: string): boolean {
  return type !== "application/octet-stream" && type !== "binary/octet-stream";
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
