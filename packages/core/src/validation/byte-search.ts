// Small byte helpers for reading file headers without decoding them or copying large buffers.

/** Index of `needle` in `haystack` at or after `from`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  if (first === undefined) return from;
  const last = haystack.length - needle.length;
  // TypedArray.indexOf is native and fast; only candidate positions are compared in full.
  for (let i = haystack.indexOf(first, from); i !== -1 && i <= last; i = haystack.indexOf(first, i + 1)) {
    let match = true;
    for (let j = 1; j < needle.length; j++) {
      if (haystack[i + j] !== needle[j]) {
        match = false;
        break;
      }
    }
    if (match) return i;
  }
  return -1;
}

export const asciiBytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

export function asciiAt(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

/** Big- or little-endian unsigned reads that return null past the end instead of reading garbage. */
export function readU16(bytes: Uint8Array, at: number, littleEndian: boolean): number | null {
  const a = bytes[at];
  const b = bytes[at + 1];
  if (a === undefined || b === undefined) return null;
  return littleEndian ? a | (b << 8) : (a << 8) | b;
}

export function readU24Le(bytes: Uint8Array, at: number): number | null {
  const a = bytes[at];
  const b = bytes[at + 1];
  const c = bytes[at + 2];
  if (a === undefined || b === undefined || c === undefined) return null;
  return a | (b << 8) | (c << 16);
}

export function readU32(bytes: Uint8Array, at: number, littleEndian: boolean): number | null {
  const first = readU16(bytes, at, littleEndian);
  const second = readU16(bytes, at + 2, littleEndian);
  if (first === null || second === null) return null;
  // Multiplication instead of << keeps values above 2^31 positive.
  return littleEndian ? first + second * 0x10000 : first * 0x10000 + second;
}
