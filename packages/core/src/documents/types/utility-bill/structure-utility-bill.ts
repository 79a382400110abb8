import type { TPage } from "../../../extraction/extraction-result";
import type { TField } from "../../field";
import { detectCurrency, findAmounts } from "../../parse/parse-amount";
import { findDates, type TDateOrder } from "../../parse/parse-date";
import { pageLines, sourceOf, type TTextLine } from "../../text-lines";
import type { TUtilityBill } from "./utility-bill-type";

const ACCOUNT_LABEL = /\b(account|customer|contract|kunden|client)\s*(number|no\.?|nr\.?|nummer|#|id)|\bnum[ée]ro\s+(de\s+)?client|\bkundennummer/i;
const PERIOD_LABEL = /\b(billing|service|supply|statement|usage|abrechnungs|p[ée]riode)\s*(period|zeitraum|de\s+facturation)?|\bperiod\b|\bzeitraum\b/i;
const AMOUNT_DUE_LABEL =
  /\b(total\s+)?amount\s+(now\s+)?due|\btotal\s+due|\bbalance\s+due|\bamount\s+to\s+pay|\bplease\s+pay|\bnew\s+balance|\bzu\s+zahlen|\bmontant\s+[àa]\s+payer|\bnet\s+[àa]\s+payer/i;
const DUE_DATE_LABEL = /\bdue\s+(date|by|on)|\bpay(ment)?\s+(by|due)|\bf[äa]llig|\bdate\s+(limite|d.[ée]ch[ée]ance)|\b[ée]ch[ée]ance/i;
// Words that open a line of the bill's body, never its supplier.
const NOT_SUPPLIER = /\b(bill|statement|invoice|account|customer|page|date|period|amount|total|due|dear|to:|for:|meter)\b|^\W*$/i;

const blank = <T>(): TField<T> => ({ value: null, confidence: 0, source: null, method: "ocr-rules" });
const found = <T>(value: T, confidence: number, line?: TTextLine): TField<T> => ({ value, confidence, source: sourceOf(line), method: "ocr-rules" });

/** The text after a label on its line ("Account number: 12-345" -> "12-345"), else the next line's. */
function afterLabel(lines: TTextLine[], index: number, label: RegExp): { text: string; line: TTextLine } | null {
  const line = lines[index];
  if (!line) return null;
  const match = label.exec(line.text);
  const rest = match
    ? line.text
        .slice(match.index + match[0].length)
        .replace(/^[\s:#.-]+/, "")
        .trim()
    : "";
  if (rest) return { text: rest, line };
  const next = lines[index + 1];
  return next ? { text: next.text.trim(), line: next } : null;
}

/** The first labelled value a reader accepts, searching the labelled lines top to bottom. */
function labelled<T>(lines: TTextLine[], label: RegExp, read: (text: string) => T | null, confidence: number): TField<T> {
  for (const [i, line] of lines.entries()) {
    if (!label.test(line.text)) continue;
    const after = afterLabel(lines, i, label);
    const value = after ? read(after.text) : null;
    if (after && value !== null) return found(value, confidence, after.line);
  }
  return blank();
}

const accountNumber = (text: string) => /^([A-Z0-9][A-Z0-9 /-]*\d[A-Z0-9/-]*)/i.exec(text)?.[1]?.trim() ?? null;
const lastAmount = (text: string) => findAmounts(text).at(-1)?.value ?? null;

/** The supplier prints its name at the head of the bill: the first line there that is not a label or an address. */
function findSupplier(lines: TTextLine[]): TField<string> {
  const head = lines.slice(0, 6);
  const line = head.find((l) => /[A-Za-z]{3}/.test(l.text) && !NOT_SUPPLIER.test(l.text) && !/\d{3}/.test(l.text));
  return line ? found(line.text.trim(), 0.6, line) : blank();
}

/** "Billing period: 01/10/2026 - 31/10/2026": the first two dates after a period label, in order. */
function findPeriod(lines: TTextLine[], order: TDateOrder): { start: TField<string>; end: TField<string> } {
  for (const [i, line] of lines.entries()) {
    if (!PERIOD_LABEL.test(line.text)) continue;
    const dates = findDates(`${line.text}\n${lines[i + 1]?.text ?? ""}`, order);
    const [start, end] = dates;
    if (start && end && start.iso <= end.iso) return { start: found(start.iso, 0.8, line), end: found(end.iso, 0.8, line) };
  }
  return { start: blank(), end: blank() };
}

/** Utility-bill fields from text-layer or OCR'd pages: each a value printed after its label. */
export function structureUtilityBill(pages: TPage[]): TUtilityBill {
  const lines = pageLines(pages);
  const text = lines.map((l) => l.text).join("\n");
  const currency = detectCurrency(text);
  const order: TDateOrder = currency === "USD" ? "mdy" : "dmy";
  const { start, end } = findPeriod(lines, order);
  return {
    type: "utility_bill",
    fields: {
      supplier: findSupplier(lines),
      accountNumber: labelled(lines, ACCOUNT_LABEL, accountNumber, 0.8),
      periodStart: start,
      periodEnd: end,
      amountDue: labelled(lines, AMOUNT_DUE_LABEL, lastAmount, 0.8),
      dueDate: labelled(lines, DUE_DATE_LABEL, (t) => findDates(t, order)[0]?.iso ?? null, 0.8),
      currency: currency ? found(currency, 0.7) : blank(),
    },
  };
}
