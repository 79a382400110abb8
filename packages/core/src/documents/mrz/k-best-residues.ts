/** One choice at a step: what it adds to the running sum (mod 10) and what it costs. */
export type TStepOption = { residue: number; cost: number };
/** A way through every step: the option index taken at each, and the summed cost. */
export type TPath = { picks: number[]; cost: number };

/**
 * For each residue 0-9, the `k` cheapest ways of taking one option per step whose residues sum to it (mod 10).
 * ICAO check digits are such sums (weights 7-3-1, modulo 10), so this finds the cheapest readings that a check digit
 * accepts without trying every combination: each step keeps only the k best partial paths per residue, which is
 * exact because what a later step adds depends on the residue alone.
 */
export function kBestByResidue(steps: readonly (readonly TStepOption[])[], k: number): TPath[][] {
  let layer: TPath[][] = Array.from({ length: 10 }, (_, residue) => (residue === 0 ? [{ picks: [], cost: 0 }] : []));
  for (const options of steps) {
    const next: TPath[][] = Array.from({ length: 10 }, () => []);
    layer.forEach((paths, residue) => {
      for (const path of paths) {
        options.forEach((option, index) => {
          const target = next[(residue + option.residue) % 10];
          target?.push({ picks: [...path.picks, index], cost: path.cost + option.cost });
        });
      }
    });
    layer = next.map((paths) => paths.sort((a, b) => a.cost - b.cost).slice(0, k));
  }
  return layer;
}
