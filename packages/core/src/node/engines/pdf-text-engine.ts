import type { TPage, TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { AppError } from "../../errors/app-error";
import { openPdf, type TPdfDocument } from "./pdfjs";

type TTextItem = { str: string; transform: number[]; width: number; height: number };
const isTextItem = (item: unknown): item is TTextItem =>
  typeof item === "object" && item !== null && "str" in item && "transform" in item;

/** Reads the text layer a PDF carries: free and exact, but absent from scans. */
export const pdfTextEngine: TEngine = {
  name: "pdf-text",
  canRead: (type) => type === "application/pdf",
  async read({ bytes, signal }) {
    const pdf = await openPdf(bytes);
    try {
      return await readPages(pdf, signal);
    } catch (error) {
      if (error instanceof AppError || (error instanceof Error && error.name === "AbortError")) throw error;
      // pdf.js opens damaged files in recovery mode and only fails when a page is read.
      throw new AppError("CORRUPT_FILE", "This PDF is damaged and cannot be read. Export or scan it again.", { cause: error });
    } finally {
      await pdf.destroy();
    }
  },
};

async function readPages(pdf: TPdfDocument, signal?: AbortSignal) {
  const pages: TPage[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    signal?.throwIfAborted();
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const words: TWord[] = [];
    for (const item of content.items) {
      if (!isTextItem(item) || !item.str.trim()) continue;
      const [, , , , x = 0, y = 0] = item.transform;
      // PDF space has y up from the bottom; boxes everywhere else have y down from the top.
      const top = viewport.height - y - item.height;
      words.push({ text: item.str, confidence: 1, bbox: { x0: x, y0: top, x1: x + item.width, y1: top + item.height } });
    }
    pages.push({
      index: n - 1,
      width: viewport.width,
      height: viewport.height,
      text: layoutLines(words),
      confidence: words.length > 0 ? 1 : 0,
      words,
    });
    page.cleanup();
  }
  return { engine: "pdf-text" as const, pages };
}

/**
 * Text in reading order: items on one baseline form a line, left to right, with a space where
 * they do not touch. pdf.js gives items in content-stream order, which often puts a label after
 * its value ("993548900Factuurnummer:").
 */
export function layoutLines(words: TWord[]): string {
  const sorted = [...words].sort((a, b) => a.bbox.y1 - b.bbox.y1 || a.bbox.x0 - b.bbox.x0);
  const lines: TWord[][] = [];
  for (const word of sorted) {
    const height = Math.max(1, word.bbox.y1 - word.bbox.y0);
    const line = lines.find((l) => {
      const first = l[0];
      return first !== undefined && Math.abs(first.bbox.y1 - word.bbox.y1) < height * 0.5;
    });
    if (line) line.push(word);
    else lines.push([word]);
  }
  return lines
    .map((line) =>
      line
        .sort((a, b) => a.bbox.x0 - b.bbox.x0)
        .reduce((out, word, i) => {
          const previous = line[i - 1];
          const gap = previous ? word.bbox.x0 - previous.bbox.x1 : 0;
          const height = Math.max(1, word.bbox.y1 - word.bbox.y0);
          const joiner = i === 0 || (gap < height * 0.1 && !/\s$/.test(out)) ? "" : " ";
          return out + joiner + word.text;
        }, "")
        .replace(/\s+/g, " ")
        .trim(),
    )
    .filter(Boolean)
    .join("\n");
}
