import { mrzCharValue } from "./check-digit";
import { kBestByResidue, type TStepOption } from "./k-best-residues";
import type { TCostOption, TOptionGrid } from "./mrz-cell-options";
import type { TMrzCharClass, TMrzCheck } from "./mrz-layouts";
import { numberFieldPrior } from "./mrz-priors";

export type TCell = { line: number; column: number };
/** One way of reading a group of positions: their characters, what it costs, and what the check digit says. */
export type TItemOption = {
  chars: string[];
  /** -ln odds of the OCR against this reading, summed over the positions. */
  cost: number;
  /** How unlikely the reading looks whatever the OCR said (letter/digit switches in numbers). */
  prior: number;
  /** A check digit among the characters was computed, not read. */
  guess: boolean;
  /** The group's own check digit accepts it (true for groups without one). */
  valid: boolean;
};
/** A group of positions read together: a field with its check digit, or a run of optional data. */
export type TItem = { cells: TCell[]; options: TItemOption[]; kinds: TMrzCharClass[]; checked: boolean };

/** How many readings each group keeps per residue: enough for the composite to choose from. */
export const K_BEST = 8;
/** How many readings a field's search keeps per residue before the prior reorders them: a repair of several
 * look-alike letters (ZEDODS09 to ZE000509) costs more OCR odds than many a stray single change. */
const K_SEARCH = 16;
const WEIGHTS = [7, 3, 1] as const;

export const cellKey = (cell: TCell): string => `${cell.line}:${cell.column}`;

export function cellsOf(check: TMrzCheck): TCell[] {
  return check.ranges.flatMap((range) =>
    Array.from({ length: Math.max(0, range.end - range.start) }, (_, i) => ({ line: range.line, column: range.start + i })),
  );
}

export const optionsAt = (grid: TOptionGrid, cell: TCell): TCostOption[] => grid[cell.line]?.[cell.column] ?? [];

/** Residue of a character at position `index` of a check-digit computation. */
export const residueOf = (char: string, index: number): number => ((mrzCharValue(char) ?? 0) * (WEIGHTS[index % 3] ?? 0)) % 10;

/** The prior of a reading: letter/digit switches counted within each alphanumeric stretch of it. */
export function priorOf(chars: readonly string[], kinds: readonly TMrzCharClass[]): number {
  let prior = 0;
  let stretch: string[] = [];
  chars.forEach((char, i) => {
    if (kinds[i] === "alnum") stretch.push(char);
    else if (stretch.length > 0) {
      prior += numberFieldPrior(stretch);
      stretch = [];
    }
  });
  return stretch.length > 0 ? prior + numberFieldPrior(stretch) : prior;
}

const rank = (a: TItemOption, b: TItemOption) => a.cost + a.prior - (b.cost + b.prior);

const differences = (a: readonly string[], b: readonly string[]) => a.reduce((n, char, i) => n + (char === b[i] ? 0 : 1), 0);

/**
 * The prior chooses among repairs, and between readings one character apart that the check digits cannot tell
 * apart (6/G and K/< weigh 10 and 20 apart); a reading taken as read (every position its likeliest option) is not
 * overruled by how it looks in favour of one that changes several characters whose errors would have to cancel out.
 */
function trustAsRead(options: TItemOption[], asRead: readonly string[]): TItemOption[] {
  const distant = options.filter((option) => differences(option.chars, asRead) >= 2);
  const lowest = Math.min(...distant.map((option) => option.prior));
  const key = asRead.join("");
  return options.map((option) => (option.chars.join("") === key && lowest < option.prior ? { ...option, prior: lowest } : option));
}

/**
 * The readings of a field that its check digit accepts, likeliest first (OCR cost plus prior); when none is,
 * the OCR's likeliest reading alone, marked invalid.
 */
export function fieldItem(grid: TOptionGrid, check: TMrzCheck, kindAt: (cell: TCell) => TMrzCharClass): TItem {
  const fieldCells = cellsOf(check);
  const checkCell = { line: check.line, column: check.column };
  const cells = [...fieldCells, checkCell];
  const kinds = cells.map(kindAt);
  const steps: TStepOption[][] = fieldCells.map((cell, i) =>
    optionsAt(grid, cell).map((option) => ({ residue: residueOf(option.char, i), cost: option.cost })),
  );
  const byResidue = kBestByResidue(steps, K_SEARCH);
  const charsOf = (picks: number[]) => picks.map((pick, i) => optionsAt(grid, fieldCells[i] as TCell)[pick]?.char ?? "<");
  const valid: TItemOption[] = [];
  for (const digit of optionsAt(grid, checkCell)) {
    if (digit.char === "<") {
      // '<' as a check digit stands for an empty field: every position a filler.
      const fillers = fieldCells.map((cell) => optionsAt(grid, cell).find((option) => option.char === "<"));
      if (fillers.every((option) => option !== undefined)) {
        const cost = fillers.reduce((sum, option) => sum + (option?.cost ?? 0), digit.cost);
        valid.push({ chars: [...fieldCells.map(() => "<"), "<"], cost, prior: 0, guess: false, valid: true });
      }
      continue;
    }
    for (const path of byResidue[Number(digit.char)] ?? []) {
      const chars = [...charsOf(path.picks), digit.char];
      valid.push({ chars, cost: path.cost + digit.cost, prior: priorOf(chars, kinds), guess: digit.guess, valid: true });
    }
  }
  const asRead = cells.map((cell) => optionsAt(grid, cell)[0]?.char ?? "<");
  if (valid.length > 0) return { cells, kinds, checked: true, options: trustAsRead(valid, asRead).sort(rank).slice(0, K_BEST) };
  const likeliest = [...fieldCells, checkCell].map((cell) => optionsAt(grid, cell)[0] ?? { char: "<", cost: 0, guess: false });
  const chars = likeliest.map((option) => option.char);
  return {
    cells,
    kinds,
    checked: true,
    options: [{ chars, cost: 0, prior: priorOf(chars, kinds), guess: likeliest.some((option) => option.guess), valid: false }],
  };
}

/**
 * A run of positions that only the composite check digit covers (optional data, names on the French card): its
 * likeliest readings for every residue they add to the composite, `weightIndex(i)` being position i's index in the
 * composite's text.
 */
export function runItem(grid: TOptionGrid, cells: TCell[], kinds: TMrzCharClass[], weightIndex: (cell: TCell) => number): TItem {
  const steps = cells.map((cell) => optionsAt(grid, cell).map((option) => ({ residue: residueOf(option.char, weightIndex(cell)), cost: option.cost })));
  const options = kBestByResidue(steps, K_BEST).flatMap((paths) =>
    paths.map((path) => {
      const chars = path.picks.map((pick, i) => optionsAt(grid, cells[i] as TCell)[pick]?.char ?? "<");
      return { chars, cost: path.cost, prior: priorOf(chars, kinds), guess: false, valid: true };
    }),
  );
  const asRead = cells.map((cell) => optionsAt(grid, cell)[0]?.char ?? "<");
  return { cells, kinds, checked: false, options: trustAsRead(options, asRead).sort(rank) };
}
