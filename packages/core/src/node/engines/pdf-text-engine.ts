import { engineReads, type TPage, type TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { AppError } from "../../errors/app-error";
import { openPdf, type TPdfDocument } from "./pdfjs";
import { linesOf } from "./pdf-layout/layout-lines";
import { pageItems, type TPdfTextItem } from "./pdf-layout/page-items";
import { readingOrderLines } from "./pdf-layout/reading-order";

const isTextItem = (item: unknown): item is TPdfTextItem => typeof item === "object" && item !== null && "str" in item && "transform" in item;

/** Reads the text layer a PDF carries: free and exact, but absent from scans. */
export const pdfTextEngine: TEngine = {
  name: "pdf-text",
  canRead: (type) => engineReads("pdf-text", type),
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
    const items: TPdfTextItem[] = [];
    for (const item of content.items) {
      if (!isTextItem(item) || !item.str.trim()) continue;
      items.push(item);
      const [, , , , x = 0, y = 0] = item.transform;
      // PDF space has y up from the bottom; boxes everywhere else have y down from the top.
      const top = viewport.height - y - item.height;
      words.push({ text: item.str, confidence: 1, bbox: { x0: x, y0: top, x1: x + item.width, y1: top + item.height } });
    }
    pages.push({
      index: n - 1,
      width: viewport.width,
      height: viewport.height,
      text: pageText(items, page.view),
      confidence: words.length > 0 ? 1 : 0,
      words,
    });
    page.cleanup();
  }
  return { engine: "pdf-text" as const, pages };
}

/**
 * The page's text in reading order, from the items' places, not their order in the content
 * stream (which often puts a label after its value, "993548900Factuurnummer:", or interleaves
 * columns): columns one after the other, then any text set in another direction.
 */
function pageText(items: readonly TPdfTextItem[], view: readonly number[]): string {
  const { items: laidOut, aside, page } = pageItems(items, view);
  return [...readingOrderLines(laidOut, { page }), ...aside.map((text) => text.replace(/\s+/g, " ").trim())].filter(Boolean).join("\n");
}

/** Lines of words in top-to-bottom order, each left to right: the reading order of a one-column page. */
export function layoutLines(words: TWord[]): string {
  return linesOf(words.map((word) => ({ text: word.text, ...word.bbox }))).join("\n");
}
