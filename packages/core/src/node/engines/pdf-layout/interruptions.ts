import type { TBand } from "./bands";
import type { TGap } from "./gaps";
import { groupLines } from "./layout-lines";
import type { TLayoutItem } from "./layout-item";
import { isTextColumn } from "./text-column";

/** Share of a stretch's lines that must be split into cells for it to be a table. */
const MIN_ROWS_WITH_CELLS = 0.5;

/** Lines of some items, and how many of them are split into cells by a gap of at least `minGap`. */
function cellLines(items: readonly TLayoutItem[], minGap: number): { lines: number; withCells: number } {
  const lines = groupLines(items);
  let withCells = 0;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      if ((line[i]?.x0 ?? 0) - (line[i - 1]?.x1 ?? 0) >= minGap) {
        withCells++;
        break;
      }
    }
  }
  return { lines: lines.length, withCells };
}

/** Whether a stretch of one column is a table: two or more lines, most of them cells parted by gaps, no running text. */
function isTableStretch(items: readonly TLayoutItem[], em: number, minGap: number): boolean {
  const { lines, withCells } = cellLines(items, minGap);
  return lines >= 2 && withCells >= MIN_ROWS_WITH_CELLS * lines && !isTextColumn(items, em);
}

/**
 * Where a block of columns is interrupted by a table: a stretch of bands with text in one
 * column only, above, between or below stretches with text in several, whose lines are rows of
 * cells (a table narrower than the page, beside nothing). Returns the block's bands in pieces to
 * read one after the other (columns above, the table, columns below), or null when the block is
 * one run of columns. Lines of running text at either end of the stretch (a column's last lines
 * above the table) stay with the columns, and a column going on alone beside a picture or a blank
 * line of the other column does not interrupt at all.
 */
export function splitAtInterruptions(bands: readonly TBand[], gutters: readonly TGap[], em: number, minGap: number): TBand[][] | null {
  // Which side of the gutters an item is on: gutters are empty in every band, so it is wholly on one.
  const side = (item: TLayoutItem) => {
    let k = 0;
    while (k < gutters.length && item.x0 >= (gutters[k]?.x1 ?? Infinity)) k++;
    return k;
  };
  const oneSided = bands.map((band) => {
    const first = band.items[0];
    return first === undefined || band.items.every((item) => side(item) === side(first));
  });
  const hasCells = (i: number) => oneSided[i] === true && cellLines(bands[i]?.items ?? [], minGap).withCells > 0;
  const pieces: TBand[][] = [];
  let start = 0;
  for (let i = 0; i < bands.length;) {
    if (!oneSided[i]) {
      i++;
      continue;
    }
    let end = i;
    while (end < bands.length && oneSided[end]) end++;
    // The table: from the first band of the stretch with cells to the last.
    let first = i;
    while (first < end && !hasCells(first)) first++;
    let last = end - 1;
    while (last > first && !hasCells(last)) last--;
    const table = bands.slice(first, last + 1);
    const wholeBlock = first === 0 && last === bands.length - 1;
    if (
      first < end &&
      !wholeBlock &&
      isTableStretch(
        table.flatMap((band) => band.items),
        em,
        minGap,
      )
    ) {
      pieces.push(bands.slice(start, first), table);
      start = last + 1;
    }
    i = end;
  }
  if (pieces.length === 0) return null;
  if (start < bands.length) pieces.push(bands.slice(start));
  return pieces.filter((piece) => piece.length > 0);
}
