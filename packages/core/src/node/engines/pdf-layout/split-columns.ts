import type { TGap } from "./gaps";
import { extent, type TLayoutBudget, type TLayoutItem } from "./layout-item";
import { looksLikeTable } from "./table-rows";
import { groupLines } from "./layout-lines";
import { COLUMN_RULES, continuesText, isTextColumn } from "./text-column";

/** More gutters than this in one block is a grid or a table, not columns of text. */
export const MAX_GUTTERS = 8;

/**
 * Whether a part is a paragraph's last words carried over to the top of the next column: one
 * line, beside the first line of the column of running text before it, continuing a sentence.
 * Too short for the test of running text, it would otherwise make the columns one block of lines
 * ("1 Introduction notice rent unit."). A value beside its label starts afresh and stays beside it.
 */
function carriedOver(part: readonly TLayoutItem[], before: readonly TLayoutItem[], em: number): boolean {
  const lines = groupLines(part);
  const line = lines[0];
  const first = groupLines(before)[0];
  if (lines.length !== 1 || !line || !first || !continuesText(line)) return false;
  // A word or two beside a column is a river of wide spaces in justified lines, not a column.
  const a = extent(line);
  const words = line.reduce((sum, item) => sum + item.text.split(/\s+/).filter(Boolean).length, 0);
  if (a.x1 - a.x0 < COLUMN_RULES.minWidthEm * em || words < COLUMN_RULES.minWordsPerLine) return false;
  const b = extent(first);
  return a.y0 < b.y1 && b.y0 < a.y1;
}

/**
 * Splits a block at the gutters whose both sides read as columns of text, left to right; null
 * when none do. A side that is no column (line numbers, a table's figures) is joined to its
 * neighbour across the narrower gutter and tried again, so a transcript's line numbers stay with
 * their lines while its two columns still part. Parts that pair up row by row like a table's stay rows.
 * A paragraph's last line carried over alone to the next column counts as a column (see carriedOver).
 */
export function splitColumns(items: readonly TLayoutItem[], gutters: readonly TGap[], em: number, budget: TLayoutBudget): TLayoutItem[][] | null {
  if (gutters.length === 0 || gutters.length > MAX_GUTTERS) return null;
  const parts: TLayoutItem[][] = gutters.map(() => []);
  parts.push([]);
  for (const item of items) {
    // Gutters are empty in every band of the block, so an item lies wholly between two of them.
    let k = 0;
    while (k < gutters.length && item.x0 >= (gutters[k]?.x1 ?? Infinity)) k++;
    parts[k]?.push(item);
  }
  budget.work += items.length;
  const cuts = [...gutters];
  const ok: boolean[] = [];
  parts.forEach((part, k) => {
    const before = parts[k - 1];
    ok.push(isTextColumn(part, em) || (before !== undefined && ok[k - 1] === true && carriedOver(part, before, em)));
  });
  budget.work += 2 * items.length;
  for (let failing = ok.indexOf(false); failing >= 0 && parts.length > 1; failing = ok.indexOf(false)) {
    const left = cuts[failing - 1];
    const right = cuts[failing];
    const leftWidth = left ? left.x1 - left.x0 : Infinity;
    const rightWidth = right ? right.x1 - right.x0 : Infinity;
    const at = leftWidth < rightWidth ? failing - 1 : failing;
    const merged = [...(parts[at] ?? []), ...(parts[at + 1] ?? [])];
    parts.splice(at, 2, merged);
    cuts.splice(at, 1);
    ok.splice(at, 2, isTextColumn(merged, em));
    budget.work += merged.length;
  }
  if (parts.length < 2) return null;
  budget.work += items.length;
  return looksLikeTable(parts, em) ? null : parts;
}
