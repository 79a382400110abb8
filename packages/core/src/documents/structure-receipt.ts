import type { TPage } from "../extraction/extraction-result";
import type { TField } from "./field";
import type { TReceipt } from "./schemas";
import { detectCurrency, findAmounts } from "./parse/parse-amount";
import { findDates } from "./parse/parse-date";
import { pageLines, sourceOf, type TTextLine } from "./text-lines";

const COMPANY_HINT =
  /\b(SDN\.?\s*BHD|BHD|S\/B|ENTERPRISE|TRADING|LTD|LIMITED|INC|LLC|GMBH|CO\.|COMPANY|STORE|MART|RESTAURANT|CAFE|BAKERY|SUPERMARKET|PHARMACY|HARDWARE|STATIONERY|HOLDINGS|MARKETING|INDUSTRIES|RESOURCES|PERNIAGAAN|KEDAI|RESTORAN|HOTEL|SHOP|CENTRE|CENTER|STATION|BAKERY|BAKERIES|FLORIST|BOOKCENTRE|DISTRIBUTION|DISTRIBUTOR|HEALTHCARE|SYARIKAT)\b/i;
const NOT_COMPANY = /COMPANY\s*N[O0]|\bCO\.?\s*N[O0]\b|REG(ISTRATION)?\.?\s*N[O0]|\bG[S5]T\b|\bTAX\s+INVOICE|\bRECEIPT\b|WELCOME/i;
const ADDRESS_END =
  /\b(TEL|FAX|PHONE|H\/P|HP|EMAIL|E-MAIL|INVOICE|RECEIPT|DATE|CASHIER|TAX|WEBSITE|WWW|DOC|BILL|TABLE|SERVER|SITE|OPEN|MOBILE)|\bBEL\b|@/i;
// A phone number alone ends the address too ("03-7932 1023").
const PHONE = /(^|\s)\(?0\d{1,2}\)?[-\s]?\d{3,4}[-\s]?\d{3,4}/;
const ADDRESS_SKIP = /\bG[S5]T\b|COMPANY\s*N[O0]|\bCO\.?\s*(N[O0]|REG)|REG(ISTRATION)?\.?\s*N[O0]|^\(?[A-Z]{0,3}\d{4,}[-\s]?[A-Z]\)?$/i;
const REGISTRATION = /^\(?[A-Z]{0,3}\s*\d{3,}[-\s]?[A-Z0-9]?\)?$|\bCO\.?\s*REG|\bROC\b|\(\d+[-\w]*\)$/i;
const TOTAL_LINE = /\b(TOTAL|AMOUNT\s+DUE|AMT\s+DUE|BALANCE\s+DUE|NETT?\s+AMT|NETT?\s+AMOUNT|NETT|JUMLAH|GRAND)\b/i;
const NOT_TOTAL =
  /TOTAL\s+INCLUDES|(TAX|GST|SST)\s+TOTAL|SUB\s*-?\s*TOTAL|TOTAL\s*(QTY|QUANTITY|ITEMS?|GST|TAX|DISCOUNT|SAVINGS?|EXCL|PCS|UNITS?)|EXCLUD|TOTAL\s+NO\b|ITEM\s*\(?S\)?|QTY/i;
const STRONG_TOTAL =
  /GRAND\s+TOTAL|NETT?\s+(TOTAL|AMT|AMOUNT)|TOTAL\s+(\(RM\)|RM|AMOUNT|\(?INCL|PAYABLE|DUE|SALES|ROUNDED)|ROUND(ED|ING)?\s+TOTAL|TOTAL\s*:|AMOUNT\s+DUE/i;
const SUBTOTAL_LINE = /SUB\s*-?\s*TOTAL/i;

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({
  value,
  confidence,
  source: sourceOf(line),
  method: "ocr-rules",
});

const letters = (s: string) => (s.match(/[A-Za-z]/g) ?? []).length;

const cleanName = (text: string) =>
  text
    .replace(/\s*\((?=[^)]*\d)[^)]*\)?\s*$/, "")
    .replace(/^[^A-Za-z0-9(]+/, "")
    .replace(/[\s~\-—_|.,:;]+$/, "")
    .trim();

function findCompany(lines: TTextLine[]): { field: TField<string>; index: number } {
  const head = lines.slice(0, 8);
  const usable = (l: TTextLine) => letters(l.text) >= 4 && !NOT_COMPANY.test(l.text);
  const hinted = head.findIndex((l) => COMPANY_HINT.test(l.text) && usable(l));
  const index = hinted >= 0 ? hinted : head.findIndex((l) => usable(l) && letters(l.text) / l.text.length > 0.6);
  const line = lines[index];
  if (!line) return { field: blank(), index: -1 };
  // Long names wrap: an all-capitals line of words just above the legal-form line belongs to it.
  const above = lines[index - 1];
  if (hinted >= 0 && above && /^[A-Z][A-Z &'.-]{3,40}$/.test(cleanName(above.text)) && !NOT_COMPANY.test(above.text) && letters(above.text) >= 4) {
    const joined = `${cleanName(above.text)} ${cleanName(line.text)}`;
    if (/^(SDN|BHD|S\/B|LTD|INC|ENTERPRISE|TRADING|RESTAURANT|MARKETING)/i.test(cleanName(line.text)) || cleanName(above.text).split(" ").length <= 3) {
      return { field: found(joined, 0.6, line), index };
    }
  }
  // OCR often adds specks before the first letter and a dash after the name.
  const name = cleanName(line.text);
  return { field: found(name, hinted >= 0 ? 0.75 : 0.45, line), index };
}

// A postcode starts the town part of an address ("81750 JOHOR BAHRU"); a lot or house number does not.
const POSTCODE = /(?:^|[\s,])(?<!\b(?:LOT|NO\.?)\s)\d{5}\s+[A-Za-z]/i;
const NOT_ADDRESS = /formerly|licensee|franchise|\bbranch\b|outlet/i;

function findAddress(lines: TTextLine[], after: number): TField<string> {
  const parts: TTextLine[] = [];
  let postcodeSeen = false;
  for (const line of lines.slice(after + 1, after + 8)) {
    // After the postcode line, only a short line of words (a state: "JOHOR") still belongs to the address.
    if (postcodeSeen && !/^[A-Za-z .]{3,30}$/.test(line.text.trim()) && !POSTCODE.test(line.text)) break;
    if (NOT_ADDRESS.test(line.text)) continue;
    if (ADDRESS_END.test(line.text) || (PHONE.test(line.text) && parts.length > 0 && letters(line.text) < 4)) break;
    if (REGISTRATION.test(line.text.trim()) || ADDRESS_SKIP.test(line.text.trim())) continue;
    if (letters(line.text) < 2 && parts.length === 0) continue;
    parts.push(line);
    if (POSTCODE.test(line.text)) postcodeSeen = true;
    else if (postcodeSeen) break;
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
    // The amount may sit on the next line, but only if that line is just an amount.
    const nextAmount = next && letters(next.text.replace(/\bRM\b/i, "")) === 0 ? findAmounts(next.text).at(-1) : undefined;
    const amount = amounts.at(-1) ?? nextAmount;
    if (amount) candidates.push({ value: amount.value, rank: STRONG_TOTAL.test(line.text) ? 2 : 1, line });
  });
  if (candidates.length === 0) return fallbackTotal(lines);
  const best = candidates.sort((a, b) => b.rank - a.rank || Number(b.value) - Number(a.value))[0];
  if (!best) return blank();
  const rounded = applyCashRounding(best.value, lines, lines.indexOf(best.line));
  if (rounded !== best.value) return found(rounded, 0.7, best.line);
  // A total confirmed by the amount paid (cash, card) or repeated elsewhere is more likely right.
  const repeats = lines.filter((l) => findAmounts(l.text).some((a) => a.value === best.value)).length;
  return found(best.value, Math.min(0.95, 0.6 + 0.1 * best.rank + (repeats > 1 ? 0.15 : 0)), best.line);
}

/**
 * No total line read: the subtotal (receipts without tax or discounts print no other), else the
 * amount paid, else the largest amount printed twice or more (totals repeat: total, paid, change).
 */
function fallbackTotal(lines: TTextLine[]): TField<string> {
  const lastAmount = (l: TTextLine) => findAmounts(l.text).at(-1)?.value;
  const subtotal = lines.find((l) => SUBTOTAL_LINE.test(l.text) && lastAmount(l));
  const subtotalValue = subtotal ? lastAmount(subtotal) : undefined;
  if (subtotal && subtotalValue) return found(subtotalValue, 0.45, subtotal);
  const paid = lines.find((l) => /\b(CASH|VISA|MASTER|CARD|PAID)\b/i.test(l.text) && lastAmount(l));
  const paidValue = paid ? lastAmount(paid) : undefined;
  if (paid && paidValue) return found(paidValue, 0.4, paid);
  const counts = new Map<string, number>();
  for (const l of lines) for (const a of findAmounts(l.text)) counts.set(a.value, (counts.get(a.value) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n >= 2).sort((a, b) => Number(b[0]) - Number(a[0]))[0];
  if (!repeated) return blank();
  return found(repeated[0], 0.35, lines.find((l) => findAmounts(l.text).some((a) => a.value === repeated[0])));
}

/**
 * Where cash payments are rounded (Malaysia, Singapore, Switzerland, ... to 0.05), the amount due
 * is the rounded one when the receipt prints a rounding line with its amount.
 */
function applyCashRounding(total: string, lines: TTextLine[], totalIndex: number): string {
  // A rounding line printed before the total is already in it.
  const rounding = lines.slice(totalIndex + 1).find((l) => /ROUND(ING|ED)?\b(?!\s+TOTAL)/i.test(l.text) && !TOTAL_LINE.test(l.text.replace(/ROUND\w*/i, "")));
  if (!rounding) return total;
  const cents = Math.round(Number(total) * 100);
  const adjustment = findAmounts(rounding.text).at(-1);
  // Only an adjustment the receipt prints is applied: receipts that print "Rounding" without an
  // amount are as often summed unrounded as rounded.
  if (!adjustment || Math.abs(Number(adjustment.value)) >= 0.05) return total;
  return ((cents + Math.round(Number(adjustment.value) * 100)) / 100).toFixed(2);
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
