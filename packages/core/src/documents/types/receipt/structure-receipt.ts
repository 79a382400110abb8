import type { TPage } from "../../../extraction/extraction-result";
import type { TField } from "../../field";
import { detectCurrency, findAmounts } from "../../parse/parse-amount";
import type { TReceipt } from "./receipt-type";
import { pageLines, sourceOf, type TTextLine } from "../../text-lines";
import { findAddress } from "./find-address";
import { findMerchant } from "./find-merchant";
import { findReceiptDate } from "./find-receipt-date";
import { findReceiptTotal, findSubtotal } from "./find-receipt-total";
import { findLineItems, lineItemsField } from "../../line-items/find-line-items";
import { receiptConfidence } from "./receipt-confidence";

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({ value, confidence, source: sourceOf(line), method: "ocr-rules" });

function findTax(lines: TTextLine[]): TField<string> {
  const line = lines.find(
    (l) => /\b(GST|TAX|VAT|SST)\b/i.test(l.text) && !/\b(ID|NO|REG|INVOICE|SUMMARY|CODE)\b/i.test(l.text) && findAmounts(l.text).length > 0,
  );
  const value = line ? findAmounts(line.text).at(-1)?.value : undefined;
  return value && line ? found(value, 0.5, line) : blank();
}

const merchantLines = (lines: TTextLine[], index: number) => [lines[index]].filter((l): l is TTextLine => l !== undefined);

/** The best candidate of each receipt field with its evidence score, before scores become confidences. */
export function receiptEvidence(pages: TPage[]) {
  const lines = pageLines(pages);
  const text = lines.map((l) => l.text).join("\n");
  const currency = detectCurrency(text);
  const order = currency === "USD" ? "mdy" : "dmy";
  const merchant = findMerchant(lines);
  return {
    lines,
    currency,
    merchant,
    address: merchant ? findAddress(lines, merchant.index) : null,
    date: findReceiptDate(lines, order),
    total: findReceiptTotal(lines),
  };
}

/** Receipt fields from OCR'd (or text-layer) pages: each field's candidates scored on their evidence. */
export function structureReceipt(pages: TPage[]): TReceipt {
  const { lines, currency, merchant, address, date, total } = receiptEvidence(pages);
  return {
    type: "receipt",
    fields: {
      merchant: merchant
        ? found(merchant.name, receiptConfidence("merchant", merchant.score, merchantLines(lines, merchant.index)), lines[merchant.index])
        : blank(),
      address: address ? found(address.text, receiptConfidence("address", address.score, address.lines), address.lines[0]) : blank(),
      date: date ? found(date.iso, receiptConfidence("date", date.score, [date.line]), date.line) : blank(),
      total: total ? found(total.value, receiptConfidence("total", total.score, [total.line]), total.line) : blank(),
      currency: currency ? found(currency, 0.7) : blank(),
      tax: findTax(lines),
      lineItems: lineItemsField(findLineItems(lines, { subtotal: findSubtotal(lines), total: total?.value })),
    },
  };
}
