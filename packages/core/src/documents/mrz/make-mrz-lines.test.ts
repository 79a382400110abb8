import { describe, expect, it } from "vitest";
import { makeTd1, makeTd2, makeTd3 } from "./make-mrz-lines";

const UTOPIA = { code: "P", state: "UTO", surname: "ERIKSSON", givenNames: "ANNA MARIA", nationality: "UTO", birth: "740812", sex: "F", expiry: "120415" };

describe("makeTd1/makeTd2/makeTd3", () => {
  it("compose the ICAO 9303 specimens exactly, check digits included", () => {
    expect(makeTd3({ ...UTOPIA, number: "L898902C3", optional: "ZE184226B" })).toEqual([
      "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
      "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ]);
    expect(makeTd2({ ...UTOPIA, code: "I", number: "D23145890" })).toEqual(["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"]);
    expect(makeTd1({ ...UTOPIA, code: "I", number: "D23145890" })).toEqual([
      "I<UTOD231458907<<<<<<<<<<<<<<<",
      "7408122F1204159UTO<<<<<<<<<<<6",
      "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    ]);
  });
});
