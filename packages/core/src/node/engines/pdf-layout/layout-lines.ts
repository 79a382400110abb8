import { height, type TLayoutItem } from "./layout-item";

/**
 * Items on one baseline form a line, lines top to bottom, items left to right. An item joins the
 * earliest line whose first item's bottom lies within half its own height; lines are made in
 * order of their first item's bottom, so the candidates are a suffix found by binary search
 * (n log n, where a scan over all lines was quadratic on pages of many short lines).
 */
export function groupLines<T extends TLayoutItem>(items: readonly T[]): T[][] {
  const sorted = [...items].sort((a, b) => a.y1 - b.y1 || a.x0 - b.x0);
  const lines: T[][] = [];
  const bottoms: number[] = [];
  for (const item of sorted) {
    const limit = item.y1 - height(item) * 0.5;
    let lo = 0;
    let hi = lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((bottoms[mid] ?? 0) > limit) hi = mid;
      else lo = mid + 1;
    }
    const line = lines[lo];
    if (line) line.push(item);
    else {
      lines.push([item]);
      bottoms.push(item.y1);
    }
  }
  for (const line of lines) line.sort((a, b) => a.x0 - b.x0);
  return lines;
}

/** One line's text: items left to right, a space where they do not touch. */
export function lineText(line: readonly TLayoutItem[]): string {
  const parts: string[] = [];
  let endsInSpace = false;
  let previous: TLayoutItem | undefined;
  for (const item of line) {
    const gap = previous ? item.x0 - previous.x1 : 0;
    if (previous !== undefined && (gap >= height(item) * 0.1 || endsInSpace)) parts.push(" ");
    parts.push(item.text);
    // Remembered, not read back from the growing string: that would rescan it for every item.
    if (item.text.length > 0) endsInSpace = /\s/.test(item.text.slice(-1));
    previous = item;
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** Lines of text in top-to-bottom order, empty lines dropped. */
export function linesOf(items: readonly TLayoutItem[]): string[] {
  return groupLines(items).map(lineText).filter(Boolean);
}

/** The same lines as their items (for callers that keep more than the text: boxes, words). */
export function lineGroupsOf<T extends TLayoutItem>(items: readonly T[]): T[][] {
  return groupLines(items).filter((line) => lineText(line) !== "");
}
