import { createCanvas } from "@napi-rs/canvas";
import sharp from "sharp";
import { AppError } from "../../errors/app-error";
import { openPdf } from "./pdfjs";

/** Pixels one rendered page may use (80 MB of RGBA, a little over a 300 dpi A3 page): a page declaring a huge MediaBox is rendered coarser, never bigger. */
const MAX_PAGE_PIXELS = 20_000_000;
const MAX_SIDE_PIXELS = 16_000;

/** width and height in PDF points; scale = image pixels per point. */
export type TRenderedPage = { index: number; png: Buffer; width: number; height: number; scale: number };

/**
 * Renders PDF pages (1-based numbers, all by default) to greyscale PNG one at a time (300 dpi by
 * default), so memory holds one page. maxPixels lowers the bound on one page's pixels (a viewer
 * needs far fewer than OCR). A page number the PDF does not have is NOT_FOUND.
 */
export async function* renderPdfPages(
  bytes: Uint8Array,
  opts: { dpi?: number; signal?: AbortSignal; pages?: number[]; maxPixels?: number } = {},
): AsyncGenerator<TRenderedPage> {
  const scale = (opts.dpi ?? 300) / 72;
  const maxPixels = Math.min(opts.maxPixels ?? MAX_PAGE_PIXELS, MAX_PAGE_PIXELS);
  const pdf = await openPdf(bytes);
  try {
    const numbers = opts.pages ?? Array.from({ length: pdf.numPages }, (_, i) => i + 1);
    for (const n of numbers) {
      opts.signal?.throwIfAborted();
      // Else pdfjs's own refusal would read as a damaged file.
      if (!Number.isInteger(n) || n < 1 || n > pdf.numPages) {
        throw new AppError("NOT_FOUND", `This PDF has ${pdf.numPages} page${pdf.numPages === 1 ? "" : "s"}; there is no page ${n}.`);
      }
      const page = await pdf.getPage(n).catch((error: unknown) => {
        throw new AppError("CORRUPT_FILE", `Page ${n} of this PDF is damaged and cannot be read. Export or scan it again.`, {
          cause: error,
        });
      });
      const natural = page.getViewport({ scale: 1 });
      // PDF pages are at most 14,400 units a side (200 in); anything else is a damaged or hostile file.
      if (!(natural.width >= 1 && natural.height >= 1 && natural.width <= 14_400 && natural.height <= 14_400)) {
        throw new AppError(
          "CORRUPT_FILE",
          `Page ${n} of this PDF declares a size of ${Math.round(natural.width)} x ${Math.round(natural.height)} points, which no real page has. Export or scan it again.`,
        );
      }
      const pageScale = Math.min(scale, Math.sqrt(maxPixels / (natural.width * natural.height)), MAX_SIDE_PIXELS / Math.max(natural.width, natural.height));
      const viewport = page.getViewport({ scale: pageScale });
      const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
      const context = canvas.getContext("2d");
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      // pdfjs draws through the Canvas 2D API, which @napi-rs/canvas implements.
      const params = { canvas, canvasContext: context, viewport } as unknown as Parameters<typeof page.render>[0];
      await page.render(params).promise.catch((error: unknown) => {
        throw new AppError("CORRUPT_FILE", `Page ${n} of this PDF is damaged and cannot be drawn. Export or scan it again.`, {
          cause: error,
        });
      });
      page.cleanup();
      // The canvas's own PNG encoder takes ~0.7 s for a 300 dpi page; greyscale at low compression
      // through sharp takes a tenth of that, and OCR reads grey anyway.
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const png = await sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
        raw: { width: canvas.width, height: canvas.height, channels: 4 },
      })
        .greyscale()
        // Without a density the PNG would claim 25 dpi (libvips' 1 px/mm), which OCR believes.
        .withMetadata({ density: pageScale * 72 })
        .png({ compressionLevel: 1 })
        .toBuffer();
      // Boxes are reported in PDF points (1/72 in), the same unit as the text layer.
      yield {
        index: n - 1,
        png,
        width: viewport.width / pageScale,
        height: viewport.height / pageScale,
        scale: pageScale,
      };
    }
  } finally {
    await pdf.destroy();
  }
}
