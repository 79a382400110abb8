// Documents made on the fly for tests, so a fresh clone needs no corpus files.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createCanvas, GlobalFonts, loadImage } from "@napi-rs/canvas";
import bwipjs from "bwip-js/node";
import { PDFDocument, StandardFonts } from "pdf-lib";
import { buildAamvaPayload } from "../src/documents/aamva/build-aamva-payload";
import { pdfTextEngine } from "../src/node/engines/pdf-text-engine";

const require = createRequire(import.meta.url);
// A real TrueType font that ships inside pdfjs-dist, so rendering does not depend on system fonts.
const FONT_PATH = join(dirname(require.resolve("pdfjs-dist/package.json")), "standard_fonts", "LiberationSans-Regular.ttf");
let fontRegistered = false;

function registerTestFont(): void {
  if (fontRegistered) return;
  GlobalFonts.registerFromPath(FONT_PATH, "DocvaultTestSans");
  fontRegistered = true;
}

/** A PNG (or JPEG) of black text lines on white, like a clean scan. */
export async function renderTextImage(lines: string[], opts: { format?: "png" | "jpeg"; fontSize?: number; width?: number } = {}): Promise<Buffer> {
  registerTestFont();
  const fontSize = opts.fontSize ?? 40;
  const lineHeight = Math.round(fontSize * 1.6);
  const width = opts.width ?? 1200;
  const height = lineHeight * (lines.length + 1);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#000000";
  ctx.font = `${fontSize}px DocvaultTestSans`;
  lines.forEach((line, i) => ctx.fillText(line, 40, lineHeight * (i + 1)));
  return opts.format === "jpeg" ? canvas.encode("jpeg", 92) : canvas.encode("png");
}

/** A PNG of rows of text set in columns (each row's cells at the x positions given), like a scanned form. */
export async function renderColumnsImage(rows: string[][], xs: number[], opts: { fontSize?: number; width?: number } = {}): Promise<Buffer> {
  registerTestFont();
  const fontSize = opts.fontSize ?? 32;
  const lineHeight = Math.round(fontSize * 1.6);
  const width = opts.width ?? 1600;
  const canvas = createCanvas(width, lineHeight * (rows.length + 1));
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, canvas.height);
  ctx.fillStyle = "#000000";
  ctx.font = `${fontSize}px DocvaultTestSans`;
  rows.forEach((row, i) => row.forEach((cell, k) => ctx.fillText(cell, xs[k] ?? 40, lineHeight * (i + 1))));
  return canvas.encode("png");
}

/** A PDF with a real text layer, one page per entry. */
export async function makeTextPdf(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 24, size: 16, font }));
  }
  return pdf.save();
}

/** A one-page PDF with a text layer, padded to about `bytes` by an attached file of random (incompressible) bytes. */
export async function makeLargeTextPdf(lines: string[], bytes: number): Promise<Buffer> {
  const pdf = await PDFDocument.load(await makeTextPdf([lines]));
  await pdf.attach(randomBytes(bytes), "padding.bin", { mimeType: "application/octet-stream" });
  return Buffer.from(await pdf.save({ useObjectStreams: false }));
}

/** The text of each page of a PDF, read by pdfjs as the worker reads it: which pages a stored file holds. */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const { pages } = await pdfTextEngine.read({ bytes, type: "application/pdf" });
  return pages.map((page) => page.text.trim());
}

/** A PDF whose pages are images of text (the same image `pageCount` times): no text layer, like a scanner's output. */
export async function makeScannedPdf(lines: string[], pageCount = 1): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const png = await pdf.embedPng(await renderTextImage(lines));
  for (let k = 0; k < pageCount; k++) {
    const page = pdf.addPage([png.width / 2, png.height / 2]);
    page.drawImage(png, { x: 0, y: 0, width: png.width / 2, height: png.height / 2 });
  }
  return pdf.save();
}

/** The AAMVA elements of a made-up California licence, as the PDF417 fixture encodes them. */
export const SAMPLE_LICENCE_ELEMENTS: Array<[string, string]> = [
  ["DAQ", "D1234562"],
  ["DCS", "LOPEZ"],
  ["DAC", "MARIA"],
  ["DAD", "ELENA"],
  ["DBB", "07041985"],
  ["DBD", "01152020"],
  ["DBA", "07042028"],
  ["DBC", "2"],
  ["DAU", "064 in"],
  ["DAY", "BRO"],
  ["DAG", "1234 ANY STREET"],
  ["DAI", "LOS ANGELES"],
  ["DAJ", "CA"],
  ["DAK", "902230000  "],
  ["DCF", "01/15/2020612B3/CCFD/28"],
  ["DCG", "USA"],
];

/** A PNG of the PDF417 barcode on a driver's licence's back, holding an AAMVA payload with these elements. */
export async function renderLicenceBarcode(elements: Array<[string, string]> = SAMPLE_LICENCE_ELEMENTS): Promise<Buffer> {
  const payload = buildAamvaPayload({ issuerId: "636014", aamvaVersion: 9, jurisdictionVersion: 0, elements });
  // binarytext makes bwip-js encode every character as a byte, so LF/RS/CR reach the symbol unchanged.
  return bwipjs.toBuffer({
    bcid: "pdf417",
    text: payload,
    binarytext: true,
    scale: 2,
    paddingwidth: 40,
    paddingheight: 40,
    backgroundcolor: "FFFFFF",
  });
}

/**
 * The back of a driver's licence as a PNG: a white card of the ID-1 shape (85.6 x 54 mm, 1000 px
 * wide) with a few printed lines above the PDF417 barcode of `renderLicenceBarcode`.
 */
export async function renderLicenceBack(elements: Array<[string, string]> = SAMPLE_LICENCE_ELEMENTS): Promise<Buffer> {
  registerTestFont();
  const [width, height] = [1000, 631];
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#ffffff";
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#000000";
  ctx.font = "26px DocvaultTestSans";
  ["DRIVER LICENSE", "CLASS C  RESTRICTIONS: NONE  ENDORSEMENTS: NONE"].forEach((line, i) => ctx.fillText(line, 40, 50 + i * 36));
  const barcode = await loadImage(await renderLicenceBarcode(elements));
  const scale = Math.min((width - 40) / barcode.width, (height - 130) / barcode.height);
  ctx.drawImage(barcode, (width - barcode.width * scale) / 2, 110, barcode.width * scale, barcode.height * scale);
  return canvas.encode("png");
}

export { makeReceiptsPhoto, PHOTO_RECEIPTS, type TPhotoReceipt } from "./receipts-photo";

/**
 * An iPhone-style HEIC photo (HEVC in HEIF) of an image, made by libheif's `heif-enc` with x265
 * (Debian's libheif-examples, installed by scripts/ensure-test-services.sh): no JavaScript
 * library encodes HEVC.
 */
export async function makeHeic(image: Buffer, opts: { quality?: number } = {}): Promise<Buffer> {
  const { execFile } = await import("node:child_process");
  const { mkdtemp, readFile, rm, writeFile } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const dir = await mkdtemp(join(tmpdir(), "docvault-heic-"));
  try {
    await writeFile(join(dir, "in.png"), image);
    await new Promise<void>((resolve, reject) =>
      execFile("heif-enc", ["-q", String(opts.quality ?? 80), "-o", join(dir, "out.heic"), join(dir, "in.png")], (error, _out, stderr) =>
        error ? reject(new Error(`heif-enc failed (${stderr.trim() || error.message}): run scripts/ensure-test-services.sh, which installs it`)) : resolve(),
      ),
    );
    return await readFile(join(dir, "out.heic"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
