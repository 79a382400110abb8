import type { TBand } from "./bands";
import { freeGaps, interiorGaps, intersectGaps, type TGap } from "./gaps";
import { groupLines } from "./layout-lines";
import { extent, type TLayoutItem } from "./layout-item";
import { isTextColumn } from "./text-column";

/** Share of a stretch's lines that must be split into cells for it to be a table. */
const MIN_ROWS_WITH_CELLS = 0.5;
/** A table across the columns has at least this many rows (header included): two lines of justified text can look like two rows. */
const MIN_ROWS_ACROSS = 3;
/** A caption or note set against a table is a line or two; more is a column's running text. */
const MAX_CAPTION_BANDS = 2;

/** Whether some gutter lies in the gap between two items (the columns' own gap, not one between cells). */
const holdsGutter = (gutters: readonly TGap[], left: TLayoutItem, right: TLayoutItem) => gutters.some((g) => g.x0 >= left.x1 && g.x1 <= right.x0);

/** Lines of some items, and how many of them are split into cells by a gap of at least `minGap` that holds no gutter. */
function cellLines(items: readonly TLayoutItem[], minGap: number, gutters: readonly TGap[]): { lines: number; withCells: number } {
  const lines = groupLines(items);
  let withCells = 0;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const left = line[i - 1];
      const right = line[i];
      if (left && right && right.x0 - left.x1 >= minGap && !holdsGutter(gutters, left, right)) {
        withCells++;
        break;
      }
    }
  }
  return { lines: lines.length, withCells };
}

/**
 * Whether the rows of a stretch that crosses the gutters line their cells up: at least
 * MIN_ROWS_ACROSS lines, and a gap besides the gutters that is empty in every one of them. Wide
 * word spaces of justified lines fall anywhere (two lines' may meet by chance); a table's
 * columns are set so that every row leaves their gaps free.
 */
function cellsLineUp(items: readonly TLayoutItem[], gutters: readonly TGap[], minGap: number): boolean {
  const lines = groupLines(items);
  if (lines.length < MIN_ROWS_ACROSS) return false;
  const { x0, x1 } = extent(items);
  let shared: TGap[] | undefined;
  for (const line of lines) {
    const gaps = freeGaps(line, x0, x1, minGap);
    shared = shared ? intersectGaps(shared, gaps, minGap) : gaps;
  }
  const gutterOf = (gap: TGap) => gutters.some((g) => g.x0 >= gap.x0 && g.x1 <= gap.x1);
  return interiorGaps(shared ?? [], x0, x1).some((gap) => !gutterOf(gap));
}

/** Whether a stretch is a table: two or more lines, most of them cells parted by gaps, no running text. */
function isTableStretch(items: readonly TLayoutItem[], em: number, minGap: number, gutters: readonly TGap[]): boolean {
  const { lines, withCells } = cellLines(items, minGap, gutters);
  return lines >= 2 && withCells >= MIN_ROWS_WITH_CELLS * lines && !isTextColumn(items, em);
}

/** The vertical gap between bands i and i + 1; -Infinity past either end, where a line's distance to the block's edge tells nothing. */
const gapAfter = (bands: readonly TBand[], i: number) => {
  const upper = bands[i];
  const lower = bands[i + 1];
  return upper && lower ? lower.y0 - upper.y1 : -Infinity;
};

/**
 * The table's edge band `edge` moved out over its caption or note: the bands up to `limit` (going
 * `step`, -1 up, 1 down) that sit closer to the table, and to each other, than to the text beyond
 * them. A column's own last line sits as close to the lines above it as they sit to each other.
 */
function withCaption(bands: readonly TBand[], edge: number, limit: number, step: -1 | 1): number {
  const gap = (k: number) => gapAfter(bands, step < 0 ? k - 1 : k); // between band k and the one beyond it
  for (let size = 1; size <= MAX_CAPTION_BANDS && (step < 0 ? edge - size >= limit : edge + size <= limit); size++) {
    const outer = edge + step * size;
    // Gaps from the table to the caption and within it, each narrower than the gap beyond it.
    let inner = 0;
    for (let k = edge; k !== outer; k += step) inner = Math.max(inner, gap(k));
    if (inner < gap(outer)) return outer;
  }
  return edge;
}

/**
 * Where a block of columns is interrupted by a table: a stretch of bands whose lines are rows of
 * cells, above, between or below stretches of running text in several columns. The table is
 * either narrower than the page, in one column beside nothing, or across the columns, its cells
 * lined up in gaps of their own (its gaps may happen to meet a gutter, which joined it to the
 * columns' block). Returns the block's bands in pieces to read one after the other (columns
 * above, the table, columns below), or null when the block is one run of columns. Lines of
 * running text at either end of the stretch (a column's last lines above the table) stay with the
 * columns, and a column going on alone beside a picture or a blank line of the other column does
 * not interrupt at all.
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
  const hasCells = bands.map((band) => cellLines(band.items, minGap, gutters).withCells > 0);
  // A band belongs to a stretch that may hold a table when it is one column alone or split into cells.
  const open = (i: number) => oneSided[i] === true || hasCells[i] === true;
  const pieces: TBand[][] = [];
  let start = 0;
  for (let i = 0; i < bands.length;) {
    if (!open(i)) {
      i++;
      continue;
    }
    let end = i;
    while (end < bands.length && open(end)) end++;
    // The table: from the first band of the stretch with cells to the last.
    let first = i;
    while (first < end && !hasCells[first]) first++;
    let last = end - 1;
    while (last > first && !hasCells[last]) last--;
    if (first < end) {
      first = withCaption(bands, first, i, -1);
      last = withCaption(bands, last, end - 1, 1);
    }
    const table = bands.slice(first, last + 1);
    const wholeBlock = first === 0 && last === bands.length - 1;
    const across = oneSided.slice(first, last + 1).some((one) => !one);
    if (
      first < end &&
      !wholeBlock &&
      isTableStretch(
        table.flatMap((band) => band.items),
        em,
        minGap,
        gutters,
      ) &&
      (!across ||
        cellsLineUp(
          table.flatMap((band) => band.items),
          gutters,
          minGap,
        ))
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
