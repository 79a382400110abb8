import { afterAll, describe, expect, it } from "vitest";
import { makeScannedPdf, makeTextPdf, renderTextImage } from "../testing/fixtures";
import { AppError } from "../errors/app-error";
import { extractDocument } from "./extract-document";
import { stopTesseract } from "./engines/tesseract-engine";

afterAll(() => stopTesseract());

const words = (text: string) => text.toUpperCase().replace(/[^A-Z0-9 ]/g, " ").split(/\s+/).filter(Boolean);

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
    expect(result.engines).toEqual(["tesseract"]);
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

  it("refuses a damaged PDF with a sentence a person can act on", async () => {
    const broken = new TextEncoder().encode("%PDF-1.7\nthis is not really a pdf");
    const attempt = extractDocument({ bytes: broken, type: "application/pdf" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "CORRUPT_FILE" });
  });
});
