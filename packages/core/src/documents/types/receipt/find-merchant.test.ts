import { describe, expect, it } from "vitest";
import { textLines as lines } from "../../../../testing/text-lines";
import { cleanMerchant, findMerchant, repairLegalForm } from "./find-merchant";

describe("a misread SDN BHD at the end of a merchant's name", () => {
  it.each([
    ["SUPER.SEVEN CASH & CARRY SEN 3HD", "SUPER.SEVEN CASH & CARRY SDN BHD"],
    ["SUN VICTORY SON BHD", "SUN VICTORY SDN BHD"],
    ["SUBANG HEALTHCARE SIIN BHD", "SUBANG HEALTHCARE SDN BHD"],
    ["KEDAI RUNCIT 5DN 8HD.", "KEDAI RUNCIT SDN BHD"],
    ["MINI MARKET SDN 3HD", "MINI MARKET SDN BHD"],
  ])("%s -> %s", (read, name) => {
    expect(repairLegalForm(read)).toBe(name);
    expect(cleanMerchant(`${read} (123456-X)`)).toBe(name);
  });

  it.each(["SUN VICTORY SDN BHD", "Segi Cash & Carry Sdn. Bhd.", "SUNSHINE BHD", "THE SON", "GREEN SUN CAFE", "SOON HUAT ENTERPRISE"])(
    "leaves %s as it is",
    (name) => {
      expect(repairLegalForm(name)).toBe(name);
    },
  );
});

describe("findMerchant", () => {
  it("joins a name broken before its '&' onto two lines", () => {
    expect(findMerchant(lines("THE COFFEE BEAN", "& TEA LEAF (M) SDN. BHD.", "Company No. :441970-H"))?.name).toBe("THE COFFEE BEAN & TEA LEAF (M) SDN. BHD.");
  });

  it("keeps the branch printed in parentheses under the name, and leaves it out of what follows", () => {
    const found = findMerchant(lines("THANK YOU", "CHECKERS HYPERMARKET SDN BHD", "(JALAN KLANG LAMA)", "LOT 2942, JLN SERI SENTOSA 8,"));
    expect(found?.name).toBe("CHECKERS HYPERMARKET SDN BHD (JALAN KLANG LAMA)");
    expect(found?.index).toBe(2);
  });

  it("does not take a registration number in parentheses for a branch", () => {
    expect(findMerchant(lines("GH DISTRIBUTOR & MARKETING SDN BHD", "(1097826-H)", "95, Beach Road"))?.name).toBe("GH DISTRIBUTOR & MARKETING SDN BHD");
  });

  it("takes the line right above the street address over a line in small letters above it", () => {
    expect(findMerchant(lines("tan woon yann", "INDAH GIFT & HOME DECO", "27,JALAN DEDAP 13", "TAMAN JOHOR JAYA,", "81100 JOHOR BAHRU,JOHOR."))?.name).toBe(
      "INDAH GIFT & HOME DECO",
    );
  });

  it("does not take a misread street line (right above the postcode) for the name", () => {
    expect(findMerchant(lines("TAX INVOICE", "BHPetrol Subang Airport", "Jaian Lapangan Terbang Subang", "47200 Subang", "Selangor"))?.name).toBe(
      "BHPetrol Subang Airport",
    );
  });

  it("reads TOTAL inside a name with no number as a brand (a filling station), while a TOTAL line stays out", () => {
    expect(findMerchant(lines("RELAIS TOTAL OULMES", "AUTOROUTE RABAT MEKNES", "15000 KHEMISSET", "Tel. : 05.22.95.66.66"))?.name).toBe("RELAIS TOTAL OULMES");
    expect(findMerchant(lines("CAFE DAUN", "SUB TOTAL AMOUNT", "GRAND TOTAL 12.00"))?.name).toBe("CAFE DAUN");
  });

  it("takes the line between a name with no legal form and its registration number as the name's second line", () => {
    expect(findMerchant(lines("RESTAURANT JIAWEI", "JIAWEI HOUSE", "002693074-K", "13, JLN TASIK UTAMA 8"))?.name).toBe("RESTAURANT JIAWEI JIAWEI HOUSE");
    const found = findMerchant(lines("THE MARCO POLO KITCH", "BUKIT INDAH", "GST Reg No: 001403346944", "Tax Invoice"));
    expect(found).toMatchObject({ name: "THE MARCO POLO KITCH BUKIT INDAH", index: 1 });
  });

  it("leaves the line under a name out of it when it is an address, a title, or not followed by a registration", () => {
    // Tried: a street line, a document title, and a line of words followed by the street address.
    expect(findMerchant(lines("BHPETROL SUBANG AIRPORT", "JALAN LAPANGAN TERBANG", "(0005583085-K)"))?.name).toBe("BHPETROL SUBANG AIRPORT");
    expect(findMerchant(lines("KEDAI PAPAN YEW CHUAN", "TAX INVOICE", "GST REG NO: 001234567890"))?.name).toBe("KEDAI PAPAN YEW CHUAN");
    expect(findMerchant(lines("RELAIS TOTAL OULMES", "AUTOROUTE RABAT MEKNES", "15000 KHEMISSET"))?.name).toBe("RELAIS TOTAL OULMES");
    // A name with its legal form is whole: the branch under it is not joined (only one in parentheses is).
    expect(findMerchant(lines("GUARDIAN HEALTH AND BEAUTY SDN BHD", "GUARDIAN GIANT BREM MALL", "(123456-X)"))?.name).toBe(
      "GUARDIAN HEALTH AND BEAUTY SDN BHD",
    );
  });

  it("joins a generic word and its legal form to the name above, even when the name is set bigger", () => {
    // Lines with the heights of their boxes (0: no box).
    const sized = (...read: [string, number][]) =>
      lines(...read.map(([text]) => text)).map((line, i) => {
        const height = read[i]?.[1] ?? 0;
        return height > 0 ? { ...line, bbox: { x0: 0, y0: 0, x1: 400, y1: height } } : line;
      });
    expect(findMerchant(sized(["WESTERN EASTERN", 46], ["STATIONERY SDN.BHD", 28], ["CO REG NO:210038-K", 0]))?.name).toBe(
      "WESTERN EASTERN STATIONERY SDN.BHD",
    );
    // A brand in bigger type over a legal name of a word of its own stays out of it.
    expect(findMerchant(sized(["TEALIVE", 62], ["LOOB SDN BHD", 30], ["1202152-P", 0]))?.name).toBe("LOOB SDN BHD");
  });

  it("drops an 'owned by' label before the legal name", () => {
    expect(cleanMerchant("Dimiliki: banh mi cafe sdn bhd 1110644-W")).toBe("banh mi cafe sdn bhd");
    expect(cleanMerchant("Owned by: Castle Blue S/B")).toBe("Castle Blue S/B");
  });
});
