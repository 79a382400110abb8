import sharp from "sharp";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { makeScannedPdf, makeTextPdf, renderColumnsImage, renderTextImage } from "../../testing/fixtures";
import { AppError } from "../errors/app-error";
import { extractDocument } from "./extract-document";
import { stopLocalOcr } from "./engines/local-ocr";

afterAll(() => stopLocalOcr());

const words = (text: string) =>
  text
    .toUpperCase()
    .replace(/[^A-Z0-9 ]/g, " ")
    .split(/\s+/)
    .filter(Boolean);

const PARAGRAPH = [
  "The quick brown fox jumps over the lazy dog.",
  "Invoices and receipts are read page by page.",
  "Every document keeps its words in reading order.",
  "Payment is due within thirty days of delivery.",
];

/** A scanned-looking PDF whose single page image is the given PNG, drawn at 150 dpi. */
async function pdfOfImage(png: Buffer): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const image = await pdf.embedPng(png);
  const page = pdf.addPage([(image.width * 72) / 150, (image.height * 72) / 150]);
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  return pdf.save();
}

describe("extractDocument", () => {
  it("reads a PDF's text layer without OCR, with word boxes on the page", async () => {
    const pdf = await makeTextPdf([["Invoice number 4711", "Total due 99.50 EUR"], ["Second page says hello"]]);
    const result = await extractDocument({ bytes: pdf, type: "application/pdf" });
    expect(result.engines).toEqual(["pdf-text"]);
    expect(result.pages).toHaveLength(2);
    expect(result.pages[0]?.text).toContain("Invoice number 4711");
    expect(result.pages[1]?.text).toContain("Second page says hello");
    const word = result.pages[0]?.words[0];
    expect(word?.bbox.x0).toBeCloseTo(50, 0);
    expect(word?.bbox.y0).toBeGreaterThan(40);
    expect(word?.bbox.y1).toBeLessThan(90);
  });

  it("reads an image of printed text with local OCR", async () => {
    const png = await renderTextImage(["DOCVAULT TEST RECEIPT", "TOTAL 12.34"]);
    const progress: string[] = [];
    const result = await extractDocument({ bytes: png, type: "image/png", onProgress: (p) => void progress.push(p.step) });
    expect(result.engines).toEqual(["paddle"]);
    expect(words(result.text)).toEqual(expect.arrayContaining(["DOCVAULT", "TEST", "RECEIPT", "TOTAL", "12", "34"]));
    expect(result.confidence).toBeGreaterThan(0.6);
    expect(result.pages[0]?.width).toBe(1200);
    expect(progress).toEqual(["ocr", "done"]);
  });

  it("OCRs a scanned PDF page that has no text layer", async () => {
    const pdf = await makeScannedPdf(["SCANNED PAGE", "HELLO WORLD"]);
    const result = await extractDocument({ bytes: pdf, type: "application/pdf" });
    expect(result.engines).toEqual(["pdf-text", "tesseract"]);
    expect(words(result.text)).toEqual(expect.arrayContaining(["SCANNED", "PAGE", "HELLO", "WORLD"]));
  });

  it("keeps a scanned form's labels and their values, set far apart, on one line each", async () => {
    // Tried: a column of labels and a column of values with a wide gap, which tesseract's own
    // layout reads as two blocks (every label, then every value).
    const rows = [
      ["Name:", "Lieferant GmbH"],
      ["Anschrift:", "Lieferantenstrasse 20"],
      ["Steuernummer:", "201/113/40209"],
      ["Positionssumme", "473,00"],
      ["Rechnungssumme ohne USt.", "473,00"],
      ["Steuerbetrag", "56,87"],
      ["Bruttosumme", "529,87"],
      ["Zahlbetrag", "529,87"],
    ];
    const pdf = await pdfOfImage(await renderColumnsImage(rows, [40, 700]));
    const result = await extractDocument({ bytes: pdf, type: "application/pdf" });
    expect(result.engines).toEqual(["pdf-text", "tesseract"]);
    const lines = result.text.split("\n");
    for (const [label, value] of rows) expect(lines.find((line) => line.includes(label as string))).toContain(value);
  });

  it("reads a scanned page that was fed in upside down the right way up", async () => {
    const upright = await renderTextImage(PARAGRAPH, { fontSize: 32 });
    const pdf = await pdfOfImage(await sharp(upright).rotate(180).png().toBuffer());
    const result = await extractDocument({ bytes: pdf, type: "application/pdf" });
    expect(result.engines).toEqual(["pdf-text", "tesseract"]);
    expect(words(result.text)).toEqual(expect.arrayContaining(["QUICK", "BROWN", "FOX", "INVOICES", "RECEIPTS", "PAYMENT"]));
    expect(result.confidence).toBeGreaterThan(0.7);
  });

  it("reads a scanned page turned a quarter, either way", async () => {
    const upright = await renderTextImage(PARAGRAPH, { fontSize: 32 });
    for (const degrees of [90, 270]) {
      const pdf = await pdfOfImage(await sharp(upright).rotate(degrees).png().toBuffer());
      const result = await extractDocument({ bytes: pdf, type: "application/pdf" });
      expect(words(result.text)).toEqual(expect.arrayContaining(["QUICK", "BROWN", "FOX", "DOCUMENT", "PAYMENT"]));
    }
  });

  it("reads two columns of a scanned page one after the other, not across", async () => {
    const column = (name: string) =>
      renderTextImage(
        ["one", "two", "three", "four", "five", "six", "seven", "eight"].map((n) => `${name} column line ${n} goes on here`),
        { fontSize: 28, width: 700 },
      );
    const page = await sharp({ create: { width: 1500, height: 460, channels: 3, background: "#ffffff" } })
      .composite([
        { input: await column("Alpha"), left: 0, top: 0 },
        { input: await column("Omega"), left: 780, top: 0 },
      ])
      .png()
      .toBuffer();
    const result = await extractDocument({ bytes: await pdfOfImage(page), type: "application/pdf" });
    const text = words(result.text).join(" ");
    expect(text).toContain("ALPHA COLUMN LINE ONE GOES ON HERE ALPHA COLUMN LINE TWO GOES ON HERE");
    expect(text).toContain("OMEGA COLUMN LINE ONE GOES ON HERE OMEGA COLUMN LINE TWO GOES ON HERE");
    expect(text.indexOf("OMEGA")).toBeGreaterThan(text.lastIndexOf("ALPHA"));
  });

  it("reads a photo upside down and one stored sideways with an EXIF orientation", async () => {
    const upright = await renderTextImage(PARAGRAPH, { fontSize: 32 });
    const flipped = await sharp(upright).rotate(180).png().toBuffer();
    const upsideDown = await extractDocument({ bytes: flipped, type: "image/png" });
    expect(words(upsideDown.text)).toEqual(expect.arrayContaining(["QUICK", "BROWN", "FOX", "PAYMENT"]));

    // Orientation 6: the pixels are stored turned a quarter anticlockwise; viewers turn them back.
    const sideways = await sharp(upright).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
    const photo = await extractDocument({ bytes: sideways, type: "image/jpeg" });
    expect(words(photo.text)).toEqual(expect.arrayContaining(["QUICK", "BROWN", "FOX", "PAYMENT"]));
    expect(photo.pages[0]?.width).toBe(1200);
  });

  it("refuses an image it cannot decode with a sentence a person can act on", async () => {
    const attempt = extractDocument({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]), type: "image/png" });
    await expect(attempt).rejects.toMatchObject({ code: "CORRUPT_FILE" });
  });

  it("refuses a damaged PDF with a sentence a person can act on", async () => {
    const broken = new TextEncoder().encode("%PDF-1.7\nthis is not really a pdf");
    const attempt = extractDocument({ bytes: broken, type: "application/pdf" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "CORRUPT_FILE" });
  });
});
