import { describe, expect, it } from "vitest";
import type { TPage } from "../../../extraction/extraction-result";
import { classifyText } from "../../classify-document";
import { structureReceipt } from "./structure-receipt";

const page = (lines: string[]): TPage[] => [{ index: 0, width: 600, height: 800, text: lines.join("\n"), confidence: 0.9, words: [] }];

// Till receipts as printed outside Malaysia (the corpus's receipts are all Malaysian): each must be
// told a receipt, and its street address kept whole.
const ABROAD: [string, string[], { merchant: string; address: string; total: string }][] = [
  [
    "a British supermarket's, with its VAT number",
    [
      "TESCO",
      "Tesco Stores Ltd",
      "12 High Street, Cambridge CB2 3QZ",
      "VAT No: GB 220 4302 31",
      "MILK 1.15",
      "BREAD 1.40",
      "TOTAL £2.55",
      "CARD £2.55",
      "14/03/2024 10:22",
    ],
    { merchant: "Tesco Stores Ltd", address: "12 High Street, Cambridge CB2 3QZ", total: "2.55" },
  ],
  [
    "a German one (Summe, bar, Rückgeld)",
    [
      "REWE Markt GmbH",
      "Hauptstraße 12",
      "10115 Berlin",
      "Milch 1,19 B",
      "Brot 2,49 B",
      "SUMME EUR 3,68",
      "Geg. BAR EUR 5,00",
      "Rückgeld BAR EUR 1,32",
      "Datum: 14.03.2024 10:22",
    ],
    { merchant: "REWE Markt GmbH", address: "Hauptstraße 12 10115 Berlin", total: "3.68" },
  ],
  [
    "a Dutch one (totaal, pin)",
    ["ALBERT HEIJN", "Kalverstraat 12", "1012 NX Amsterdam", "MELK 1,15", "BROOD 1,40", "TOTAAL 2,55", "PIN 2,55", "14-03-2024 10:22"],
    { merchant: "ALBERT HEIJN", address: "Kalverstraat 12 1012 NX Amsterdam", total: "2.55" },
  ],
  [
    "a Malaysian one printed in Malay (resit, jumlah, tunai, baki)",
    [
      "KEDAI MAKANAN SRI MUTIARA",
      "NO 5, JALAN MERDEKA, 75000 MELAKA",
      "RESIT",
      "Tarikh: 12/03/2018",
      "NASI LEMAK 2 5.00",
      "TEH TARIK 1 1.80",
      "JUMLAH 6.80",
      "TUNAI 10.00",
      "BAKI 3.20",
    ],
    { merchant: "KEDAI MAKANAN SRI MUTIARA", address: "NO 5, JALAN MERDEKA, 75000 MELAKA", total: "6.80" },
  ],
];

describe("receipts from other countries", () => {
  it.each(ABROAD)("reads %s", (_, lines, expected) => {
    expect(classifyText(lines.join("\n")).type).toBe("receipt");
    const fields = structureReceipt(page(lines)).fields;
    expect({ merchant: fields.merchant.value, address: fields.address.value, total: fields.total.value }).toEqual(expected);
  });

  it("still tells an invoice that names its payment card from a receipt", () => {
    expect(classifyText("Northwind Ltd\nInvoice no: 10293\nDue date 2024-04-14\nIBAN GB29NWBK60161331926819\nPaid by card\nTotal £300.00").type).toBe(
      "invoice",
    );
  });

  it("never takes an identity card or a visa, which name 'carte', 'card' and 'visa' too, for a receipt", () => {
    expect(classifyText("REPUBLIQUE FRANCAISE\nCARTE NATIONALE D'IDENTITE N° 940992310285\nNom: BERTHIER\nPrénom(s): CORINNE").type).not.toBe("receipt");
    expect(classifyText("UTOPIA\nVISA\nType C\nERIKSSON ANNA MARIA\nValid from 10.09.96 until 10.12.96").type).not.toBe("receipt");
    expect(classifyText("RESIDENT CARD\nCard No. 123456789\nSurname DOE").type).not.toBe("receipt");
  });
});
