import type { TBBox, TPage, TWord } from "../extraction/extraction-result";

/** One line of text on a page with the box around its words. */
export type TTextLine = { text: string; page: number; bbox: TBBox | null; pageWidth: number; pageHeight: number };

const union = (boxes: TBBox[]): TBBox | null =>
  boxes.length === 0
    ? null
    : {
        x0: Math.min(...boxes.map((b) => b.x0)),
        y0: Math.min(...boxes.map((b) => b.y0)),
        x1: Math.max(...boxes.map((b) => b.x1)),
        y1: Math.max(...boxes.map((b) => b.y1)),
      };

/**
 * The lines of every page in reading order, each with a box: the page's text lines, boxed by the
 * words they contain (matched in order), so structurers can say where a value was read.
 */
export function pageLines(pages: TPage[]): TTextLine[] {
  const out: TTextLine[] = [];
  for (const page of pages) {
    let cursor = 0;
    const words: TWord[] = page.words;
    for (const raw of page.text.split("\n")) {
      const text = raw.replace(/\s+/g, " ").trim();
      if (!text) continue;
      const tokens = text.split(" ");
      const boxes: TBBox[] = [];
      let probe = cursor;
      for (const token of tokens) {
        // Words are matched forward only, within a small window, so a repeated word elsewhere on the page is not taken.
        for (let k = probe; k < Math.min(words.length, probe + 8); k++) {
          const word = words[k];
          if (word && (word.text === token || word.text.includes(token) || token.includes(word.text))) {
            boxes.push(word.bbox);
            probe = k + 1;
            break;
          }
        }
      }
      if (boxes.length > 0) cursor = probe;
      out.push({ text, page: page.index, bbox: union(boxes), pageWidth: page.width, pageHeight: page.height });
    }
  }
  return out;
}

export const sourceOf = (line: TTextLine | undefined) =>
  line?.bbox ? { page: line.page, bbox: line.bbox } : null;
