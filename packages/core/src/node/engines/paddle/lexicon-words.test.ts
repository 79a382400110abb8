import { describe, expect, it } from "vitest";
import { fixByLexicon } from "./lexicon-words";

/**
 * A line as the recogniser read it: every character sure (0.99) with no runner-up, except those
 * given in `unsure` by position: read at `confidence`, with the runners-up the recogniser gave.
 */
function read(text: string, unsure: Record<number, { confidence: number; alternatives: { char: string; p: number }[] }> = {}) {
  return [...text].map((char, k) => ({ char, confidence: unsure[k]?.confidence ?? 0.99, alternatives: unsure[k]?.alternatives ?? [] }));
}
const text = (chars: { char: string }[]) => chars.map((c) => c.char).join("");

describe("fixByLexicon", () => {
  it("puts right a letter the recogniser was unsure of when its runner-up makes the one common word", () => {
    expect(text(fixByLexicon(read("TOTAL ANOUNT 12.00", { 7: { confidence: 0.61, alternatives: [{ char: "M", p: 0.35 }] } })))).toBe("TOTAL AMOUNT 12.00");
    expect(text(fixByLexicon(read("Dwner by Castle Blue S/B", { 0: { confidence: 0.7, alternatives: [{ char: "O", p: 0.2 }] } })))).toBe(
      "Owner by Castle Blue S/B",
    );
  });

  it("gives the letter the case the word is set in", () => {
    const goardian = (word: string) => text(fixByLexicon(read(word, { 1: { confidence: 0.8, alternatives: [{ char: "u", p: 0.1 }] } })));
    expect(goardian("Goardian")).toBe("Guardian");
    expect(goardian("GOARDIAN")).toBe("GUARDIAN");
    expect(text(fixByLexicon(read("buardian Health", { 0: { confidence: 0.5, alternatives: [{ char: "G", p: 0.3 }] } })))).toBe("Guardian Health");
  });

  it("leaves a word as read when it is a word, when the letter was read surely, or when the runner-up was given no chance", () => {
    // MOUSE is a word too, but HOUSE is one already.
    expect(text(fixByLexicon(read("HOUSE", { 0: { confidence: 0.6, alternatives: [{ char: "M", p: 0.4 }] } })))).toBe("HOUSE");
    expect(text(fixByLexicon(read("ANOUNT", { 1: { confidence: 0.985, alternatives: [{ char: "M", p: 0.01 }] } })))).toBe("ANOUNT");
    expect(text(fixByLexicon(read("ANOUNT", { 1: { confidence: 0.9, alternatives: [{ char: "M", p: 0.005 }] } })))).toBe("ANOUNT");
  });

  it("leaves names, other languages and short words as read unless exactly one common word is one unsure letter away", () => {
    // JIAWEI: no runner-up makes a word. TIHES: TIMES and TIRES both would.
    expect(text(fixByLexicon(read("RESTAURANT JIAWEI", { 13: { confidence: 0.7, alternatives: [{ char: "L", p: 0.2 }] } })))).toBe("RESTAURANT JIAWEI");
    expect(
      text(
        fixByLexicon(
          read("TIHES BOOKSTORES", {
            2: {
              confidence: 0.6,
              alternatives: [
                { char: "M", p: 0.2 },
                { char: "R", p: 0.1 },
              ],
            },
          }),
        ),
      ),
    ).toBe("TIHES BOOKSTORES");
    // A four-letter word is too often a name or an abbreviation: "Brem Mall" is no brew.
    expect(text(fixByLexicon(read("Brem Mall", { 3: { confidence: 0.6, alternatives: [{ char: "w", p: 0.3 }] } })))).toBe("Brem Mall");
    // A word run into digits is a code.
    expect(text(fixByLexicon(read("TOTAI-2", { 4: { confidence: 0.6, alternatives: [{ char: "L", p: 0.3 }] } })))).toBe("TOTAI-2");
  });

  it("keeps every character's position and confidence, and the spaces put in between words", () => {
    const line = [...read("PLEASG"), { char: " " }, ...read("PAY")];
    (line[5] as { confidence: number; alternatives: { char: string; p: number }[] }).confidence = 0.7;
    (line[5] as { confidence: number; alternatives: { char: string; p: number }[] }).alternatives = [{ char: "E", p: 0.25 }];
    const fixed = fixByLexicon(line);
    expect(text(fixed)).toBe("PLEASE PAY");
    expect(fixed.map((c) => ("confidence" in c ? c.confidence : null))).toEqual(line.map((c) => ("confidence" in c ? c.confidence : null)));
  });
});
