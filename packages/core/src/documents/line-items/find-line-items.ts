import type { TField } from "../field";
import { findAmounts, type TAmountMatch } from "../parse/parse-amount";
import type { TLineItem } from "../schemas";
import { sourceOf, type TTextLine } from "../text-lines";
import { describeRow } from "./describe-row";
import { hasWordLike } from "../text/fuzzy-words";

/** Column headings of item tables, in the languages docvault reads. */
const HEADING =
  /\b(QTY|QUANTITY|DESCRIPTION|ITEMS?|PRICE|U\.?\s*PRICE|UNIT\s*PRICE|AMOUNT|AMT|PRODUCT|ARTICLE|D[ÉE]SIGNATION|QT[ÉE]|PRIX|MONTANT|MENGE|ANZAHL|BESCHREIBUNG|ARTIKEL|PREIS|BETRAG|CANTIDAD|DESCRIPCI[ÓO]N|PRECIO|IMPORTE|QUANTIT[ÀA]|DESCRIZIONE|PREZZO|IMPORTO|AANTAL|OMSCHRIJVING|PRIJS|BEDRAG)\b/gi;
/** Lines that close the item list: totals and subtotals, an invoice's net and sums in the languages it is read in. */
const ENDS_ITEMS =
  /SUB\s*-?\s*TOTAL|\bNETTO(?:BETRAG|SUMME)?\b|NET\s*AMOUNT|NET\s+TOTAL|RECHNUNGSBETRAG|ENDBETRAG|ZAHLBETRAG|AMOUNT\s+PAYABLE|BALANCE\s+DUE|MONTANT\s+(?:HT|TTC)|[AÀ]\s+PAYER|\bTOTAL\b|TOTAAL|GESAMT|SUMME|TOTALE|JUMLAH|ITEM\s*\(?S?\)?\s*:|ITEM\s*COUNT|NO\.?\s*OF\s*ITEMS|TOTAL\s*QTY|ROUNDING|\bCASH\b|\bCHANGE\b|ZWISCHENSUMME|SOUS[\s-]*TOTAL|GROSS\s*AMT|NET\s*AMT|\bRECEIVED\b|AMOUNT\s*DUE|TO\s*PAY|[QC]UANTITY\s*:/i;
/** A line that closes the item list, its TOTAL read with one slip as well ("TotaR incl. GST 99.80"). */
const endsItems = (text: string) => ENDS_ITEMS.test(text) || hasWordLike(text, ["TOTAL"]);
/** Lines inside the list that are not items: discounts, charges and taxes (a VAT breakdown's rows). */
const NOT_ITEM =
  /\b(DISCOUNT|SAVINGS?|GST|SST|VAT|TAX|SERVICE\s+CHARGE|SVR\s*CHRG|RABATT|REMISE|DESCUENTO|SCONTO|KORTING|UMSATZSTEUER|STEUER|MWST|UST|TVA|IVA|BTW)/i;

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;
/** A label and a code or number alone on a line ("GTIN: 4012345001235", "SKU: A-113"): an item's reference, not its name. */
const CODE_LINE = /^[\p{L}.\- ]{1,24}:\s*[\w\-./]*\d[\w\-./]*$/u;
const cents = (value: string) => Math.round(Number(value) * 100);

/** Prices on a line: amounts that are not sizes ("1.25L", "6X1.25"), rates or parts of a date. */
function pricesOf(text: string): TAmountMatch[] {
  // Rates and dates ("21%", "01.05.14-31.05.14") are not prices: blanked out, keeping positions.
  const masked = text.replace(/\d+(?:[.,]\d+)?\s?%|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g, (p) => " ".repeat(p.length));
  return findAmounts(masked).filter((a) => {
    const after = masked.slice(a.index + a.raw.length, a.index + a.raw.length + 1);
    const before = masked.slice(Math.max(0, a.index - 1), a.index);
    return !/[A-Za-z]/.test(after) && !/[xX*]/.test(before);
  });
}

type TRow = { index: number; line: TTextLine; prices: TAmountMatch[]; own: string; quantity: string | null; lines: TTextLine[] };

export type TLineItems = { items: TLineItem[]; confidence: number; sumsTo: "subtotal" | "total" | null };

/** Where an item list starts and ends: after its column headings (or at the first priced line), before the next total line. */
function itemZone(lines: TTextLine[], later = false): { start: number; stop: number } | null {
  // A list after the first starts at an item, never at a total or payment line.
  const firstPriced = lines.findIndex(
    (l) => pricesOf(l.text).length > 0 && !/\d{1,2}:\d{2}|\d{1,2}[/-]\d{1,2}[/-]\d{2,4}/.test(l.text) && !(later && endsItems(l.text)),
  );
  if (firstPriced < 0) return null;
  let start = -1;
  for (let i = 0; i < firstPriced; i++) {
    const text = (lines[i] as TTextLine).text;
    if ((text.match(HEADING) ?? []).length >= 2 && !/\d{2}/.test(text)) start = i + 1;
  }
  // Under a heading the list ends at the first total line, though its first item carries a date
  // (an item's delivery date, which rules it out as the first priced line).
  const end = lines.findIndex((l, i) => i > (start >= 0 ? start - 1 : firstPriced) && endsItems(l.text));
  const stop = end < 0 ? lines.length : end;
  if (start < 0) {
    // No heading: the name line just above the first priced line (past a code line) belongs to the list.
    start = firstPriced;
    for (let i = firstPriced - 1; i >= Math.max(0, firstPriced - 2); i--) {
      const text = (lines[i] as TTextLine).text;
      if (/:|INVOICE|RECEIPT|CASHIER|TABLE|COUNTER/i.test(text) || (later && endsItems(text))) break;
      if (letters(text) >= 3) {
        start = i;
        break;
      }
    }
  }
  return { start, stop };
}

/**
 * Line items between the item table's heading (or the first priced line) and the first total line.
 * Each priced line is an item. Names come from the line itself, with the name-only lines after it
 * as its wrapped continuation; on layouts that print names on lines of their own (most priced
 * lines carry none), from the name lines on the side the list starts with. A priced line with no
 * name right under an item holding one price is that item's quantity-and-amount line. Where lines
 * carry several amounts (unit price and line amount, before and after tax), the column whose sum
 * matches the printed subtotal or total is the line amount; that match sets the confidence.
 */
export function findLineItems(lines: TTextLine[], sums: { subtotal?: string | null; total?: string | null }): TLineItems {
  const empty: TLineItems = { items: [], confidence: 0, sumsTo: null };
  // Every list of priced lines (up to a bound): the first unless others add up. Of those that add up,
  // the most detailed: a statement's summary box comes before its detailed lines and adds up too.
  const lists: TLineItems[] = [];
  // What follows the cash handed over, the change or a tender is the payment's record, never items.
  const paid = lines.findIndex((l) => PAYMENT.test(l.text));
  for (let from = 0; from < lines.length && lists.length < MAX_ZONES;) {
    const zone = itemZone(lines.slice(from), from > 0);
    if (!zone || (from > 0 && paid >= 0 && from + zone.start > paid)) break;
    lists.push(itemsIn(lines.slice(from + zone.start, from + zone.stop), sums));
    from += zone.stop + 1;
  }
  const first = lists[0];
  if (!first) return empty;
  const addingUp = lists.filter((list, k) => list.sumsTo !== null && (k === 0 || list.items.length >= 2));
  return addingUp.reduce<TLineItems | null>((best, list) => (best === null || list.items.length > best.items.length ? list : best), null) ?? first;
}

/** How many lists of priced lines a page is searched for. */
const MAX_ZONES = 6;
/** A line of the payment: cash handed over, change, a tender. */
const PAYMENT = /\b(CASH|CHANGE|TENDER(ED)?|TUNAI|BAKI)\b/i;

/**
 * The items of one list of priced lines (see findLineItems). A line of one word under an item
 * with the same amount ("Amazon Glacier $2.22", "Charges $2.22") may be that item's breakdown, as
 * statements print them, or an item of its own at the same price: read as a breakdown only when
 * the items then add up and do not otherwise.
 */
function itemsIn(part: TTextLine[], sums: { subtotal?: string | null; total?: string | null }): TLineItems {
  const plain = readItems(part, sums, false);
  if (plain.sumsTo !== null) return plain;
  const broken = readItems(part, sums, true);
  return broken.sumsTo !== null ? broken : plain;
}

function readItems(part: TTextLine[], sums: { subtotal?: string | null; total?: string | null }, breakdowns: boolean): TLineItems {
  const empty: TLineItems = { items: [], confidence: 0, sumsTo: null };
  const rows: TRow[] = [];
  const names: number[] = [];
  part.forEach((line, k) => {
    const prices = pricesOf(line.text);
    if (prices.length > 0 && !NOT_ITEM.test(line.text)) {
      const { description, quantity } = describeRow(line.text, prices);
      const previous = rows.at(-1);
      if (breakdowns && previous && previous.index === k - 1 && /^\p{L}{3,}$/u.test(description) && prices.at(-1)?.value === previous.prices.at(-1)?.value) {
        previous.lines.push(line);
        return;
      }
      // "30W LED TUBE 16.00" then "5 X 80.00": one item, its unit price then its quantity and amount;
      // "NIKU SET @ 38.68" then "38.68": its unit price, then its amount alone.
      const sameAmount = prices.length === 1 && prices[0]?.value === previous?.prices[0]?.value;
      if (previous && previous.index === k - 1 && letters(description) < 3 && previous.prices.length === 1 && (quantity || sameAmount)) {
        previous.prices = [...previous.prices, ...prices];
        previous.quantity = quantity ?? previous.quantity;
        previous.lines.push(line);
        return;
      }
      rows.push({ index: k, line, prices, own: description, quantity, lines: [line] });
    } else if (prices.length === 0 && letters(line.text) >= 3 && !NOT_ITEM.test(line.text) && !CODE_LINE.test(line.text.trim())) {
      names.push(k);
    }
  });
  if (rows.length === 0) return empty;
  const named = rows.filter((r) => r.own.split(/\s+/).length >= 2 || letters(r.own) >= 6).length;
  const separate = names.length > 0 && named < rows.length * 0.5;
  const namesAbove = separate && (names[0] as number) < (rows[0] as TRow).index;
  const namesOf = (r: number): string[] => {
    const row = rows[r] as TRow;
    const nextRow = r + 1 < rows.length ? (rows[r + 1] as TRow).index : part.length;
    const from = namesAbove ? (r > 0 ? (rows[r - 1] as TRow).index : -1) : row.index;
    // Below a row, only the name lines right under it (at most three) continue it.
    const to = namesAbove ? row.index : Math.min(nextRow, row.index + 4);
    const mine = names.filter((k) => k > from && k < to);
    const adjacent = namesAbove ? mine : mine.filter((k, j) => k === row.index + 1 + j);
    return adjacent.map((k) => describeRow((part[k] as TTextLine).text, []).description);
  };
  const nameFor = (row: TRow, r: number): string => {
    // A single short word beside the prices is a unit ("EA", "KOTAK") when names have lines of their own.
    const own = separate && !(row.own.split(/\s+/).length >= 2 || letters(row.own) >= 6) ? "" : row.own;
    return (namesAbove ? [...namesOf(r), own] : [own, ...namesOf(r)])
      .filter(Boolean)
      .join(" ")
      .replace(/\s{2,}/g, " ")
      .trim();
  };
  // Which amount column is the line amount: the one whose sum the receipt confirms.
  let column = 1;
  let sumsTo: TLineItems["sumsTo"] = null;
  for (const from of [1, 2, 3]) {
    const sum = rows.reduce((s, r) => s + cents((r.prices.at(-from) ?? r.prices.at(-1) ?? { value: "0" }).value), 0);
    const hit = (["subtotal", "total"] as const).find((key) => sums[key] != null && cents(sums[key] as string) === sum);
    if (hit) {
      column = from;
      sumsTo = hit;
      break;
    }
  }
  const items: TLineItem[] = rows.map((row, r) => {
    const amount = row.prices.at(-column) ?? row.prices.at(-1);
    const others = row.prices.filter((a) => a !== amount);
    const q = row.quantity ? Number(row.quantity) : NaN;
    const unit =
      others.find((a) => Number.isFinite(q) && Math.abs(cents(a.value) * q - cents(amount?.value ?? "0")) <= 1) ??
      (others.length === 1 ? others[0] : undefined);
    const rate = /(\d{1,2}(?:[.,]\d{1,2})?)\s?%/.exec(row.line.text)?.[1]?.replace(",", ".") ?? null;
    return {
      description: nameFor(row, r),
      quantity: row.quantity,
      unitPrice: unit ? unit.value : null,
      amount: amount?.value ?? null,
      taxRate: rate,
      source: sourceOf(row.line),
    };
  });
  return { items, confidence: sumsTo ? 0.9 : 0.4, sumsTo };
}

/** The items as a field: each item carries its own box; the sum check is the confidence. */
export function lineItemsField(found: TLineItems): TField<TLineItem[]> {
  const first = found.items[0]?.source ?? null;
  return { value: found.items, confidence: found.items.length ? found.confidence : 0, source: first, method: "ocr-rules" };
}
