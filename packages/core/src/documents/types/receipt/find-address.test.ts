import { describe, expect, it } from "vitest";
import { textLines as lines } from "../../../../testing/text-lines";
import { findAddress, repairAddress } from "./find-address";

describe("findAddress", () => {
  it("finds an address whose words the OCR ran together", () => {
    const receipt = lines("BAKERIES (KL) SDN BHD", "Lot3,JalanPelabur 23/1,", "40300Shah Alam, Selangor.", "Tel: 03-5542 3228", "TAX INVOICE");
    expect(findAddress(receipt, 0)?.text).toBe("Lot3,JalanPelabur 23/1, 40300Shah Alam, Selangor.");
  });

  it("finds an address line whose street word the OCR ran into the name after it, in capitals", () => {
    const receipt = lines("FUYI MINI MARKET", "BR No.: 0195932-X", "TAMANSEJATI, IJOK,", "45600 BESTARI JAYA,", "03-3279 1851.");
    expect(findAddress(receipt, 0)?.text).toBe("TAMANSEJATI, IJOK, 45600 BESTARI JAYA,");
  });

  it("reads a list of house numbers joined by & as part of the address, not as a price", () => {
    const receipt = lines("KEDAI BUKU SDN BHD", "NO. 55,57 & 59, JALAN SAGU 18,", "TAMAN DAYA,", "81100 JOHOR BAHRU", "JOHOR.", "Date: 25/12/2018");
    expect(findAddress(receipt, 0)?.text).toBe("NO. 55,57 & 59, JALAN SAGU 18, TAMAN DAYA, 81100 JOHOR BAHRU JOHOR.");
  });

  it("starts at a house number with a letter in a list (31,31A), past a registration number in parentheses", () => {
    const receipt = lines(
      "IDEAL MENU GROUP SDN BHD",
      "(No. 1143655-H)",
      "31,31A, JALAN HANG TUAH 9,",
      "TAMAN SKUDAI BARU,",
      "81300 SKUDAI,",
      "JOHOR",
      "GST ID : 001707421696",
    );
    expect(findAddress(receipt, 0)?.text).toBe("31,31A, JALAN HANG TUAH 9, TAMAN SKUDAI BARU, 81300 SKUDAI, JOHOR");
  });

  it("reads an address printed at the foot of the receipt, under the totals, when the header has none", () => {
    const receipt = lines(
      "THE MARCO POLO KITCH",
      "BUKITINDAH",
      "GST Reg No: 001403346944",
      "Tax Invoice",
      "TABLE :T10",
      "Pax:1 OP:RUBY",
      "Rcpt#:A18000010451 06/05/2018 14:29",
      "1 ICE MOCHA RM 12.99",
      "SUBTOTAL RM 12.99",
      "Svr Chrg 10% RM 1.30",
      "GST 6% RM 0.86",
      "TOTAL RM 15.15",
      "CASH RM 100.15",
      "Change RM 85.00",
      "Closed Bill",
      "06/05/2018 15:33",
      "TEL:07-2343 111",
      "NO 35,JALAN INDAH 15/2,BUKIT INDAH",
      "81200 JOHOR BAHRU,JOHOR",
    );
    expect(findAddress(receipt, 0)?.text).toBe("NO 35,JALAN INDAH 15/2,BUKIT INDAH 81200 JOHOR BAHRU,JOHOR");
    // Without a postcode, a line of the foot is not taken for the address.
    expect(findAddress(receipt.slice(0, 18), 0)).toBeNull();
  });

  it("ends an address at a phone number after a misread label ('lel:03-...')", () => {
    const receipt = lines(
      "GUARDIAN HEALTH AND BEAUTY SDN BHD",
      "No 15 Jalan Bandar Rawang 10",
      "Bandar Baru Rawang",
      "lel:03-60952052",
      "Company Reg #1101083-1",
    );
    expect(findAddress(receipt, 0)?.text).toBe("No 15 Jalan Bandar Rawang 10 Bandar Baru Rawang");
  });

  it("leaves out a branch named by its area over an address that ends in that area, and puts back a last letter read as a digit ('Rawan9')", () => {
    const receipt = lines("Guardian Health And Beauty Sdn Bhd", "Bandar Baru Rawang", "No 15 Jalan Bandar Rawan9 10", "Bandar Baru Rawang", "lel:03-60952052");
    expect(findAddress(receipt, 0)?.text).toBe("No 15 Jalan Bandar Rawang 10 Bandar Baru Rawang");
    // An area printed once, over the street, is the address's first line.
    expect(findAddress(lines("KEDAI SDN BHD", "Bandar Baru Bangi", "No 15 Jalan 9/1", "43650 Selangor", "Tel 03-8925 1234"), 0)?.text).toBe(
      "Bandar Baru Bangi No 15 Jalan 9/1 43650 Selangor",
    );
  });

  it("keeps a postcode printed alone, a town with its region after the postcode, and '@' for '&' between lot numbers", () => {
    const receipt = lines("TIMES BOOKSTORES", "LOT F21 @ 22, CITTA MALL", "NO 1, JLN PJU 1A/4", "47301", "GST REG NO : 000423100416");
    expect(findAddress(receipt, 0)?.text).toBe("LOT F21 @ 22, CITTA MALL NO 1, JLN PJU 1A/4 47301");
    const district = lines("FUYI MINI MARKET", "NO 43-45-47G, TAMAN SEJATI, IJOK,", "45600 BESTARI JAYA,", "KUALA SELANGOR.", "03-3279 1851");
    expect(findAddress(district, 0)?.text).toBe("NO 43-45-47G, TAMAN SEJATI, IJOK, 45600 BESTARI JAYA, KUALA SELANGOR.");
    // Tried: an e-mail address still ends the address; a registration number before any address line starts none.
    expect(findAddress(lines("KEDAI SDN BHD", "12, JALAN SAGU 18,", "81100 JOHOR BAHRU", "sales@kedai.my"), 0)?.text).toBe(
      "12, JALAN SAGU 18, 81100 JOHOR BAHRU",
    );
    expect(findAddress(lines("KEDAI SDN BHD", "12345", "TAX INVOICE"), 0)).toBeNull();
  });

  it("still ends an address at a line with a price", () => {
    const receipt = lines("KEDAI BUKU SDN BHD", "12, JALAN SAGU 18,", "81100 JOHOR BAHRU", "BREAD 5,50");
    expect(findAddress(receipt, 0)?.text).toBe("12, JALAN SAGU 18, 81100 JOHOR BAHRU");
  });
});

describe("repairAddress", () => {
  it.each([
    ["No.Z, Jalan Temenggung 19/9", "No.2, Jalan Temenggung 19/9"],
    ["NO.I, TAMAN SRI DENGKIL", "NO.1, TAMAN SRI DENGKIL"],
    ["NO.G, 8, 10& 12 JALAN PERMAS", "NO.6, 8, 10& 12 JALAN PERMAS"],
    ["Block B Nol.Jalan PJU 9/1", "Block B No1.Jalan PJU 9/1"],
    ["NO.22 JALAN PUTERIZ/4 BANDAR PUTERI", "NO.22 JALAN PUTERI 2/4 BANDAR PUTERI"],
    ["Lot 50, Floor TZ,Sky Avenue", "Lot 50, Floor T2,Sky Avenue"],
    ["Mukim Batu, JIn Besar Kepong", "Mukim Batu, Jln Besar Kepong"],
    ["JIN TMN SUBANG JASA 3", "JLN TMN SUBANG JASA 3"],
    ["N0. 1 Jalan Euro 1", "NO. 1 Jalan Euro 1"],
    ["Lot 2, N0 14, Jalan Besar", "Lot 2, NO 14, Jalan Besar"],
    ["No.Lot 24,Batu 1i Kampung Dato", "No.Lot 24,Batu 11 Kampung Dato"],
    ["Jalan 2l/3, Taman Maju", "Jalan 21/3, Taman Maju"],
    ["Ground Floor,Wisma UOA Il, No 21", "Ground Floor,Wisma UOA II, No 21"],
    ["Wisma UOA 1l, No 21", "Wisma UOA II, No 21"],
    ["MENARA KL lll", "MENARA KL III"],
  ])("%s -> %s", (read, fixed) => {
    expect(repairAddress(read)).toBe(fixed);
  });

  it.each([
    "NO. G-12, JALAN MAWAR",
    "NO 31G, JALAN SEPADU",
    "LOT G, PLAZA",
    "Nombor Z",
    "JALAN PJU 1A/4",
    "SS21/39",
    "LEVEL G2",
    "JINJANG UTARA",
    "NO. LOT 5",
    "PJN0 12",
    // Ones after a number's label stay a number; a letter code is not a numeral; 11 is eleven.
    "Lot 11, Jalan Besar",
    "Jalan 11/2",
    "Level Il",
    "Block LL1",
    "Wisma UOA 11",
    "NO 1I, JALAN",
  ])("leaves %s alone", (text) => {
    expect(repairAddress(text)).toBe(text);
  });
});
