import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { turnedView } from "./turned-view";

/** The bounding box of the dark pixels of an image. */
async function inkBox(bytes: Uint8Array) {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (let i = 0; i < info.width * info.height; i++) {
    if ((data[i * info.channels] ?? 255) >= 128) continue;
    const x = i % info.width;
    const y = Math.floor(i / info.width);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
  }
  return { x0, y0, x1, y1 };
}

describe("turnedView", () => {
  it("maps a box found in the turned image back onto the image", async () => {
    const image = await sharp({ create: { width: 400, height: 200, channels: 3, background: "#ffffff" } })
      .composite([{ input: { create: { width: 40, height: 20, channels: 3, background: "#000000" } }, left: 300, top: 40 }])
      .png()
      .toBuffer();
    for (const degrees of [7, -12, 180]) {
      const view = await turnedView(image, 400, 200, degrees);
      const back = view.toImage(await inkBox(view.bytes));
      // A turned rectangle's bounds hold the original and overshoot by its corners' swing.
      expect(back.x0).toBeLessThanOrEqual(301);
      expect(back.y0).toBeLessThanOrEqual(41);
      expect(back.x1).toBeGreaterThanOrEqual(339);
      expect(back.y1).toBeGreaterThanOrEqual(59);
      expect(back.x1 - back.x0).toBeLessThan(40 + 20);
      expect(back.y1 - back.y0).toBeLessThan(20 + 20);
    }
  });
});
