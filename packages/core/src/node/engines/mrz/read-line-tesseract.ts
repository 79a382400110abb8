import sharp from "sharp";
import type { TMrzTextLine } from "../../../documents/mrz/find-mrz-lines";
import { assembleMrzLineDetailed, type TOcrSymbol } from "./assemble-mrz-line";
import type { TGreyImage } from "./locate-mrz-lines";
import { recogniseMrzText } from "./mrz-ocr-worker";
import { greyPixels, LINE_MARGIN_Y, type TRegion } from "./mrz-regions";
import { segmentMrzGlyphs } from "./segment-mrz-glyphs";

const PADDING_PX = 16;

const symbolsOf = (page: Awaited<ReturnType<typeof recogniseMrzText>>): TOcrSymbol[] =>
  (page.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) =>
      paragraph.lines.flatMap((line) =>
        line.words.flatMap((word) =>
          word.symbols.map((symbol) => ({
            text: symbol.text,
            confidence: symbol.confidence,
            x0: symbol.bbox.x0,
            x1: symbol.bbox.x1,
          })),
        ),
      ),
    ),
  );

/** One glyph cropped with a margin and read in single-character mode; null when it reads as nothing MRZ-like. */
async function readGlyph(grey: TGreyImage, glyph: { x0: number; y0: number; x1: number; y1: number }): Promise<string | null> {
  const pad = Math.round((glyph.y1 - glyph.y0) * 0.4);
  const left = Math.max(0, Math.floor(glyph.x0) - pad);
  const top = Math.max(0, Math.floor(glyph.y0) - pad);
  const right = Math.min(grey.width, Math.ceil(glyph.x1) + pad);
  const bottom = Math.min(grey.height, Math.ceil(glyph.y1) + pad);
  if (right <= left || bottom <= top) return null;
  const png = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .extract({ left, top, width: right - left, height: bottom - top })
    .extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" })
    .png()
    .toBuffer();
  const page = await recogniseMrzText(png, "char");
  const raw = page.text.replace(/\s/g, "").charAt(0);
  // A lone vertical stroke is an I (or a 1: the field's letter/digit rule settles which later).
  const ch = /^[|l!\][]$/.test(raw) ? "I" : raw.toUpperCase();
  return /^[A-Z0-9]$/.test(ch) ? ch : null;
}

/**
 * Reads one cropped MRZ line with tesseract, scaled so its ink is `inkHeight` px tall: tesseract reads the
 * characters, the glyph cells on the fixed pitch decide which are fillers and keep the line's length.
 */
export async function readLineWithTesseract(image: Uint8Array, region: TRegion, inkHeight: number): Promise<TMrzTextLine> {
  const scale = inkHeight / (region.height / (1 + 2 * LINE_MARGIN_Y));
  const grey = await greyPixels(
    sharp(image)
      .rotate()
      .extract(region)
      .greyscale()
      .normalise()
      .resize({ width: Math.max(1, Math.round(region.width * scale)), kernel: "lanczos3" })
      .extend({ top: PADDING_PX, bottom: PADDING_PX, left: PADDING_PX, right: PADDING_PX, background: "#ffffff" }),
  );
  const png = await sharp(grey.data, { raw: { width: grey.width, height: grey.height, channels: 1 } })
    .png()
    .toBuffer();
  const page = await recogniseMrzText(png, "line");
  const row = segmentMrzGlyphs(grey);
  let text = page.text;
  if (row) {
    const assembled = assembleMrzLineDetailed(row, symbolsOf(page));
    text = assembled.line;
    // A letter the line read skipped (a narrow I squeezed between wide letters) is read on its own.
    for (const index of assembled.unread.slice(0, 4)) {
      const glyph = row.cells[index];
      if (!glyph) continue;
      // Tesseract reads nothing from a lone stroke; in OCR-B only I and 1 are that narrow (the field's
      // letter/digit rule picks between them).
      const narrow = glyph.x1 - glyph.x0 < 0.35 * (glyph.y1 - glyph.y0);
      const ch = (await readGlyph(grey, glyph)) ?? (narrow ? "I" : null);
      if (ch) text = text.slice(0, index) + ch + text.slice(index + 1);
    }
  }
  return {
    text,
    confidence: page.confidence / 100,
    bbox: { x0: region.left, y0: region.top, x1: region.left + region.width, y1: region.top + region.height },
  };
}
