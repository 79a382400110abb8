import type { TMrzGlyphRow } from "./segment-mrz-glyphs";

/** A character the OCR read, with its box (x only matters) and confidence 0..100. */
export type TOcrSymbol = { text: string; confidence: number; x0: number; x1: number };

/** What tesseract's English model reads the OCR-B '<' as. */
const FILLER_MISREADS = new Set(["<", "C", "K", "L", "S", "E"]);

/**
 * One MRZ line from the glyph cells and the OCR's symbols: a cell whose shape is the '<' chevron is a filler whatever
 * the OCR read there (its English model reads the chevron as C, K, L or S); any other cell takes the OCR symbol that
 * overlaps its glyph most, the most confident when the OCR split one glyph in two, so an inserted or dropped
 * character cannot shift the rest of the line. Empty cells the OCR saw nothing in are left out.
 */
export function assembleMrzLine(row: TMrzGlyphRow, symbols: readonly TOcrSymbol[]): string {
  return assembleMrzLineDetailed(row, symbols).line;
}

/** As assembleMrzLine, also naming the cells holding a glyph that no OCR symbol read (to be read alone). */
export function assembleMrzLineDetailed(row: TMrzGlyphRow, symbols: readonly TOcrSymbol[]): { line: string; unread: number[] } {
  const unread: number[] = [];
  const byCell = new Map<number, TOcrSymbol>();
  for (const symbol of symbols) {
    if (symbol.text.length !== 1) continue;
    const cell = cellOf(row, symbol);
    const existing = byCell.get(cell);
    if (!existing || symbol.confidence > existing.confidence) byCell.set(cell, symbol);
  }
  // A symbol names one glyph only: a fallback may take a symbol no cell has won (one that lost a
  // collision with a neighbour, as a narrow I next to a wide M does), never reuse a winner.
  const used = new Set(byCell.values());
  let line = "";
  row.cells.forEach((glyph, cell) => {
    let symbol = byCell.get(cell);
    if (!symbol && glyph) {
      symbol = nearestUnused(glyph, symbols, used, row.pitch);
      if (symbol) used.add(symbol);
    }
    // The shape overrules the OCR only between the filler and the letters it is mistaken for.
    if (glyph?.filler && (!symbol || FILLER_MISREADS.has(symbol.text))) {
      line += "<";
      return;
    }
    if (symbol) line += symbol.text;
    // A glyph the OCR passed over: a filler is the likeliest thing it would skip; the caller may read it alone.
    else if (glyph) {
      if (!glyph.filler) unread.push(line.length);
      line += "<";
    }
  });
  return { line, unread };
}

/**
 * The cell whose glyph holds the symbol's centre, else the one its box overlaps most, else by its centre alone. Tesseract's boxes for
 * the first and last characters of a line often stretch into the margin, so their centres alone would miss.
 */
function cellOf(row: TMrzGlyphRow, symbol: TOcrSymbol): number {
  const centre = (symbol.x0 + symbol.x1) / 2;
  const containing = row.cells.findIndex((glyph) => glyph !== undefined && centre >= glyph.x0 && centre < glyph.x1);
  if (containing >= 0) return containing;
  let best = -1;
  let bestOverlap = 0;
  row.cells.forEach((glyph, cell) => {
    if (!glyph) return;
    const overlap = Math.min(glyph.x1, symbol.x1) - Math.max(glyph.x0, symbol.x0);
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = cell;
    }
  });
  return best >= 0 ? best : Math.floor(((symbol.x0 + symbol.x1) / 2 - row.origin) / row.pitch);
}

function nearestUnused(
  glyph: { x0: number; x1: number },
  symbols: readonly TOcrSymbol[],
  used: ReadonlySet<TOcrSymbol>,
  pitch: number,
): TOcrSymbol | undefined {
  const centre = (glyph.x0 + glyph.x1) / 2;
  let best: TOcrSymbol | undefined;
  let bestDistance = pitch;
  for (const symbol of symbols) {
    if (symbol.text.length !== 1 || used.has(symbol)) continue;
    const distance = Math.abs((symbol.x0 + symbol.x1) / 2 - centre);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = symbol;
    }
  }
  return best;
}
