// Dates as printed on receipts and invoices, in several languages, to ISO 8601 (YYYY-MM-DD).

const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  ["jan", "january", "januar", "janvier", "januari", "enero", "gennaio", "janeiro"],
  ["feb", "february", "februar", "fevrier", "février", "februari", "febrero", "febbraio", "fevereiro"],
  ["mar", "march", "märz", "maerz", "mars", "maart", "marzo", "março"],
  ["apr", "april", "avril", "abril", "aprile"],
  ["may", "mai", "mei", "mayo", "maggio", "maio"],
  ["jun", "june", "juni", "juin", "junio", "giugno", "junho"],
  ["jul", "july", "juli", "juillet", "julio", "luglio", "julho"],
  ["aug", "august", "aout", "août", "augustus", "agosto"],
  ["sep", "sept", "september", "septembre", "septiembre", "settembre", "setembro"],
  ["oct", "october", "oktober", "octobre", "octubre", "ottobre", "outubro", "okt"],
  ["nov", "november", "novembre", "noviembre", "novembro"],
  ["dec", "december", "dezember", "decembre", "décembre", "diciembre", "dicembre", "dezembro", "dez"],
];
MONTH_NAMES.forEach((names, i) => names.forEach((n) => (MONTHS[n] = i + 1)));
const MONTH_PATTERN = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");

/** Whether day/month order is day first (most of the world) or month first (USA). */
export type TDateOrder = "dmy" | "mdy";

export type TDateMatch = { iso: string; index: number; raw: string };

export function isoIfValid(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Rejects 31/02 and the like: a date that does not exist is not a date.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const fullYear = (y: number): number => (y < 100 ? (y < 70 ? 2000 + y : 1900 + y) : y);

/** Every date in a text, in order of appearance. */
export function findDates(text: string, order: TDateOrder = "dmy"): TDateMatch[] {
  const found: TDateMatch[] = [];
  const push = (iso: string | null, index: number, raw: string) => {
    if (iso) found.push({ iso, index, raw });
  };
  // 2018-03-15, 2018/03/15
  for (const m of text.matchAll(/\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/g)) {
    push(isoIfValid(Number(m[1]), Number(m[2]), Number(m[3])), m.index, m[0]);
  }
  // 15/03/2018, 03-15-18, 15.03.2018
  // Both separators the same ("REG #19- 02/03/2018" holds 02/03/2018, not 19-02-03).
  // A four-digit year run into the time after it ("25/12/20188:13:39": OCR lost the space) still counts.
  // A run of numbers joined by separators longer than a date is a code, not a date in it ("MI11/3-21 - 12/480").
  for (const m of text.matchAll(/(?<![\d.]|\d[-/])(\d{1,2})\s?([-/.])\s?(\d{1,2})\s?\2\s?(\d{4}(?=\d{1,2}:\d{2})|(?:\d{4}|\d{2})(?![\d]|[-/]\d))/g)) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const year = fullYear(Number(m[4]));
    const dayFirst = a > 12 ? true : b > 12 ? false : order === "dmy";
    push(dayFirst ? isoIfValid(year, b, a) : isoIfValid(year, a, b), m.index, m[0]);
  }
  // 7. Mai 2014, 19 april 2014, 02 Juillet 2015, 15 Mar 18; the day as an ordinal (3rd June 2022,
  // 22nd of March, 1er juillet) and Spanish and Portuguese "de" (12 de marzo de 2024); the three
  // joined by hyphens or slashes (15-Nov-2024, 03/JAN/19).
  const dayMonthYear = new RegExp(
    `\\b(\\d{1,2})(?:st|nd|rd|th|er)?(?:\\.?\\s*|\\s?[-/]\\s?)(?:(?:of|de)\\s+)?(${MONTH_PATTERN})(?:\\.?,?\\s*|\\.?\\s?[-/]\\s?)(?:de\\s+)?(\\d{4}|\\d{2})\\b`,
    "giu",
  );
  for (const m of text.matchAll(dayMonthYear)) {
    const month = MONTHS[(m[2] ?? "").toLowerCase()];
    if (month) push(isoIfValid(fullYear(Number(m[3])), month, Number(m[1])), m.index, m[0]);
  }
  // August 3 , 2014; Jan 1, 2022
  const monthDayYear = new RegExp(`\\b(${MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\s*,?\\s*(\\d{4})\\b`, "giu");
  for (const m of text.matchAll(monthDayYear)) {
    const month = MONTHS[(m[1] ?? "").toLowerCase()];
    if (month) push(isoIfValid(Number(m[3]), month, Number(m[2])), m.index, m[0]);
  }
  return found.sort((a, b) => a.index - b.index);
}

/** The first date in a text, or null. */
export function parseDate(text: string, order: TDateOrder = "dmy"): string | null {
  return findDates(text, order)[0]?.iso ?? null;
}
