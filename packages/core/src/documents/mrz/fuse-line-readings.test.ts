import { describe, expect, it } from "vitest";
import { correctMrzReading } from "./correct-mrz";
import { alignCells, fuseLineReadings } from "./fuse-line-readings";
import { makeTd1 } from "./make-mrz-lines";
import { recognisedCell, textCell, type TMrzCell } from "./mrz-reading";

const text = (line: string) => [...line].map((char) => textCell(char));
const tops = (cells: readonly (TMrzCell | undefined)[]) => cells.map((cell) => cell?.[0]?.char ?? "_").join("");

describe("alignCells", () => {
  it("puts each character of another reading where it belongs, leaving a gap where it dropped one", () => {
    expect(tops(alignCells(text("AB<<CD"), text("AB<CD")))).toMatch(/^AB(<_|_<)CD$/);
    expect(tops(alignCells(text("I<LTU118"), text("1<LTU1I8")))).toBe("1<LTU1I8");
  });
});

describe("fuseLineReadings", () => {
  it("fills what one recogniser dropped from the other, and keeps both readings where they differ", () => {
    const truth = "I<LVAPA99929216121282<88882<<<";
    // PP-OCR dropped the last three fillers and read 1 for I; tesseract read O for the 9 at position 11.
    const paddle = [...truth.slice(0, 27)].map((char, i) => recognisedCell([{ char: i === 0 ? "1" : char, p: 0.9 }]));
    const tesseract = text(`${truth.slice(0, 11)}O${truth.slice(12)}`);
    const fused = fuseLineReadings([paddle, tesseract], 30);
    expect(fused).toHaveLength(30);
    expect(tops(fused.slice(27))).toBe("<<<");
    expect(fused[0]?.map((o) => o.char)).toEqual(expect.arrayContaining(["1", "I"]));
    expect(fused[11]?.map((o) => o.char)).toEqual(expect.arrayContaining(["9", "O"]));
    expect(tops(fused).slice(12, 27)).toBe(truth.slice(12, 27));
  });

  it("gives a line whose check digits resolve what neither recogniser read right alone", () => {
    const truth = makeTd1({
      code: "I",
      state: "LTU",
      number: "11810187",
      optional: "46411231034",
      birth: "641123",
      sex: "F",
      expiry: "190101",
      nationality: "LTU",
      surname: "BASANAVICIENE",
      givenNames: "BIRUTE",
    });
    // Tesseract: TIB10187 for 11810187 and an extra character at the end; PP-OCR: a 1 for the document code's I.
    const tesseract = text(`${truth[0]?.slice(0, 5)}TIB10187${truth[0]?.slice(13)}I`);
    const paddle = [...`1${truth[0]?.slice(1)}`].map((char) => recognisedCell([{ char, p: 0.95 }]));
    const line = fuseLineReadings([paddle, tesseract], 30);
    const result = correctMrzReading([line, text(truth[1] ?? ""), text(truth[2] ?? "")], "TD1");
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("returns nothing when nothing was read", () => {
    expect(fuseLineReadings([[], []])).toEqual([]);
  });
});
