import { createCanvas } from "@napi-rs/canvas";
import { openPdf } from "./pdfjs";

/** width and height in PDF points; scale = image pixels per point. */
export type TRenderedPage = { index: number; png: Buffer; width: number; height: number; scale: number };

/** Renders PDF pages to PNG one at a time (300 dpi by default), so memory holds one page. */
export async function* renderPdfPages(
  bytes: Uint8Array,
  opts: { dpi?: number; signal?: AbortSignal; pages?: number[] } = {},
): AsyncGenerator<TRenderedPage> {
  const scale = (opts.dpi ?? 300) / 72;
  const pdf = await openPdf(bytes);
  try {
    const numbers = opts.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
    for (const n of numbers) {
      opts.signal?.throwIfAborted();
      const page = await pdf.getPage(n);
      const viewport = page.getViewport({ scale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdfjs draws through the Canvas 2D API, which @napi-rs/canvas implements.
      const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0];
      await page.render(params).promise;
      page.cleanup();
      // Boxes are reported in PDF points (1/72 in), the same unit as the text layer.
      yield {
        index: n - 1,
        png: await canvas.encode("png"),
        width: viewport.width / scale,
        height: viewport.height / scale,
        scale,
      };
    }
  } finally {
    await pdf.destroy();
  }
}
