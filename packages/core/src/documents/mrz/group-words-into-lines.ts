import type { TWord } from "../../extraction/extraction-result";
import type { TMrzTextLine } from "./find-mrz-lines";
import { unionBox } from "./union-box";

/** Groups positioned words into text lines by vertical overlap, left to right within a line. */
export function groupWordsIntoLines(words: readonly TWord[]): TMrzTextLine[] {
  const sorted = [...words].sort((a, b) => (a.bbox.y0 + a.bbox.y1) / 2 - (b.bbox.y0 + b.bbox.y1) / 2);
  const rows: TWord[][] = [];
  for (const word of sorted) {
    const middle = (word.bbox.y0 + word.bbox.y1) / 2;
    const row = rows.find((r) => {
      const box = unionBox(r.map((w) => w.bbox));
      return box !== undefined && middle >= box.y0 && middle <= box.y1;
    });
    if (row) row.push(word);
    else rows.push([word]);
  }
  return rows.map((row) => {
    const ordered = row.sort((a, b) => a.bbox.x0 - b.bbox.x0);
    return {
      text: ordered.map((w) => w.text).join(" "),
      bbox: unionBox(ordered.map((w) => w.bbox)),
      confidence: ordered.reduce((sum, w) => sum + w.confidence, 0) / ordered.length,
    };
  });
}
