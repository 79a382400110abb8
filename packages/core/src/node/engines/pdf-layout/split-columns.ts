import type { TGap } from "./gaps";
import type { TLayoutBudget, TLayoutItem } from "./layout-item";
import { looksLikeTable } from "./table-rows";
import { isTextColumn } from "./text-column";

/** More gutters than this in one block is a grid or a table, not columns of text. */
export const MAX_GUTTERS = 8;

/**
 * Splits a block at the gutters whose both sides read as columns of text, left to right; null
 * when none do. A side that is no column (line numbers, a table's figures) is joined to its
 * neighbour across the narrower gutter and tried again, so a transcript's line numbers stay with
 * their lines while its two columns still part. Parts that pair up row by row like a table's stay rows.
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
  const ok = parts.map((part) => isTextColumn(part, em));
  budget.work += items.length;
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
