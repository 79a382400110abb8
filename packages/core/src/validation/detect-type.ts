/** The file types docvault reads, named by their MIME type. */
export const SUPPORTED_TYPES = ["image/jpeg", "image/png", "image/webp", "image/tiff", "application/pdf"] as const;
export type TSupportedType = (typeof SUPPORTED_TYPES)[number];

/** Types recognised by their bytes but not (yet) readable. */
export type TKnownUnsupportedType = "image/heic" | "image/gif" | "image/bmp";

const startsWith = (bytes: Uint8Array, signature: readonly number[], offset = 0): boolean => signature.every((byte, i) => bytes[offset + i] === byte);

const ascii = (bytes: Uint8Array, from: number, to: number): string => String.fromCharCode(...bytes.subarray(from, to));

/**
 * The type of a file from its first bytes (magic numbers), never from its name or claimed type.
 * Needs at most the first 32 bytes.
 */
export function detectType(head: Uint8Array): TSupportedType | TKnownUnsupportedType | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (ascii(head, 0, 4) === "RIFF" && ascii(head, 8, 12) === "WEBP") return "image/webp";
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return "image/tiff";
  // PDF readers accept the header anywhere in the first 1024 bytes; real files put it first.
  if (ascii(head, 0, 5) === "%PDF-") return "application/pdf";
  if (ascii(head, 4, 8) === "ftyp" && /^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(ascii(head, 8, 12))) {
    return "image/heic";
  }
  if (ascii(head, 0, 4) === "GIF8") return "image/gif";
  if (ascii(head, 0, 2) === "BM") return "image/bmp";
  return null;
}

export function isSupportedType(type: string | null): type is TSupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(type ?? "");
}
