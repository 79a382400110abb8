import { AppError } from "../errors/app-error";
import { detectType, isSupportedType, type TSupportedType } from "./detect-type";
import { labelOf, TYPE_LABELS } from "./type-labels";

const formatMb = (bytes: number): string => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/** Said where a HEIC photo arrives without passing the capture page, which turns it into a JPEG on the device. */
export const HEIC_MESSAGE =
  "HEIC photos are read when added on docvault's capture page, which turns them into JPEG on your device. From elsewhere, set the camera to 'Most compatible' (JPEG) or export the photo as JPEG.";

/** Size limits, then the type from the bytes, then whether the declared type agrees with it. */
export function checkSizeAndType(input: { head: Uint8Array; size: number; declaredType?: string | null; maxBytes: number }): TSupportedType {
  if (input.size === 0) {
    throw new AppError("EMPTY_FILE", "The file is empty (0 bytes). Choose the file again or pick another one.");
  }
  if (input.size > input.maxBytes) {
    throw new AppError(
      "FILE_TOO_LARGE",
      `The file is ${formatMb(input.size)}, over the ${formatMb(input.maxBytes)} limit. Split the PDF or send a smaller photo.`,
    );
  }
  const detected = detectType(input.head);
  if (detected === "image/heic") throw new AppError("UNSUPPORTED_TYPE", HEIC_MESSAGE);
  const declared = normaliseDeclaredType(input.declaredType);
  if (!isSupportedType(detected)) {
    const what = detected ? labelOf(detected) : "not an image or PDF docvault can read";
    const claim = declared && TYPE_LABELS[declared] ? `claims to be ${labelOf(declared)} but its content is` : "is";
    throw new AppError("UNSUPPORTED_TYPE", `This file ${claim} ${what}. docvault reads JPEG, PNG, WebP and TIFF images and PDFs.`);
  }
  if (declared && declared !== detected && isComparable(declared)) {
    throw new AppError(
      "TYPE_MISMATCH",
      `The file claims to be ${labelOf(declared)} but its content is ${labelOf(detected)}. Rename it with the right extension or export it again.`,
    );
  }
  return detected;
}

function normaliseDeclaredType(type: string | null | undefined): string | null {
  if (!type) return null;
  const base = type.split(";")[0]?.trim().toLowerCase() ?? "";
  if (base === "image/jpg" || base === "image/pjpeg") return "image/jpeg";
  if (base === "image/tif") return "image/tiff";
  return base || null;
}

// Generic types say nothing about the content, so only a specific claim can disagree with it.
function isComparable(type: string): boolean {
  return type !== "application/octet-stream" && type !== "binary/octet-stream";
}
