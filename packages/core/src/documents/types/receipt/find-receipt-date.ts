import type { TTextLine } from "../../text-lines";
import { findDates, isoIfValid, type TDateMatch, type TDateOrder } from "../../parse/parse-date";
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
    const dates = findDates(line.text, order);
    // Only where a label vouches for it: a date as a till prints it run together, or with a slash misread.
    const label = DATE_LABEL.exec(line.text);
    if (dates.length === 0 && label) dates.push(...labelledDateSlips(line.text.slice(label.index), order));
    for (const date of dates) {
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
  // No date read anywhere: one beside a time of day whose first slash OCR read as 7, 1 or l
  // ("18:15 24705/18"), two digits each side, is the sale's.
  if (candidates.length === 0) {
    lines.forEach((line) => {
      if (!/\b\d{1,2}:\d{2}/.test(line.text)) return;
      for (const m of line.text.matchAll(/(?<![\d/.-])(\d{2})[71lI|](\d{2})([/.-])(\d{2}|\d{4})(?![\d/.-])/g)) {
        const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[4])];
        const year = y < 100 ? 2000 + y : y;
        const iso = a > 12 || order === "dmy" ? isoIfValid(year, b, a) : isoIfValid(year, a, b);
        if (iso && Date.parse(`${iso}T00:00:00Z`) <= now.getTime() + DAY_MS) candidates.push({ iso, line, score: -1 });
      }
    });
  }
  // The same date printed twice (header and footer) is likelier the receipt's.
  for (const c of candidates) if (candidates.some((o) => o !== c && o.iso === c.iso)) c.score += 0.5;
  return candidates.sort((a, b) => b.score - a.score)[0] ?? null;
}

/**
 * Dates after a date label that findDates does not take as dates anywhere else: a till's compact
 * year-month-day ("Date/Time 20180428/191204"), and day/month/year with its second slash read as a
 * 1, l or I ("DATE: 25/0412017", the year then a plausible 19xx or 20xx).
 */
export function labelledDateSlips(text: string, order: TDateOrder): TDateMatch[] {
  const out: TDateMatch[] = [];
  for (const m of text.matchAll(/(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)/g)) {
    const iso = isoIfValid(Number(m[1]), Number(m[2]), Number(m[3]));
    if (iso) out.push({ iso, index: m.index, raw: m[0] });
  }
  for (const m of text.matchAll(/(?<!\d)(\d{1,2})([/.-])(\d{1,2})[1lI|]((?:19|20)\d{2})(?!\d)/g)) {
    const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    const dayFirst = a > 12 ? true : b > 12 ? false : order === "dmy";
    const iso = dayFirst ? isoIfValid(year, b, a) : isoIfValid(year, a, b);
    if (iso) out.push({ iso, index: m.index, raw: m[0] });
  }
  return out.sort((x, y) => x.index - y.index);
}
