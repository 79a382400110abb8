import { ZCurrencySchema, field } from "../../field";
import { defineDocumentType, type TDocumentOf } from "../document-type";
import { amountField, dateField, textField } from "../shared-fields";
import { structureUtilityBill } from "./structure-utility-bill";

/** An electricity, gas, water or telecom bill: who bills, for which account and period, how much by when. */
const fields = {
  supplier: textField,
  accountNumber: textField,
  periodStart: dateField,
  periodEnd: dateField,
  amountDue: amountField,
  dueDate: dateField,
  currency: field(ZCurrencySchema),
};
export type TUtilityBill = TDocumentOf<"utility_bill", typeof fields>;

export const utilityBillType = defineDocumentType({
  name: "utility_bill",
  label: "Utility bill",
  personal: false,
  fields,
  fieldLabels: {
    supplier: "Supplier",
    accountNumber: "Account number",
    periodStart: "Period from",
    periodEnd: "Period to",
    amountDue: "Amount due",
    dueDate: "Due date",
    currency: "Currency",
  },
  senderFields: ["supplier"],
  required: ["supplier", "accountNumber", "amountDue", "dueDate"],
  cues: [
    // What only a utility prints: meters, units of energy, a tariff, a supply period.
    {
      pattern:
        /\b(meter|kwh|tariff|standing charge|(previous|present|current) reading|(billing|supply|service) period|electricity|natural gas|utility bill)\b/i,
      weight: 2,
    },
    { pattern: /\b(account (number|no)|usage|consumption)\b/i, weight: 1 },
  ],
  structure: structureUtilityBill,
  evaluation: {
    category: "utility_bills",
    fields: {
      supplier: { field: "supplier", truth: "supplier", compare: "name" },
      account_number: { field: "accountNumber", truth: "account_number", compare: "text" },
      period_start: { field: "periodStart", truth: "period_start", compare: "date" },
      period_end: { field: "periodEnd", truth: "period_end", compare: "date" },
      amount_due: { field: "amountDue", truth: "amount_due", compare: "amount" },
      due_date: { field: "dueDate", truth: "due_date", compare: "date" },
    },
  },
});
