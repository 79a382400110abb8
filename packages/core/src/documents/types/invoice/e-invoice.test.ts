import { describe, expect, it } from "vitest";
import { ciiInvoiceXml, zugferd1Xml, type TCiiInvoice } from "../../../../testing/e-invoice-xml";
import { invoiceFromCii } from "./e-invoice";

const INVOICE: TCiiInvoice = {
  number: "RE-2024/0815",
  date: "2024-11-15",
  seller: "Werkstatt Nord GmbH & Co. KG",
  vatId: "DE123456789",
  net: "473.00",
  tax: "56.87",
  total: "529.87",
  iban: "DE89370400440532013000",
  items: [
    { name: "Trennblätter A4", quantity: "20.0000", price: "9.9000", amount: "198.00", rate: "19.00" },
    { name: "Joghurt Banane", quantity: "50.0000", price: "5.5000", amount: "275.00", rate: "7.00" },
  ],
};

const values = (xml: string) => {
  const invoice = invoiceFromCii(xml);
  return invoice && Object.fromEntries(Object.entries(invoice.fields).map(([k, f]) => [k, f.value]));
};

describe("invoiceFromCii: the invoice an e-invoice's XML states", () => {
  it("reads a Factur-X / ZUGFeRD 2 invoice's fields and items as stated, sure and marked as the e-invoice's", () => {
    const invoice = invoiceFromCii(ciiInvoiceXml(INVOICE));
    expect(invoice && Object.fromEntries(Object.entries(invoice.fields).map(([k, f]) => [k, f.value]))).toEqual({
      issuer: "Werkstatt Nord GmbH & Co. KG",
      invoiceNumber: "RE-2024/0815",
      date: "2024-11-15",
      dueDate: "2099-12-31",
      net: "473.00",
      // The tax in the invoice's currency, not the one stated again in another.
      tax: "56.87",
      total: "529.87",
      currency: "EUR",
      // The VAT number (scheme VA), not the tax office's number (FC).
      vatId: "DE123456789",
      iban: "DE89370400440532013000",
      lineItems: [
        { description: "Trennblätter A4", quantity: "20.0000", unitPrice: "9.9000", amount: "198.00", taxRate: "19.00" },
        { description: "Joghurt Banane", quantity: "50.0000", unitPrice: "5.5000", amount: "275.00", taxRate: "7.00" },
      ],
    });
    expect(invoice?.fields.total).toMatchObject({ confidence: 0.99, method: "e-invoice", source: null });
  });

  it("reads ZUGFeRD 1's CrossIndustryDocument, whose elements are named otherwise", () => {
    expect(values(zugferd1Xml({ ...INVOICE, items: [] }))).toMatchObject({
      invoiceNumber: "RE-2024/0815",
      date: "2024-11-15",
      total: "529.87",
      vatId: "DE123456789",
    });
  });

  it("gives nothing for XML that is no invoice, a damaged one, or one with a DOCTYPE (entity expansion); and drops an IBAN that fails its check", () => {
    // Tried: another attachment's XML, a truncated invoice, an entity bomb, a wrong IBAN check digit.
    expect(invoiceFromCii("<order><id>1</id></order>")).toBeNull();
    expect(invoiceFromCii(ciiInvoiceXml(INVOICE).slice(0, 300))).toBeNull();
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${ciiInvoiceXml(INVOICE).replace(/^<\?xml[^>]*>/, "")}`;
    expect(invoiceFromCii(bomb)).toBeNull();
    expect(values(ciiInvoiceXml({ ...INVOICE, iban: "DE89370400440532013001" }))?.iban).toBeNull();
  });
});
