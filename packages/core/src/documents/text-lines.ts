import type { TBBox, TPage, TWord } from "../extraction/extraction-result";

/** One line of text on a page with the box around its words, and the words (with their boxes) it was matched to. */
export type TTextLine = { text: string; page: number; bbox: TBBox | null; pageWidth: number; pageHeight: number; words: TWord[] };

/** The box around boxes (a loop, not spread arguments: a line may hold a hundred thousand words). */
function union(boxes: TBBox[]): TBBox | null {
  if (boxes.length === 0) return null;
  const out = { ...(boxes[0] as TBBox) };
  for (const b of boxes) {
    if (b.x0 < out.x0) out.x0 = b.x0;
    if (b.y0 < out.y0) out.y0 = b.y0;
    if (b.x1 > out.x1) out.x1 = b.x1;
    if (b.y1 > out.y1) out.y1 = b.y1;
  }
  return out;
}

/** No line of a document is longer than this; longer ones (a PDF's text in one run, hostile input) are cut. */
export const MAX_LINE_CHARS = 400;

/**
 * A text with every line at most MAX_LINE_CHARS long, cut at a space where one is near: every
 * pattern the structurers match line by line then works on bounded input, so a megabyte-long line
 * costs linear time however a pattern backtracks.
 */
export function boundLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split("\n")) {
    let line = raw;
    while (line.length > MAX_LINE_CHARS) {
      const space = line.lastIndexOf(" ", MAX_LINE_CHARS);
      const cut = space > MAX_LINE_CHARS / 2 ? space : MAX_LINE_CHARS;
      out.push(line.slice(0, cut));
      line = line.slice(cut).replace(/^ /, "");
    }
    out.push(line);
  }
  return out;
}

/**
 * The lines of every page in reading order, each with a box: the page's text lines, boxed by the
 * words they contain (matched in order), so structurers can say where a value was read.
 */
export function pageLines(pages: TPage[]): TTextLine[] {
  const out: TTextLine[] = [];
  for (const page of pages) {
    let cursor = 0;
    const words: TWord[] = page.words;
    for (const raw of boundLines(page.text)) {
      const text = raw.replace(/\s+/g, " ").trim();
      if (!text) continue;
      const tokens = text.split(" ");
      const boxes: TBBox[] = [];
      const matched: TWord[] = [];
      let probe = cursor;
      let offset = 0;
      for (const token of tokens) {
        // A text layer's word may be a whole run of words: the next token is most often still in it, just after the last one.
        const last = matched.at(-1)?.text ?? "";
        let at = offset;
        while (last[at] === " " && at < offset + 8) at++;
        if (at > offset && last.startsWith(token, at)) {
          offset = at + token.length;
          continue;
        }
        // Words are matched forward only, within a small window, so a repeated word elsewhere on the page is not taken.
        for (let k = probe; k < Math.min(words.length, probe + 8); k++) {
          const word = words[k];
          const inWord = word ? word.text.indexOf(token) : -1;
          if (word && (inWord >= 0 || token.includes(word.text))) {
            boxes.push(word.bbox);
            matched.push(word);
            offset = inWord >= 0 ? inWord + token.length : word.text.length;
            probe = k + 1;
            break;
          }
        }
      }
      if (boxes.length > 0) cursor = probe;
      out.push({ text, page: page.index, bbox: union(boxes), pageWidth: page.width, pageHeight: page.height, words: matched });
    }
  }
  return out;
}

export const sourceOf = (line: TTextLine | undefined) => (line?.bbox ? { page: line.page, bbox: line.bbox } : null);
