import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createCanvas, GlobalFonts, type Canvas, type SKRSContext2D } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { assembleMrzLine } from "./assemble-mrz-line";
import { locateMrzLines, type TGreyImage } from "./locate-mrz-lines";
import { segmentMrzGlyphs } from "./segment-mrz-glyphs";

const require = createRequire(import.meta.url);
const FONT = join(dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts", "LiberationSans-Regular.ttf");
GlobalFonts.registerFromPath(FONT, "MrzGlyphSans");

const PITCH = 21;

/** Draws text on the fixed pitch of an MRZ line; '<' as the OCR-B chevron (two strokes meeting at the left). */
function drawLine(context: SKRSContext2D, text: string, x: number, y: number): void {
  for (let i = 0; i < text.length; i++) {
    const left = x + i * PITCH;
    if (text.charAt(i) === "<") {
      context.beginPath();
      context.moveTo(left + 15, y - 22);
      context.lineTo(left + 2, y - 11);
      context.lineTo(left + 15, y);
      context.stroke();
    } else {
      context.fillText(text.charAt(i), left, y);
    }
  }
}

function grey(canvas: Canvas): TGreyImage {
  const { data, width, height } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * 4] ?? 255;
  return { data: out, width, height };
}

function page(lines: readonly string[]) {
  const canvas = createCanvas(1000, 400);
  const context = canvas.getContext("2d");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, 1000, 400);
  context.fillStyle = "#000000";
  context.strokeStyle = "#000000";
  context.lineWidth = 3;
  context.font = "28px MrzGlyphSans";
  context.fillText("Surname  KLEE   Given names  CLARA", 40, 60);
  lines.forEach((line, i) => drawLine(context, line, 40, 300 + i * 45));
  return canvas;
}

const LINES = ["P<UTOKLEE<<CLARA<SKY<<<<<<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"];

describe("locateMrzLines", () => {
  it("finds the two MRZ lines at the bottom, not the visual-zone text", () => {
    const boxes = locateMrzLines(grey(page(LINES)));
    expect(boxes).toHaveLength(2);
    expect(boxes[0]?.y0).toBeGreaterThan(250);
    expect(boxes[1]?.y1).toBeLessThan(360);
  });

  it("finds nothing on a page of ordinary text", () => {
    const canvas = page([]);
    expect(locateMrzLines(grey(canvas)).length).toBeLessThan(2);
  });
});

describe("segmentMrzGlyphs and assembleMrzLine", () => {
  it("tells fillers from K, L, C and S by shape and keeps the line's length", () => {
    const canvas = page(LINES);
    const line = grey(canvas);
    // Only the first MRZ line's rows.
    const top = 270;
    const crop: TGreyImage = { data: line.data.slice(top * 1000, 310 * 1000), width: 1000, height: 40 };
    const row = segmentMrzGlyphs(crop);
    expect(row?.cells).toHaveLength(44);
    expect(row?.pitch).toBeCloseTo(PITCH, 0);
    const pattern = row?.cells.map((cell) => (cell?.filler ? "<" : "x")).join("");
    expect(pattern).toBe(LINES[0]?.replace(/[A-Z0-9]/g, "x"));
    if (!row) return;
    // An OCR that read every filler as a letter, and one glyph twice.
    const symbols = [...(LINES[0] ?? "")].map((char, i) => ({
      text: char === "<" ? "K" : char,
      confidence: 80,
      x0: 40 + i * PITCH,
      x1: 40 + i * PITCH + 15,
    }));
    symbols.push({ text: "S", confidence: 20, x0: 40 + 5 * PITCH + 2, x1: 40 + 5 * PITCH + 12 });
    expect(assembleMrzLine(row, symbols)).toBe(LINES[0]);
  });
});
