type TChar = { char: string };

const TO_LETTER: Record<string, [upper: string, lower: string]> = {
  "0": ["O", "o"],
  "1": ["I", "l"],
  "5": ["S", "s"],
  "8": ["B", "B"],
  "6": ["G", "G"],
  "2": ["Z", "z"],
};
const TO_DIGIT: Record<string, string> = { O: "0", o: "0", D: "0", Q: "0", I: "1", l: "1", i: "1", "|": "1", S: "5", s: "5", B: "8", Z: "2", z: "2", G: "6" };

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => c >= "0" && c <= "9";
const ORDINAL = /^\d+(st|nd|rd|th)$/i;

/**
 * Fixes the recogniser's classic confusions (0/O, 1/I/l, 5/S, 8/B, 2/Z, 6/G) inside one token by
 * what the rest of the token is: a word with a stray digit inside ("L0T", "Ja1an") is a word, a
 * number with a stray letter ("433O0", "1O.00") is a number. A token that starts with digits and
 * ends in letters is left alone: it is a quantity and its unit ("40ML", "1PC", "3RD"), and so are
 * codes with letters and digits in equal measure ("SS21", "B2"). Returns the characters with the
 * replaced ones changed in place (positions and confidences kept).
 */
export function fixConfusions<T extends TChar>(chars: T[]): T[] {
  const out = chars.map((c) => ({ ...c }));
  let start = 0;
  while (start < out.length) {
    if (!isAlnum((out[start] as T).char)) {
      start++;
      continue;
    }
    let end = start;
    // A decimal point or comma between two characters stays inside the token ("1O.50").
    while (
      end < out.length &&
      (isAlnum((out[end] as T).char) || (/[.,]/.test((out[end] as T).char) && end + 1 < out.length && isAlnum((out[end + 1] as T).char)))
    )
      end++;
    fixToken(out, start, end);
    start = end;
  }
  return out;
}

const isAlnum = (c: string) => isLetter(c) || isDigit(c) || c === "|";

/** Consonants no word of the Latin-script languages read here starts with after an "l". */
const NOT_AFTER_L = /^[bcdfghjkmnpqrstvwxz]$/;

/**
 * A lowercase "l" where a capital I stands: inside a word of capitals ("SKUDAl"), or opening a
 * word before a consonant ("lpoh", "lbrahim").
 */
function fixLowercaseL<T extends TChar>(chars: T[], start: number, end: number): void {
  const token = chars.slice(start, end).map((c) => c.char);
  if (!token.every(isLetter) || !token.includes("l")) return;
  const others = token.filter((c) => c !== "l");
  if (others.length >= 2 && others.every((c) => c === c.toUpperCase() && c !== c.toLowerCase())) {
    token.forEach((c, k) => {
      if (c === "l") (chars[start + k] as T).char = "I";
    });
  } else if (token[0] === "l" && token.length >= 3 && NOT_AFTER_L.test(token[1] as string)) {
    (chars[start] as T).char = "I";
  }
}

function fixToken<T extends TChar>(chars: T[], start: number, end: number): void {
  fixLowercaseL(chars, start, end);
  const token = chars.slice(start, end).map((c) => c.char);
  const length = token.filter((c) => !/[.,]/.test(c)).length;
  if (length < 3 || ORDINAL.test(token.join(""))) return;
  const digits = token.filter(isDigit).length;
  const letters = token.filter((c) => isLetter(c) || c === "|").length;
  if (digits > 0 && letters > digits) {
    // A word: digits that look like letters become letters, unless the token leads with them (a quantity).
    const convertible = token.every((c) => isLetter(c) || c in TO_LETTER || /[.,]/.test(c));
    if (!convertible || isDigit(token[0] as string) || digits / length > 0.4) return;
    const lower = token.filter((c) => isLetter(c) && c === c.toLowerCase()).length > letters / 2;
    token.forEach((c, k) => {
      const mapping = TO_LETTER[c];
      if (mapping) (chars[start + k] as T).char = lower ? mapping[1] : mapping[0];
    });
  } else if (letters > 0 && digits > letters) {
    // A number: letters that look like digits become digits, when all of them do, except a letter
    // closing the number ("31G", "044B": house numbers and codes end in letters) unless it reads as 0 or 1.
    if (!token.every((c) => isDigit(c) || c in TO_DIGIT || /[.,]/.test(c)) || letters / length > 0.5) return;
    token.forEach((c, k) => {
      const digit = TO_DIGIT[c];
      const last = k === length - 1 || !token.slice(k + 1).some(isDigit);
      if (digit && (!last || digit === "0" || digit === "1")) (chars[start + k] as T).char = digit;
    });
  }
}
