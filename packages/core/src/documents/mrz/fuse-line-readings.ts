import { mixCells, type TMrzCell } from "./mrz-reading";

/** What leaving a character of one reading unmatched costs, against at most 1 for matching two unlike ones. */
const GAP_COST = 0.8;
const MRZ_LENGTHS = [30, 36, 44] as const;

/** How unlike two readings of one character are: 1 minus the probability they share, once normalised. */
function distance(a: TMrzCell, b: TMrzCell): number {
  const sumA = a.reduce((sum, option) => sum + option.p, 0) || 1;
  const sumB = b.reduce((sum, option) => sum + option.p, 0) || 1;
  let shared = 0;
  for (const option of a) {
    const other = b.find((o) => o.char === option.char);
    if (other) shared += Math.min(option.p / sumA, other.p / sumB);
  }
  return 1 - shared;
}

/**
 * For each position of `reference`, the cell of `other` read there, or undefined where `other` has nothing
 * (a character it dropped): the least-cost alignment of the two readings, so a character one recogniser dropped
 * or added does not shift the rest of the line.
 */
export function alignCells(reference: readonly TMrzCell[], other: readonly TMrzCell[]): (TMrzCell | undefined)[] {
  const n = reference.length;
  const m = other.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i + j) * GAP_COST));
  const at = (i: number, j: number) => cost[i]?.[j] ?? Infinity;
  for (let i = 1; i <= n; i++) {
    const row = cost[i] as number[];
    for (let j = 1; j <= m; j++) {
      const match = at(i - 1, j - 1) + distance(reference[i - 1] ?? [], other[j - 1] ?? []);
      row[j] = Math.min(match, at(i - 1, j) + GAP_COST, at(i, j - 1) + GAP_COST);
    }
  }
  const aligned: (TMrzCell | undefined)[] = new Array(n).fill(undefined);
  let i = n;
  let j = m;
  while (i > 0 && j > 0) {
    const match = at(i - 1, j - 1) + distance(reference[i - 1] ?? [], other[j - 1] ?? []);
    if (Math.abs(at(i, j) - match) < 1e-9) {
      aligned[i - 1] = other[j - 1];
      i--;
      j--;
    } else if (Math.abs(at(i, j) - (at(i - 1, j) + GAP_COST)) < 1e-9) i--;
    else j--;
  }
  return aligned;
}

const offLength = (cells: readonly TMrzCell[]) => Math.min(...MRZ_LENGTHS.map((length) => Math.abs(cells.length - length)));

/**
 * One MRZ line read by several recognisers, made one reading: the reading nearest an MRZ line's length (the first
 * of equals) is the frame, each other reading is aligned to it, and their options are mixed position by position,
 * so that where they agree the reading is sure and where they differ the check digits choose.
 */
export function fuseLineReadings(readings: readonly (readonly TMrzCell[])[]): TMrzCell[] {
  const present = readings.filter((cells) => cells.length > 0);
  const frame = present.reduce<readonly TMrzCell[] | undefined>((best, cells) => (!best || offLength(cells) < offLength(best) ? cells : best), undefined);
  if (!frame) return [];
  const aligned = present.filter((cells) => cells !== frame).map((cells) => alignCells(frame, cells));
  return frame.map((cell, i) => mixCells([cell, ...aligned.map((other) => other[i])]));
}
