import { describe, expect, it } from "vitest";
import { ZIdCardSchema, ZPassportSchema } from "../schemas";
import { parseMrz } from "./parse-mrz";

const now = new Date("2026-06-01T00:00:00Z");

describe("parseMrz", () => {
  it("maps the ICAO TD3 specimen to a passport, keeping UTO", () => {
    const result = parseMrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", { now });
    expect(result?.type).toBe("passport");
    expect(ZPassportSchema.parse(result)).toEqual(result);
    const fields = result?.fields;
    expect(fields?.documentNumber).toEqual({ value: "L898902C3", confidence: 1, source: null, method: "mrz" });
    expect(fields?.surname.value).toBe("ERIKSSON");
    expect(fields?.givenNames.value).toBe("ANNA MARIA");
    expect(fields?.nationality.value).toBe("UTO");
    expect(fields?.issuingCountry.value).toBe("UTO");
    expect(fields?.dateOfBirth.value).toBe("1974-08-12");
    expect(fields?.expiryDate.value).toBe("2012-04-15");
    expect(fields?.sex.value).toBe("F");
    expect(fields?.personalNumber.value).toBe("ZE184226B");
    expect(fields?.mrzValid.value).toBe(true);
  });

  it("corrects OCR confusions and lowers confidence where a check digit fails", () => {
    const result = parseMrz("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204158ZE184226B<<<<<1O", { now });
    expect(result?.fields.expiryDate).toMatchObject({ value: "2012-04-15", confidence: 0.5 });
    expect(result?.fields.dateOfBirth.confidence).toBe(1);
    expect(result?.fields.mrzValid.value).toBe(false);
  });

  it("maps a German passport's D<< to DEU, a recent birth year to this century and '<' sex to X", () => {
    const result = parseMrz(["P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<", "C01X00T478D<<1008128<2702283<<<<<<<<<<<<<<<4"], { now });
    expect(result?.fields.nationality.value).toBe("DEU");
    expect(result?.fields.issuingCountry.value).toBe("DEU");
    expect(result?.fields.dateOfBirth.value).toBe("2010-08-12");
    expect(result?.fields.sex.value).toBe("X");
    expect(result?.fields.mrzValid.value).toBe(true);
  });

  it("maps TD1 and TD2 cards to id_card, with an extended TD1 document number", () => {
    const td1 = parseMrz(["I<UTOD23145890<1233<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<2", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"], { now });
    expect(td1?.type).toBe("id_card");
    expect(ZIdCardSchema.parse(td1)).toEqual(td1);
    expect(td1?.fields.documentNumber.value).toBe("D23145890123");
    expect(td1?.fields.personalNumber.value).toBeNull();
    const td2 = parseMrz(["I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO7408122F1204159<<<<<<<6"], { now });
    expect(td2?.type).toBe("id_card");
    expect(td2?.fields.documentNumber.value).toBe("D23145890");
  });

  it("reads a visa (MRV-A) as passport-type fields", () => {
    const result = parseMrz(["V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L8988901C4XXX4009078F96121096ZE184226B<<<<<<"], { now });
    expect(result?.type).toBe("passport");
    expect(result?.fields.nationality.value).toBe("XXX");
    expect(result?.fields.dateOfBirth.value).toBe("1940-09-07");
    expect(result?.fields.mrzValid.value).toBe(true);
  });

  it("uses the lines' boxes as the source", () => {
    const result = parseMrz(
      [
        { text: "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", bbox: { x0: 5, y0: 100, x1: 400, y1: 115 } },
        { text: "L898902C36UTO7408122F1204159ZE184226B<<<<<10", bbox: { x0: 5, y0: 120, x1: 400, y1: 135 } },
      ],
      { now, page: 2 },
    );
    expect(result?.fields.surname.source).toEqual({ page: 2, bbox: { x0: 5, y0: 100, x1: 400, y1: 135 } });
  });

  it("returns null without an MRZ", () => {
    expect(parseMrz("Nothing to see here", { now })).toBeNull();
  });
});
