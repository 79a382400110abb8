import { checkDigitMatches, computeCheckDigit } from "./check-digit";
import { detectFormat, resolveLayout, type TMrzCheck, type TMrzFormat, type TMrzLayout } from "./mrz-layouts";

/** One character the correction replaced; `ambiguous` when another replacement would have satisfied the check digits too. */
export type TMrzChange = { line: number; column: number; from: string; to: string; ambiguous: boolean };
export type TMrzCheckResult = { name: TMrzCheck["name"]; valid: boolean };
export type TMrzCorrection = {
  format: TMrzFormat;
  lines: string[];
  changes: TMrzChange[];
  checks: TMrzCheckResult[];
  /** True when every check digit agrees after correction. */
  valid: boolean;
  /** Characters still of the wrong kind (a letter in a date, a digit in a name): a sign of misaligned lines. */
  violations: number;
};

const KIND_PATTERNS = { num: /[0-9<]/, alpha: /[A-Z<]/, alnum: /[A-Z0-9<]/, sex: /[MFX<]/ } as const;

function countViolations(grid: TGrid, layout: TMrzLayout): number {
  let count = 0;
  for (const segment of layout.segments) {
    for (let column = segment.start; column < segment.end; column++) {
      if (!KIND_PATTERNS[segment.kind].test(charAt(grid, { line: segment.line, column }))) count++;
    }
  }
  return count;
}

// Letters OCR reads where the MRZ can only hold a digit, and digits where it can only hold a letter.
const TO_DIGIT: Record<string, string> = { O: "0", Q: "0", D: "0", I: "1", L: "1", Z: "2", S: "5", G: "6", B: "8" };
const TO_LETTER: Record<string, string> = { "0": "O", "1": "I", "2": "Z", "5": "S", "6": "G", "8": "B" };
// Where letters and digits are both legal (document and personal numbers) only a check digit can decide.
const ALTERNATIVES: Record<string, string[]> = {
  "0": ["O", "D"],
  O: ["0"],
  D: ["0"],
  Q: ["0"],
  "1": ["I"],
  I: ["1"],
  "5": ["S"],
  S: ["5"],
  "8": ["B"],
  B: ["8"],
  "2": ["Z"],
  Z: ["2"],
  "6": ["G"],
  G: ["6"],
};
const MAX_AMBIGUOUS_POSITIONS = 12;
const MAX_CHANGES_PER_FIELD = 4;
const MAX_CANDIDATES_PER_FIELD = 200;
const MAX_COMBINATIONS = 20_000;

type TCell = { line: number; column: number };
type TEdit = TCell & { to: string };
type TCandidate = { edits: TEdit[] };
type TGrid = string[][];

const charAt = (grid: TGrid, cell: TCell): string => grid[cell.line]?.[cell.column] ?? "";

function setChar(grid: TGrid, cell: TCell, to: string): void {
  const row = grid[cell.line];
  if (row && cell.column < row.length) row[cell.column] = to;
}

function cellsOf(check: TMrzCheck): TCell[] {
  return check.ranges.flatMap((range) =>
    Array.from({ length: range.end - range.start }, (_, i) => ({ line: range.line, column: range.start + i })),
  );
}

function checkValid(grid: TGrid, check: TMrzCheck): boolean {
  const text = cellsOf(check)
    .map((cell) => charAt(grid, cell))
    .join("");
  return checkDigitMatches(text, charAt(grid, check));
}

function withEdits<T>(grid: TGrid, edits: readonly TEdit[], run: () => T): T {
  const saved = edits.map((edit) => charAt(grid, edit));
  for (const edit of edits) setChar(grid, edit, edit.to);
  try {
    return run();
  } finally {
    edits.forEach((edit, i) => setChar(grid, edit, saved[i] ?? ""));
  }
}

/** k-combinations of indexes 0..n-1, smallest first. */
function* combinations(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of combinations(n, k - 1, i + 1)) yield [i, ...rest];
}

/** Edits to the ambiguous cells, fewest changes first, whose result satisfies `accept`. */
function findCandidates(grid: TGrid, cells: TCell[], accept: () => boolean): TCandidate[] {
  const ambiguous = cells.filter((cell) => ALTERNATIVES[charAt(grid, cell)]).slice(0, MAX_AMBIGUOUS_POSITIONS);
  const found: TCandidate[] = [];
  for (let k = 1; k <= Math.min(MAX_CHANGES_PER_FIELD, ambiguous.length); k++) {
    for (const picked of combinations(ambiguous.length, k)) {
      const pickedCells = picked.map((i) => ambiguous[i]).filter((cell): cell is TCell => cell !== undefined);
      // Every choice of alternative at every picked cell.
      let options: TEdit[][] = [[]];
      for (const cell of pickedCells) {
        const alternatives = ALTERNATIVES[charAt(grid, cell)] ?? [];
        options = options.flatMap((prefix) => alternatives.map((to) => [...prefix, { ...cell, to }]));
      }
      for (const edits of options) if (withEdits(grid, edits, accept)) found.push({ edits });
    }
  }
  return found.slice(0, MAX_CANDIDATES_PER_FIELD);
}

function coerceClasses(grid: TGrid, layout: TMrzLayout, changes: TMrzChange[]): void {
  for (const segment of layout.segments) {
    const map = segment.kind === "num" ? TO_DIGIT : segment.kind === "alpha" ? TO_LETTER : undefined;
    if (!map) continue;
    for (let column = segment.start; column < segment.end; column++) {
      const cell = { line: segment.line, column };
      const from = charAt(grid, cell);
      const to = map[from];
      if (!to) continue;
      setChar(grid, cell, to);
      changes.push({ ...cell, from, to, ambiguous: false });
    }
  }
}

/** Product of candidate lists, fewest total edits first. */
function combineCandidates(lists: TCandidate[][]): TEdit[][] {
  let combos: TEdit[][] = [[]];
  for (const list of lists) {
    const room = Math.max(1, Math.floor(MAX_COMBINATIONS / combos.length));
    combos = combos.flatMap((prefix) => list.slice(0, room).map((candidate) => [...prefix, ...candidate.edits]));
  }
  return combos.sort((a, b) => a.length - b.length);
}

/** Switches between letters and digits inside the alphanumeric fields: ZE000509 has one, ZE0ODS09 five. */
function classSwitches(grid: TGrid, layout: TMrzLayout): number {
  let count = 0;
  for (const segment of layout.segments) {
    if (segment.kind !== "alnum") continue;
    let previous = "";
    for (let column = segment.start; column < segment.end; column++) {
      const char = charAt(grid, { line: segment.line, column });
      const kind = /[0-9]/.test(char) ? "digit" : /[A-Z]/.test(char) ? "letter" : "";
      if (kind && previous && kind !== previous) count++;
      if (kind) previous = kind;
    }
  }
  return count;
}

/** Letters in the alphanumeric fields that OCR also makes of digits. */
function lookalikeLetters(grid: TGrid, layout: TMrzLayout): number {
  let count = 0;
  for (const segment of layout.segments) {
    if (segment.kind !== "alnum") continue;
    for (let column = segment.start; column < segment.end; column++) {
      if (TO_DIGIT[charAt(grid, { line: segment.line, column })]) count++;
    }
  }
  return count;
}

/** Check digits that must be digits but were read as a letter no confusion maps to one, computed from their field. */
function recomputeUnreadableCheckDigits(grid: TGrid, layout: TMrzLayout, changes: TMrzChange[]): void {
  // The composite covers the other check digits, so it comes last.
  const ordered = [...layout.checks].sort((a, b) => Number(a.name === "composite") - Number(b.name === "composite"));
  for (const check of ordered) {
    const from = charAt(grid, check);
    if (/[0-9<]/.test(from) || from === "") continue;
    const computed = computeCheckDigit(cellsOf(check).map((cell) => charAt(grid, cell)).join(""));
    if (computed === undefined) continue;
    setChar(grid, check, String(computed));
    changes.push({ line: check.line, column: check.column, from, to: String(computed), ambiguous: true });
  }
}

/**
 * Fixes OCR confusions in MRZ lines of the right length: letters in digit-only positions and digits in letter-only
 * positions are mapped directly; in document and personal numbers, O/0, I/1, S/5, B/8, Z/2, G/6 substitutions are
 * tried only where the field's own check digit (then the composite one) fails, keeping the smallest change that
 * makes them agree.
 */
export function correctMrz(lines: readonly string[], format?: TMrzFormat): TMrzCorrection | undefined {
  const resolvedFormat = format ?? detectFormat(lines);
  if (!resolvedFormat) return undefined;
  const grid: TGrid = lines.map((line) => [...line]);
  const changes: TMrzChange[] = [];
  coerceClasses(grid, resolveLayout(resolvedFormat, lines), changes);
  // TD1's layout depends on where the document number ends, which coercion may have changed.
  const layout = resolveLayout(resolvedFormat, grid.map((row) => row.join("")));
  const composite = layout.checks.find((check) => check.name === "composite");
  const compositeOk = () => (composite ? checkValid(grid, composite) : true);

  const alnumCells = (check: TMrzCheck) =>
    cellsOf(check).filter((cell) =>
      layout.segments.some(
        (s) => s.kind === "alnum" && s.line === cell.line && cell.column >= s.start && cell.column < s.end,
      ),
    );

  // Fields with their own check digit that fails: candidate repairs for each.
  const failing = layout.checks.filter((check) => check !== composite && !checkValid(grid, check));
  const lists = failing
    .map((check) => findCandidates(grid, alnumCells(check), () => checkValid(grid, check)))
    .filter((list) => list.length > 0);
  const combos = combineCandidates(lists);
  const fitting = combos.filter((edits) => withEdits(grid, edits, compositeOk));
  const pool = fitting.length > 0 ? fitting : combos;
  // Among repairs the check digits cannot tell apart, the one that switches least between letters and digits: document
  // numbers are runs of letters and runs of digits (ZE000509), and OCR confusions scatter letters into digit runs.
  // Then the one that leaves fewer letters OCR makes of digits (O, D, S…): ZE000509 over ZEDOD509.
  const switches = pool.map((edits) =>
    withEdits(grid, edits, () => classSwitches(grid, layout) * 100 + lookalikeLetters(grid, layout)),
  );
  const fewest = Math.min(...switches);
  const chosen = pool.find((_, i) => switches[i] === fewest) ?? [];
  const rivals = pool.filter((edits) => edits.length <= chosen.length).length;
  // Without a composite that confirms it, a repair could as well be matching a misread check digit.
  applyEdits(grid, chosen, rivals > 1 || (composite !== undefined && fitting.length === 0), changes);

  // A composite that still fails may point at optional data that has no check digit of its own (TD1, TD2).
  if (composite && !compositeOk() && layout.checks.every((check) => check === composite || checkValid(grid, check))) {
    const covered = new Set(layout.checks.filter((c) => c !== composite).flatMap((c) => cellsOf(c).map(key)));
    const cells = alnumCells(composite).filter((cell) => !covered.has(key(cell)));
    const candidates = findCandidates(grid, cells, compositeOk);
    const first = candidates[0];
    if (first) applyEdits(grid, first.edits, candidates.length > 1, changes);
  }

  recomputeUnreadableCheckDigits(grid, layout, changes);
  const checks = layout.checks.map((check) => ({ name: check.name, valid: checkValid(grid, check) }));
  return {
    format: resolvedFormat,
    lines: grid.map((row) => row.join("")),
    changes,
    checks,
    valid: checks.every((check) => check.valid),
    violations: countViolations(grid, layout),
  };
}

const key = (cell: TCell) => `${cell.line}:${cell.column}`;

function applyEdits(grid: TGrid, edits: readonly TEdit[], ambiguous: boolean, changes: TMrzChange[]): void {
  for (const edit of edits) {
    changes.push({ line: edit.line, column: edit.column, from: charAt(grid, edit), to: edit.to, ambiguous });
    setChar(grid, edit, edit.to);
  }
}
