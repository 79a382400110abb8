import { z } from "zod";
import { ZCurrencySchema, field } from "../../field";
import { defineDocumentType, type TDocumentOf } from "../document-type";
import { ZLineItemSchema, amountField, dateField, textField } from "../shared-fields";
import { structureReceipt } from "./structure-receipt";

const fields = {
  merchant: textField,
  address: textField,
  date: dateField,
  total: amountField,
  currency: field(ZCurrencySchema),
  tax: amountField,
  lineItems: field(z.array(ZLineItemSchema)),
};
export type TReceipt = TDocumentOf<"receipt", typeof fields>;

export const receiptType = defineDocumentType({
  name: "receipt",
  label: "Receipt",
  personal: false,
  fields,
  fieldLabels: { merchant: "Merchant", address: "Address", date: "Date", total: "Total", currency: "Currency", tax: "Tax", lineItems: "Items" },
  senderFields: ["merchant"],
  required: ["merchant", "date", "total"],
  cues: [
    { pattern: /\b(cashier|change|cash|receipt|thank you|qty|tendered|rounding|counter|member)\b/i, weight: 2 },
    // The same in the other languages tills print (German, Dutch, French, Spanish, Italian, Malay):
    // change given, cash, the receipt itself, the till, the cashier.
    {
      pattern:
        /\b(r[üu]ckgeld|wechselgeld|wisselgeld|kassenbon|kassabon|kassa|kasse|caisse|rendu|monnaie|ticket|efectivo|cambio|scontrino|contanti|resto|resit|tunai|baki|juruwang|kaunter|terima\s+kasih)\b/i,
      weight: 2,
    },
    // Paid by card, with the amount ("CARD £2.55", "VISA TEND 3.78", "PIN 2,55"): a visa or an ID card
    // names "visa" and "card" too, but never beside a sum of money.
    { pattern: /\b(card|visa|mastercard|maestro|amex|contactless|debit|carte|cb|pin|tarjeta)\b[^\n\d]{0,16}\d+[.,]\d{2}\b/i, weight: 2 },
    // The sum's label where "total" is not the word, and cash in German.
    { pattern: /\b(summe|totaal|ttc|bar|jumlah)\b/i, weight: 1 },
    { pattern: /\b(total|gst|sst|tax|shopping|(non-?)?(returnable|refundable|exchangeable))\b/i, weight: 1 },
  ],
  structure: structureReceipt,
  evaluation: {
    category: "receipts",
    fields: {
      company: { field: "merchant", truth: "company", compare: "text" },
      date: { field: "date", truth: "date", compare: "date" },
      address: { field: "address", truth: "address", compare: "text" },
      total: { field: "total", truth: "total", compare: "amount" },
    },
  },
});
