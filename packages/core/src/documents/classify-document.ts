import type { TDocumentType } from "./schemas";
import { boundLines } from "./text-lines";

export type TClassification = { type: TDocumentType; confidence: number };

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

/**
 * The document type from its text. Identity documents are recognised by their machine-readable
 * parts (an MRZ here; AAMVA barcodes by the pipeline before text is read).
 */
export function classifyText(input: string): TClassification {
  const lines = boundLines(input);
  const text = lines.join("\n");
  const mrzLines = lines
    .map((l) => l.replace(/\s/g, ""))
    .filter((l) => /^[A-Z0-9<]{28,46}$/.test(l) && count(l, /</g) >= 3);
  if (mrzLines.length >= 2) {
    const first = mrzLines[0] ?? "";
    return { type: first.startsWith("P") || first.startsWith("V") ? "passport" : "id_card", confidence: 0.9 };
  }
  const receipt =
    2 * count(text, /\b(cashier|change|cash|receipt|thank you|qty|tendered|rounding|counter|member)\b/gi) +
    // A shop's footer ("thank you for shopping", "goods are not returnable") still says receipt when the labels of the sums are misread.
    count(text, /\b(total|gst|sst|tax|shopping|(non-?)?(returnable|refundable|exchangeable))\b/gi);
  const invoice =
    2 * count(text, /\b(invoice|rechnung|factuur|facture|fattura|bill to|due date|iban|bic|ustid|btw|vat\s*(id|no)|payment terms)\b/gi) +
    count(text, /\b(net|subtotal|amount due)\b/gi);
  if (receipt === 0 && invoice === 0) return { type: "other", confidence: 0.5 };
  const type = receipt >= invoice ? "receipt" : "invoice";
  const margin = Math.abs(receipt - invoice) / Math.max(receipt, invoice);
  return { type, confidence: Math.round((0.5 + 0.45 * margin) * 100) / 100 };
}
