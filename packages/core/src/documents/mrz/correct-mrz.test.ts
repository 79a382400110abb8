import { describe, expect, it } from "vitest";
import { computeCheckDigit, checkDigitMatches } from "./check-digit";
import { correctMrz } from "./correct-mrz";

// ICAO 9303 specimens (part 4 TD3, part 5 TD1, part 6 TD2).
const TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];
const TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"];
const TD2 = ["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"];

describe("check digits", () => {
  it("computes the ICAO 7-3-1 check digit", () => {
    expect(computeCheckDigit("L898902C3")).toBe(6);
    expect(computeCheckDigit("740812")).toBe(2);
    expect(computeCheckDigit("ZE184226B<<<<<")).toBe(1);
    expect(computeCheckDigit("L89890€")).toBeUndefined();
  });

  it("accepts '<' only as the check digit of an empty field", () => {
    expect(checkDigitMatches("<<<<<<<<<<<<<<", "<")).toBe(true);
    expect(checkDigitMatches("ZE184226B<<<<<", "<")).toBe(false);
  });
});

describe("correctMrz", () => {
  it("leaves the valid specimens untouched", () => {
    for (const lines of [TD3, TD1, TD2]) {
      const result = correctMrz(lines);
      expect(result?.valid).toBe(true);
      expect(result?.lines).toEqual(lines);
      expect(result?.changes).toEqual([]);
    }
  });

  it("puts back a document code's first letter no format allows, which no check digit covers", () => {
    // I read as T on an identity card, P read as F on a passport.
    expect(correctMrz([`T${TD1[0]?.slice(1)}`, ...TD1.slice(1)])?.lines).toEqual(TD1);
    expect(correctMrz([`T${TD2[0]?.slice(1)}`, ...TD2.slice(1)])?.lines).toEqual(TD2);
    expect(correctMrz([`F${TD3[0]?.slice(1)}`, ...TD3.slice(1)])?.lines).toEqual(TD3);
    // A letter that looks like none of those allowed is left as read.
    expect(correctMrz([`X${TD3[0]?.slice(1)}`, ...TD3.slice(1)])?.lines[0]?.charAt(0)).toBe("X");
  });

  it("fixes O/0, I/1, S/5, B/8 confusions in a TD3 passport and reports where", () => {
    const misread = [
      "P<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
      // document number 0→O, birth date 0→O and 1→I, expiry 5→S, personal number 1→I, composite 0→O
      "L8989O2C36UTO74O8I22F12O4IS9ZEI84226B<<<<<1O",
    ];
    const result = correctMrz(misread);
    expect(result?.format).toBe("TD3");
    expect(result?.valid).toBe(true);
    expect(result?.lines).toEqual(TD3);
    expect(result?.changes).toContainEqual({ line: 0, column: 4, from: "0", to: "O", ambiguous: false });
    expect(result?.changes).toContainEqual({ line: 1, column: 26, from: "S", to: "5", ambiguous: false });
    expect(result?.changes).toContainEqual(expect.objectContaining({ line: 1, column: 5, from: "O", to: "0" }));
    expect(result?.changes).toContainEqual(expect.objectContaining({ line: 1, column: 30, from: "I", to: "1" }));
  });

  it("flags a repair as ambiguous when another substitution satisfies the same check digit", () => {
    // B→8 and Z→2 both give ZE184226B's check digit 1, and the composite cannot tell them apart.
    const result = correctMrz([TD3[0] ?? "", "L898902C36UTO7408122F1204159ZE1B4226B<<<<<10"]);
    expect(result?.valid).toBe(true);
    expect(result?.changes.every((change) => change.ambiguous)).toBe(true);
  });

  it("fixes a TD1 card, its document number decided by the check digit", () => {
    const result = correctMrz(["I<UT0D23I458907<<<<<<<<<<<<<<<", "74O8I22FI2O4IS9UT0<<<<<<<<<<<6", "ER1KSS0N<<ANNA<MAR1A<<<<<<<<<<"]);
    expect(result?.lines).toEqual(TD1);
    expect(result?.valid).toBe(true);
  });

  it("fixes a TD2 card", () => {
    const result = correctMrz(["I<UT0ERIKSS0N<<ANNA<MAR1A<<<<<<<<<<<", "D23I458907UT074O8I22FI2O4IS9<<<<<<<6"]);
    expect(result?.lines).toEqual(TD2);
    expect(result?.valid).toBe(true);
  });

  it("keeps a letter in a document number when the check digit says it is a letter", () => {
    // "C" is not ambiguous, "O" is: the check digit of L898902C3 decides the 0.
    const result = correctMrz([TD3[0] ?? "", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]);
    expect(result?.lines[1]?.slice(0, 9)).toBe("L898902C3");
  });

  it("reports a check digit it cannot satisfy", () => {
    const result = correctMrz([TD3[0] ?? "", "L898902C36UTO7408132F1204159ZE184226B<<<<<10"]);
    expect(result?.valid).toBe(false);
    expect(result?.checks.find((check) => check.name === "birthDate")?.valid).toBe(false);
  });

  it("prefers the repair that leaves a document number as letter and digit runs", () => {
    // OCR read 000 as DOD and 5 as S: several single changes satisfy the check digit, only one gives ZE000509.
    const first = "P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<";
    const result = correctMrz([first, "ZEDODS09<9CAN8501019F2301147<<<<<<<<<<<<<<08"]);
    expect(result?.valid).toBe(true);
    expect(result?.lines[1]?.slice(0, 9)).toBe("ZE000509<");
    // The check digits alone could not decide: the repair is reported as a guess.
    expect(result?.changes.every((change) => change.ambiguous)).toBe(true);
  });

  it("computes a check digit read as a letter no confusion explains, and marks it a guess", () => {
    const td1 = [TD1[0] ?? "", "7408122F1204159UTO<<<<<<<<<<<E", TD1[2] ?? ""];
    const result = correctMrz(td1);
    expect(result?.lines).toEqual(TD1);
    expect(result?.changes).toEqual([{ line: 1, column: 29, from: "E", to: "6", ambiguous: true }]);
  });

  it("returns undefined for lines of no MRZ shape", () => {
    expect(correctMrz(["HELLO", "WORLD"])).toBeUndefined();
  });
});
