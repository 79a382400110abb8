import { checkDigitMatches } from "./check-digit";
import { cellKey, cellsOf, fieldItem, K_BEST, optionsAt, residueOf, runItem, type TCell, type TItem, type TItemOption } from "./field-options";
import { kBestByResidue } from "./k-best-residues";
import { kindGrid, type TOptionGrid } from "./mrz-cell-options";
import type { TMrzCharClass, TMrzLayout } from "./mrz-layouts";

/** The characters chosen for every position, and which of them the check digits could not settle. */
export type TMrzSolution = {
  lines: string[];
  /** Positions where another reading, about as likely by the OCR, passes the same check digits. */
  ambiguous: Set<string>;
  /** -ln odds of the OCR against the chosen reading, summed. */
  cost: number;
};

/** Readings within this much OCR cost of the chosen one are rivals the check digits did not rule out. */
const AMBIGUITY_MARGIN = 0.5;
/** What a field whose check digit fails costs the composite: every repair that satisfies it comes first. */
const INVALID_PENALTY = 25;

type TChoice = { item: TItem; option: TItemOption };

const total = (option: TItemOption) => option.cost + option.prior + (option.valid ? 0 : INVALID_PENALTY);

/** Composite-covered positions no field check covers, cut into runs within one segment. */
function uncoveredRuns(layout: TMrzLayout, covered: Set<string>, compositeCells: TCell[]): TCell[][] {
  const segmentOf = (cell: TCell) => layout.segments.findIndex((s) => s.line === cell.line && cell.column >= s.start && cell.column < s.end);
  const runs: TCell[][] = [];
  let previous: TCell | undefined;
  for (const cell of compositeCells) {
    if (covered.has(cellKey(cell))) {
      previous = undefined;
      continue;
    }
    const run = runs[runs.length - 1];
    const adjacent = previous && previous.line === cell.line && previous.column + 1 === cell.column && segmentOf(previous) === segmentOf(cell);
    if (run && adjacent) run.push(cell);
    else runs.push([cell]);
    previous = cell;
  }
  return runs;
}

/**
 * Chooses every position's character: each field's readings that its check digit accepts, then the combination
 * of fields and optional data that the composite check digit accepts, at the least OCR cost plus prior. Positions
 * no check digit covers take their likeliest option.
 */
export function solveMrz(grid: TOptionGrid, layout: TMrzLayout): TMrzSolution {
  const kinds = kindGrid(layout);
  const kindAt = (cell: TCell): TMrzCharClass => kinds[cell.line]?.[cell.column] ?? "alnum";
  const composite = layout.checks.find((check) => check.name === "composite");
  const fields = layout.checks.filter((check) => check !== composite).map((check) => fieldItem(grid, check, kindAt));
  const compositeCells = composite ? cellsOf(composite) : [];
  const compositeIndex = new Map(compositeCells.map((cell, i) => [cellKey(cell), i]));
  const inComposite = (item: TItem) => item.cells.some((cell) => compositeIndex.has(cellKey(cell)));
  const covered = new Set(fields.flatMap((item) => item.cells.map(cellKey)));
  const runs = uncoveredRuns(layout, covered, compositeCells).map((cells) =>
    runItem(grid, cells, cells.map(kindAt), (cell) => compositeIndex.get(cellKey(cell)) ?? 0),
  );

  const independent: TChoice[] = fields.filter((item) => !inComposite(item)).map((item) => ({ item, option: item.options[0] as TItemOption }));
  const joint = [...fields.filter(inComposite), ...runs];
  const compositeChoice = composite ? chooseComposite(grid, joint, { line: composite.line, column: composite.column }, compositeIndex) : undefined;
  const chosen = compositeChoice?.chosen ?? joint.map((item) => ({ item, option: item.options[0] as TItemOption }));

  const lines = grid.map((row) => row.map((options) => options[0]?.char ?? "<"));
  for (const choice of [...independent, ...chosen]) {
    choice.item.cells.forEach((cell, i) => {
      const row = lines[cell.line];
      if (row && cell.column < row.length) row[cell.column] = choice.option.chars[i] ?? "<";
    });
  }
  const ambiguous = new Set<string>();
  const mark = (item: TItem) => item.cells.forEach((cell) => ambiguous.add(cellKey(cell)));
  for (const { item, option } of [...independent, ...chosen]) if (option.guess) mark(item);
  // Outside a composite, a field is open when another reading its check digit accepts is about as likely.
  for (const { item, option } of compositeChoice ? independent : [...independent, ...chosen]) {
    if (item.options.some((o) => o !== option && o.valid && o.cost <= option.cost + AMBIGUITY_MARGIN)) mark(item);
  }
  if (compositeChoice && !compositeChoice.valid) {
    // The composite fails: a field's repair may as well be matching a misread check digit.
    for (const { item } of chosen) if (item.checked) mark(item);
  }
  for (const rival of compositeChoice?.rivals ?? []) {
    rival.forEach((choice, i) => {
      if (chosen[i]?.option.chars.join("") !== choice.option.chars.join("")) mark(choice.item);
    });
  }
  return { lines: lines.map((row) => row.join("")), ambiguous, cost: [...independent, ...chosen].reduce((sum, c) => sum + c.option.cost, 0) };
}

type TCompositeChoice = { chosen: TChoice[]; rivals: TChoice[][]; valid: boolean };

/**
 * The combination of the composite's groups (fields with their readings, runs of optional data) that the composite
 * check digit accepts at the least cost, and the rival combinations about as likely by the OCR alone.
 */
function chooseComposite(grid: TOptionGrid, joint: TItem[], checkCell: TCell, compositeIndex: Map<string, number>): TCompositeChoice {
  const residue = (item: TItem, option: TItemOption) =>
    item.cells.reduce((sum, cell, i) => {
      const index = compositeIndex.get(cellKey(cell));
      return index === undefined ? sum : sum + residueOf(option.chars[i] ?? "<", index);
    }, 0) % 10;
  const steps = joint.map((item) => item.options.map((option) => ({ residue: residue(item, option), cost: total(option) })));
  const byResidue = kBestByResidue(steps, K_BEST);
  const toChoices = (picks: number[]) => picks.map((pick, i) => ({ item: joint[i] as TItem, option: (joint[i] as TItem).options[pick] as TItemOption }));
  const candidates: { choices: TChoice[]; cost: number }[] = [];
  for (const digit of optionsAt(grid, checkCell)) {
    for (const path of byResidue[digit.char === "<" ? 0 : Number(digit.char)] ?? []) {
      const choices = toChoices(path.picks);
      // '<' stands for an empty composite only.
      if (digit.char === "<" && !checkDigitMatches(choices.flatMap((c) => c.option.chars).join(""), "<")) continue;
      candidates.push({ choices: [...choices, digitChoice(checkCell, digit.char, digit.guess, digit.cost)], cost: path.cost + digit.cost });
    }
  }
  candidates.sort((a, b) => a.cost - b.cost);
  const best = candidates[0];
  if (!best) {
    const top = optionsAt(grid, checkCell)[0];
    const chosen = [
      ...joint.map((item) => ({ item, option: item.options[0] as TItemOption })),
      digitChoice(checkCell, top?.char ?? "<", top?.guess ?? false, 0),
    ];
    return { chosen, rivals: [], valid: false };
  }
  const ocr = (choices: TChoice[]) => choices.reduce((sum, c) => sum + c.option.cost, 0);
  const rivals = candidates
    .slice(1)
    .filter((c) => ocr(c.choices) <= ocr(best.choices) + AMBIGUITY_MARGIN)
    .map((c) => c.choices);
  return { chosen: best.choices, rivals, valid: true };
}

/** The composite check digit as a one-position group. */
function digitChoice(cell: TCell, char: string, guess: boolean, cost: number): TChoice {
  const option: TItemOption = { chars: [char], cost, prior: 0, guess, valid: true };
  return { item: { cells: [cell], options: [option], kinds: ["num"], checked: true }, option };
}
