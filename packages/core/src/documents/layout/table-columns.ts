import { findAmounts } from "../parse/parse-amount";
import type { TTextLine } from "../text-lines";

const centre = (b: { x0: number; x1: number }) => (b.x0 + b.x1) / 2;

/**
 * The x-centre of each labelled column on a heading line: for every label, the first word of the
 * line it matches. Columns whose label is not on the line are left out.
 */
export function columnCentres<K extends string>(heading: TTextLine, labels: Record<K, RegExp>): Partial<Record<K, number>> {
  const out: Partial<Record<K, number>> = {};
  for (const [key, label] of Object.entries(labels) as [K, RegExp][]) {
    const word = heading.words.find((w) => label.test(w.text));
    if (word) out[key] = centre(word.bbox);
  }
  return out;
}

/** The amounts of a line, each with the x-centre of the word it was printed in (null without boxes). */
export function amountsWithX(line: TTextLine): { value: string; x: number | null }[] {
  const amounts: { value: string; x: number | null }[] = [];
  for (const word of line.words) for (const a of findAmounts(word.text)) amounts.push({ value: a.value, x: centre(word.bbox) });
  if (amounts.length > 0) return amounts;
  return findAmounts(line.text).map((a) => ({ value: a.value, x: null }));
}

/** Each column's amount on a row: the amount printed nearest under the column's heading. */
export function valuesByColumn<K extends string>(row: TTextLine, columns: Partial<Record<K, number>>): Partial<Record<K, string>> {
  const amounts = amountsWithX(row).filter((a): a is { value: string; x: number } => a.x !== null);
  const out: Partial<Record<K, string>> = {};
  const used = new Set<number>();
  for (const [key, x] of Object.entries(columns) as [K, number][]) {
    let best = -1;
    for (let k = 0; k < amounts.length; k++) {
      if (used.has(k)) continue;
      if (best < 0 || Math.abs((amounts[k] as { x: number }).x - x) < Math.abs((amounts[best] as { x: number }).x - x)) best = k;
    }
    if (best >= 0) {
      used.add(best);
      out[key] = (amounts[best] as { value: string }).value;
    }
  }
  return out;
}
