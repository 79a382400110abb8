import { describe, expect, it } from "vitest";
import { findMrzLines, fitLineLength, groupWordsIntoLines, normaliseMrzLine } from "./find-mrz-lines";
import { makeTd3 } from "./make-mrz-lines";
import { recognisedCell } from "./mrz-reading";

const TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];

describe("normaliseMrzLine", () => {
  it("removes spaces, upper-cases and maps filler misreadings to '<'", () => {
    expect(normaliseMrzLine("p<uto eriksson«anna<maria<<K<<")).toBe("P<UTOERIKSSON<<ANNA<MARIA<<<<<");
  });

  it("keeps a K that belongs to a name", () => {
    expect(normaliseMrzLine("FRANK<<KIM<<<K<<")).toBe("FRANK<<KIM<<<<<<");
  });
});

describe("fitLineLength", () => {
  it("drops or adds a filler in the longest run first", () => {
    expect(fitLineLength("AB<<<<C", 6)[0]).toBe("AB<<<C");
    expect(fitLineLength("AB<<<<C", 8)[0]).toBe("AB<<<<<C");
  });
});

describe("findMrzLines", () => {
  it("finds the MRZ among other OCR text, tolerating spaces, a missing and an extra filler", () => {
    const text = [
      "PASSPORT  PASSEPORT",
      "Surname / Nom  ERIKSSON",
      "P<UTO ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<",
      "L898902C36UTO7408122F1204159ZE184226B<<<<<<10",
      "",
    ].join("\n");
    const found = findMrzLines(text);
    expect(found?.format).toBe("TD3");
    expect(found?.lines).toEqual(TD3);
    expect(found?.valid).toBe(true);
  });

  it("removes a stray character in a line of digits, guided by the check digits", () => {
    const found = findMrzLines([TD3[0] ?? "", "L898902C36UTO7408122F1204X159ZE184226B<<<<<10"]);
    expect(found?.lines).toEqual(TD3);
  });

  it("finds a TD1 card and a visa", () => {
    expect(findMrzLines("I<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<")?.format).toBe("TD1");
    expect(findMrzLines("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL8988901C4XXX4009078F9612109<<<<<<<<")?.format).toBe("MRVB");
  });

  it("keeps letters next to fillers when the reader told fillers by their shape", () => {
    const lines = ["P<UTOLEE<<CLECK<<<<<<<<<<<<<<<<<<<<<<<<<<<<<", TD3[1] ?? ""];
    expect(findMrzLines(lines, { fillersFromShape: true })?.lines[0]).toBe(lines[0]);
    expect(findMrzLines(lines)?.lines[0]).not.toBe(lines[0]);
  });

  it("finds nothing in ordinary text", () => {
    expect(findMrzLines("INVOICE 2024-001\nTOTAL DUE 120.00 EUR\nTHANK YOU FOR YOUR BUSINESS")).toBeUndefined();
  });

  it("carries the boxes of positioned words", () => {
    const words = [
      { text: "L898902C36UTO7408122F1204159ZE184226B<<<<<10", confidence: 0.9, bbox: { x0: 10, y0: 60, x1: 500, y1: 80 } },
      { text: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", confidence: 0.8, bbox: { x0: 12, y0: 30, x1: 502, y1: 50 } },
    ];
    const found = findMrzLines(groupWordsIntoLines(words));
    expect(found?.lines).toEqual(TD3);
    expect(found?.bbox).toEqual({ x0: 10, y0: 30, x1: 502, y1: 80 });
    expect(found?.ocrConfidence).toBeCloseTo(0.85);
  });

  it("uses a recogniser's options for each character, moved along when a dropped filler is put back", () => {
    const truth = makeTd3({
      code: "P",
      state: "UTO",
      surname: "SPECIMEN",
      givenNames: "TEST",
      number: "XY7M03948",
      nationality: "UTO",
      birth: "850326",
      sex: "M",
      expiry: "310915",
    });
    // The recogniser dropped one filler of the run and read H for the M at column 3 (M its runner-up).
    const second = (truth[1] ?? "").replace("<<<<<<<<<<<<<<<", "<<<<<<<<<<<<<<");
    const cells = [...second].map((char, i) =>
      i === 3
        ? recognisedCell([
            { char: "H", p: 0.6 },
            { char: "M", p: 0.35 },
          ])
        : recognisedCell([{ char, p: 0.95 }]),
    );
    const text = cells.map((cell) => cell[0]?.char).join("");
    const found = findMrzLines(
      [
        { text: truth[0] ?? "", bbox: { x0: 0, y0: 0, x1: 440, y1: 20 } },
        { text, cells, bbox: { x0: 0, y0: 30, x1: 440, y1: 50 } },
      ],
      { fillersFromShape: true },
    );
    expect(found?.lines).toEqual(truth);
    expect(found?.valid).toBe(true);
    expect(found?.boxes).toEqual([
      { x0: 0, y0: 0, x1: 440, y1: 20 },
      { x0: 0, y0: 30, x1: 440, y1: 50 },
    ]);
    expect(found?.reading[1]?.[3]?.map((o) => o.char)).toEqual(expect.arrayContaining(["H", "M"]));
  });
});
