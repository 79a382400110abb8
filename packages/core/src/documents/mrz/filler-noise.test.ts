import { describe, expect, it } from "vitest";
import { correctMrz } from "./correct-mrz";
import { nameEnd } from "./filler-noise";
import { makeTd1, makeTd3 } from "./make-mrz-lines";
import { normaliseMrzLine } from "./normalise-mrz-line";

const PERSON = { state: "UTO", nationality: "UTO", birth: "850326", sex: "F", expiry: "310915", number: "XY7203948" };

describe("nameEnd", () => {
  it("ends a name at the '<<' after the given names, or at any '<<<'", () => {
    expect(nameEnd("ERIKSSON<<ANNA<MARIA<<<<<<", true)).toBe(20);
    expect(nameEnd("GARCAO<DE<MAGALHAES<<INES<<<<Z", true)).toBe(25);
    expect(nameEnd("TEST<<<<<<<<", true)).toBe(4);
    expect(nameEnd("MARTIN<<CHRISTELLE<HELENE<LAUR", true)).toBe(30);
    // The French card's fields hold one name each: only '<<<' ends them.
    expect(nameEnd("CORINNE<<ANNE<<<<", false)).toBe(13);
  });
});

describe("filler noise where the filler is", () => {
  it("clears letters read after a name has ended (<<K<<, <L<L<, a last Z)", () => {
    const truth = makeTd3({ ...PERSON, code: "P", surname: "ERIKSSON", givenNames: "ANNA MARIA" });
    for (const noisy of [
      "P<UTOERIKSSON<<ANNA<MARIA<<K<<<<<<<<<<<<<<<<",
      "P<UTOERIKSSON<<ANNA<MARIA<<<<L<L<<<<<<<<<<<<",
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<Z",
    ]) {
      const result = correctMrz([noisy, truth[1] ?? ""]);
      expect(result?.lines).toEqual(truth);
      expect(result?.valid).toBe(true);
    }
  });

  it("keeps a one-letter given name and a name full of the letters misread for fillers", () => {
    const initial = makeTd3({ ...PERSON, code: "P", surname: "SMITH", givenNames: "K" });
    expect(correctMrz(initial)?.lines).toEqual(initial);
    const elle = makeTd1({ ...PERSON, code: "ID", surname: "MICHELLE", givenNames: "LEE" });
    expect(correctMrz(elle)?.lines).toEqual(elle);
    expect(normaliseMrzLine(elle[2] ?? "")).toBe(elle[2]);
  });

  it("reads a chevron-like letter in optional data as the filler when the composite check digit says so", () => {
    const truth = makeTd1({ ...PERSON, code: "IR", surname: "MARTIN", givenNames: "CHRISTELLE", optional: "1105040043", nationality: "SEN" });
    // SEN<<<<<<<<<<<6 read as SENC<<<<<<<<<<6: the C stands where optional data begins, among fillers.
    const noisy = [truth[0] ?? "", `${truth[1]?.slice(0, 18)}C${truth[1]?.slice(19)}`, truth[2] ?? ""];
    const result = correctMrz(noisy);
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("keeps such a letter where the composite check digit says it is data", () => {
    const truth = makeTd1({ ...PERSON, code: "ID", surname: "DOE", givenNames: "JANE", optional2: "C" });
    expect(correctMrz(truth)?.lines).toEqual(truth);
  });

  it("reads <C<C< where optional data ends with fillers as fillers, the composite agreeing", () => {
    const truth = makeTd1({ ...PERSON, code: "I", surname: "PARAUDZINS", givenNames: "ANDRIS", nationality: "LVA" });
    const noisy = [truth[0] ?? "", `${truth[1]?.slice(0, 22)}C<C${truth[1]?.slice(25)}`, truth[2] ?? ""];
    expect(noisy[1]).toMatch(/LVA<<<<C<C<<<<\d$/);
    expect(correctMrz(noisy)?.lines).toEqual(truth);
  });

  it("reads a lone K among fillers as the filler, which no check digit can tell from it (K weighs 20)", () => {
    const truth = makeTd1({ ...PERSON, code: "ID", surname: "DOE", givenNames: "JANE", optional: "12345" });
    const noisy = [`${truth[0]?.slice(0, 23)}K${truth[0]?.slice(24)}`, truth[1] ?? "", truth[2] ?? ""];
    expect(noisy[0]).toMatch(/12345<<<K<<<<<</);
    const result = correctMrz(noisy);
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("reads a blurred run of fillers in optional data (CCCCCCCCCCC) as fillers, the composite agreeing", () => {
    const truth = makeTd1({ ...PERSON, code: "IR", surname: "GARCAO", givenNames: "INES", nationality: "BRA" });
    const noisy = [truth[0] ?? "", `${truth[1]?.slice(0, 18)}CCCCCCCCCCC${truth[1]?.slice(29)}`, truth[2] ?? ""];
    expect(noisy[1]).toMatch(/BRACCCCCCCCCCC\d$/);
    const result = correctMrz(noisy);
    expect(result?.lines).toEqual(truth);
    expect(result?.valid).toBe(true);
  });

  it("reads a blurred '<<' between a name's two parts (TRAVELERCCHAPPY) as the separator", () => {
    const truth = makeTd3({ ...PERSON, code: "P", surname: "TRAVELER", givenNames: "HAPPY" });
    expect(correctMrz([truth[0]?.replace("TRAVELER<<HAPPY", "TRAVELERCCHAPPY") ?? "", truth[1] ?? ""])?.lines).toEqual(truth);
    // The same with a chevron-like letter left after it: TESTKKMILICA<<C.
    const card = makeTd1({ ...PERSON, code: "I", surname: "TEST", givenNames: "MILICA" });
    expect(correctMrz([card[0] ?? "", card[1] ?? "", card[2]?.replace("TEST<<MILICA<<<", "TESTKKMILICA<<C") ?? ""])?.lines).toEqual(card);
    // A name with a double C and its given names is left as read: MACCHI<<LUCA.
    const macchi = makeTd3({ ...PERSON, code: "P", surname: "MACCHI", givenNames: "LUCA" });
    expect(correctMrz(macchi)?.lines).toEqual(macchi);
  });

  it("cleans whole words of filler misreads among fillers in plain text, nothing attached to a name", () => {
    expect(normaliseMrzLine("ERIKSSON<<ANNA<<K<<L<L<<KKKK<<")).toBe("ERIKSSON<<ANNA<<<<<<<<<<<<<<<<");
    expect(normaliseMrzLine("MICHELLE<<ANNA<<<<")).toBe("MICHELLE<<ANNA<<<<");
    expect(normaliseMrzLine("CHRISTELLE<HELENE<LAUR")).toBe("CHRISTELLE<HELENE<LAUR");
  });
});

describe("names no MRZ holds make it invalid", () => {
  it("letters after a name's end that are too long to be noise, and a letter three times in a row", () => {
    const truth = makeTd3({ ...PERSON, code: "P", surname: "ERIKSSON", givenNames: "ANNA MARIA" });
    const afterEnd = correctMrz(["P<UTOERIKSSON<<ANNA<MARIA<<<<<SVRNC<<<<<<<<<", truth[1] ?? ""]);
    expect(afterEnd?.valid).toBe(false);
    expect(afterEnd?.violations).toBeGreaterThan(0);
    const repeated = correctMrz(["P<UTOERIKSSON<<ANNA<MARIACCCLLLLLLLLLLLLLLLL", truth[1] ?? ""]);
    expect(repeated?.valid).toBe(false);
  });
});
