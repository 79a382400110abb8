import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { renderTextImage } from "../../testing/fixtures";
import { findPageCorners } from "../flatten";
import { makeWarpedPhoto } from "../../testing/warped-photos";
import { analyzeDocument } from "./analyze-document";
import { stopLocalOcr } from "./engines/local-ocr";
import { photoPage } from "./photo-page";

afterAll(async () => {
  await stopLocalOcr();
});

const RECEIPT = ["CORNER BAKERY", "12 MAIN STREET", "LONDON", "12/03/2024 10:15", "SOURDOUGH LOAF 3.50", "CROISSANT 1.80", "TOTAL 5.30", "CARD 5.30"];

describe("photoPage", () => {
  it("warps a receipt photographed at an angle on a table flat, and takes boxes of the flat view back onto the photo", async () => {
    const photo = await makeWarpedPhoto(await renderTextImage(RECEIPT, { width: 900 }), 3);
    const page = await photoPage(photo.bytes);
    expect(page).not.toBeNull();
    if (!page) return;
    const flat = await sharp(page.bytes).metadata();
    // The flat view's top-left and bottom-right corners land on the page's own corners in the photo.
    const [mapped] = page.onPhoto([
      {
        index: 0,
        width: flat.width ?? 0,
        height: flat.height ?? 0,
        text: "x",
        confidence: 1,
        words: [{ text: "x", confidence: 1, bbox: { x0: 0, y0: 0, x1: 1, y1: 1 } }],
      },
    ]);
    expect(mapped?.width).toBe(photo.width);
    expect(mapped?.height).toBe(photo.height);
    const [tl] = photo.corners;
    const box = mapped?.words[0]?.bbox;
    expect(Math.hypot((box?.x0 ?? 0) - tl.x * photo.width, (box?.y0 ?? 0) - tl.y * photo.height)).toBeLessThan(0.03 * Math.hypot(photo.width, photo.height));
  }, 60_000);

  it("leaves a scan (the page fills the frame) and two receipts side by side as they are", async () => {
    const scan = await renderTextImage(RECEIPT, { width: 900 });
    expect(await photoPage(scan)).toBeNull();
    const receipt = await sharp(scan).resize({ width: 300 }).png().toBuffer();
    const { height = 0 } = await sharp(receipt).metadata();
    const table = await sharp({ create: { width: 900, height: height + 200, channels: 3, background: { r: 70, g: 60, b: 50 } } })
      .composite([
        { input: receipt, left: 100, top: 100 },
        { input: receipt, left: 500, top: 100 },
      ])
      .png()
      .toBuffer();
    // The finder sees a page there, and the other beside it: cutting one out would drop the other.
    const { data, info } = await sharp(table).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const found = await findPageCorners({ data: new Uint8Array(data), width: info.width, height: info.height });
    expect(found?.othersSeen).toBeGreaterThanOrEqual(1);
    expect(await photoPage(table)).toBeNull();
  }, 60_000);
});

describe("analyzeDocument on a photo of a page on a table", () => {
  it("reads the receipt flattened, its fields' boxes on the page in the photo", async () => {
    const photo = await makeWarpedPhoto(await renderTextImage(RECEIPT, { width: 900 }), 3);
    const analysis = await analyzeDocument({ bytes: photo.bytes, type: "image/jpeg" });
    expect(analysis.document.type).toBe("receipt");
    const total = (analysis.document.fields as Record<string, { value: unknown; source: { bbox: { x0: number; y0: number; x1: number; y1: number } } | null }>)
      .total;
    expect(total?.value).toBe("5.30");
    const xs = photo.corners.map((c) => c.x * photo.width);
    const ys = photo.corners.map((c) => c.y * photo.height);
    const box = total?.source?.bbox;
    expect(box?.x0).toBeGreaterThanOrEqual(Math.min(...xs) - 2);
    expect(box?.x1).toBeLessThanOrEqual(Math.max(...xs) + 2);
    expect(box?.y0).toBeGreaterThanOrEqual(Math.min(...ys) - 2);
    expect(box?.y1).toBeLessThanOrEqual(Math.max(...ys) + 2);
    expect(analysis.pages[0]?.width).toBe(photo.width);
  }, 60_000);
});
