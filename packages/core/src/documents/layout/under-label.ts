import type { TTextLine } from "../text-lines";

/** A stretch of a line's text: characters [start, end). */
export type TSpan = { start: number; end: number };

/**
 * Where a stretch of a line's text sits across the page: the centre of the words it covers, in page
 * units, when the line has word boxes; else the centre of the stretch as a share of the line's
 * text (the best guess for a line read without boxes: columns start at similar shares).
 */
function centreOf(line: TTextLine, span: TSpan): { x: number; boxed: boolean } {
  let cursor = 0;
  let x0 = Infinity;
  let x1 = -Infinity;
  for (const word of line.words) {
    const at = line.text.indexOf(word.text, cursor);
    if (at < 0) continue;
    cursor = at + word.text.length;
    if (at < span.end && cursor > span.start) {
      x0 = Math.min(x0, word.bbox.x0);
      x1 = Math.max(x1, word.bbox.x1);
    }
  }
  if (x0 <= x1) return { x: (x0 + x1) / 2, boxed: true };
  return { x: (span.start + span.end) / 2 / Math.max(1, line.text.length), boxed: false };
}

/**
 * The candidate of `below` printed under a label of `heading` (a row of labels over a row of
 * values: "Invoice No.  Date  Due date" over "INV-7  03/15/2024  04/14/2024"): the nearest by word
 * boxes when both lines have them, else by position within the line. Null without candidates.
 */
export function pickUnder<T extends TSpan>(heading: TTextLine, label: TSpan, below: TTextLine, candidates: T[]): T | null {
  const target = centreOf(heading, label);
  let best: T | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const at = centreOf(below, candidate);
    // Boxes on one line only: positions are not comparable, so shares are used for both.
    const [x, to] = at.boxed === target.boxed ? [at.x, target.x] : [shareOf(below, candidate), shareOf(heading, label)];
    const distance = Math.abs(x - to);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

const shareOf = (line: TTextLine, span: TSpan) => (span.start + span.end) / 2 / Math.max(1, line.text.length);
