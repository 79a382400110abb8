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
    // A shop's footer ("thank you for shopping", "goods are not returnable") still says receipt when the labels of the sums are misread.
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
