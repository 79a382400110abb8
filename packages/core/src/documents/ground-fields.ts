import type { TBBox, TPage, TWord } from "../extraction/extraction-result";
import { valueInText } from "./value-in-text";
import type { TField, TFieldMethod, TFieldSource, TGrounding } from "./field";
import type { TStructuredDocument } from "./schemas";

/**
 * How sure a model's value is, by the evidence found for it on the page. A value among the OCR
 * words has a place (page and box) a person can check; one only in the OCR text was read, not
 * invented, but cannot be pointed at; one found nowhere is likely made up (or derived) and goes
 * to review.
 */
export const MODEL_CONFIDENCE: Record<TGrounding, number> = { words: 0.85, text: 0.8, none: 0.3 };
/** A flag the model works out (mrzValid): there is nothing on the page to find. */
export const MODEL_CONFIDENCE_DERIVED = 0.5;

/** Fields written by a language model, which are grounded here; every other method brings its own source. */
export const MODEL_METHODS: readonly TFieldMethod[] = ["mistral", "llm"];

/** Longest run of words one value may span (an address over a few lines); dates and amounts span few. */
const MAX_SPAN_WORDS = 40;
const MAX_SPAN_DATE = 4;

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Letters and digits only, lower case, accents off: "Jalan Mawar, 12" and "JALAN MAWAR 12" compare equal. */
const compact = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** The ways a date is printed, compacted: 15/03/2018, 03-15-18, 20180315, 15 Mar 2018, March 15, 2018 … */
function dateSpellings(iso: RegExpExecArray): string[] {
  const [, year = "", month = "", day = ""] = iso;
  const years = [year, year.slice(2)];
  const days = [day, String(Number(day))];
  const months = [month, String(Number(month))];
  const name = MONTHS[Number(month) - 1] ?? "";
  const names = [name, name.slice(0, 3)];
  const spellings = new Set<string>();
  for (const y of years) {
    for (const d of days) {
      for (const m of [...months, ...names]) {
        spellings.add(`${d}${m}${y}`);
        spellings.add(`${m}${d}${y}`);
        spellings.add(`${y}${m}${d}`);
      }
    }
  }
  // Short spellings of digits alone ("1318") match too much by chance.
  return [...spellings].filter((s) => s.length >= 6 || /\p{L}/u.test(s));
}

/** A printed amount ("RM 1,234.50", "8,00", "-3.20") as a number, or undefined when the word holds none. */
function amountOf(text: string): number | undefined {
  const digits = text.replace(/[^\d.,-]/g, "");
  if (!/\d/.test(digits)) return undefined;
  const decimal = /[.,](\d{1,2})$/.exec(digits);
  const whole = (decimal ? digits.slice(0, decimal.index) : digits).replace(/[.,]/g, "");
  const n = Number(`${whole.replace(/(?!^)-/g, "")}${decimal ? `.${decimal[1]}` : ""}`);
  return Number.isFinite(n) ? n : undefined;
}

const union = (boxes: TBBox[]): TBBox => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

type TFound = { page: number; words: TWord[] };

/** The shortest run of words on a page whose letters and digits contain one of the spellings. */
function findRun(words: TWord[], spellings: string[], maxSpan: number): TWord[] | undefined {
  const needles = spellings.filter((s) => s.length >= 2);
  if (needles.length === 0) return undefined;
  const compacted = words.map((w) => compact(w.text));
  for (let i = 0; i < words.length; i++) {
    if (compacted[i] === "") continue;
    let joined = "";
    for (let j = i; j < Math.min(words.length, i + maxSpan); j++) {
      joined += compacted[j];
      if (!needles.some((n) => joined.includes(n))) continue;
      // Tighten from the left: the run ends here; drop leading words the match does not need.
      let start = i;
      while (
        start < j &&
        needles.some((n) =>
          compacted
            .slice(start + 1, j + 1)
            .join("")
            .includes(n),
        )
      )
        start++;
      return words.slice(start, j + 1);
    }
  }
  return undefined;
}

/**
 * The word (or two: "1 234,50") whose amount equals the value, compared as numbers so "RM8.00",
 * "8,00" and "8.00" all count; a word printed with decimals beats a bare "8" (a quantity), and the
 * last one wins, as totals close a page.
 */
function findAmount(words: TWord[], value: string): TWord[] | undefined {
  const target = Number(value);
  const equal = (n: number | undefined) => n !== undefined && Math.abs(n - target) < 0.005;
  let withDecimals: TWord[] | undefined;
  let bare: TWord[] | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const next = words[i + 1];
    // A thousands group printed apart: "1" "234,50".
    if (next && /^\d{1,3}$/.test(word.text) && equal(amountOf(`${word.text}${next.text}`)) && Math.abs(target) >= 1000) {
      withDecimals = [word, next];
    } else if (equal(amountOf(word.text))) {
      if (/[.,]\d{1,2}\b/.test(word.text)) withDecimals = [word];
      else bare = [word];
    }
  }
  return withDecimals ?? bare;
}

function findLeaf(pages: TPage[], value: string | number): TFound | undefined {
  const text = String(value);
  for (const page of pages) {
    const iso = ISO_DATE.exec(text);
    const words = iso
      ? findRun(page.words, dateSpellings(iso), MAX_SPAN_DATE)
      : AMOUNT.test(text)
        ? findAmount(page.words, text)
        : findRun(page.words, [compact(text)], MAX_SPAN_WORDS);
    if (words) return { page: page.index, words };
  }
  return undefined;
}

/** The strings and numbers inside a value (a line item's description and amount, a list's items). */
function leavesOf(value: unknown): (string | number)[] {
  if (typeof value === "string") return value.trim() ? [value] : [];
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(leavesOf);
  if (typeof value === "object" && value !== null) return Object.values(value).flatMap(leavesOf);
  return [];
}

/**
 * Where on the page a value is: the page and the box of the OCR words that spell it. A value made
 * of several parts (line items) is placed when at least half its parts are found, by the box around
 * those on the page holding most of them.
 */
export function locateValue(value: unknown, pages: TPage[]): TFieldSource {
  const leaves = leavesOf(value);
  if (leaves.length === 0) return null;
  const found = leaves.flatMap((leaf) => findLeaf(pages, leaf) ?? []);
  if (found.length * 2 < leaves.length || found.length === 0) return null;
  const counts = new Map<number, number>();
  for (const f of found) counts.set(f.page, (counts.get(f.page) ?? 0) + 1);
  const page = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
  const boxes = found.filter((f) => f.page === page).flatMap((f) => f.words.map((w) => w.bbox));
  return { page, bbox: union(boxes) };
}

/**
 * A language model's fields tied back to the page: each value is looked for among the OCR words
 * (`pages`, with their boxes) and then in the text the model read (`text`); its source, grounding
 * and confidence say what was found. Fields read by other methods are left as they are.
 */
export function groundModelFields<T extends TStructuredDocument>(doc: T, evidence: { pages: TPage[]; text: string }): T {
  const fields: Record<string, TField<unknown>> = {};
  for (const [name, field] of Object.entries(doc.fields as Record<string, TField<unknown>>)) {
    fields[name] = MODEL_METHODS.includes(field.method) ? grounded(field, evidence) : field;
  }
  return { ...doc, fields } as T;
}

function grounded(field: TField<unknown>, evidence: { pages: TPage[]; text: string }): TField<unknown> {
  const { value } = field;
  if (value === null || (Array.isArray(value) && value.length === 0)) return { ...field, confidence: 0, source: null };
  if (typeof value === "boolean") return { ...field, confidence: MODEL_CONFIDENCE_DERIVED, source: null };
  const source = locateValue(value, evidence.pages);
  const grounding: TGrounding = source ? "words" : valueInText(value, evidence.text) ? "text" : "none";
  return { ...field, source, grounding, confidence: MODEL_CONFIDENCE[grounding] };
}
