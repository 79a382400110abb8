import sharp from "sharp";
import { describe, expect, it } from "vitest";
import type { TPageGrey } from "./page-hash";
import { turnGreyPage } from "./turn-grey-page";

/** A page of smooth shading with print-like detail, `width` x `height`. */
function shaded(width: number, height: number): TPageGrey {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels[y * width + x] = Math.round(128 + 60 * Math.sin(x / 3) + 60 * Math.cos(y / 4));
  }
  return { pixels, width, height };
}

/** The page as sharp turns it, by a multiple of 90 degrees exactly or by any other angle through libvips's affine. */
async function sharpTurned(page: TPageGrey, degrees: number, background: number): Promise<TPageGrey> {
  const { data, info } = await sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: 1 } })
    .rotate(degrees, { background: { r: background, g: background, b: background } })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { pixels: new Uint8Array(data), width: info.width, height: info.height };
}

/** The most two pages' pixels differ by, one against the other. */
function mostApart(a: Uint8Array, b: Uint8Array): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return most;
}

describe("turnGreyPage", () => {
  it("turns a page by quarter turns exactly", async () => {
    const page = shaded(37, 23);
    for (const degrees of [90, -90, 180]) expect(turnGreyPage(page, degrees, 255)).toEqual(await sharpTurned(page, degrees, 255));
    // Clockwise: the top left corner of the turned page is the bottom left of the page.
    expect(turnGreyPage(page, 90, 255).pixels[0]).toBe(page.pixels[22 * 37]);
  });

  it("turns a page by a small skew as sharp does, within one level, on a canvas of the same size", async () => {
    for (const [width, height, degrees] of [
      [240, 96, 2],
      [301, 511, -3.25],
      [512, 300, 5.75],
      [77, 512, -0.25],
    ] as const) {
      const page = shaded(width, height);
      const mine = turnGreyPage(page, degrees, 200);
      const theirs = await sharpTurned(page, degrees, 200);
      expect([mine.width, mine.height]).toEqual([theirs.width, theirs.height]);
      expect(mostApart(mine.pixels, theirs.pixels)).toBeLessThanOrEqual(1);
    }
  });

  it("holds all of the turned page and fills the corners it uncovers with the background", () => {
    const ink = { pixels: new Uint8Array(300 * 200), width: 300, height: 200 };
    const turned = turnGreyPage(ink, 30, 255);
    const [cos, sin] = [Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)];
    expect([turned.width, turned.height]).toEqual([Math.round(300 * cos + 200 * sin), Math.round(300 * sin + 200 * cos)]);
    expect([turned.pixels[0], turned.pixels[turned.width - 1], turned.pixels[turned.pixels.length - 1]]).toEqual([255, 255, 255]);
    // None of the ink is lost off the canvas: as much of it as before, give or take the blended edge.
    const inkOf = (page: TPageGrey) => page.pixels.reduce((sum, v) => sum + (255 - v), 0) / 255;
    expect(inkOf(turned) / inkOf(ink)).toBeCloseTo(1, 2);
  });
});
