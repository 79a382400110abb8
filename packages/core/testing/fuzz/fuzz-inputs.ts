// Seeds, mutators and the seeded PRNG of the fuzz campaign, and the inputs each kind of target gets.
import type { TPage } from "../../src/extraction/extraction-result";
import { detectType } from "../../src/validation/detect-type";
import type { TMrzTextLine } from "../../src/documents/mrz/find-mrz-lines";
import type { TRng } from "./fuzz-prng";
import type { TByteSeed, TSeedCorpus } from "./fuzz-seeds";
import { mutateSeed, randomBytes, type TMutation } from "./mutate-bytes";
import { mutateImage } from "./mutate-image";
import { mutateAamvaHeader, mutateText, randomMrz, randomText, textToPages, type TTextMutation } from "./mutate-text";

export { hashSeed, inputRng, mulberry32, type TRng } from "./fuzz-prng";
export { buildSeedCorpus, type TByteSeed, type TSeedCorpus } from "./fuzz-seeds";
export { mutateSeed, randomBytes, type TMutation } from "./mutate-bytes";
export { mutateImage } from "./mutate-image";
export { mutateText, randomMrz, randomText, textToPages, type TTextMutation } from "./mutate-text";

/** Declared types a client might send: right, wrong, unsupported, malformed or missing. */
const DECLARED_TYPES = [
  null,
  undefined,
  "",
  "application/pdf",
  "image/png",
  "image/jpeg",
  "image/webp",
  "image/tiff",
  "image/heic",
  "text/plain",
  "application/octet-stream",
  "IMAGE/PNG; charset=binary",
  "image/",
  "x".repeat(10_000),
];

/** Mostly no claim or the true one, so the checks behind the type check run too; otherwise any claim. */
export function randomDeclaredType(rng: TRng, bytes?: Uint8Array): string | null | undefined {
  const roll = rng.next();
  if (roll < 0.4) return rng.pick([null, undefined]);
  if (roll < 0.65 && bytes) return detectType(bytes) ?? null;
  return rng.pick(DECLARED_TYPES);
}

/** Bytes for a byte-level target: mostly a mutated seed of the allowed kinds, sometimes the seed itself or noise. */
export function byteInput(rng: TRng, corpus: TSeedCorpus, kinds?: ReadonlyArray<TByteSeed["kind"]>): TMutation {
  const seeds = kinds ? corpus.files.filter((f) => kinds.includes(f.kind)) : corpus.files;
  const roll = rng.next();
  if (roll < 0.1 || seeds.length === 0) return randomBytes(rng);
  const seed = rng.pick(seeds);
  if (roll < 0.13) return { bytes: seed.bytes, steps: [seed.name, "unchanged"] };
  const mutated = mutateSeed(rng, seed, corpus.files);
  // Half the time the signature survives, so the checks behind the type detection see the damage.
  if (rng.chance(0.5) || mutated.bytes.length < 16) return mutated;
  const bytes = mutated.bytes.slice();
  bytes.set(seed.bytes.subarray(0, 12));
  return { bytes, steps: [...mutated.steps, "signature restored"] };
}

const IMAGE_KINDS: ReadonlyArray<TByteSeed["kind"]> = ["png", "jpeg", "webp", "tiff"];

/**
 * Bytes for an image engine: half the time an image that still decodes but is odd (see mutateImage), otherwise
 * byte-level damage. `prefix` narrows the seeds (e.g. "pdf417" for the barcode reader).
 */
export async function imageInput(rng: TRng, corpus: TSeedCorpus, prefix = ""): Promise<TMutation> {
  const seeds = corpus.files.filter((f) => IMAGE_KINDS.includes(f.kind) && f.name.startsWith(prefix));
  const narrowed = { ...corpus, files: seeds };
  if (seeds.length === 0 || rng.chance(0.5)) return byteInput(rng, narrowed);
  const seed = rng.pick(seeds);
  try {
    return await mutateImage(rng, seed.name, seed.bytes);
  } catch (error) {
    // sharp refused the edit itself (an extract past the edge): fall back to the seed, and say so.
    return { bytes: seed.bytes, steps: [seed.name, `image edit failed (${String(error).slice(0, 60)}), unchanged`] };
  }
}

/** An AAMVA payload: a seed mutated in its text or header, or random text with an AAMVA-like opening. */
export function aamvaInput(rng: TRng, corpus: TSeedCorpus): TTextMutation {
  const n = rng.int(corpus.aamva.length);
  const seed = corpus.aamva[n] ?? "";
  const roll = rng.next();
  if (roll < 0.35) return prefixed(`aamva #${n}`, mutateText(rng, seed));
  if (roll < 0.7) return prefixed(`aamva #${n}`, mutateAamvaHeader(rng, seed));
  if (roll < 0.85) {
    const body = randomText(rng);
    return { text: `@\n\x1e\rANSI 636014090001DL00410${body.length}DL${body}`, steps: ["ansi-header + random"] };
  }
  return { text: randomText(rng), steps: ["random"] };
}

/** MRZ input as OCR text, as lines, or as lines with boxes and confidences. */
export function mrzInput(rng: TRng, corpus: TSeedCorpus): { input: string | Array<string | TMrzTextLine>; steps: string[] } {
  const roll = rng.next();
  const n = rng.int(corpus.mrz.length);
  const base =
    roll < 0.6 ? prefixed(`mrz #${n}`, mutateText(rng, corpus.mrz[n] ?? "")) : roll < 0.9 ? randomMrz(rng) : { text: randomText(rng), steps: ["random"] };
  const shape = rng.int(3);
  if (shape === 0) return { input: base.text, steps: [...base.steps, "as text"] };
  const lines = base.text.split("\n");
  if (shape === 1) return { input: lines, steps: [...base.steps, "as lines"] };
  const boxed = lines.map((text, i) => ({
    text,
    confidence: rng.next(),
    bbox: { x0: 10, y0: 100 + i * 30, x1: 10 + text.length * 12, y1: 124 + i * 30 },
  }));
  return { input: boxed, steps: [...base.steps, "as boxed lines"] };
}

/** Pages of receipt, invoice or random text, as an engine would hand them to the structurers. */
export function pagesInput(rng: TRng, corpus: TSeedCorpus): { pages: TPage[]; steps: string[] } {
  const roll = rng.next();
  let text: TTextMutation;
  const n = rng.int(corpus.pageTexts.length);
  if (roll < 0.6) text = prefixed(`page #${n}`, mutateText(rng, corpus.pageTexts[n] ?? ""));
  else if (roll < 0.7) text = { text: corpus.pageTexts.join("\f"), steps: ["all pages"] };
  else text = { text: randomText(rng, undefined, 2000), steps: ["random"] };
  const pages = textToPages(rng, text.text);
  return { pages: pages.pages, steps: [...text.steps, ...pages.steps] };
}

function prefixed(what: string, mutation: TTextMutation): TTextMutation {
  return { text: mutation.text, steps: [`${what} seed`, ...mutation.steps] };
}
