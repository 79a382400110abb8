import { describe, expect, it } from "vitest";
import type { TTextLine } from "../../text-lines";
import { findAddress, repairHouseNumber } from "./find-address";

const lines = (...texts: string[]): TTextLine[] => texts.map((text) => ({ text, page: 0, bbox: null, pageWidth: 0, pageHeight: 0, words: [] }));

describe("findAddress", () => {
  it("finds an address whose words the OCR ran together", () => {
    const receipt = lines("BAKERIES (KL) SDN BHD", "Lot3,JalanPelabur 23/1,", "40300Shah Alam, Selangor.", "Tel: 03-5542 3228", "TAX INVOICE");
    expect(findAddress(receipt, 0)?.text).toBe("Lot3,JalanPelabur 23/1, 40300Shah Alam, Selangor.");
  });

  it("reads a list of house numbers joined by & as part of the address, not as a price", () => {
    const receipt = lines("KEDAI BUKU SDN BHD", "NO. 55,57 & 59, JALAN SAGU 18,", "TAMAN DAYA,", "81100 JOHOR BAHRU", "JOHOR.", "Date: 25/12/2018");
    expect(findAddress(receipt, 0)?.text).toBe("NO. 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU JOHOR.");
  });

  it("starts at a house number with a letter in a list (31,31A), past a registration number in parentheses", () => {
    const receipt = lines("IDEAL MENU GROUP SDN BHD", "(No. 1143655-H)", "31,31A, JALAN HANG TUAH 9,", "TAMAN SKUDAI BARU,", "81300 SKUDAI,", "JOHOR", "GST ID : 001707421696");
    expect(findAddress(receipt, 0)?.text).toBe("31,31A, JALAN HANG TUAH 9, TAMAN SKUDAI BARU, 81300 SKUDAI, JOHOR");
  });

  it("still ends an address at a line with a price", () => {
    const receipt = lines("KEDAI BUKU SDN BHD", "12, JALAN SAGU 18,", "81100 JOHOR BAHRU", "BREAD 5,50");
    expect(findAddress(receipt, 0)?.text).toBe("12, JALAN SAGU 18, 81100 JOHOR BAHRU");
  });
});

describe("repairHouseNumber", () => {
  it.each([
    ["No.Z, Jalan Temenggung 19/9", "No.2, Jalan Temenggung 19/9"],
    ["NO.I, TAMAN SRI DENGKIL", "NO.1, TAMAN SRI DENGKIL"],
    ["NO.G, 8, 10& 12 JALAN PERMAS", "NO.6, 8, 10& 12 JALAN PERMAS"],
  ])("%s -> %s", (read, fixed) => {
    expect(repairHouseNumber(read)).toBe(fixed);
  });

  it.each(["NO. G-12, JALAN MAWAR", "NO 31G, JALAN SEPADU", "LOT G, PLAZA", "Nombor Z"])("leaves %s alone", (text) => {
    expect(repairHouseNumber(text)).toBe(text);
  });
});
