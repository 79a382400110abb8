import { describe, expect, it } from "vitest";
import { findMrzLines } from "../../../documents/mrz/find-mrz-lines";
import { makeTd1 } from "../../../documents/mrz/make-mrz-lines";
import { recognisedCell } from "../../../documents/mrz/mrz-reading";
import { fuseLines } from "./read-regions";

const TD1 = makeTd1({
  code: "ID",
  state: "SRB",
  number: "955555546",
  optional: "2902968000000",
  birth: "680229",
  sex: "F",
  expiry: "130724",
  nationality: "SRB",
  surname: "TEST",
  givenNames: "MILICA",
});

const recognised = (text: string) => ({ text, cells: [...text].map((char) => recognisedCell([{ char, p: 0.95 }])) });

describe("fuseLines", () => {
  it("fuses each line's readings at the length most lines have, whatever a line of other text reads as", () => {
    // A line of the visual zone located above the MRZ reads longer than any MRZ line.
    const other = "24072008REPUBLIKASRBIJABEOGRADSAVSKIVENAC";
    // PP-OCR dropped a filler at the end of line 2; tesseract read a chevron of line 3 as K.
    const paddle = [recognised(other), recognised(TD1[0] ?? ""), recognised((TD1[1] ?? "").slice(0, 28) + (TD1[1] ?? "").slice(29)), recognised(TD1[2] ?? "")];
    const tesseract = [{ text: other }, { text: TD1[0] ?? "" }, { text: TD1[1] ?? "" }, { text: (TD1[2] ?? "").replace("MILICA<<", "MILICA<K") }];
    const fused = fuseLines([paddle, tesseract]);
    expect(fused.slice(1).map((line) => line.text.length)).toEqual([30, 30, 30]);
    const found = findMrzLines(fused, { fillersFromShape: true });
    expect(found?.lines).toEqual(TD1);
    expect(found?.valid).toBe(true);
  });
});
