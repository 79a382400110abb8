import type { TAmountMatch } from "../parse/parse-amount";

/** Tax codes printed after the amount ("SR", "ZR", "*S", "[SR]", "(Z)"). */
const TAX_CODE = /(?:\s+\*?\[?\(?(?:SR|ZR|ZRL|S|Z|T|E|N|C|R|\*)\)?\]?\.?)+\s*$/i;

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/**
 * An invoice's quantity with its unit of count or time, set apart from the name ("20 Stk", "3 Piece",
 * "10 Liter(s)", "2 hrs"). Not weights and sizes, which are part of a product's name ("MILO 1 KG").
 */
const QUANTITY_WITH_UNIT =
  /(?:^|\s)(\d{1,5}(?:[.,]\d{1,4})?)\s(?:Stk|St[üu]ck|PCE|pcs?|pieces?|units?|Unit\(s\)|Liter\(s\)|Std|Stunden?|hrs?|hours?|Tage?|days?|m²)\.?(?=\s|$)/i;
/** A unit price to four places ("9,9000"), as invoices print them beside the line amount. */
const FOUR_PLACES = /(?:^|\s)\d{1,6}[.,]\d{4}(?=\s|$)/g;
/** A date in an item's row (its delivery date): not part of its name. */
const ROW_DATE = /\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/g;

/**
 * What a priced line says besides its prices: its description (barcodes, numeric item codes, tax
 * codes and currency signs taken out) and its quantity ("2 X", "x2", "QTY 2", "@", or a small
 * number standing before the prices).
 */
export function describeRow(text: string, prices: TAmountMatch[]): { description: string; quantity: string | null } {
  let rest = text;
  // A small figure after the last price is a column of rates or codes ("198,00 19": the VAT rate), not the name's.
  const last = prices.at(-1);
  if (last) {
    const end = last.index + last.raw.length;
    rest = rest.slice(0, end) + rest.slice(end).replace(/(^|\s)\d{1,2}(?:[.,]\d{1,2})?(?=\s|$)/g, (m) => " ".repeat(m.length));
  }
  for (const a of [...prices].reverse()) rest = `${rest.slice(0, a.index)}${" ".repeat(a.raw.length)}${rest.slice(a.index + a.raw.length)}`;
  rest = rest
    .replace(/\d+(?:[.,]\d+)?\s?%/g, " ")
    .replace(FOUR_PLACES, " ")
    .replace(ROW_DATE, " ")
    .replace(/\bRM\b|\$|€|£|\bEUR\b|\bMYR\b/gi, " ")
    // One space between words first: TAX_CODE's leading \s+ then tries one length, not every length of a long gap.
    .replace(/\s+/g, " ")
    .replace(TAX_CODE, " ");
  let quantity: string | null = null;
  const counted = QUANTITY_WITH_UNIT.exec(rest);
  if (counted) {
    quantity = (counted[1] ?? "").replace(",", ".");
    rest = rest.replace(counted[0], " ");
  }
  const times = /(?:^|\s|\*)(\d{1,3}(?:[.,]\d{1,3})?)\s*[xX@*](?=\s|\d|$)|(?:^|\s)[xX*]\s?(\d{1,3})\b|\bQTY\s*:?\s*(\d{1,3})\b/.exec(rest);
  if (times && quantity === null) {
    quantity = (times[1] ?? times[2] ?? times[3] ?? "").replace(",", ".");
    rest = rest.replace(times[0], " ");
  }
  const words = rest.split(/\s+/).filter(Boolean);
  // With the quantity beside its unit, a small number leading the row is the position ("1 Trennblätter A4 20 Stk.").
  if (counted && /^\d{1,3}$/.test(words[0] ?? "") && /\p{L}/u.test(words[1] ?? "")) words.shift();
  // Two small numbers leading a row are its position and its quantity ("1  2  Cable 5m").
  if (quantity === null && /^\d{1,3}$/.test(words[0] ?? "") && /^\d{1,3}([.,]\d{1,3})?$/.test(words[1] ?? "") && /\p{L}/u.test(words[2] ?? "")) {
    quantity = (words[1] as string).replace(",", ".");
    words.splice(0, 2);
  }
  const kept: string[] = [];
  words.forEach((word, k) => {
    // Barcodes (eight digits or more) anywhere, and item codes (four or more) before the name.
    if (/^\d{8,}$/.test(word) || (/^\d{4,}$/.test(word) && letters(kept.join("")) === 0) || /^[@xX*:|-]+$/.test(word)) return;
    // A small number standing alone before the prices (first, or last of the words) is the quantity.
    const lastWord = words.slice(k + 1).every((w) => /^\d{8,}$/.test(w) || /^[@xX*:|-]+$/.test(w));
    if (quantity === null && /^\d{1,3}([.,]\d{1,3})?$/.test(word) && (letters(kept.join("")) === 0 || lastWord)) {
      quantity = word.replace(",", ".");
      return;
    }
    kept.push(word);
  });
  return { description: kept.join(" ").trim(), quantity };
}
