import type { TAmountMatch } from "../parse/parse-amount";

/** Tax codes printed after the amount ("SR", "ZR", "*S", "[SR]", "(Z)"). */
const TAX_CODE = /(?:\s+\*?\[?\(?(?:SR|ZR|ZRL|S|Z|T|E|N|C|R|\*)\)?\]?\.?)+\s*$/i;

const letters = (s: string) => (s.match(/\p{L}/gu) ?? []).length;

/**
 * What a priced line says besides its prices: its description (barcodes, numeric item codes, tax
 * codes and currency signs taken out) and its quantity ("2 X", "x2", "QTY 2", "@", or a small
 * number standing before the prices).
 */
export function describeRow(text: string, prices: TAmountMatch[]): { description: string; quantity: string | null } {
  let rest = text;
  for (const a of [...prices].reverse()) rest = `${rest.slice(0, a.index)}${" ".repeat(a.raw.length)}${rest.slice(a.index + a.raw.length)}`;
  rest = rest
    .replace(/\d+(?:[.,]\d+)?\s?%/g, " ")
    .replace(/\bRM\b|\$|€|£|\bEUR\b|\bMYR\b/gi, " ")
    // One space between words first: TAX_CODE's leading \s+ then tries one length, not every length of a long gap.
    .replace(/\s+/g, " ")
    .replace(TAX_CODE, " ");
  let quantity: string | null = null;
  const times = /(?:^|\s|\*)(\d{1,3}(?:[.,]\d{1,3})?)\s*[xX@*](?=\s|\d|$)|(?:^|\s)[xX*]\s?(\d{1,3})\b|\bQTY\s*:?\s*(\d{1,3})\b/.exec(rest);
  if (times) {
    quantity = (times[1] ?? times[2] ?? times[3] ?? "").replace(",", ".");
    rest = rest.replace(times[0], " ");
  }
  const words = rest.split(/\s+/).filter(Boolean);
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
