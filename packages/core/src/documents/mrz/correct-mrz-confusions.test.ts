import { describe, expect, it } from "vitest";
import { checkDigitMatches } from "./check-digit";
import { correctMrz, correctMrzReading } from "./correct-mrz";
import { makeTd1, makeTd2, makeTd3, type TMrzFields } from "./make-mrz-lines";
import { recognisedCell, textReading } from "./mrz-reading";

/** The lines with characters replaced: [line, column, what OCR read]. */
function misread(lines: readonly string[], ...edits: [number, number, string][]): string[] {
  const out = lines.map((line) => [...line]);
  for (const [line, column, char] of edits) {
    const row = out[line];
    if (row) row[column] = char;
  }
  return out.map((row) => row.join(""));
}

const PERSON = { state: "UTO", surname: "SPECIMEN", givenNames: "TEST", nationality: "UTO", birth: "850326", sex: "M", expiry: "310915" };

// Pairs OCR-B confuses, the digit and the letter, in a document number that holds the digit (column 4), with
// letters and digits enough around it for other repairs to be tried. (6/G is below: check digits cannot see it.)
const PAIRS: [string, string, string][] = [
  ["0", "O", "XY7203948"],
  ["1", "I", "XY7213948"],
  ["2", "Z", "XY7223948"],
  ["5", "S", "XY7253948"],
  ["8", "B", "XY7283948"],
];

describe("check digits choose among confusable readings", () => {
  for (const [digitChar, letter, number] of PAIRS) {
    it(`in a passport's document number: ${digitChar} read as ${letter}`, () => {
      const truth = makeTd3({ ...PERSON, code: "P", number, optional: "" });
      const result = correctMrz(misread(truth, [1, 4, letter]));
      expect(result?.lines).toEqual(truth);
      expect(result?.valid).toBe(true);
    });

    it(`in a TD1 card's document number: ${letter} read as ${digitChar}`, () => {
      // The same number with the letter in it; OCR read the digit.
      const withLetter = `${number.slice(0, 4)}${letter}${number.slice(5)}`;
      const truth = makeTd1({ ...PERSON, code: "ID", number: withLetter, optional: "" });
      const result = correctMrz(misread(truth, [0, 9, digitChar]));
      expect(result?.lines).toEqual(truth);
    });
  }

  it("in a passport's personal number, both ways, with its own check digit and the composite", () => {
    const truth = makeTd3({ ...PERSON, code: "P", number: "XY7203948", optional: "AB1234567" });
    // AB1234567 read as A81Z34567: B to 8 and 2 to Z.
    const read = misread(truth, [1, 29, "8"], [1, 31, "Z"]);
    expect(checkDigitMatches(read[1]?.slice(28, 42) ?? "", read[1]?.charAt(42) ?? "")).toBe(false);
    const result = correctMrz(read);
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("where the check digits cannot see the confusion (6/G weigh 10 apart), by the number's letter and digit runs", () => {
    const truth = makeTd3({ ...PERSON, code: "P", number: "XY7263948", optional: "" });
    const reading = textReading(truth);
    // Two recognisers, one read G and one 6: the check digit accepts both, the digit run decides.
    (reading[1] as ReturnType<typeof recognisedCell>[])[4] = recognisedCell([
      { char: "G", p: 0.5 },
      { char: "6", p: 0.45 },
    ]);
    const result = correctMrzReading(reading, "TD3");
    expect(result?.lines).toEqual(truth);
    expect(result?.changes).toEqual([expect.objectContaining({ line: 1, column: 4, from: "G", to: "6", ambiguous: true })]);
  });

  it("in a TD1 card's optional data, which only the composite check digit covers", () => {
    const truth = makeTd1({ ...PERSON, code: "ID", number: "K682T8YL0", optional: "1105040043" });
    // <1105040043 read as <II05040043.
    const result = correctMrz(misread(truth, [0, 15, "I"], [0, 16, "I"]));
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("in a TD2 card's optional data and its composite check digit read as a letter", () => {
    const truth = makeTd2({ ...PERSON, code: "I", number: "D23145890", optional: "AB12345" });
    const composite = truth[1]?.charAt(35) ?? "";
    const asLetter = { "0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B" }[composite] ?? "E";
    const result = correctMrz(misread(truth, [1, 30, "I"], [1, 35, asLetter]));
    expect(result?.lines).toEqual(truth);
  });

  it("in dates and check digits, where only digits may stand", () => {
    const truth = makeTd2({ ...PERSON, code: "I", number: "D23145890" });
    const result = correctMrz(misread(truth, [1, 13, "B"], [1, 14, "S"], [1, 21, "3"], [1, 22, "I"]));
    expect(result?.lines[1]?.slice(13, 27)).toBe(truth[1]?.slice(13, 27));
    expect(result?.changes.filter((c) => c.line === 1 && c.column >= 13 && c.column < 23).every((c) => !c.ambiguous)).toBe(true);
  });

  it("keeps letters as read where the check digit accepts them (a check digit is not overruled by how a number looks)", () => {
    const truth = makeTd3({ ...PERSON, code: "P", number: "L898902C3", optional: "" });
    expect(correctMrz(truth)?.lines).toEqual(truth);
    expect(correctMrz(truth)?.changes).toEqual([]);
  });

  it("takes a recogniser's runner-up that no confusion table names when the check digit asks for it", () => {
    const truth = makeTd3({ ...PERSON, code: "P", number: "XY7M03948", optional: "" });
    const reading = textReading(truth);
    // The recogniser read H where M is printed, with M its runner-up.
    (reading[1] as ReturnType<typeof recognisedCell>[])[3] = recognisedCell([
      { char: "H", p: 0.55 },
      { char: "M", p: 0.4 },
      { char: "N", p: 0.03 },
    ]);
    const result = correctMrzReading(reading, "TD3");
    expect(result?.lines).toEqual(truth);
    expect(result?.changes).toEqual([expect.objectContaining({ line: 1, column: 3, from: "H", to: "M" })]);
  });

  it("reports where two readings pass the same check digits (ambiguous) and where only one does", () => {
    const truth = makeTd3({ ...PERSON, code: "P", number: "XY7203948", optional: "" });
    const clear = correctMrz(misread(truth, [1, 4, "O"]));
    expect(clear?.changes.every((c) => !c.ambiguous)).toBe(true);
    const vague = correctMrz(["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"]);
    expect(vague?.valid).toBe(true);
    expect(vague?.changes.length).toBeGreaterThan(0);
    expect(vague?.changes.every((c) => c.ambiguous)).toBe(true);
  });
});

describe("TD1, TD2 and TD3 alike", () => {
  const fields: TMrzFields = { ...PERSON, code: "I", number: "AB1205697", optional: "" };
  // [line, column, what is printed there, what OCR read]
  const cases: [string, string[], [number, number, string, string][]][] = [
    [
      "TD3",
      makeTd3({ ...fields, code: "P", optional: "Z12345678" }),
      [
        [1, 1, "B", "8"],
        [1, 4, "0", "O"],
        [1, 17, "2", "Z"],
        [1, 30, "2", "Z"],
        [0, 5, "S", "5"],
      ],
    ],
    [
      "TD2",
      makeTd2({ ...fields, optional: "123" }),
      [
        [1, 1, "B", "8"],
        [1, 4, "0", "O"],
        [1, 17, "2", "Z"],
        [1, 29, "2", "Z"],
        [0, 5, "S", "5"],
      ],
    ],
    [
      "TD1",
      makeTd1({ ...fields, optional: "99A1", optional2: "5B" }),
      [
        [0, 6, "B", "8"],
        [0, 9, "0", "O"],
        [1, 1, "5", "S"],
        [1, 18, "5", "S"],
        [2, 0, "S", "5"],
      ],
    ],
  ];
  for (const [format, truth, edits] of cases) {
    it(`corrects five confusions in a ${format}: document number, date, optional data, name`, () => {
      for (const [line, column, printed] of edits) expect(truth[line]?.charAt(column)).toBe(printed);
      const result = correctMrz(misread(truth, ...edits.map(([line, column, , read]) => [line, column, read] as [number, number, string])));
      expect(result?.format).toBe(format);
      expect(result?.lines).toEqual(truth);
      expect(result?.valid).toBe(true);
    });
  }
});
