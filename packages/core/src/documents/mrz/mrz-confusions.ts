/**
 * The characters OCR confuses in OCR-B, and how often. These priors become the alternatives a plain-text reading
 * offers the check digits; a recogniser that reports its own runners-up gets them with a lower weight.
 */

/** Letters OCR reads where the MRZ can only hold a digit (dates, check digits), with the digit meant. */
export const LETTER_TO_DIGIT: Readonly<Record<string, string>> = {
  O: "0",
  Q: "0",
  D: "0",
  I: "1",
  L: "1",
  Z: "2",
  S: "5",
  G: "6",
  B: "8",
};

/** Digits OCR reads where the MRZ can only hold a letter (codes, names), with the letter meant. */
export const DIGIT_TO_LETTER: Readonly<Record<string, string>> = { "0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B" };

/** Letters tesseract's English model makes of the thin OCR-B chevron '<'. */
export const FILLER_MISREADS: ReadonlySet<string> = new Set(["K", "L", "C", "E", "S"]);

type TConfusion = { char: string; prior: number };

// Round glyphs and strokes are near coin flips for an OCR that has no context; the others less so.
const EVEN = 0.6;
const OFTEN = 0.4;
const SOMETIMES = 0.25;

/** For a character as read, what else it may be, with the odds relative to the reading itself. */
export const CONFUSIONS: Readonly<Record<string, readonly TConfusion[]>> = {
  "0": [
    { char: "O", prior: EVEN },
    { char: "D", prior: SOMETIMES },
  ],
  O: [
    { char: "0", prior: EVEN },
    { char: "D", prior: SOMETIMES },
  ],
  D: [
    { char: "0", prior: EVEN },
    { char: "O", prior: SOMETIMES },
  ],
  Q: [
    { char: "0", prior: EVEN },
    { char: "O", prior: EVEN },
  ],
  "1": [{ char: "I", prior: EVEN }],
  I: [{ char: "1", prior: EVEN }],
  "2": [{ char: "Z", prior: OFTEN }],
  Z: [{ char: "2", prior: OFTEN }],
  "5": [{ char: "S", prior: OFTEN }],
  S: [
    { char: "5", prior: OFTEN },
    { char: "<", prior: SOMETIMES },
  ],
  "6": [{ char: "G", prior: OFTEN }],
  G: [{ char: "6", prior: OFTEN }],
  "8": [{ char: "B", prior: OFTEN }],
  B: [{ char: "8", prior: OFTEN }],
  K: [{ char: "<", prior: OFTEN }],
  L: [{ char: "<", prior: SOMETIMES }],
  C: [{ char: "<", prior: SOMETIMES }],
  E: [{ char: "<", prior: SOMETIMES }],
};
