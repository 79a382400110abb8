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

type TStep = { reference?: number; other?: number };

/** The least-cost alignment of two readings, as steps: both read a character, or only one of them did. */
function alignmentSteps(reference: readonly TMrzCell[], other: readonly TMrzCell[]): TStep[] {
  const n = reference.length;
  const m = other.length;
  const cost: number[][] = Array.from({ length: n + 1 }, (_, i) => Array.from({ length: m + 1 }, (_, j) => (i + j) * GAP_COST));
  const at = (i: number, j: number) => cost[i]?.[j] ?? Infinity;
  const match = (i: number, j: number) => at(i - 1, j - 1) + distance(reference[i - 1] ?? [], other[j - 1] ?? []);
  for (let i = 1; i <= n; i++) {
    const row = cost[i] as number[];
    for (let j = 1; j <= m; j++) row[j] = Math.min(match(i, j), at(i - 1, j) + GAP_COST, at(i, j - 1) + GAP_COST);
  }
  const steps: TStep[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && Math.abs(at(i, j) - match(i, j)) < 1e-9) steps.push({ reference: --i, other: --j });
    else if (i > 0 && (j === 0 || Math.abs(at(i, j) - (at(i - 1, j) + GAP_COST)) < 1e-9)) steps.push({ reference: --i });
    else steps.push({ other: --j });
  }
  return steps.reverse();
}

/**
 * For each position of `reference`, the cell of `other` read there, or undefined where `other` has nothing
 * (a character it dropped): the least-cost alignment of the two readings, so a character one recogniser dropped
 * or added does not shift the rest of the line.
 */
export function alignCells(reference: readonly TMrzCell[], other: readonly TMrzCell[]): (TMrzCell | undefined)[] {
  const aligned: (TMrzCell | undefined)[] = new Array(reference.length).fill(undefined);
  for (const step of alignmentSteps(reference, other)) {
    if (step.reference !== undefined && step.other !== undefined) aligned[step.reference] = other[step.other];
  }
  return aligned;
}

const nearestLength = (length: number) =>
  MRZ_LENGTHS.reduce((best, candidate) => (Math.abs(candidate - length) < Math.abs(best - length) ? candidate : best), MRZ_LENGTHS[0]);

/**
 * One MRZ line read by several recognisers, made one reading: the reading nearest `target` characters (by default
 * the MRZ line length nearest the longest reading; the first of equals) is the frame, each other reading is
 * aligned to it and their options are mixed position by position, so that where they agree the reading is sure and
 * where they differ the check digits choose. Where the frame is short, characters only another reading has are
 * taken in at their place.
 */
export function fuseLineReadings(readings: readonly (readonly TMrzCell[])[], target?: number): TMrzCell[] {
  const present = readings.filter((cells) => cells.length > 0);
  const goal = target ?? nearestLength(Math.max(0, ...present.map((cells) => cells.length)));
  const off = (cells: readonly TMrzCell[]) => Math.abs(cells.length - goal);
  const frame = present.reduce<readonly TMrzCell[] | undefined>((best, cells) => (!best || off(cells) < off(best) ? cells : best), undefined);
  if (!frame) return [];
  let fused: TMrzCell[][] = frame.map((cell) => [cell]);
  for (const other of present.filter((cells) => cells !== frame)) {
    const next: TMrzCell[][] = [];
    let missing = goal - fused.length;
    const merged = fused.map((cells) => mixCells(cells));
    for (const step of alignmentSteps(merged, other)) {
      const own = step.reference !== undefined ? fused[step.reference] : undefined;
      const theirs = step.other !== undefined ? other[step.other] : undefined;
      if (own) next.push(theirs ? [...own, theirs] : own);
      else if (theirs && missing > 0) {
        next.push([theirs]);
        missing--;
      }
    }
    fused = next;
  }
  return fused.map((cells) => mixCells(cells));
}
