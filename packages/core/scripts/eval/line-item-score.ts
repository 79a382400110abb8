/** Scores extracted line items against labelled ones: one-to-one matches by amount and description. */

export type TLabelledItem = { description: string; quantity?: string | null; unitPrice?: string | null; amount: string | null };
export type TItemScore = { predicted: number; labelled: number; matched: number };

const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, "");

function similarity(a: string, b: string): number {
  const x = norm(a);
  const y = norm(b);
  if (!x || !y) return 0;
  const previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    let diagonal = previous[0] as number;
    previous[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const above = previous[j] as number;
      previous[j] = Math.min(above + 1, (previous[j - 1] as number) + 1, diagonal + (x[i - 1] === y[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return 1 - (previous[y.length] as number) / Math.max(x.length, y.length);
}

const sameAmount = (a: string | null | undefined, b: string | null | undefined) =>
  a == null || b == null ? a == null && b == null : Math.round(Number(a) * 100) === Math.round(Number(b) * 100);

/**
 * An extracted item matches a labelled one when their amounts agree (both absent counts) and their
 * descriptions are at least 60% alike (edit distance over letters and digits, so OCR slips of a
 * character or two still count). Each labelled item matches at most one extracted item.
 */
export function scoreLineItems(predicted: TLabelledItem[], labelled: TLabelledItem[]): TItemScore {
  const free = new Set(labelled.map((_, i) => i));
  let matched = 0;
  for (const item of predicted) {
    let best = -1;
    let bestSimilarity = 0.6;
    for (const i of free) {
      const label = labelled[i] as TLabelledItem;
      if (!sameAmount(item.amount, label.amount)) continue;
      // A description may run on with wrapped detail lines the label leaves out: its start counts too.
      const start = item.description.slice(0, Math.ceil(label.description.length * 1.2));
      const s = Math.max(similarity(item.description, label.description), similarity(start, label.description));
      if (s >= bestSimilarity) {
        best = i;
        bestSimilarity = s;
      }
    }
    if (best >= 0) {
      free.delete(best);
      matched++;
    }
  }
  return { predicted: predicted.length, labelled: labelled.length, matched };
}
