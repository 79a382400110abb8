import { hasWordLike } from "../../text/fuzzy-words";
import type { TTextLine } from "../../text-lines";
import { findAmounts } from "../../parse/parse-amount";
import { CHANGE, NOT_TOTAL, PAID, ROUNDING, STRONG_TOTAL, SUBTOTAL, TAX_LINE, TOTAL_WORDS } from "./receipt-patterns";

export type TTotalCandidate = { value: string; line: TTextLine; score: number; evidence: string[] };

const cents = (value: string) => Math.round(Number(value) * 100);
// Percentages ("GST 6%", "SR @ 6.00%") are rates, not amounts.
const amountsOf = (text: string) => findAmounts(text.replace(/\d+(?:[.,]\d+)?\s?%/g, (p) => " ".repeat(p.length)));

// An amount OCR broke ("25. J", "12,O0"): digits and a decimal mark with no two digits after it.
const BROKEN_AMOUNT = /\d[.,]\s?(?!\d{2})[^\s\d]{0,2}\s*$/;

/**
 * The amounts a labelled line stands for: its own, or those of the next line when it holds only
 * amounts and its own was not printed and broken by OCR ("Net Total 25. J" over the cash paid).
 */
function labelledAmounts(lines: TTextLine[], i: number): string[] {
  const own = amountsOf(lines[i]?.text ?? "");
  if (own.length > 0) return own.map((a) => a.value);
  if (BROKEN_AMOUNT.test(lines[i]?.text ?? "")) return [];
  const next = lines[i + 1]?.text ?? "";
  if (/\p{L}{3,}/u.test(next.replace(/\b(RM|MYR|EUR|USD|SGD|GBP)\b/gi, ""))) return [];
  return amountsOf(next).map((a) => a.value);
}

function lastLabelled(lines: TTextLine[], label: RegExp, unless?: RegExp): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const text = lines[i]?.text ?? "";
    if (label.test(text) && !unless?.test(text)) {
      const value = labelledAmounts(lines, i).at(-1);
      if (value) return value;
    }
  }
  return undefined;
}

// An amount at the end of a line whose decimal point the OCR lost to a space ("Total 41 50"): faint
// on thermal paper, the dot is the first thing to go.
const DOTLESS_AMOUNT = /(?<![\d.,])(\d{1,5}) (\d{2})\s*$/;

/**
 * A line ending in a dot-less amount, as a total's label and amount ("Total 41.50"), when the
 * receipt's own arithmetic says the amount is one: it is what was paid less the change, or another
 * total plus the cash rounding (read alone, "41 50" could as well be a count and a price). Its
 * label is the words since the last number before it: two columns of sums are often read as one
 * line ("Total Saving 0.00  Total 41 50").
 */
function dotlessTotal(text: string, confirms: (c: number) => boolean): string | undefined {
  const m = DOTLESS_AMOUNT.exec(text);
  if (!m) return undefined;
  const label = text.slice(0, m.index).replace(/^.*\d/, "").trim();
  if (!hasWordLike(label, TOTAL_WORDS) || SUBTOTAL.test(label) || NOT_TOTAL.test(label)) return undefined;
  const value = `${Number(m[1])}.${m[2]}`;
  return confirms(cents(value)) ? `${label} ${value}` : undefined;
}

const BARE_LABEL = new RegExp(`^(${TOTAL_WORDS.join("|")})$`, "i");
/** A line that says only "Total" and one amount ("TOTAL : 23.25", "Total RM 9.00"); two amounts are a row of a tax table, a number before it a count of items. */
function isBareTotal(text: string): boolean {
  const amounts = amountsOf(text);
  if (amounts.length !== 1) return false;
  const { index, raw } = amounts[0] as { index: number; raw: string };
  const label = `${text.slice(0, index)} ${text.slice(index + raw.length)}`.replace(/\b(RM|MYR|EUR|USD|SGD|GBP)\b|[$€£]/gi, "").replace(/[^\p{L}\p{N}]/gu, "");
  return BARE_LABEL.test(label);
}

/** The subtotal as printed, if any. */
export const findSubtotal = (lines: TTextLine[]): string | undefined => lastLabelled(lines, SUBTOTAL);

/**
 * The amount to pay. Every amount printed is a candidate; evidence for each: its line's label (a
 * total, a strong total such as "Total incl. GST" or "Amount due"; against: subtotal, quantity,
 * discount, tax, rounding, change), and the receipt's own arithmetic: paid - change = total,
 * subtotal + tax (+ rounding) = total, printed more than once, the largest amount that is not what
 * was handed over. The best-supported candidate wins; its score is its evidence.
 */
export function findReceiptTotal(lines: TTextLine[]): TTotalCandidate | null {
  const paid = lastLabelled(lines, PAID, CHANGE);
  const change = lastLabelled(lines, CHANGE);
  const subtotal = lastLabelled(lines, SUBTOTAL);
  const tax = lastLabelled(lines, TAX_LINE, /TOTAL|INCL|EXCL|SUMMARY|\bID\b|REG|\bNO\b/i);
  const rounding = lastLabelled(lines, ROUNDING, /TOTAL/i);
  const counts = new Map<number, number>();
  const all: { value: string; line: TTextLine; i: number }[] = [];
  lines.forEach((line, i) => {
    for (const value of labelledAmounts(lines, i)) {
      all.push({ value, line, i });
      counts.set(cents(value), (counts.get(cents(value)) ?? 0) + 1);
    }
  });
  const settled = paid !== undefined && change !== undefined ? cents(paid) - cents(change) : undefined;
  // The amounts of total lines, each line's label read once (a hostile page holds very many).
  const totals = new Set<number>();
  let judged = -1;
  let isTotal = false;
  for (const { value, line, i } of all) {
    if (i !== judged) [judged, isTotal] = [i, hasWordLike(line.text, TOTAL_WORDS) && !SUBTOTAL.test(line.text)];
    if (isTotal) totals.add(cents(value));
  }
  // A rounding is printed "0.02", "-0.01" or "0.01-": either way round.
  const step = rounding === undefined ? 0 : Math.abs(cents(rounding));
  const confirms = (c: number) => c > 0 && (c === settled || (step > 0 && (totals.has(c - step) || totals.has(c + step))));
  lines.forEach((line, i) => {
    const text = dotlessTotal(line.text, confirms);
    const value = text && amountsOf(text).at(-1)?.value;
    if (!text || !value) return;
    // Judged as any other total by its label and amount; its box is the line's.
    all.push({ value, line: { ...line, text }, i });
    counts.set(cents(value), (counts.get(cents(value)) ?? 0) + 1);
  });
  const handedOver = new Set([paid, change].filter((v): v is string => v !== undefined).map(cents));
  // A loop, not Math.max(...spread): a hostile page can hold hundreds of thousands of amounts.
  let largest = 0;
  for (const a of all) {
    const c = cents(a.value);
    if (c > largest && (!handedOver.has(c) || c === cents(paid ?? "0"))) largest = c;
  }
  const totalLabelled = lines.some(
    (l) => hasWordLike(l.text, TOTAL_WORDS) && !NOT_TOTAL.test(l.text) && !SUBTOTAL.test(l.text) && amountsOf(l.text).length > 0,
  );
  // The heading of a tax summary, its "Summary" misread as it often is ("Stmmary").
  const summaryFrom = lines.findIndex(
    (l) =>
      /(GST|SST|TAX|VAT)\s*SUMMARY|TAX\s*CODE|RINGKASAN\s*CUKAI/i.test(l.text) || (/\b(GST|SST|TAX|VAT)\b/i.test(l.text) && hasWordLike(l.text, ["SUMMARY"])),
  );
  // What a line's label says is the same for each of its amounts: read once per line.
  const labels = new Map<string, { totalWord: boolean; bare: boolean }>();
  const labelOf = (text: string) => {
    let label = labels.get(text);
    if (!label) labels.set(text, (label = { totalWord: hasWordLike(text, TOTAL_WORDS), bare: isBareTotal(text) }));
    return label;
  };
  const scoreOf = (value: string, line: TTextLine, i: number): TTotalCandidate | null => {
    const c = cents(value);
    if (c <= 0) return null;
    const text = line.text;
    const evidence: string[] = [];
    let score = 0;
    const { totalWord, bare } = labelOf(text);
    if (bare) {
      // "Total: 26.82": the label that names the total and nothing else. A cash rounding printed
      // after it ("Rounding -0.02", "Amount to be paid 26.80") settles the payment, not the bill.
      score += 5;
      evidence.push("bare total label");
    } else if (STRONG_TOTAL.test(text)) {
      score += 3;
      evidence.push("strong label");
    } else if (totalWord) {
      score += 2;
      evidence.push("total label");
    }
    // A subtotal is the total on receipts that print no other (no tax, no discount).
    if (NOT_TOTAL.test(text) || (SUBTOTAL.test(text) && totalLabelled)) score -= 3;
    else if (SUBTOTAL.test(text)) score += 1;
    // A tax summary table repeats the sums per tax rate; its "Total" is not the amount due.
    if (summaryFrom >= 0 && i > summaryFrom) score -= 3;
    if (CHANGE.test(text)) score -= 4;
    if (ROUNDING.test(text) && !totalWord) score -= 3;
    if (TAX_LINE.test(text) && !totalWord) score -= 1.5;
    if (PAID.test(text) && !totalWord) score -= 1;
    if (settled === c) {
      score += 4;
      evidence.push("paid - change");
    } else if (settled !== undefined && rounding !== undefined && Math.abs(settled - c) === Math.abs(cents(rounding)) && bare) {
      score += 4;
      evidence.push("paid - change, before the cash rounding");
    } else if (paid !== undefined && change === undefined && cents(paid) === c) {
      score += 1;
      evidence.push("paid exactly");
    }
    if (subtotal !== undefined && tax !== undefined) {
      const sum = cents(subtotal) + cents(tax);
      if (sum === c || (rounding !== undefined && sum + cents(rounding) === c)) {
        score += 2;
        evidence.push("subtotal + tax");
      }
    }
    if ((counts.get(c) ?? 0) >= 2) {
      score += 1;
      evidence.push("printed again");
    }
    if (c === largest) {
      score += 0.5;
      evidence.push("largest");
    }
    // The amount due comes after the items and sums: later is likelier.
    score += i / Math.max(1, lines.length);
    return { value, line, score, evidence };
  };
  const candidates = all.map(({ value, line, i }) => scoreOf(value, line, i)).filter((c): c is TTotalCandidate => c !== null);
  return candidates.sort((a, b) => b.score - a.score || cents(b.value) - cents(a.value))[0] ?? null;
}
