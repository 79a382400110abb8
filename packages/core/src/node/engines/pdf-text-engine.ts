import type { TPage, TWord } from "../../extraction/extraction-result";
import type { TEngine } from "./engine";
import { openPdf } from "./pdfjs";

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
      const pages: TPage[] = [];
      for (let n = 1; n <= pdf.numPages; n++) {
        signal?.throwIfAborted();
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const words: TWord[] = [];
        let text = "";
        for (const item of content.items) {
          if (!isTextItem(item)) continue;
          const [, , , , x = 0, y = 0] = item.transform;
          if (item.str.trim()) {
            // PDF space has y up from the bottom; boxes everywhere else have y down from the top.
            const top = viewport.height - y - item.height;
            words.push({
              text: item.str,
              confidence: 1,
              bbox: { x0: x, y0: top, x1: x + item.width, y1: top + item.height },
            });
          }
          text += item.str + ("hasEOL" in item && item.hasEOL ? "\n" : "");
        }
        pages.push({
          index: n - 1,
          width: viewport.width,
          height: viewport.height,
          text: text.trim(),
          confidence: words.length > 0 ? 1 : 0,
          words,
        });
        page.cleanup();
      }
      return { engine: "pdf-text", pages };
    } finally {
      await pdf.destroy();
    }
  },
};
