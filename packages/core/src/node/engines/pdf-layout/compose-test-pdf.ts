/**
 * Test pages for reading order, made with pdf-lib: columns of wrapped (optionally justified)
 * prose, tables, running headers and footers, each returned with its text in true reading order.
 * The content stream is written in the wrong order on purpose (across the columns, row by row,
 * or shuffled) so that only the page's geometry can give the order back.
 */
import { PDFDocument, StandardFonts, type PDFFont } from "pdf-lib";

export type TTestBlock =
  | { kind: "line"; text: string; align?: "left" | "center" | "right"; size?: number }
  /** Two pieces on one line at the margins, like "Journal of Things ... Page 3". */
  | { kind: "split-line"; left: string; right: string }
  /**
   * Paragraphs wrapped to the column width, or broken where they have line breaks of their own;
   * `width`: of all the columns together (the page's less its margins unless told); `perColumn`:
   * lines in each column before the next begins (spread evenly unless told).
   */
  | { kind: "columns"; count: number; paragraphs: string[]; gutter?: number; justify?: boolean; paragraphSpacing?: number; width?: number; perColumn?: number }
  /** Rows of cells, each column as wide as its widest cell, or starting at `at` (from the left margin) where told. */
  | { kind: "table"; rows: string[][]; at?: number[] }
  | { kind: "space"; lines: number };

export type TTestPage = { header?: TTestBlock; body: TTestBlock[]; footer?: TTestBlock; order?: "rows" | "shuffled" };

type TDraw = { text: string; x: number; top: number; size: number };

const PAGE = { width: 595, height: 842, margin: 56 };
const SIZE = 10;
const PITCH = SIZE * 1.3;

/** The true text of a page, one line per line of the page where that is known. */
function blockTruth(block: TTestBlock): string[] {
  switch (block.kind) {
    case "line":
      return [block.text];
    case "split-line":
      return [`${block.left} ${block.right}`];
    case "columns":
      return block.paragraphs;
    case "table":
      return block.rows.map((row) => row.join(" "));
    case "space":
      return [];
  }
}

/** A paragraph's lines: its own where it has line breaks, else words wrapped to the width. */
function wrap(text: string, width: number, font: PDFFont): string[][] {
  if (text.includes("\n")) {
    const lines = text.split("\n");
    const over = lines.find((line) => font.widthOfTextAtSize(line, SIZE) > width);
    if (over !== undefined) throw new Error(`test page: "${over}" is wider than its column`);
    return lines.map((line) => line.split(/\s+/).filter(Boolean));
  }
  const lines: string[][] = [];
  let line: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = [...line, word].join(" ");
    if (line.length > 0 && font.widthOfTextAtSize(candidate, SIZE) > width) {
      lines.push(line);
      line = [word];
    } else line.push(word);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** Lays a block out from `top`; returns its draws (grouped by visual row, so they can be written row-major) and the next top. */
function drawBlock(block: TTestBlock, top: number, font: PDFFont): { rows: TDraw[][]; bottom: number } {
  const inner = PAGE.width - 2 * PAGE.margin;
  switch (block.kind) {
    case "space":
      return { rows: [], bottom: top + block.lines * PITCH };
    case "line": {
      const size = block.size ?? SIZE;
      const width = font.widthOfTextAtSize(block.text, size);
      const x = block.align === "center" ? PAGE.margin + (inner - width) / 2 : block.align === "right" ? PAGE.width - PAGE.margin - width : PAGE.margin;
      return { rows: [[{ text: block.text, x, top, size }]], bottom: top + size * 1.3 };
    }
    case "split-line": {
      const right = PAGE.width - PAGE.margin - font.widthOfTextAtSize(block.right, SIZE);
      return {
        rows: [
          [
            { text: block.left, x: PAGE.margin, top, size: SIZE },
            { text: block.right, x: right, top, size: SIZE },
          ],
        ],
        bottom: top + PITCH,
      };
    }
    case "table": {
      const gap = 18;
      const widths = block.rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, font.widthOfTextAtSize(cell, SIZE))), []);
      const rows = block.rows.map((row, r) => {
        let x = PAGE.margin;
        return row.map((cell, i) => {
          // Figures are right-aligned in their column, words left-aligned, as tables are set.
          const numeric = /^[\d.,% €$-]+$/.test(cell);
          const at = block.at?.[i];
          const left = at === undefined ? x : PAGE.margin + at;
          const cellX = numeric ? left + (widths[i] ?? 0) - font.widthOfTextAtSize(cell, SIZE) : left;
          x = left + (widths[i] ?? 0) + gap;
          return { text: cell, x: cellX, top: top + r * SIZE * 1.6, size: SIZE };
        });
      });
      return { rows, bottom: top + block.rows.length * SIZE * 1.6 };
    }
    case "columns": {
      const gutter = block.gutter ?? 2 * SIZE;
      const width = ((block.width ?? inner) - (block.count - 1) * gutter) / block.count;
      // Wrapped lines with a gap after each paragraph (half a line unless told), spread evenly over the columns.
      const lines = block.paragraphs.flatMap((p) => wrap(p, width, font).map((words, i, all) => ({ words, last: i === all.length - 1 })));
      const perColumn = block.perColumn ?? Math.ceil(lines.length / block.count);
      if (perColumn * block.count < lines.length) throw new Error(`test page: ${lines.length} lines do not fit ${block.count} columns of ${perColumn}`);
      const rows: TDraw[][] = [];
      let bottom = top;
      for (let c = 0; c < block.count; c++) {
        let y = top;
        lines.slice(c * perColumn, (c + 1) * perColumn).forEach((line, r) => {
          const x = PAGE.margin + c * (width + gutter);
          const row = (rows[r] ??= []);
          if (block.justify && !line.last && line.words.length > 1) {
            const natural = line.words.reduce((sum, w) => sum + font.widthOfTextAtSize(w, SIZE), 0);
            const space = (width - natural) / (line.words.length - 1);
            let wx = x;
            for (const word of line.words) {
              row.push({ text: word, x: wx, top: y, size: SIZE });
              wx += font.widthOfTextAtSize(word, SIZE) + space;
            }
          } else row.push({ text: line.words.join(" "), x, top: y, size: SIZE });
          y += line.last ? PITCH * (1 + (block.paragraphSpacing ?? 0.5)) : PITCH;
        });
        bottom = Math.max(bottom, y);
      }
      return { rows, bottom };
    }
  }
}

/** A seeded generator (mulberry32) in [0, 1), so a failing test fails the same way every time. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], seed: number): T[] {
  const random = seeded(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Builds the PDF; `truth[i]` is page i's text in reading order, one string per line or paragraph. */
export async function composeTestPdf(pages: TTestPage[]): Promise<{ bytes: Uint8Array; truth: string[][] }> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const truth: string[][] = [];
  pages.forEach((spec, index) => {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    const rows: TDraw[][] = [];
    if (spec.header) rows.push(...drawBlock(spec.header, PAGE.margin - 3 * PITCH, font).rows);
    let top = PAGE.margin;
    for (const block of spec.body) {
      const laid = drawBlock(block, top, font);
      rows.push(...laid.rows);
      top = laid.bottom + PITCH * 0.5;
    }
    if (spec.footer) rows.push(...drawBlock(spec.footer, PAGE.height - PAGE.margin + 2 * PITCH, font).rows);
    const draws = spec.order === "shuffled" ? shuffle(rows.flat(), index + 1) : rows.flat();
    for (const d of draws) page.drawText(d.text, { x: d.x, y: PAGE.height - d.top - d.size, size: d.size, font });
    truth.push([spec.header, ...spec.body, spec.footer].flatMap((block) => (block ? blockTruth(block) : [])));
  });
  return { bytes: await pdf.save(), truth };
}

const VOCABULARY = (
  "account address agreement amount answer balance bank basis bill board budget business " +
  "capital card case cash change charge check claim client company contract cost country credit " +
  "customer date debt decision delivery demand deposit detail document due duty employee energy " +
  "entry estate evidence exchange expense export factory fee field figure file fund goods growth " +
  "holder import income index interest invoice issue item journal labour land law ledger letter " +
  "licence limit loan market matter member method money notice number offer office order owner " +
  "page paper party payment period place plan policy price process product profit property rate " +
  "receipt record region rent report request return revenue right risk salary sale schedule " +
  "section service share signature source statement stock supply table tax term total trade " +
  "transfer unit value volume warranty week year"
).split(" ");

/** Paragraphs of made-up prose from a seed: unique enough that text read in the wrong order costs its full length. */
export function prose(seed: number, paragraphs: number, sentences = 4): string[] {
  const random = seeded(seed);
  const next = (n: number) => Math.floor(random() * n);
  return Array.from({ length: paragraphs }, () =>
    Array.from({ length: sentences }, () => {
      const words = Array.from({ length: 6 + next(9) }, () => VOCABULARY[next(VOCABULARY.length)] ?? "item");
      const sentence = words.join(" ");
      return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
    }).join(" "),
  );
}
