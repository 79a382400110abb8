import { driversLicenseType, idCardType, passportType } from "./identity/identity-types";
import { invoiceType } from "./invoice/invoice-type";
import { otherType } from "./other/other-type";
import { receiptType } from "./receipt/receipt-type";
import { utilityBillType } from "./utility-bill/utility-bill-type";

/**
 * Every document type docvault reads, in the order the classifier breaks ties (a receipt before an
 * invoice). A new type is a folder beside these and one line here (docs/extending.md).
 */
export const DOCUMENT_TYPE_DEFINITIONS = [driversLicenseType, passportType, idCardType, receiptType, invoiceType, utilityBillType, otherType] as const;
