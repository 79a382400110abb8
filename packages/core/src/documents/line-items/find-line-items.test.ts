import { describe, expect, it } from "vitest";
import type { TPage } from "../../extraction/extraction-result";
import { pageLines } from "../text-lines";
import { findLineItems } from "./find-line-items";

const linesOf = (text: string[]) => pageLines([{ index: 0, width: 600, height: 800, text: text.join("\n"), confidence: 0.9, words: [] } satisfies TPage]);
const items = (text: string[], sums: { subtotal?: string; total?: string }) =>
  findLineItems(linesOf(text), sums).items.map((item) => [item.description, item.amount]);

describe("findLineItems: which list of priced lines holds the items", () => {
  it("takes a statement's detailed lines, each with its breakdown, over the summary box printed before them", () => {
    // Tried: a cloud or phone bill, its summary first, then each service with a 'Charges' line under it.
    const bill = [
      "Northwind Telecom Invoice",
      "Account number: 1234567",
      "Summary",
      "Mobile services $35.50",
      "Charges $35.50",
      "Credits $0.00",
      "Total for this invoice $35.50",
      "Detail",
      "Line rental $20.00",
      "Charges $20.00",
      "Calls abroad $10.50",
      "Charges $10.50",
      "Mobile data $5.00",
      "Charges $5.00",
    ];
    expect(items(bill, { total: "35.50" })).toEqual([
      ["Line rental", "20.00"],
      ["Calls abroad", "10.50"],
      ["Mobile data", "5.00"],
    ]);
  });

  it("never takes the payments printed after the total for items", () => {
    // Tried: items that do not add up as read (a levy printed under one), then the payments, which do.
    const invoice = [
      "Artikel Aantal Prijs BTW Totaal",
      "Tablet 16 GB 1 € 399,00 21% € 399,00",
      "Incl. heffing 1 21% € 4,24",
      "Hoes zwart 1 € 69,99 21% € 69,99",
      "Subtotaal € 469,00",
      "Totaal € 469,00",
      "Totaal € 469,00 iDEAL op 21 april 2015 € 469,00",
      "Rembours op 25 mei 2015 € 9,32",
      "Terugboeking op 31 mei 2015 € -9,32",
    ];
    expect(items(invoice, { subtotal: "469.00", total: "469.00" }).map(([description]) => description)).toEqual([
      "Tablet 16 GB",
      "Incl. heffing",
      "Hoes zwart",
    ]);
  });

  it("never takes what a receipt prints after the cash and the change for items", () => {
    // Tried: a fuel receipt whose one item does not read as adding up, then a prepaid deposit and its refund, which do.
    const receipt = [
      "Item U.Price Qty Amount",
      "RON95 2.200 22.73 50.00",
      "TOTAL RM 50.10",
      "CASH RM 50.10",
      "Prepay Deposit RM 50.10",
      "Prepay Refund RM 0.00",
    ];
    expect(items(receipt, { total: "50.10" })).toEqual([["RON95", "50.00"]]);
  });

  it("ends the list at a total line whose TOTAL was misread by a letter", () => {
    const receipt = ["Description Amount TX", "COAT-HANGER 9.80 SR", "TEODORES CHAIR 90.00 SR", "TotaR Including GST 6% 99.80", "Mastercard -99.80"];
    expect(items(receipt, { total: "99.80" })).toEqual([
      ["COAT-HANGER", "9.80"],
      ["TEODORES CHAIR", "90.00"],
    ]);
  });

  it("reads an item's amount printed alone under its unit price as that item's, not another item", () => {
    const receipt = [
      "Qty Description Amount",
      "1 UROKO SALAD @ 28.00 28.00 SR",
      "1 NIKU SET @ 38.68 SR",
      "38.68",
      "2 GREEN TEA @ 1.00 2.00 SR",
      "Total : 68.68",
    ];
    expect(findLineItems(linesOf(receipt), { total: "68.68" }).items.map((i) => [i.description, i.unitPrice, i.amount])).toEqual([
      ["UROKO SALAD", "28.00", "28.00"],
      ["NIKU SET", "38.68", "38.68"],
      ["GREEN TEA", "1.00", "2.00"],
    ]);
  });

  it("keeps two items of one word at the same price as two items when they add up so", () => {
    const receipt = ["QTY DESCRIPTION AMOUNT", "COFFEE 2.50", "LATTE 2.50", "MUFFIN 3.00", "TOTAL 8.00"];
    expect(items(receipt, { total: "8.00" })).toEqual([
      ["COFFEE", "2.50"],
      ["LATTE", "2.50"],
      ["MUFFIN", "3.00"],
    ]);
  });
});

describe("findLineItems: an invoice's item table", () => {
  it("names each item without its position, article reference line, quantity with unit, unit price to four places, date or rate column", () => {
    const table = [
      "Lieferant GmbH",
      "Pos Artikelbeschreibung Menge Einheit Preis Betrag USt. %",
      "1 Trennblätter A4 20 Stk. 9,9000 198,00 19",
      "GTIN: 4012345001235",
      "2 Joghurt Banane 50 Stk. 5,5000 275,00 7",
      "SKU: ARNR-2",
      "Rechnungssumme netto 473,00",
    ];
    expect(findLineItems(linesOf(table), { subtotal: "473.00" }).items.map((i) => [i.description, i.quantity, i.amount])).toEqual([
      ["Trennblätter A4", "20", "198.00"],
      ["Joghurt Banane", "50", "275.00"],
    ]);
    // An item's delivery date on its row; English units of count.
    expect(items(["Item Date Qty Amount", "Desk chair, blue 02/17/26 3 Piece 573.00", "Subtotal 573.00"], { subtotal: "573.00" })).toEqual([
      ["Desk chair, blue", "573.00"],
    ]);
  });

  it("ends the list at the net or the sums of an invoice, and never takes a VAT breakdown's rows for items", () => {
    // Tried: German, English and French sums under the items, and a breakdown of the VAT by rate.
    for (const sum of ["Nettobetrag: 496,00 €", "Net amount 496.00", "Montant HT 496,00", "Zahlbetrag 496,00"]) {
      expect(
        items(["Menge Produkt Preis Betrag", "1,00 Gestaltung 160,00 € 160,00 €", "400,00 Luftballon 0,84 € 336,00 €", sum, "Umsatzsteuer 7% 11,20 €"], {})
          .length,
      ).toBe(2);
    }
    const breakdown = [
      "Beschreibung Menge Betrag",
      "Trennblätter A4 20 Stk 198,00",
      "Umsatzsteuer (S) 198,00 19 37,62",
      "MwSt. 7% 275,00 19,25",
      "TVA 20% 100,00 20,00",
    ];
    expect(items(breakdown, {})).toEqual([["Trennblätter A4", "198.00"]]);
  });
});
