import { describe, expect, it } from "vitest";
import { senderKeyRank, senderKeys } from "./sender-keys";

describe("senderKeys", () => {
  it("reads a receipt's registration number, phone and header, however OCR spaced them", () => {
    const text = [
      "CORNER BAKERY SDN BHD",
      "(Co. Reg. No. 123456-X)",
      "GST REG NO: 000 1234 5678",
      "TEL: 03-5555 1234",
      "12/03/2018 10:21",
      "TOTAL RM 8.00",
    ].join("\n");
    const keys = senderKeys(text);
    expect(keys).toContain("reg:00012345678");
    expect(keys).toContain("reg:123456X");
    expect(keys).toContain("phone:0355551234");
    expect(keys).toContain("header:cornerbakerysdnbhd");
    // Dates, times and amounts are not phone numbers.
    expect(keys.filter((k) => k.startsWith("phone:"))).toEqual(["phone:0355551234"]);
    // Another scan of the same receipt, read with other spacing, gives the same keys.
    const again = senderKeys(text.replace("000 1234 5678", "00012345678").replace("03-5555 1234", "03 55551234").replace("SDN BHD", "SDN. BHD."));
    expect(again).toEqual(expect.arrayContaining(["reg:00012345678", "phone:0355551234", "header:cornerbakerysdnbhd"]));
  });

  it("reads an invoice's VAT number, e-mail and web domains, and skips shared mail services and generic titles", () => {
    const text = [
      "RECHNUNG",
      "Muster GmbH · Hauptstr. 1 · 10115 Berlin",
      "USt-IdNr.: DE 123 456 789",
      "info@muster-gmbh.de · www.muster-gmbh.de",
      "Kontakt: hans.muster@gmail.com",
    ].join("\n");
    const keys = senderKeys(text);
    expect(keys[0]).toBe("vat:DE123456789");
    expect(keys).toContain("email:muster-gmbh.de");
    expect(keys).toContain("web:muster-gmbh.de");
    expect(keys.some((k) => k.includes("gmail"))).toBe(false);
    expect(keys).toContain("header:mustergmbhhauptstr110115berlin");
  });

  it("finds nothing in a text that names no one, and ranks the most telling keys first", () => {
    expect(senderKeys("")).toEqual([]);
    expect(senderKeys("THANK YOU\n8.00\n12/03/2018")).toEqual([]);
    expect(senderKeyRank("vat:DE1")).toBeLessThan(senderKeyRank("phone:1"));
    expect(senderKeyRank("phone:1")).toBeLessThan(senderKeyRank("header:x"));
  });
});
