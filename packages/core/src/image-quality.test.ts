import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderTextImage } from "../testing/fixtures";
import { grayForQuality, spoil } from "../testing/quality-variants";
import { assessImageQuality, grayFromRgba, qualitySize } from "./image-quality";

const RECEIPT = ["CORNER BAKERY SDN BHD", "12 JALAN BUKIT BINTANG", "DATE: 14/03/2024", "COFFEE            4.50", "TOTAL            12.34"];

/** The receipt as a phone sees it: grey paper, a little soft, on a darker table, saved as JPEG. */
async function photo(): Promise<Buffer> {
  const page = await sharp(await renderTextImage(RECEIPT, { fontSize: 36, width: 900 }))
    .linear(0.85, 12)
    .blur(0.6)
    .toBuffer();
  return sharp({ create: { width: 1100, height: 700, channels: 3, background: { r: 70, g: 60, b: 50 } } })
    .composite([{ input: page, left: 100, top: 180 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

describe("the capture quality gate", () => {
  it("lets a clean scan and an ordinary phone photo through", async () => {
    for (const bytes of [await renderTextImage(RECEIPT), await photo(), await renderTextImage(["SOME SHOP", "TOTAL 3.10"], { fontSize: 22 })]) {
      const quality = assessImageQuality(await grayForQuality(bytes));
      expect(quality.problem, JSON.stringify(quality)).toBeNull();
    }
  });

  it.each(["blurry", "dark", "washed-out", "glare"] as const)("stops a %s copy with its own sentence", async (how) => {
    for (const bytes of [await renderTextImage(RECEIPT), await photo()]) {
      const quality = assessImageQuality(await grayForQuality(await spoil(bytes, how)));
      expect(quality.problem?.code, JSON.stringify(quality)).toBe(how);
    }
  });

  it("says what to do in one sentence", async () => {
    const blurred = assessImageQuality(await grayForQuality(await spoil(await photo(), "blurry")));
    expect(blurred.problem?.message).toBe("Too blurry to read: hold the phone steady and try again.");
    const dark = assessImageQuality(await grayForQuality(await spoil(await photo(), "dark")));
    expect(dark.problem?.message).toMatch(/^Too dark to read: .*try again\.$/);
  });

  it("reads RGBA as the browser's canvas gives it, and measures at most 1,000 px a side", () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 255, 0, 0, 255]);
    expect([...grayFromRgba(rgba, 3, 1).data]).toEqual([255, 0, 76]);
    expect(qualitySize(4032, 3024)).toEqual({ width: 1000, height: 750 });
    expect(qualitySize(640, 480)).toEqual({ width: 640, height: 480 });
  });

  it("stops a blank grey frame rather than letting it through, and never throws on a tiny one", () => {
    const flat = { width: 50, height: 50, data: new Uint8Array(2500).fill(128) };
    expect(assessImageQuality(flat).problem).not.toBeNull();
    expect(() => assessImageQuality({ width: 1, height: 1, data: new Uint8Array([0]) })).not.toThrow();
  });
});
