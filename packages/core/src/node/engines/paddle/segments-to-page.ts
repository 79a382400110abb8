import type { TPage, TWord } from "../../../extraction/extraction-result";
import type { TReadImage, TReadSegment } from "./paddle-reader";
import { readingOrderGroups } from "../pdf-layout/reading-order";
import { boundsOf, type TRotatedRect } from "./rotated-rect";

type TPlaced = { segment: TReadSegment; u: number; v: number; top: number; bottom: number };

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** The words of a segment, each boxed by the stretch of the segment its characters take. */
function wordsOf(segment: TReadSegment, scale: number): TWord[] {
  const words: TWord[] = [];
  const { chars, rect } = segment;
  // Half a character's pitch on either side of the first and last centres.
  const pitch = chars.length > 1 ? ((chars.at(-1)?.at ?? 1) - (chars[0]?.at ?? 0)) / (chars.length - 1) : 1;
  let start = -1;
  const flush = (end: number) => {
    if (start < 0) return;
    const part = chars.slice(start, end);
    const text = part.map((c) => c.char).join("");
    const from = Math.max(0, Math.min(...part.map((c) => c.at)) - pitch / 2);
    const to = Math.min(1, Math.max(...part.map((c) => c.at)) + pitch / 2);
    const mid = (from + to) / 2 - 0.5;
    const piece: TRotatedRect = {
      ...rect,
      cx: rect.cx + mid * rect.width * Math.cos(rect.angle),
      cy: rect.cy + mid * rect.width * Math.sin(rect.angle),
      width: (to - from) * rect.width,
    };
    const b = boundsOf(piece);
    const confidence = part.reduce((s, c) => s + c.confidence, 0) / part.length;
    words.push({ text, confidence: Math.min(1, Math.max(0, confidence)), bbox: { x0: b.x0 / scale, y0: b.y0 / scale, x1: b.x1 / scale, y1: b.y1 / scale } });
    start = -1;
  };
  chars.forEach((c, k) => {
    if (c.char.trim() === "") flush(k);
    else if (start < 0) start = k;
  });
  flush(chars.length);
  return words;
}

/**
 * A page from the segments PP-OCR read: segments that share a text line (after undoing the page's
 * skew) are joined left to right, lines in reading order (columns one after the other). `scale`
 * is image pixels per page unit.
 */
export function segmentsToPage(read: TReadImage, index: number, scale = 1, size?: { width: number; height: number }): TPage {
  const wide = read.segments.filter((s) => s.rect.width > s.rect.height * 3);
  const skew = median(wide.map((s) => s.rect.angle));
  const cos = Math.cos(-skew);
  const sin = Math.sin(-skew);
  const placed: TPlaced[] = read.segments.map((segment) => {
    const { cx, cy, height } = segment.rect;
    const v = cx * sin + cy * cos;
    return { segment, u: cx * cos - cy * sin, v, top: v - height / 2, bottom: v + height / 2 };
  });
  // Reading order as for a PDF's text layer: columns of running text one after the other, table
  // and receipt rows kept as rows, a running header first and footer last.
  // Laid out by the ink, not the detector's padded boxes: from the first character to the last,
  // and the line's band (the box is the band and a fifth of it above and below).
  const items = placed.map((p) => {
    const { rect, chars } = p.segment;
    const first = chars[0]?.at ?? 0;
    const last = chars.at(-1)?.at ?? 1;
    const pitch = chars.length > 1 ? (last - first) / (chars.length - 1) : 0.5;
    const left = p.u - rect.width / 2;
    const inkHeight = rect.height / 1.4;
    return {
      text: p.segment.text,
      x0: left + Math.max(0, first - pitch / 2) * rect.width,
      x1: left + Math.min(1, last + pitch / 2) * rect.width,
      y0: p.v - inkHeight / 2,
      y1: p.v + inkHeight / 2,
      p,
    };
  });
  const lines = readingOrderGroups(items, { page: { top: 0, bottom: read.height } });
  const words: TWord[] = [];
  const text: string[] = [];
  let weighted = 0;
  let chars = 0;
  for (const line of lines) {
    // Segments the detector split inside a word (a wide gap between two capitals) join without a space.
    let joined = "";
    line.forEach((item, k) => {
      const before = line[k - 1];
      const gap = before ? item.x0 - before.x1 : Infinity;
      joined += k === 0 ? item.text : `${gap < 0.15 * (item.y1 - item.y0) ? "" : " "}${item.text}`;
    });
    text.push(joined);
    for (const { p } of line) {
      words.push(...wordsOf(p.segment, scale));
      weighted += p.segment.confidence * p.segment.text.length;
      chars += p.segment.text.length;
    }
  }
  return {
    index,
    width: size?.width ?? read.width / scale,
    height: size?.height ?? read.height / scale,
    text: text.join("\n"),
    confidence: chars ? Math.min(1, weighted / chars) : 0,
    words,
  };
}
