import type { TPage, TWord } from "../../src/extraction/extraction-result";
import type { TRng } from "./fuzz-prng";

/** Mutated text and the steps that made it. */
export type TTextMutation = { text: string; steps: string[] };

const ASCII = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
const MRZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
// Characters that change length when upper-cased (ß, ŉ, ﬀ), controls, separators, surrogate halves, RTL marks.
const AWKWARD = [
  "\0",
  "\n",
  "\r",
  "\x1e",
  "\x1d",
  "\f",
  "\t",
  "ß",
  "ŉ",
  "ﬀ",
  "İ",
  "«",
  "»",
  "‹",
  "€",
  "\u200f",
  "\ud800",
  "\udc00",
  "😀",
  "\u0301",
  "$",
  ",",
  "<",
  "K",
];

function randomChar(rng: TRng, alphabet: string): string {
  return rng.chance(0.15) ? rng.pick(AWKWARD) : alphabet.charAt(rng.int(alphabet.length));
}

export function randomText(rng: TRng, alphabet = ASCII, maxLength = 600): string {
  const length = rng.chance(0.05) ? rng.int(20_000) : rng.int(maxLength);
  let out = "";
  for (let i = 0; i < length; i++) out += rng.chance(0.04) ? "\n" : randomChar(rng, alphabet);
  return out;
}

type TTextMutator = (rng: TRng, text: string) => TTextMutation;

const replaceChars: TTextMutator = (rng, text) => {
  const chars = [...text];
  const n = rng.between(1, 12);
  for (let i = 0; i < n && chars.length > 0; i++) chars[rng.int(chars.length)] = randomChar(rng, rng.chance(0.5) ? MRZ_ALPHABET : ASCII);
  return { text: chars.join(""), steps: [`replace-chars(${n})`] };
};

const insertText: TTextMutator = (rng, text) => {
  const at = rng.int(text.length + 1);
  const inserted = randomText(rng, rng.chance(0.5) ? MRZ_ALPHABET : ASCII, 40);
  return { text: text.slice(0, at) + inserted + text.slice(at), steps: [`insert(${inserted.length} at ${at})`] };
};

const deleteText: TTextMutator = (rng, text) => {
  const from = rng.int(text.length);
  const to = Math.min(text.length, from + rng.between(1, 30));
  return { text: text.slice(0, from) + text.slice(to), steps: [`delete(${from}..${to})`] };
};

const truncateText: TTextMutator = (rng, text) => {
  const at = rng.int(text.length + 1);
  return { text: text.slice(0, at), steps: [`truncate(${at})`] };
};

/** Long runs of one character: where a backtracking regular expression would hang. */
const longRun: TTextMutator = (rng, text) => {
  const char = rng.pick(["<", "K", "<K", " ", "0", "9", ".", ",", "A", "\n", "<<KLCE", "1.", "$", "-"]);
  const times = rng.pick([50, 500, 5_000, 30_000]);
  const at = rng.int(text.length + 1);
  return { text: text.slice(0, at) + char.repeat(times) + text.slice(at), steps: [`run(${JSON.stringify(char)} x${times} at ${at})`] };
};

const shuffleLines: TTextMutator = (rng, text) => {
  const lines = text.split("\n");
  const i = rng.int(lines.length);
  const j = rng.int(lines.length);
  const style = rng.int(3);
  if (style === 0) [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
  else if (style === 1) lines.splice(i, 0, lines[j] ?? "");
  else lines.splice(i, 1);
  return { text: lines.join("\n"), steps: [`lines(${["swap", "duplicate", "drop"][style]} ${i},${j})`] };
};

const numbers: TTextMutator = (rng, text) => {
  const value = rng.pick(["0", "-1", "99999999999999999999999", "1e400", "00000000", "19000229", "20241399", "NaN", "9".repeat(400)]);
  const target = rng.int(20);
  let k = target;
  return { text: text.replace(/\d+/g, (n) => (k-- === 0 ? value : n)), steps: [`number(#${target} -> ${value.slice(0, 24)})`] };
};

const TEXT_MUTATORS: TTextMutator[] = [replaceChars, replaceChars, insertText, deleteText, truncateText, longRun, shuffleLines, numbers];

/** One to three stacked text mutations. */
export function mutateText(rng: TRng, text: string): TTextMutation {
  let out = text;
  const steps: string[] = [];
  const rounds = rng.pick([1, 1, 2, 3]);
  for (let i = 0; i < rounds; i++) {
    const next = rng.pick(TEXT_MUTATORS)(rng, out);
    out = next.text;
    steps.push(...next.steps);
  }
  return { text: out, steps };
}

/** AAMVA header edits: issuer, version, entry count and subfile offsets and lengths are all numbers the parser trusts. */
export function mutateAamvaHeader(rng: TRng, payload: string): TTextMutation {
  const value = rng.pick(["0000", "9999", "00", "99", "-1", "", "  ", "ZZZZ", "0001"]);
  const target = rng.int(12);
  let k = target;
  // The header is the first 40 or so characters: digits in it are issuer, versions, count and designators.
  const head = payload.slice(0, 60).replace(/\d{2,4}/g, (n) => (k-- === 0 ? value : n));
  return { text: head + payload.slice(60), steps: [`aamva-header(#${target} -> ${JSON.stringify(value)})`] };
}

/** Lines shaped like an MRZ (30, 36 or 44 characters, give or take) from the MRZ alphabet and its OCR confusions. */
export function randomMrz(rng: TRng): TTextMutation {
  const length = rng.pick([30, 36, 44]) + rng.between(-2, 2);
  const count = rng.pick([1, 2, 3, 3, 4]);
  const prefix = rng.pick(["P<", "I<", "ID", "V<", "AC", "C<", "", "P"]);
  const lines = Array.from({ length: count }, (_, i) => {
    let line = i === 0 ? prefix : "";
    while (line.length < length) line += rng.chance(0.3) ? "<" : randomChar(rng, MRZ_ALPHABET);
    return line;
  });
  return { text: lines.join("\n"), steps: [`random-mrz(${count}x${length}, ${prefix || "-"})`] };
}

const WEIRD_NUMBERS = [Number.NaN, Number.POSITIVE_INFINITY, -1e9, 0, 1e12, -0];

/**
 * Pages as an engine would return them: the text split into pages, a box per word. Now and then the boxes are
 * absurd (NaN, infinite, inverted) or the words do not match the text, as from a damaged PDF's text layer.
 */
export function textToPages(rng: TRng, text: string): { pages: TPage[]; steps: string[] } {
  const weird = rng.chance(0.1);
  const pageTexts = text.split("\f");
  const pages = pageTexts.map((pageText, index): TPage => {
    const words: TWord[] = [];
    pageText.split("\n").forEach((line, row) => {
      let x = 40;
      for (const token of line.split(/\s+/).filter(Boolean)) {
        const num = (fallback: number): number => (weird && rng.chance(0.2) ? rng.pick(WEIRD_NUMBERS) : fallback);
        const width = token.length * 9;
        words.push({
          text: rng.chance(0.03) ? randomText(rng, ASCII, 8) : token,
          confidence: rng.next(),
          bbox: { x0: num(x), y0: num(40 + row * 24), x1: num(x + width), y1: num(56 + row * 24) },
        });
        x += width + 8;
      }
    });
    return { index, width: 595, height: 842, text: pageText, confidence: rng.next(), words: rng.chance(0.05) ? [] : words };
  });
  const chosen = rng.chance(0.02) ? [] : pages;
  return { pages: chosen, steps: [`pages(${chosen.length}${weird ? ", weird boxes" : ""})`] };
}
