import type { TPage } from "../extraction/extraction-result";
import type { TField } from "./field";
import type { TReceipt } from "./schemas";
import { detectCurrency, findAmounts } from "./parse/parse-amount";
import { findDates } from "./parse/parse-date";
import { pageLines, sourceOf, type TTextLine } from "./text-lines";

const COMPANY_HINT =
  /\b(SDN\.?\s*BHD|BHD|S\/B|ENTERPRISE|TRADING|LTD|LIMITED|INC|LLC|GMBH|CO\.|COMPANY|STORE|MART|RESTAURANT|CAFE|BAKERY|SUPERMARKET|PHARMACY|HARDWARE|STATIONERY|HOLDINGS|MARKETING|INDUSTRIES|RESOURCES|PERNIAGAAN|KEDAI|RESTORAN|HOTEL|SHOP|CENTRE|CENTER)\b/i;
const ADDRESS_END =
  /\b(TEL|FAX|PHONE|H\/P|GST|EMAIL|E-MAIL|INVOICE|RECEIPT|DATE|CASHIER|TAX|WEBSITE|WWW|DOC|BILL|TABLE|SERVER)\b|@/i;
const REGISTRATION = /^\(?[A-Z]{0,3}\s*\d{3,}[-\s]?[A-Z0-9]?\)?$|\bCO\.?\s*REG|\bROC\b|\(\d+[-\w]*\)$/i;
const TOTAL_LINE = /\b(TOTAL|AMOUNT\s+DUE|BALANCE\s+DUE|NETT|JUMLAH)\b/i;
const NOT_TOTAL =
  /SUB\s*-?\s*TOTAL|TOTAL\s*(QTY|QUANTITY|ITEMS?|GST|TAX|DISCOUNT|SAVINGS?|EXCL|PCS|UNITS?)|EXCLUD|TOTAL\s+NO\b|ITEM\s*\(?S\)?|QTY/i;
const STRONG_TOTAL = /GRAND\s+TOTAL|NETT?\s+TOTAL|TOTAL\s+(\(RM\)|RM|AMOUNT|INCL|PAYABLE|DUE|SALES)|ROUND(ED|ING)?\s+TOTAL|TOTAL\s*:/i;

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({
  value,
  confidence,
  source: sourceOf(line),
  method: "ocr-rules",
});

const letters = (s: string) => (s.match(/[A-Za-z]/g) ?? []).length;

function findCompany(lines: TTextLine[]): { field: TField<string>; index: number } {
  const head = lines.slice(0, 8);
  const hinted = head.findIndex((l) => COMPANY_HINT.test(l.text) && letters(l.text) >= 4);
  const index = hinted >= 0 ? hinted : head.findIndex((l) => letters(l.text) >= 4 && letters(l.text) / l.text.length > 0.6);
  const line = lines[index];
  if (!line) return { field: blank(), index: -1 };
  // OCR often adds specks before the first letter and a dash after the name.
  const name = line.text
    .replace(/\s*\((?=[^)]*\d)[^)]*\)?\s*$/, "")
    .replace(/^[^A-Za-z0-9(]+/, "")
    .replace(/[\s~\-—_|.,:;]+$/, "")
    .trim();
  return { field: found(name, hinted >= 0 ? 0.75 : 0.45, line), index };
}

function findAddress(lines: TTextLine[], after: number): TField<string> {
  const parts: TTextLine[] = [];
  for (const line of lines.slice(after + 1, after + 8)) {
    if (ADDRESS_END.test(line.text)) break;
    if (REGISTRATION.test(line.text.trim())) continue;
    if (letters(line.text) < 2 && parts.length === 0) continue;
    parts.push(line);
  }
  if (parts.length === 0) return blank();
  return found(parts.map((p) => p.text).join(" "), 0.6, parts[0]);
}

function findTotal(lines: TTextLine[]): TField<string> {
  type TCandidate = { value: string; rank: number; line: TTextLine };
  const candidates: TCandidate[] = [];
  lines.forEach((line, i) => {
    if (!TOTAL_LINE.test(line.text) || NOT_TOTAL.test(line.text)) return;
    const amounts = findAmounts(line.text);
    const next = lines[i + 1];
    const amount = amounts.at(-1) ?? (next ? findAmounts(next.text).at(-1) : undefined);
    if (amount) candidates.push({ value: amount.value, rank: STRONG_TOTAL.test(line.text) ? 2 : 1, line });
  });
  if (candidates.length === 0) {
    const cash = lines.find((l) => /\b(CASH|VISA|MASTER|CARD|PAID)\b/i.test(l.text) && findAmounts(l.text).length > 0);
    const value = cash ? findAmounts(cash.text).at(-1)?.value : undefined;
    return value && cash ? found(value, 0.4, cash) : blank();
  }
  const best = candidates.sort((a, b) => b.rank - a.rank || Number(b.value) - Number(a.value))[0];
  if (!best) return blank();
  // A total confirmed by the amount paid (cash, card) or repeated elsewhere is more likely right.
  const repeats = lines.filter((l) => findAmounts(l.text).some((a) => a.value === best.value)).length;
  return found(best.value, Math.min(0.95, 0.6 + 0.1 * best.rank + (repeats > 1 ? 0.15 : 0)), best.line);
}

function findTax(lines: TTextLine[]): TField<string> {
  const line = lines.find(
    (l) => /\b(GST|TAX|VAT|SST)\b/i.test(l.text) && !/\b(ID|NO|REG|INVOICE|SUMMARY|CODE)\b/i.test(l.text) && findAmounts(l.text).length > 0,
  );
  const value = line ? findAmounts(line.text).at(-1)?.value : undefined;
  return value && line ? found(value, 0.5, line) : blank();
}

/** Receipt fields from OCR'd (or text-layer) pages by layout-independent rules. */
export function structureReceipt(pages: TPage[]): TReceipt {
  const lines = pageLines(pages);
  const text = lines.map((l) => l.text).join("\n");
  const currency = detectCurrency(text);
  const order = currency === "USD" ? "mdy" : "dmy";
  const company = findCompany(lines);
  const dateLine = lines.find((l) => /\bDATE\b|\bTARIKH\b/i.test(l.text) && findDates(l.text, order).length > 0);
  const dateLineDate = dateLine ? findDates(dateLine.text, order)[0] : undefined;
  const anyDate = findDates(text, order)[0];
  const anyDateLine = anyDate ? lines.find((l) => l.text.includes(anyDate.raw)) : undefined;
  return {
    type: "receipt",
    fields: {
      merchant: company.field,
      address: company.index >= 0 ? findAddress(lines, company.index) : blank(),
      date: dateLineDate ? found(dateLineDate.iso, 0.85, dateLine) : anyDate ? found(anyDate.iso, 0.65, anyDateLine) : blank(),
      total: findTotal(lines),
      currency: currency ? found(currency, 0.7) : blank(),
      tax: findTax(lines),
      lineItems: { value: [], confidence: 0, source: null, method: "ocr-rules" },
    },
  };
}
