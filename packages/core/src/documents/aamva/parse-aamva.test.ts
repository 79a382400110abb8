import { describe, expect, it } from "vitest";
import { isAppError } from "../../errors/app-error";
import { ZDriversLicenseSchema } from "../schemas";
import { buildAamvaPayload } from "./build-aamva-payload";
import { parseAamva } from "./parse-aamva";
import { parseAamvaElements } from "./parse-aamva-elements";

const usaV10 = buildAamvaPayload({
  issuerId: "636014",
  aamvaVersion: 10,
  jurisdictionVersion: 1,
  elements: [
    ["DCA", "C"],
    ["DCB", "NONE"],
    ["DCD", "NONE"],
    ["DBA", "08312029"],
    ["DCS", "SAMPLE"],
    ["DAC", "ALEXANDER"],
    ["DAD", "NONE"],
    ["DBD", "08312021"],
    ["DBB", "02291988"],
    ["DBC", "2"],
    ["DAY", "BLU"],
    ["DAU", "069 in"],
    ["DAG", "2570 24TH STREET"],
    ["DAH", "APT 4"],
    ["DAI", "SACRAMENTO"],
    ["DAJ", "CA"],
    ["DAK", "958180000  "],
    ["DAQ", "I1234568"],
    ["DCF", "08/31/2021628D1/AAFD/29"],
    ["DCG", "USA"],
    ["DDE", "N"],
    ["DDF", "N"],
    ["DDG", "N"],
  ],
  jurisdictionSubfile: {
    type: "ZC",
    elements: [
      ["ZCA", "BLK"],
      ["ZCB", "CORR LENS"],
    ],
  },
});

const canadaV08 = buildAamvaPayload({
  issuerId: "636012",
  aamvaVersion: 8,
  jurisdictionVersion: 0,
  elements: [
    ["DAQ", "S1234-56789-01234"],
    ["DCS", "TREMBLAY"],
    ["DAC", "MARIE"],
    ["DAD", "CLAIRE,ANNE"],
    ["DBB", "19900115"],
    ["DBD", "20220301"],
    ["DBA", "20270115"],
    ["DBC", "9"],
    ["DAU", "168 cm"],
    ["DAY", "BRO"],
    ["DAG", "100 QUEEN ST W"],
    ["DAI", "TORONTO"],
    ["DAJ", "ON"],
    ["DAK", "M5H2N2"],
    ["DCF", "DX1234567"],
    ["DCG", "CAN"],
  ],
});

const oldV01 = buildAamvaPayload({
  issuerId: "636000",
  aamvaVersion: 1,
  elements: [
    ["DAQ", "T64235789"],
    ["DAA", "PUBLIC,JOHN,QUINCY"],
    ["DAG", "2300 WEST BROAD STREET"],
    ["DAI", "RICHMOND"],
    ["DAJ", "VA"],
    ["DAK", "232690000"],
    ["DBA", "20101231"],
    ["DBB", "19700704"],
    ["DBC", "M"],
    ["DBD", "20050615"],
    ["DAU", "5-11"],
    ["DAY", "BRO"],
  ],
});

describe("parseAamva", () => {
  it("reads a version 10 US licence with MMDDCCYY dates and a padded ZIP", () => {
    const dl = parseAamva(usaV10);
    expect(ZDriversLicenseSchema.parse(dl)).toEqual(dl);
    const f = dl.fields;
    expect(f.lastName).toEqual({ value: "SAMPLE", confidence: 1, source: null, method: "pdf417" });
    expect(f.firstName.value).toBe("ALEXANDER");
    expect(f.middleName).toMatchObject({ value: null, confidence: 0 });
    expect(f.dateOfBirth.value).toBe("1988-02-29");
    expect(f.issueDate.value).toBe("2021-08-31");
    expect(f.expiryDate.value).toBe("2029-08-31");
    expect(f.licenseNumber.value).toBe("I1234568");
    expect(f.sex.value).toBe("F");
    expect(f.heightCm.value).toBe(175);
    expect(f.eyeColor.value).toBe("BLU");
    expect(f.address.value).toEqual({
      street: "2570 24TH STREET, APT 4",
      city: "SACRAMENTO",
      region: "CA",
      postalCode: "95818",
      country: "USA",
    });
    expect(f.jurisdiction).toMatchObject({ value: "CA", confidence: 1 });
    expect(f.issuingCountry).toMatchObject({ value: "USA", confidence: 1 });
    expect(f.documentDiscriminator.value).toBe("08/31/2021628D1/AAFD/29");
  });

  it("reads a Canadian licence with CCYYMMDD dates", () => {
    const f = parseAamva(canadaV08).fields;
    expect(f.dateOfBirth).toMatchObject({ value: "1990-01-15", confidence: 1 });
    expect(f.issueDate.value).toBe("2022-03-01");
    expect(f.expiryDate.value).toBe("2027-01-15");
    expect(f.middleName.value).toBe("CLAIRE ANNE");
    expect(f.sex.value).toBe("X");
    expect(f.heightCm.value).toBe(168);
    expect(f.address.value?.postalCode).toBe("M5H 2N2");
    expect(f.jurisdiction.value).toBe("ON");
    expect(f.issuingCountry.value).toBe("CAN");
  });

  it("reads a version 1 licence: DAA full name, no DCG, country from the issuer number", () => {
    const parsed = parseAamvaElements(oldV01);
    expect(parsed.header).toMatchObject({ issuerId: "636000", aamvaVersion: 1, jurisdictionVersion: null, numberOfEntries: 1 });
    expect(parsed.repairs).toEqual([]);

    const f = parseAamva(oldV01).fields;
    expect(f.lastName).toMatchObject({ value: "PUBLIC", confidence: 1 });
    expect(f.firstName.value).toBe("JOHN");
    expect(f.middleName.value).toBe("QUINCY");
    expect(f.dateOfBirth.value).toBe("1970-07-04");
    expect(f.expiryDate.value).toBe("2010-12-31");
    expect(f.sex.value).toBe("M");
    expect(f.heightCm.value).toBe(180);
    expect(f.address.value?.postalCode).toBe("23269");
    expect(f.issuingCountry).toMatchObject({ value: "USA", confidence: 0.9 });
  });

  it("flags a date written in the wrong order instead of dropping it", () => {
    const payload = buildAamvaPayload({
      issuerId: "636015",
      aamvaVersion: 9,
      elements: [
        ["DAQ", "12345678"],
        ["DBB", "19851224"],
        ["DCG", "USA"],
      ],
    });
    expect(parseAamva(payload).fields.dateOfBirth).toMatchObject({ value: "1985-12-24", confidence: 0.6 });
  });

  it("tolerates a leading space and attaches the barcode's place when given", () => {
    const source = { page: 0, bbox: { x0: 10, y0: 20, x1: 300, y1: 120 } };
    const f = parseAamva(` ${usaV10}`, { source }).fields;
    expect(f.licenseNumber).toEqual({ value: "I1234568", confidence: 1, source, method: "pdf417" });
    expect(f.middleName.source).toBeNull();
  });

  it("finds the DL subfile when the header states a wrong offset", () => {
    const shifted = usaV10.replace(/DL(\d{4})/, "DL0099");
    const parsed = parseAamvaElements(shifted);
    expect(parsed.elements.DAQ).toBe("I1234568");
    expect(parsed.repairs.length).toBeGreaterThan(0);
  });

  it.each([
    ["a truncated payload", usaV10.slice(0, 150)],
    ["a cut header", usaV10.slice(0, 20)],
    ["text that is not AAMVA", "https://example.com/not-a-licence"],
  ])("rejects %s with CORRUPT_FILE", (_, payload) => {
    let caught: unknown;
    try {
      parseAamva(payload);
    } catch (error) {
      caught = error;
    }
    expect(isAppError(caught) && caught.code).toBe("CORRUPT_FILE");
    expect(caught instanceof Error && caught.message).toMatch(/scan|barcode/i);
  });
});
