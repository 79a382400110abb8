import { describe, expect, it } from "vitest";
import { kBestByResidue, type TStepOption } from "./k-best-residues";

/** Every way through the steps, by brute force. */
function allPaths(steps: TStepOption[][]): { residue: number; cost: number }[] {
  let paths = [{ residue: 0, cost: 0 }];
  for (const options of steps) {
    paths = paths.flatMap((path) => options.map((o) => ({ residue: (path.residue + o.residue) % 10, cost: path.cost + o.cost })));
  }
  return paths;
}

describe("kBestByResidue", () => {
  it("finds, for every residue, exactly the k cheapest combinations brute force finds", () => {
    // A fixed pseudo-random set of steps (a linear congruential sequence: the test makes its own fixtures).
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const steps: TStepOption[][] = Array.from({ length: 6 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 4) }, () => ({ residue: Math.floor(next() * 10), cost: Math.round(next() * 100) / 10 })),
    );
    const k = 3;
    const found = kBestByResidue(steps, k);
    const truth = allPaths(steps);
    for (let residue = 0; residue < 10; residue++) {
      const expected = truth
        .filter((p) => p.residue === residue)
        .map((p) => p.cost)
        .sort((a, b) => a - b)
        .slice(0, k);
      expect(found[residue]?.map((p) => p.cost)).toEqual(expected.map((cost) => expect.closeTo(cost, 9)));
      // Each path's picks reproduce its residue and cost.
      for (const path of found[residue] ?? []) {
        const picked = path.picks.map((pick, i) => steps[i]?.[pick] as TStepOption);
        expect(picked.reduce((sum, o) => sum + o.residue, 0) % 10).toBe(residue);
        expect(picked.reduce((sum, o) => sum + o.cost, 0)).toBeCloseTo(path.cost, 9);
      }
    }
  });

  it("returns nothing for residues no combination reaches", () => {
    const found = kBestByResidue([[{ residue: 2, cost: 0 }], [{ residue: 2, cost: 1 }]], 5);
    expect(found[4]).toHaveLength(1);
    expect(found.filter((paths) => paths.length === 0)).toHaveLength(9);
  });
});
