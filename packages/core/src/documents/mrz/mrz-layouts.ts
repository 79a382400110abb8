/**
 * Where each field sits in each MRZ format (ICAO 9303 parts 4-7, plus the French national ID card that predates TD1),
 * and which spans each check digit covers. Positions are 0-based, `end` exclusive.
 */
export const MRZ_FORMATS = ["TD1", "TD2", "TD3", "MRVA", "MRVB", "FRENCH_ID"] as const;
export type TMrzFormat = (typeof MRZ_FORMATS)[number];

/** What a position may hold: letters only, digits only, either (document numbers), or a sex marker. */
export type TMrzCharClass = "alpha" | "num" | "alnum" | "sex";

export type TMrzSpan = { line: number; start: number; end: number };

export type TMrzSegmentName =
  | "documentCode"
  | "issuingState"
  | "names"
  | "surname"
  | "givenNames"
  | "documentNumber"
  | "nationality"
  | "birthDate"
  | "sex"
  | "expiryDate"
  | "personalNumber"
  | "optional"
  | "optional2"
  | "adminCode"
  | "checkDigit";

export type TMrzSegment = TMrzSpan & { name: TMrzSegmentName; kind: TMrzCharClass };

/** A check digit at (line, column) computed over the concatenation of `ranges`. */
export type TMrzCheck = {
  name: "documentNumber" | "birthDate" | "expiryDate" | "personalNumber" | "composite";
  ranges: TMrzSpan[];
  line: number;
  column: number;
};

export type TMrzLayout = {
  format: TMrzFormat;
  lineCount: number;
  lineLength: number;
  segments: TMrzSegment[];
  checks: TMrzCheck[];
};

const seg = (name: TMrzSegmentName, kind: TMrzCharClass, line: number, start: number, end: number): TMrzSegment => ({
  name,
  kind,
  line,
  start,
  end,
});
const span = (line: number, start: number, end: number): TMrzSpan => ({ line, start, end });
const digit = (line: number, column: number): TMrzSegment => seg("checkDigit", "num", line, column, column + 1);

/** The first line shared by TD2, TD3 and both visa formats. */
function nameLine(length: number): TMrzSegment[] {
  return [seg("documentCode", "alpha", 0, 0, 2), seg("issuingState", "alpha", 0, 2, 5), seg("names", "alpha", 0, 5, length)];
}

/** Line 2 positions 0-27, common to TD2, TD3 and visas. */
const SECOND_LINE_HEAD: TMrzSegment[] = [
  seg("documentNumber", "alnum", 1, 0, 9),
  digit(1, 9),
  seg("nationality", "alpha", 1, 10, 13),
  seg("birthDate", "num", 1, 13, 19),
  digit(1, 19),
  seg("sex", "sex", 1, 20, 21),
  seg("expiryDate", "num", 1, 21, 27),
  digit(1, 27),
];
const SECOND_LINE_CHECKS: TMrzCheck[] = [
  { name: "documentNumber", ranges: [span(1, 0, 9)], line: 1, column: 9 },
  { name: "birthDate", ranges: [span(1, 13, 19)], line: 1, column: 19 },
  { name: "expiryDate", ranges: [span(1, 21, 27)], line: 1, column: 27 },
];

function td1Layout(lines: readonly string[]): TMrzLayout {
  const first = lines[0] ?? "";
  // A document number longer than 9 characters puts '<' at the check position and continues in the optional data,
  // its check digit being the last character before the next filler.
  let documentNumber: TMrzCheck = { name: "documentNumber", ranges: [span(0, 5, 14)], line: 0, column: 14 };
  if (first.charAt(14) === "<" && /^[A-Z0-9]/.test(first.charAt(15))) {
    const filler = first.indexOf("<", 15);
    const end = filler === -1 ? 30 : filler;
    if (end - 1 > 15) documentNumber = { name: "documentNumber", ranges: [span(0, 5, 14), span(0, 15, end - 1)], line: 0, column: end - 1 };
  }
  return {
    format: "TD1",
    lineCount: 3,
    lineLength: 30,
    segments: [
      seg("documentCode", "alpha", 0, 0, 2),
      seg("issuingState", "alpha", 0, 2, 5),
      seg("documentNumber", "alnum", 0, 5, 14),
      // Position 14 is a digit unless the number is extended (then '<'), which the numeric class leaves alone.
      digit(0, 14),
      seg("optional", "alnum", 0, 15, 30),
      seg("birthDate", "num", 1, 0, 6),
      digit(1, 6),
      seg("sex", "sex", 1, 7, 8),
      seg("expiryDate", "num", 1, 8, 14),
      digit(1, 14),
      seg("nationality", "alpha", 1, 15, 18),
      seg("optional2", "alnum", 1, 18, 29),
      digit(1, 29),
      seg("names", "alpha", 2, 0, 30),
    ],
    checks: [
      documentNumber,
      { name: "birthDate", ranges: [span(1, 0, 6)], line: 1, column: 6 },
      { name: "expiryDate", ranges: [span(1, 8, 14)], line: 1, column: 14 },
      { name: "composite", ranges: [span(0, 5, 30), span(1, 0, 7), span(1, 8, 15), span(1, 18, 29)], line: 1, column: 29 },
    ],
  };
}

const TD2: TMrzLayout = {
  format: "TD2",
  lineCount: 2,
  lineLength: 36,
  segments: [...nameLine(36), ...SECOND_LINE_HEAD, seg("optional", "alnum", 1, 28, 35), digit(1, 35)],
  checks: [...SECOND_LINE_CHECKS, { name: "composite", ranges: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 35)], line: 1, column: 35 }],
};

const TD3: TMrzLayout = {
  format: "TD3",
  lineCount: 2,
  lineLength: 44,
  segments: [...nameLine(44), ...SECOND_LINE_HEAD, seg("personalNumber", "alnum", 1, 28, 42), digit(1, 42), digit(1, 43)],
  checks: [
    ...SECOND_LINE_CHECKS,
    { name: "personalNumber", ranges: [span(1, 28, 42)], line: 1, column: 42 },
    { name: "composite", ranges: [span(1, 0, 10), span(1, 13, 20), span(1, 21, 43)], line: 1, column: 43 },
  ],
};

// Visas (ICAO 9303 part 7) have no composite check digit; the rest of line 2 is free optional data.
const MRVA: TMrzLayout = {
  format: "MRVA",
  lineCount: 2,
  lineLength: 44,
  segments: [...nameLine(44), ...SECOND_LINE_HEAD, seg("optional", "alnum", 1, 28, 44)],
  checks: SECOND_LINE_CHECKS,
};
const MRVB: TMrzLayout = {
  format: "MRVB",
  lineCount: 2,
  lineLength: 36,
  segments: [...nameLine(36), ...SECOND_LINE_HEAD, seg("optional", "alnum", 1, 28, 36)],
  checks: SECOND_LINE_CHECKS,
};

const FRENCH_ID: TMrzLayout = {
  format: "FRENCH_ID",
  lineCount: 2,
  lineLength: 36,
  segments: [
    seg("documentCode", "alpha", 0, 0, 2),
    seg("issuingState", "alpha", 0, 2, 5),
    seg("surname", "alpha", 0, 5, 30),
    seg("adminCode", "alnum", 0, 30, 36),
    seg("documentNumber", "alnum", 1, 0, 12),
    digit(1, 12),
    seg("givenNames", "alpha", 1, 13, 27),
    seg("birthDate", "num", 1, 27, 33),
    digit(1, 33),
    seg("sex", "sex", 1, 34, 35),
    digit(1, 35),
  ],
  checks: [
    { name: "documentNumber", ranges: [span(1, 0, 12)], line: 1, column: 12 },
    { name: "birthDate", ranges: [span(1, 27, 33)], line: 1, column: 33 },
    { name: "composite", ranges: [span(0, 0, 36), span(1, 0, 35)], line: 1, column: 35 },
  ],
};

/** The layout of a format; TD1 depends on the lines because of extended document numbers. */
export function resolveLayout(format: TMrzFormat, lines: readonly string[]): TMrzLayout {
  switch (format) {
    case "TD1":
      return td1Layout(lines);
    case "TD2":
      return TD2;
    case "TD3":
      return TD3;
    case "MRVA":
      return MRVA;
    case "MRVB":
      return MRVB;
    case "FRENCH_ID":
      return FRENCH_ID;
  }
}

/** The format implied by the number and length of lines and the document code, or undefined. */
export function detectFormat(lines: readonly string[]): TMrzFormat | undefined {
  const first = lines[0] ?? "";
  const code = first.charAt(0);
  if (lines.length === 3 && lines.every((line) => line.length === 30)) return "TD1";
  if (lines.length !== 2 || lines[1]?.length !== first.length) return undefined;
  if (first.length === 44) return code === "V" ? "MRVA" : "TD3";
  if (first.length !== 36) return undefined;
  if (code === "V") return "MRVB";
  // The French card (1988-2021) writes IDFRA and the surname on line 1; its line 2 starts with a 12-digit number.
  if (first.startsWith("IDFRA") && /^[0-9O]{4}/.test(lines[1] ?? "")) return "FRENCH_ID";
  return "TD2";
}
