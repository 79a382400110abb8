import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeReceiptsPhoto, PHOTO_RECEIPTS } from "../../testing/receipts-photo";
import { checkImageRegions, type TImageRegion } from "../documents/image-regions";
import { otsuThreshold, regionsOfBrightPatches, suggestImageRegions } from "./suggest-image-regions";

/** Each suggested box within `slack` (a fraction of the photo) of the receipt it should find. */
function expectNear(found: TImageRegion[], expected: readonly TImageRegion[], slack = 0.01) {
  expect(found).toHaveLength(expected.length);
  found.forEach((box, i) => {
    const want = expected[i];
    if (!want) throw new Error(`no receipt ${i}`);
    for (const key of ["x", "y", "width", "height"] as const) expect(Math.abs(box[key] - want[key])).toBeLessThanOrEqual(slack);
  });
}

describe("suggestImageRegions", () => {
  it("finds the three receipts on the table, left to right, as boxes a split takes", async () => {
    const found = await suggestImageRegions(await makeReceiptsPhoto());
    expectNear(found, PHOTO_RECEIPTS);
    expect(() => checkImageRegions(found)).not.toThrow();
  });

  it("finds them where the photo shows them when the camera was held sideways", async () => {
    expectNear(await suggestImageRegions(await makeReceiptsPhoto({ format: "jpeg", orientation: 6 })), PHOTO_RECEIPTS);
  });

  it("orders two rows top to bottom, each left to right, and ignores specks and the background", async () => {
    const width = 400;
    const height = 400;
    const paper = { r: 240, g: 240, b: 240 };
    const sheet = (left: number, top: number, w: number, h: number) => ({
      input: { create: { width: w, height: h, channels: 3 as const, background: paper } },
      left,
      top,
    });
    const photo = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 50, b: 60 } } })
      .composite([
        sheet(220, 230, 160, 150), // bottom right
        sheet(20, 20, 150, 160), // top left
        sheet(30, 220, 120, 160), // bottom left
        sheet(230, 40, 150, 120), // top right, a little lower than top left
        sheet(190, 190, 8, 8), // a speck of light
      ])
      .png()
      .toBuffer();
    const found = await suggestImageRegions(photo);
    // Looked at 256 pixels wide, a corner lands within a pixel or two of the 400-pixel photo's.
    const corner = (fraction: number, side: number) => Math.round((fraction * side) / 10) * 10;
    expect(found.map((box) => [corner(box.x, width), corner(box.y, height)])).toEqual([
      [20, 20],
      [230, 40],
      [30, 220],
      [220, 230],
    ]);
  });

  it("suggests nothing for a picture of one shade or one bright sheet filling it", () => {
    expect(otsuThreshold(new Uint8Array(100).fill(128))).toBeNull();
    expect(regionsOfBrightPatches({ pixels: new Uint8Array(100).fill(200), width: 10, height: 10 })).toEqual([]);
    const mostlyPaper = new Uint8Array(100).fill(220);
    mostlyPaper[55] = 20;
    expect(regionsOfBrightPatches({ pixels: mostlyPaper, width: 10, height: 10 })).toEqual([]);
  });
});
