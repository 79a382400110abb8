import { renderPdfPages } from "@docvault/core/render-pdf";

/** 150 dpi: an A4 page comes 1240 px wide, sharp on a laptop and at a phone's 2x. */
const VIEW_DPI = 150;
/** An A3 page at 150 dpi (4.4 MP) and anything larger come coarser: a viewer needs no more. */
const MAX_VIEW_PIXELS = 4_000_000;
/** Drawn pages kept in this process (about 100 A4 pages of text); the oldest go first. */
const KEPT_BYTES = 32 * 1024 * 1024;

const kept = new Map<string, Buffer>();
let keptBytes = 0;
const drawing = new Map<string, Promise<Buffer>>();

/**
 * Page `page` (1-based) of a stored PDF as a PNG for the result page. A page takes ~0.3 s to draw
 * and its bytes under a document id never change, so drawn pages are kept (bounded in bytes), and
 * two requests for a page still being drawn share the drawing. The caller checks the owner first:
 * `documentId` alone says nothing about who may see it. NOT_FOUND for a page the PDF does not have.
 */
export async function pdfPageImage(documentId: string, page: number, load: () => Promise<Uint8Array>): Promise<Buffer> {
  const key = `${documentId}:${page}`;
  const hit = kept.get(key);
  if (hit) {
    // Map order is insertion order: taken out and put back, it is the newest again.
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  const pending = drawing.get(key);
  if (pending) return pending;
  const draw = (async () => {
    for await (const rendered of renderPdfPages(await load(), { dpi: VIEW_DPI, pages: [page], maxPixels: MAX_VIEW_PIXELS })) return rendered.png;
    // renderPdfPages yields the page or throws; this is only for the type checker.
    throw new Error(`page ${page} was not drawn`);
  })();
  drawing.set(key, draw);
  try {
    const png = await draw;
    keep(key, png);
    return png;
  } finally {
    drawing.delete(key);
  }
}

function keep(key: string, png: Buffer) {
  if (png.length > KEPT_BYTES / 4 || kept.has(key)) return;
  kept.set(key, png);
  keptBytes += png.length;
  for (const [oldest, bytes] of kept) {
    if (keptBytes <= KEPT_BYTES) break;
    kept.delete(oldest);
    keptBytes -= bytes.length;
  }
}
