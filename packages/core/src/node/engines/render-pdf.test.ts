import { PDFDocument } from "pdf-lib";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { isAppError } from "../../errors/app-error";
import { makeTextPdf } from "../../../testing/fixtures";
import { renderPdfPages } from "./render-pdf";

async function renderAll(bytes: Uint8Array, opts: Parameters<typeof renderPdfPages>[1]) {
  const rendered = [];
  for await (const page of renderPdfPages(bytes, opts)) rendered.push(page);
  return rendered;
}

describe("renderPdfPages", () => {
  it("renders only the page asked for, at the dpi asked for", async () => {
    const pdf = await makeTextPdf([["ONE"], ["TWO"], ["THREE"]]);
    const [page, ...rest] = await renderAll(pdf, { dpi: 144, pages: [2] });
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ index: 1, width: 595, height: 842, scale: 2 });
    const meta = await sharp(page?.png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1190, 1684]);
  });

  it("answers a page beyond the last as NOT_FOUND with the page count, not as a damaged file", async () => {
    const pdf = await makeTextPdf([["ONE"], ["TWO"], ["THREE"]]);
    const refusal = await renderAll(pdf, { pages: [4] }).catch((error: unknown) => error);
    expect(isAppError(refusal) && refusal.code).toBe("NOT_FOUND");
    expect((refusal as Error).message).toBe("This PDF has 3 pages; there is no page 4.");
  });

  it("renders a huge page coarser within maxPixels", async () => {
    const doc = await PDFDocument.create();
    doc.addPage([10_000, 10_000]);
    const [page] = await renderAll(await doc.save(), { dpi: 150, maxPixels: 4_000_000 });
    const meta = await sharp(page?.png).metadata();
    expect((meta.width ?? 0) * (meta.height ?? 0)).toBeLessThanOrEqual(4_000_000);
    expect(meta.width).toBe(2000);
  });
});
