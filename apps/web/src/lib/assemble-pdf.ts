/**
 * Several photos taken one after another (the pages of a contract, a long receipt in parts) made
 * into one PDF on the device, in the file-check Web Worker, with pdf-lib: one page per photo, in
 * the order the person chose. Each photo is drawn upright (its EXIF orientation applied), at most
 * 2,400 px on its long side, as JPEG, on a page sized so that the server's 300 dpi rendering gives
 * back the same pixels. This module and pdf-lib load only when a scan is assembled.
 */
import { PDFDocument } from "pdf-lib";
import { MAX_SCAN_PAGES } from "./scan-pages";

const LONG_SIDE = 2400;
const RENDER_DPI = 300;
const JPEG_QUALITY = 0.85;

export async function assemblePdf(photos: Blob[], title: string): Promise<Blob> {
  if (photos.length === 0) throw new Error("A scan needs at least one page.");
  if (photos.length > MAX_SCAN_PAGES) throw new Error(`A scan holds at most ${MAX_SCAN_PAGES} pages: make it two documents.`);
  const pdf = await PDFDocument.create();
  pdf.setTitle(title);
  pdf.setCreator("docvault capture page");
  pdf.setProducer("docvault");
  for (const photo of photos) {
    const jpeg = await uprightJpeg(photo);
    const image = await pdf.embedJpg(await jpeg.bytes.arrayBuffer());
    const page = pdf.addPage([(jpeg.width * 72) / RENDER_DPI, (jpeg.height * 72) / RENDER_DPI]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return new Blob([(await pdf.save()).slice()], { type: "application/pdf" });
}

async function uprightJpeg(photo: Blob): Promise<{ bytes: Blob; width: number; height: number }> {
  const bitmap = await createImageBitmap(photo, { imageOrientation: "from-image" });
  try {
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext("2d");
    if (!context) throw new Error("This browser cannot draw the photos to make the PDF.");
    // White under transparent PNG parts, as on paper.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return { bytes: await canvas.convertToBlob({ type: "image/jpeg", quality: JPEG_QUALITY }), width, height };
  } finally {
    bitmap.close();
  }
}
