/** One choice at a step: what it adds to the running sum (mod 10) and what it costs. */
export type TStepOption = { residue: number; cost: number };
/** A way through every step: the option index taken at each, and the summed cost. */
export type TPath = { picks: number[]; cost: number };

/** A partial path as a chain back to its start, so extending it copies nothing. */
type TLink = { cost: number; pick: number; previous: TLink | undefined };

function picksOf(link: TLink | undefined, steps: number): number[] {
  const picks = new Array<number>(steps);
  for (let i = steps - 1; link && i >= 0; i--, link = link.previous) picks[i] = link.pick;
  return picks;
}

/**
 * For each residue 0-9, the `k` cheapest ways of taking one option per step whose residues sum to it (mod 10).
 * ICAO check digits are such sums (weights 7-3-1, modulo 10), so this finds the cheapest readings that a check digit
 * accepts without trying every combination: each step keeps only the k best partial paths per residue, which is
 * exact because what a later step adds depends on the residue alone.
 */
export function kBestByResidue(steps: readonly (readonly TStepOption[])[], k: number): TPath[][] {
  const start: TLink = { cost: 0, pick: -1, previous: undefined };
  let layer: TLink[][] = Array.from({ length: 10 }, (_, residue) => (residue === 0 ? [start] : []));
  for (const options of steps) {
    const next: TLink[][] = Array.from({ length: 10 }, () => []);
    for (let residue = 0; residue < 10; residue++) {
      for (const link of layer[residue] ?? []) {
        for (let index = 0; index < options.length; index++) {
          const option = options[index] as TStepOption;
          insertBounded(next[(residue + option.residue) % 10] as TLink[], link.cost + option.cost, index, link, k);
        }
      }
    }
    layer = next;
  }
  return layer.map((links) => links.map((link) => ({ picks: picksOf(link, steps.length), cost: link.cost })));
}

/** Inserts a path into a list kept sorted by cost and at most `k` long; a path no cheaper than the k-th is dropped. */
function insertBounded(list: TLink[], cost: number, pick: number, previous: TLink, k: number): void {
  if (list.length >= k && cost >= (list[list.length - 1] as TLink).cost) return;
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((list[middle] as TLink).cost <= cost) low = middle + 1;
    else high = middle;
  }
  list.splice(low, 0, { cost, pick, previous });
  if (list.length > k) list.pop();
}
