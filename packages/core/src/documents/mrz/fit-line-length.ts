/** A way of bringing a line to length: positions to drop, or fillers to insert before a position. */
export type TLengthFit = { drop: number[] } | { insertAt: number; count: number };

const MAX_LENGTH_SLACK = 2;

/** Ways of bringing `line` to `target` characters, most plausible first: fillers are what OCR adds or drops. */
export function lengthFits(line: string, target: number): TLengthFit[] {
  const diff = line.length - target;
  if (diff === 0) return [{ drop: [] }];
  if (Math.abs(diff) > MAX_LENGTH_SLACK) return [];
  const runs = [...line.matchAll(/<+/g)].map((match) => ({ start: match.index, length: match[0].length })).sort((a, b) => b.length - a.length);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  const fits: TLengthFit[] = [];
  for (const run of runs) {
    if (diff > 0 && run.length > diff) fits.push({ drop: range(run.start, diff) });
    if (diff < 0) fits.push({ insertAt: run.start, count: -diff });
  }
  if (diff > 0) {
    fits.push({ drop: range(target, diff) }, { drop: range(0, diff) });
    // A single stray character anywhere: check digits decide which.
    if (diff === 1) for (let i = 0; i < line.length; i++) fits.push({ drop: [i] });
  } else {
    fits.push({ insertAt: line.length, count: -diff });
  }
  return fits;
}

/** The items of a line with a fit applied; `filler` makes what is inserted. */
export function applyFit<T>(items: readonly T[], fit: TLengthFit, filler: () => T): T[] {
  if ("drop" in fit) return items.filter((_, i) => !fit.drop.includes(i));
  return [...items.slice(0, fit.insertAt), ...Array.from({ length: fit.count }, filler), ...items.slice(fit.insertAt)];
}

/** Variants of a line brought to `target` characters, most plausible first. */
export function fitLineLength(line: string, target: number): string[] {
  return [...new Set(lengthFits(line, target).map((fit) => applyFit([...line], fit, () => "<").join("")))];
}
