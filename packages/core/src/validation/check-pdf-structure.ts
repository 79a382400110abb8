import { AppError } from "../errors/app-error";
import { asciiAt, asciiBytes, indexOfBytes } from "./byte-search";

const EOF_MARKER = asciiBytes("%%EOF");
const ENCRYPT_KEY = asciiBytes("/Encrypt");
// The trailer entry is a reference (`/Encrypt 12 0 R`) or an inline dictionary; this shape keeps
// `/EncryptMetadata` and the word in a text stream from counting.
const ENCRYPT_ENTRY = /^\/Encrypt(?:\s+\d+\s+\d+\s+R|\s*<<)/;

export const ENCRYPTED_PDF_MESSAGE =
  "This PDF is encrypted (protected by a password or against copying). Remove the protection, for example by printing it to a new PDF, and upload it again.";

/**
 * Structural checks a PDF must pass before a parser sees it, from its head and tail only:
 * a version header, the end-of-file marker readers look for in the last 1,024 bytes, and no
 * encryption in the trailer (at the end, or at the start of a linearized file).
 */
export function checkPdfStructure(input: { head: Uint8Array; tail: Uint8Array | null }): void {
  if (!/^%PDF-\d\.\d/.test(asciiAt(input.head, 0, 8))) {
    throw new AppError("CORRUPT_FILE", "This PDF is damaged: its version header is invalid. Export or scan it again.");
  }
  if (input.tail && indexOfBytes(input.tail, EOF_MARKER) === -1) {
    throw new AppError("CORRUPT_FILE", "This PDF is cut short: its end-of-file marker is missing. Download or export it again.");
  }
  if (hasEncryptEntry(input.head) || (input.tail !== null && hasEncryptEntry(input.tail))) {
    throw new AppError("ENCRYPTED_PDF", ENCRYPTED_PDF_MESSAGE);
  }
}

function hasEncryptEntry(bytes: Uint8Array): boolean {
  for (let at = indexOfBytes(bytes, ENCRYPT_KEY); at !== -1; at = indexOfBytes(bytes, ENCRYPT_KEY, at + 1)) {
    if (ENCRYPT_ENTRY.test(asciiAt(bytes, at, 32))) return true;
  }
  return false;
}
