import { describe, expect, it } from "vitest";
import type { TPage } from "../extraction/extraction-result";
import { classifyText } from "./classify-document";
import { findAmounts, normaliseAmount } from "./parse/parse-amount";
import { findDates, parseDate } from "./parse/parse-date";
import { isValidIban, structureInvoice } from "./types/invoice/structure-invoice";
import { structureReceipt } from "./types/receipt/structure-receipt";

const page = (lines: string[]): TPage[] => [{ index: 0, width: 600, height: 800, text: lines.join("\n"), confidence: 0.9, words: [] }];
const values = (fields: Record<string, { value: unknown }>) => Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, f.value]));

describe("dates and amounts as printed", () => {
  it.each([
    ["15/03/2018", "2018-03-15"],
    ["Date: 24-03-18", "2018-03-24"],
    ["7. Mai 2014", "2014-05-07"],
    ["19 april 2014", "2014-04-19"],
    ["August 3 , 2014", "2014-08-03"],
    ["02 Juillet 2015", "2015-07-02"],
    ["2022-01-31", "2022-01-31"],
    // OCR lost the space between the year and the time.
    ["Date : 25/12/20188:13:39 PM", "2018-12-25"],
  ])("%s -> %s", (raw, iso) => {
    expect(parseDate(raw)).toBe(iso);
  });

  it("refuses dates that do not exist and reads month-first when told", () => {
    expect(findDates("31/02/2018")).toEqual([]);
    expect(parseDate("03/04/2018", "mdy")).toBe("2018-03-04");
  });

  it("takes no date out of a longer run of numbers joined by separators (a product code), and still reads dates beside one", () => {
    // Tried: a code whose middle reads as a date ("3-21 - 12"), one that starts or ends like a date.
    expect(findDates("MI11/3-21 - 12/480")).toEqual([]);
    expect(findDates("SKU 4/5/18/2")).toEqual([]);
    expect(findDates("AB 12/3/18-7")).toEqual([]);
    expect(parseDate("REG #19- 02/03/2018")).toBe("2018-03-02");
    expect(parseDate("WA17 - 12/144 16-03-18")).toBe("2018-03-16");
    expect(parseDate("16/03/2018 10:20")).toBe("2018-03-16");
  });

  it("reads a month's name joined to the day and the year by hyphens or slashes", () => {
    // Tried: the forms Indian and Malaysian invoices and receipts print, in capitals too, and a code that is no date.
    expect(parseDate("Invoice Date: 15-Nov-2024")).toBe("2024-11-15");
    expect(parseDate("DATE 03/JAN/19 10:21")).toBe("2019-01-03");
    expect(parseDate("15.Nov.2024")).toBe("2024-11-15");
    expect(findDates("Room 12-Mar-B")).toEqual([]);
  });

  it("takes no amount out of a date or a run of numbers joined by dots or slashes, and still reads amounts beside one", () => {
    // Tried: dates with four- and two-digit years, a reference with slashes, a date with an amount after it.
    expect(findAmounts("netto bis 15.12.2024, 3% Skonto")).toEqual([]);
    expect(findAmounts("am 1.2.24")).toEqual([]);
    expect(findAmounts("Ref 12/34.56/7")).toEqual([]);
    expect(findAmounts("Total 12.03.2020 45,00").map((a) => a.value)).toEqual(["45.00"]);
    expect(findAmounts("1.234,56 and 7.50.").map((a) => a.value)).toEqual(["1234.56", "7.50"]);
  });

  it.each([
    ["1.234,56", "1234.56"],
    ["1,234.56", "1234.56"],
    ["€ 717,97", "717.97"],
    ["RM20. 40", "20.40"],
    ["-9,32", "-9.32"],
    ["Rs. 1,29,999.00", "129999.00"],
    ["₹ 12,34,567.50", "1234567.50"],
  ])("amount %s -> %s", (raw, value) => {
    expect(findAmounts(raw)[0]?.value ?? normaliseAmount(raw)).toBe(value);
  });
});

describe("classifyText", () => {
  it("tells receipts, invoices and MRZ documents apart", () => {
    expect(classifyText("CASHIER: ANNA\nTOTAL 8.00\nCASH 10.00\nCHANGE 2.00\nTHANK YOU").type).toBe("receipt");
    expect(classifyText("INVOICE\nInvoice number 42\nDue date 2024-01-31\nIBAN NL50INGB0683251309").type).toBe("invoice");
    const mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";
    expect(classifyText(mrz).type).toBe("passport");
    expect(classifyText("a poem about the sea").type).toBe("other");
  });

  it("knows a receipt by its footer when the labels of its sums are misread (faint dot-matrix print)", () => {
    const read = "SUBIUIAL 4.80\nIUIAL (GSI INLL) 4.50\nIhank You For Shopping\nGoods sold are non-retundable.\nMedicines are not returnable.";
    expect(classifyText(read).type).toBe("receipt");
  });
});

describe("structureReceipt", () => {
  it("reads merchant, address, date, total, currency and tax, with a confidence each", () => {
    const receipt = structureReceipt(
      page([
        "~ SOON HUAT MACHINERY ENTERPRISE",
        "(JM0352019-K)",
        "NO.53 JALAN PUTRA 1,",
        "81200 JOHOR BAHRU",
        "JOHOR",
        "TEL: 07-5547360",
        "Doc No.: 800004040 Date: 11/01/2019",
        "GST 6% 18.51",
        "Total Sales (Inclusive GST): 327.00",
        "CASH 327.00",
      ]),
    );
    expect(values(receipt.fields)).toMatchObject({
      merchant: "SOON HUAT MACHINERY ENTERPRISE",
      address: "NO.53 JALAN PUTRA 1, 81200 JOHOR BAHRU JOHOR",
      date: "2019-01-11",
      total: "327.00",
      tax: "18.51",
    });
    expect(receipt.fields.total.confidence).toBeGreaterThan(0.7);
  });

  it("takes the printed total, and the rounded one where the receipt's arithmetic says it was paid", () => {
    // The public receipts label the printed total more often than a rounding applied to it.
    const printed = structureReceipt(page(["HERO MART SDN BHD", "Total with GST 41.48", "Rounding 0.02"]));
    expect(printed.fields.total.value).toBe("41.48");
    expect(printed.fields.date).toMatchObject({ value: null, confidence: 0 });
    const paid = structureReceipt(page(["HERO MART SDN BHD", "Total with GST 41.48", "Rounding 0.02", "Total 41.50", "Cash 50.00", "Change 8.50"]));
    expect(paid.fields.total.value).toBe("41.50");
  });

  it("finds the total by paid - change when the total line is misread", () => {
    const receipt = structureReceipt(page(["KEDAI RUNCIT SDN BHD", "RICE 5KG 18.90", "SUGAR 1KG 2.85", "Tota1 Sa1es 21.75", "CASH 50.00", "CHANGE 28.25"]));
    expect(receipt.fields.total.value).toBe("21.75");
  });
});

describe("structureInvoice", () => {
  const lines = [
    "FACTUUR.",
    "Coolblue B.V.",
    "Weena 664",
    "KvK Rotterdam 24330087",
    "BTW NL810433941B01",
    "IBAN NL50INGB0683251309",
    "Factuurnummer: 993548900",
    "Factuurdatum: 19 april 2014",
    "Subtotaal € 717,97 Exclusief BTW € 593,36",
    "BTW 21% € 124,61",
    "Totaal € 717,97",
    "Mijn Coolblue-account",
  ];

  it("reads issuer, number, date, amounts, VAT id and IBAN", () => {
    const invoice = structureInvoice(page(lines));
    expect(values(invoice.fields)).toMatchObject({
      issuer: "Coolblue B.V.",
      invoiceNumber: "993548900",
      date: "2014-04-19",
      total: "717.97",
      tax: "124.61",
      currency: "EUR",
      vatId: "NL810433941B01",
      iban: "NL50INGB0683251309",
    });
  });

  it("names the brand whose website the invoice prints over its seller of record, but a legal name over its own domain", () => {
    const marketplace = structureInvoice(
      page([
        "Sold by: Acme Retail Services Pvt. Ltd.",
        "Invoice No: 12345",
        "Acme Retail Services Pvt. Ltd. registered office",
        "Ordered through ShopMart - www.shopmart.com",
        "ShopMart customer care: returns via ShopMart",
        "Grand Total 319.00",
      ]),
    );
    expect(marketplace.fields.issuer.value).toBe("Shopmart");
    const own = structureInvoice(page(["QualityHosting AG", "Rechnungsnr. 30064443", "www.qualityhosting.de", "QualityHosting AG, Uferweg 40"]));
    expect(own.fields.issuer.value).toBe("QualityHosting AG");
  });

  it("reads net, tax and total from a total row of three amounts that add up, when its column heading is not on a line of its own", () => {
    const invoice = structureInvoice(
      page([
        "Free SAS",
        "Facture n°562044387 du 02 Juillet 2015",
        "Date limite de paiement le 05 Juillet 2015 29.99 € TTC Montant EUR HT Montant TVA Montant EUR TTC",
        "Abonnements, forfaits et options 24.99 5.00 29.99",
        "Total facture 24.99 5.00 29.99",
      ]),
    );
    expect(values(invoice.fields)).toMatchObject({ net: "24.99", tax: "5.00", total: "29.99" });
    // Three amounts that do not add up are not taken for net, tax and total.
    const odd = structureInvoice(page(["Free SAS", "Facture n°1", "Total facture 24.99 5.00 31.00"]));
    expect(values(odd.fields).net).toBeNull();
  });

  it("checks IBANs with their mod-97 digits", () => {
    expect(isValidIban("NL50INGB0683251309")).toBe(true);
    expect(isValidIban("NL51INGB0683251309")).toBe(false);
    const invoice = structureInvoice(page(lines.map((l) => l.replace("NL50INGB", "NL51INGB"))));
    expect(invoice.fields.iban.value).toBeNull();
  });
});
