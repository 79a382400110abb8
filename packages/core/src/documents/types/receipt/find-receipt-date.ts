import type { TTextLine } from "../../text-lines";
import { findDates, type TDateOrder } from "../../parse/parse-date";
import { DATE_LABEL, NOT_RECEIPT_DATE } from "./receipt-patterns";

export type TDateCandidate = { iso: string; line: TTextLine; score: number };

const DAY_MS = 86_400_000;

/**
 * The date of the purchase: every date printed is a candidate, scored by a date label on its line
 * or the line before, its place (receipts print it in the header, before the items), and whether it
 * can be the day of a purchase (not in the future, not decades back); expiry, due and birth dates
 * are not it. Returns the best with its score.
 */
export function findReceiptDate(lines: TTextLine[], order: TDateOrder, now = new Date()): TDateCandidate | null {
  const candidates: TDateCandidate[] = [];
  lines.forEach((line, i) => {
    for (const date of findDates(line.text, order)) {
      let score = 0;
      if (DATE_LABEL.test(line.text) || DATE_LABEL.test(lines[i - 1]?.text ?? "")) score += 2;
      if (NOT_RECEIPT_DATE.test(line.text)) score -= 3;
      const time = Date.parse(`${date.iso}T00:00:00Z`);
      if (time > now.getTime() + DAY_MS) score -= 3;
      if (time < now.getTime() - 30 * 365 * DAY_MS) score -= 2;
      // A time of day beside it: the moment of the sale.
      if (/\b\d{1,2}:\d{2}/.test(line.text)) score += 1;
      score -= (0.5 * i) / Math.max(1, lines.length);
      candidates.push({ iso: date.iso, line, score });
    }
  });
  // The same date printed twice (header and footer) is likelier the receipt's.
  for (const c of candidates) if (candidates.some((o) => o !== c && o.iso === c.iso)) c.score += 0.5;
  return candidates.sort((a, b) => b.score - a.score)[0] ?? null;
}
