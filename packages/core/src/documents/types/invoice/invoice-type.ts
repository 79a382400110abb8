import { z } from "zod";
import { ZCurrencySchema, field } from "../../field";
import { defineDocumentType, type TDocumentOf } from "../document-type";
import { ZLineItemSchema, amountField, dateField, textField } from "../shared-fields";
import { structureInvoice } from "./structure-invoice";

const twoDecimals = (amount: unknown) => (typeof amount === "number" ? amount.toFixed(2) : undefined);

const fields = {
  issuer: textField,
  invoiceNumber: textField,
  date: dateField,
  dueDate: dateField,
  /** Amount before tax. */
  net: amountField,
  total: amountField,
  currency: field(ZCurrencySchema),
  tax: amountField,
  /** The issuer's VAT identification number, as printed without spaces ("NL810433941B01"). */
  vatId: textField,
  /** The issuer's IBAN, checked with its ISO 13616 mod-97 check digits. */
  iban: textField,
  lineItems: field(z.array(ZLineItemSchema)),
};
export type TInvoice = TDocumentOf<"invoice", typeof fields>;

export const invoiceType = defineDocumentType({
  name: "invoice",
  label: "Invoice",
  personal: false,
  fields,
  fieldLabels: {
    issuer: "Issuer",
    invoiceNumber: "Invoice number",
    date: "Date",
    dueDate: "Due date",
    net: "Net",
    total: "Total",
    currency: "Currency",
    tax: "Tax",
    vatId: "VAT number",
    iban: "IBAN",
    lineItems: "Items",
  },
  senderFields: ["issuer"],
  required: ["issuer", "invoiceNumber", "date", "total"],
  cues: [
    // "Factura" alone heads Spain's simplified receipts too; with its number it is an invoice.
    {
      pattern:
        /\b(invoice|rechnung(s?nummer|sdatum)?|factuur(nummer|datum)?|facture|fattura|fatura|faktura|bill to|due date|iban|bic|ust-?id(nr)?|btw|vat\s*(id|no|reg)|payment terms)\b|\bfactura\s+(n[º°o]|n\.|num)/i,
      weight: 2,
    },
    // Where the goods go and who sells them, as an invoice addresses its buyer; tills print none of these.
    { pattern: /\b(invoices|billing\s+address|shipping\s+address|delivery\s+address|ship\s+to|sold\s+by|invoice\s+date)\b/i, weight: 2 },
    // The invoice's number under its name in the languages whose tills never print it (English
    // ones do: "Tax invoice No." heads many a receipt in Malaysia and India).
    { pattern: /\b(facture|rechnung|factuur|fattura|fatura|faktura)(\s+VAT)?\s*(n\.?[°º]|nr\.?|nummer|num[ée]ro)/i, weight: 2 },
    // Terms and ids a business invoice prints and a till's slip does not: the buyer's VAT number
    // within the EU, when payment falls due and how, the service period, the bank to pay into.
    {
      pattern:
        /\b(tva\s+intra\w*|date\s+d.[ée]ch[ée]ance|conditions\s+de\s+(paiement|r[èe]glement)|adresse\s+de\s+facturation|leistungszeitraum|zahlungsziel|zahlungsbedingungen|bankverbindung|vervaldatum|betalingstermijn|fecha\s+de\s+vencimiento|data\s+di\s+scadenza|remit\s+to|payment\s+due)\b/i,
      weight: 2,
    },
    { pattern: /\b(net|subtotal|amount due)\b/i, weight: 1 },
  ],
  structure: structureInvoice,
  evaluation: {
    category: "invoices",
    // invoice2data's truth: a list of one invoice, amounts as numbers; the net only where it differs from the total.
    truthOf: (json) => {
      const t = (Array.isArray(json) ? json[0] : json) as Record<string, unknown> | undefined;
      if (!t) return {};
      return { ...t, amount: twoDecimals(t.amount), amount_untaxed: t.amount_untaxed !== t.amount ? twoDecimals(t.amount_untaxed) : undefined };
    },
    fields: {
      issuer: { field: "issuer", truth: "issuer", compare: "name" },
      invoice_number: { field: "invoiceNumber", truth: "invoice_number", compare: "text" },
      date: { field: "date", truth: "date", compare: "date" },
      total: { field: "total", truth: "amount", compare: "amount" },
      vat_id: { field: "vatId", truth: "vat", compare: "text" },
      iban: { field: "iban", truth: "iban", compare: "text" },
      net: { field: "net", truth: "amount_untaxed", compare: "amount" },
    },
  },
});
