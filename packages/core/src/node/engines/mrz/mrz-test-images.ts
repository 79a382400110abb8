// Images of identity documents that tests draw themselves: a visual zone of plain text and an MRZ on the fixed
// pitch of OCR-B, '<' drawn as its chevron. Only for tests; no font outside npm packages is needed.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createCanvas, GlobalFonts, type SKRSContext2D } from "@napi-rs/canvas";

const require = createRequire(import.meta.url);
const FONT = join(dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts", "LiberationSans-Regular.ttf");
GlobalFonts.registerFromPath(FONT, "MrzTestImageSans");

export type TDocumentImage = { width: number; height: number; lines: readonly string[]; visual?: readonly string[]; fontPx?: number };

/** One MRZ line at (x, baseline y): each glyph centred in its cell, the chevron as two strokes. */
function drawMrzLine(context: SKRSContext2D, text: string, x: number, y: number, pitch: number, fontPx: number): void {
  for (let i = 0; i < text.length; i++) {
    const left = x + i * pitch;
    const char = text.charAt(i);
    if (char === "<") {
      context.beginPath();
      context.lineWidth = Math.max(1.5, fontPx / 12);
      context.moveTo(left + pitch * 0.72, y - fontPx * 0.7);
      context.lineTo(left + pitch * 0.12, y - fontPx * 0.35);
      context.lineTo(left + pitch * 0.72, y);
      context.stroke();
    } else {
      context.fillText(char, left + (pitch - context.measureText(char).width) / 2, y);
    }
  }
}

/** Draws a document onto a context at (x, y): visual-zone text at the top, the MRZ at the bottom. */
export function drawDocument(context: SKRSContext2D, doc: TDocumentImage, x = 0, y = 0): void {
  const fontPx = doc.fontPx ?? 28;
  const pitch = Math.round(fontPx * 0.72);
  context.fillStyle = "#ffffff";
  context.fillRect(x, y, doc.width, doc.height);
  context.fillStyle = "#000000";
  context.strokeStyle = "#000000";
  context.font = `${Math.round(fontPx * 0.8)}px MrzTestImageSans`;
  (doc.visual ?? []).forEach((text, i) => context.fillText(text, x + 30, y + 50 + i * fontPx * 1.6));
  context.font = `${fontPx}px MrzTestImageSans`;
  const lineGap = Math.round(fontPx * 1.6);
  const top = y + doc.height - 30 - (doc.lines.length - 1) * lineGap;
  doc.lines.forEach((line, i) => drawMrzLine(context, line, x + 25, top + i * lineGap, pitch, fontPx));
}

/** A PNG of one document. */
export function documentPng(doc: TDocumentImage): Uint8Array {
  const canvas = createCanvas(doc.width, doc.height);
  drawDocument(canvas.getContext("2d"), doc);
  return canvas.toBuffer("image/png");
}

/** A PNG of two sides scanned next to each other: a side without MRZ on the left, the document on the right. */
export function twoSidedPng(doc: TDocumentImage, otherSide: readonly string[]): Uint8Array {
  const canvas = createCanvas(doc.width * 2 + 40, doc.height);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  drawDocument(context, { width: doc.width, height: doc.height, lines: [], visual: otherSide, fontPx: doc.fontPx });
  drawDocument(context, doc, doc.width + 40, 0);
  return canvas.toBuffer("image/png");
}
