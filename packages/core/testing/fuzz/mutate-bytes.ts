import type { TRng } from "./fuzz-prng";
import type { TByteSeed } from "./fuzz-seeds";
import { concat } from "../bytes";

/** Mutated bytes and the steps that made them, so a failure can be read and replayed. */
export type TMutation = { bytes: Uint8Array; steps: string[] };

const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0xfe];
const MAGICS: Record<string, number[]> = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  pdf: [...new TextEncoder().encode("%PDF-1.7\n")],
  webp: [...new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 ")],
  tiff: [0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00],
  tiffBe: [0x4d, 0x4d, 0x00, 0x2a],
  heic: [0, 0, 0, 0x18, ...new TextEncoder().encode("ftypheic")],
  gif: [...new TextEncoder().encode("GIF89a")],
  bmp: [0x42, 0x4d],
};
const HUGE_U32 = [0xffffffff, 0x7fffffff, 0x80000000, 100_000, 65_536, 65_535, 0];
const HUGE_U16 = [0xffff, 0x8000, 0, 1];
// Node's latin1 maps every byte to one char and back, unlike TextDecoder's windows-1252.
const latin1 = { decode: (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1") };

function latin1Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

function writeU32(bytes: Uint8Array, at: number, value: number, littleEndian = false): void {
  if (at + 4 > bytes.length) return;
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint32(at, value >>> 0, littleEndian);
}

function writeU16(bytes: Uint8Array, at: number, value: number, littleEndian = false): void {
  if (at + 2 > bytes.length) return;
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).setUint16(at, value & 0xffff, littleEndian);
}

function indexOf(bytes: Uint8Array, needle: number[], from = 0): number {
  outer: for (let i = from; i + needle.length <= bytes.length; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

type TByteMutator = (rng: TRng, bytes: Uint8Array, seed: TByteSeed, others: TByteSeed[]) => TMutation;

const bitFlips: TByteMutator = (rng, input) => {
  const bytes = input.slice();
  const n = rng.between(1, 16);
  for (let i = 0; i < n && bytes.length > 0; i++) {
    const at = rng.int(bytes.length);
    bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(8));
  }
  return { bytes, steps: [`bit-flips(${n})`] };
};

const interestingBytes: TByteMutator = (rng, input) => {
  const bytes = input.slice();
  const n = rng.between(1, 32);
  // Mostly near the start, where headers and dimensions live.
  const span = rng.chance(0.6) ? Math.min(bytes.length, 512) : bytes.length;
  for (let i = 0; i < n && span > 0; i++) bytes[rng.int(span)] = rng.pick(INTERESTING);
  return { bytes, steps: [`interesting-bytes(${n}, span ${span})`] };
};

const truncate: TByteMutator = (rng, input) => {
  const style = rng.int(4);
  const at = style === 0 ? rng.int(Math.min(input.length, 64)) : style === 1 ? rng.int(input.length) : input.length - rng.between(1, 2048);
  const end = Math.max(0, Math.min(input.length, at));
  return { bytes: input.slice(0, end), steps: [`truncate(${end} of ${input.length})`] };
};

const cutMiddle: TByteMutator = (rng, input) => {
  const from = rng.int(input.length);
  const to = Math.min(input.length, from + rng.between(1, 4096));
  return { bytes: concat(input.subarray(0, from), input.subarray(to)), steps: [`delete(${from}..${to})`] };
};

const duplicateChunk: TByteMutator = (rng, input) => {
  const from = rng.int(input.length);
  const chunk = input.subarray(from, Math.min(input.length, from + rng.between(1, 2048)));
  const times = rng.chance(0.2) ? rng.between(2, 64) : 1;
  const at = rng.int(input.length + 1);
  const copies = concat(...Array.from({ length: times }, () => chunk));
  return { bytes: concat(input.subarray(0, at), copies, input.subarray(at)), steps: [`duplicate(${from}+${chunk.length} x${times} at ${at})`] };
};

const insertRandom: TByteMutator = (rng, input) => {
  const at = rng.int(input.length + 1);
  const n = rng.between(1, 1024);
  return { bytes: concat(input.subarray(0, at), rng.bytes(n), input.subarray(at)), steps: [`insert-random(${n} at ${at})`] };
};

const splice: TByteMutator = (rng, input, _seed, others) => {
  const other = rng.pick(others);
  const a = rng.int(input.length + 1);
  const b = rng.int(other.bytes.length + 1);
  return { bytes: concat(input.subarray(0, a), other.bytes.subarray(b)), steps: [`splice(${a} + ${other.name}@${b})`] };
};

const magicSwap: TByteMutator = (rng, input) => {
  const name = rng.pick(Object.keys(MAGICS));
  const magic = Uint8Array.from(MAGICS[name] ?? []);
  // Overwrite the header, or prepend a second one ahead of the real one.
  const bytes = rng.chance(0.5) ? concat(magic, input.subarray(magic.length)) : concat(magic, input);
  return { bytes, steps: [`magic-swap(${name})`] };
};

/** Headers that declare absurd sizes: decompression bombs, zero sizes, integer overflow. */
const hugeDimensions: TByteMutator = (rng, input, seed) => {
  const bytes = input.slice();
  const w = rng.pick(HUGE_U32);
  const h = rng.pick(HUGE_U32);
  if (seed.kind === "png") {
    writeU32(bytes, 16, w);
    writeU32(bytes, 20, h);
    return { bytes, steps: [`png-ihdr(${w} by ${h})`] };
  }
  if (seed.kind === "jpeg") {
    const sof = Math.max(indexOf(bytes, [0xff, 0xc0]), indexOf(bytes, [0xff, 0xc2]));
    const w16 = rng.pick(HUGE_U16);
    const h16 = rng.pick(HUGE_U16);
    if (sof >= 0) {
      writeU16(bytes, sof + 5, h16);
      writeU16(bytes, sof + 7, w16);
    }
    return { bytes, steps: [`jpeg-sof(${w16} by ${h16} at ${sof})`] };
  }
  if (seed.kind === "webp") {
    // VP8 (lossy): 14-bit sizes after the start code 9d 01 2a.
    const at = indexOf(bytes, [0x9d, 0x01, 0x2a]);
    if (at >= 0) {
      writeU16(bytes, at + 3, w, true);
      writeU16(bytes, at + 5, h, true);
    }
    return { bytes, steps: [`webp-vp8(${w & 0xffff} by ${h & 0xffff})`] };
  }
  if (seed.kind === "tiff") {
    // ImageWidth (256) and ImageLength (257) entries in the first IFD, SHORT or LONG.
    for (const tag of [0x0100, 0x0101]) {
      const at = indexOf(bytes, [tag & 0xff, tag >> 8]);
      if (at >= 0) {
        writeU16(bytes, at + 2, 4, true);
        writeU32(bytes, at + 8, tag === 0x0100 ? w : h, true);
      }
    }
    return { bytes, steps: [`tiff-ifd(${w} by ${h})`] };
  }
  const text = latin1.decode(bytes);
  const box = rng.pick(["0 0 1e9 1e9", "0 0 14400 14400", "0 0 0 0", "-1e6 -1e6 1e6 1e6", "0 0 99999999999 5", "0 0 NaN 1"]);
  const swapped = text.replace(/\/MediaBox\s*\[[^\]]*\]/g, `/MediaBox [${box}]`);
  return { bytes: latin1Bytes(swapped), steps: [`pdf-mediabox(${box})`] };
};

/** PDF-aware edits: numbers in the object syntax, lengths, xref offsets, deep nesting, trailer keys. */
const pdfSyntax: TByteMutator = (rng, input) => {
  let text = latin1.decode(input);
  const style = rng.int(6);
  if (style === 0) {
    const value = rng.pick(["-1", "0", "2147483648", "1e308", "99999999999999999999", "4294967295", "-0"]);
    const target = rng.int(50);
    let k = target;
    text = text.replace(/\b\d+\b/g, (n) => (k-- === 0 ? value : n));
    return { bytes: latin1Bytes(text), steps: [`pdf-number(#${target} -> ${value})`] };
  }
  if (style === 1) {
    const value = rng.pick(["0", "-5", "999999999", "1"]);
    text = text.replace(/\/Length \d+/g, `/Length ${value}`);
    return { bytes: latin1Bytes(text), steps: [`pdf-length(${value})`] };
  }
  if (style === 2) {
    const value = rng.pick(["0", "1", "999999999", "-1"]);
    text = text.replace(/startxref\s+\d+/, `startxref\n${value}`);
    return { bytes: latin1Bytes(text), steps: [`pdf-startxref(${value})`] };
  }
  if (style === 3) {
    const depth = rng.pick([64, 1000, 20_000]);
    const open = rng.pick(["[", "<<"]);
    const at = Math.max(0, text.indexOf("endobj"));
    text = `${text.slice(0, at)}${open.repeat(depth)}${text.slice(at)}`;
    return { bytes: latin1Bytes(text), steps: [`pdf-nesting(${open} x${depth})`] };
  }
  if (style === 4) {
    const entry = rng.pick(["/Encrypt 1 0 R", "/Count 100000000", "/Count -1", "/Kids [1 0 R]", "/Parent 2 0 R", "/Type /Pages"]);
    text = text.replace(/\/Root/, `${entry} /Root`);
    return { bytes: latin1Bytes(text), steps: [`pdf-trailer(${entry})`] };
  }
  const word = rng.pick(["endobj", "stream", "endstream", "xref", "trailer", "obj", "%%EOF"]);
  text = text.split(word).join(rng.pick(["", word + word, "x"]));
  return { bytes: latin1Bytes(text), steps: [`pdf-keyword(${word})`] };
};

const BYTE_MUTATORS: Array<[TByteMutator, number]> = [
  [bitFlips, 3],
  [interestingBytes, 3],
  [truncate, 3],
  [cutMiddle, 1],
  [duplicateChunk, 1],
  [insertRandom, 1],
  [splice, 1],
  [magicSwap, 1],
  [hugeDimensions, 2],
];

function pickWeighted<T>(rng: TRng, items: Array<[T, number]>): T {
  let roll = rng.next() * items.reduce((n, [, w]) => n + w, 0);
  for (const [item, weight] of items) {
    roll -= weight;
    if (roll < 0) return item;
  }
  const last = items.at(-1);
  if (!last) throw new Error("pickWeighted on an empty list");
  return last[0];
}

/** One to three stacked mutations of a seed; PDFs also get syntax-aware edits. */
export function mutateSeed(rng: TRng, seed: TByteSeed, others: TByteSeed[]): TMutation {
  let bytes = seed.bytes;
  const steps = [seed.name];
  const rounds = rng.pick([1, 1, 1, 2, 3]);
  for (let i = 0; i < rounds; i++) {
    const mutator = seed.kind === "pdf" && rng.chance(0.35) ? pdfSyntax : pickWeighted(rng, BYTE_MUTATORS);
    const next = mutator(rng, bytes, seed, others);
    bytes = next.bytes;
    steps.push(...next.steps);
  }
  return { bytes, steps };
}

/** Bytes with no seed behind them: noise, empty, or a valid magic number over noise. */
export function randomBytes(rng: TRng): TMutation {
  const length = rng.pick([0, 1, 2, 4, 8, 12, 31, 32, 33, 100, 1024, rng.int(70_000)]);
  const noise = rng.bytes(length);
  if (!rng.chance(0.5)) return { bytes: noise, steps: [`random(${length})`] };
  const name = rng.pick(Object.keys(MAGICS));
  return { bytes: concat(Uint8Array.from(MAGICS[name] ?? []), noise), steps: [`random(${length}) after ${name} magic`] };
}
