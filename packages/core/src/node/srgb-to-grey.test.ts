import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { hashablePage } from "./page-hash";
import { srgbToGrey } from "./srgb-to-grey";

/** sharp's own grey of the same pixels: the decode, flatten and greyscale the page hash used to run in libvips. */
async function sharpGrey(input: Buffer, raw?: { width: number; height: number; channels: 1 | 2 | 3 | 4 }): Promise<Uint8Array> {
  const image = raw ? sharp(input, { raw }) : sharp(input);
  const { data } = await image.rotate().flatten({ background: "#ffffff" }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

/** How many pixels differ, and by how much at most. */
function difference(a: Uint8Array, b: Uint8Array): { differ: number; most: number } {
  let differ = 0;
  let most = 0;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = Math.abs((a[i] ?? -256) - (b[i] ?? 256));
    if (d > 0) differ++;
    most = Math.max(most, d);
  }
  return { differ, most };
}

/** A 300 x 200 picture with colour in every direction: red across, green down, blue in stripes. */
function colourful(channels: 3 | 4): Buffer {
  const [width, height] = [300, 200];
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * channels;
      data.set([Math.round((x * 255) / (width - 1)), Math.round((y * 255) / (height - 1)), ((x + y) * 97) % 256], at);
      if (channels === 4) data[at + 3] = (x * 7 + y * 3) % 256;
    }
  }
  return data;
}

describe("srgbToGrey", () => {
  it("flattens grey and alpha onto white as sharp does: clear is white, opaque keeps its shade", async () => {
    // Every shade at every opacity, as grey and alpha (2 channels) and the same as RGBA for sharp.
    const greyAlpha = Buffer.alloc(256 * 256 * 2);
    const rgba = Buffer.alloc(256 * 256 * 4);
    for (let a = 0; a < 256; a++) {
      for (let v = 0; v < 256; v++) {
        greyAlpha.set([v, a], (a * 256 + v) * 2);
        rgba.set([v, v, v, a], (a * 256 + v) * 4);
      }
    }
    const { pixels } = srgbToGrey(greyAlpha, { width: 256, height: 256, channels: 2 });
    expect([pixels[0 * 256 + 0], pixels[255 * 256 + 0], pixels[255 * 256 + 77], pixels[128 * 256 + 0]]).toEqual([255, 0, 77, 127]);
    expect(difference(pixels, await sharpGrey(rgba, { width: 256, height: 256, channels: 4 }))).toEqual({ differ: 0, most: 0 });
  });

  it("leaves grey as it is, one channel or three", () => {
    const shades = Uint8Array.from({ length: 256 }, (_, v) => v);
    expect(srgbToGrey(shades, { width: 16, height: 16, channels: 1 }).pixels).toEqual(shades);
    const rgb = Uint8Array.from({ length: 256 * 3 }, (_, i) => Math.floor(i / 3));
    expect(srgbToGrey(rgb, { width: 256, height: 1, channels: 3 }).pixels).toEqual(shades);
  });

  it("gives colours the grey sharp's greyscale gives, within one level", async () => {
    // Every third value of each channel: 636,056 colours.
    const levels = Array.from({ length: 86 }, (_, i) => i * 3);
    const rgb = Buffer.alloc(levels.length ** 3 * 3);
    let at = 0;
    for (const r of levels) for (const g of levels) for (const b of levels) rgb.set([r, g, b], at++ * 3);
    const size = { width: levels.length ** 2, height: levels.length, channels: 3 } as const;
    const { differ, most } = difference(srgbToGrey(rgb, size).pixels, await sharpGrey(rgb, size));
    expect(most).toBeLessThanOrEqual(1);
    expect(differ / at).toBeLessThan(1e-4);
  });

  it("flattens RGBA before it turns it grey, as sharp's flatten then greyscale", async () => {
    const rgba = colourful(4);
    const size = { width: 300, height: 200, channels: 4 } as const;
    expect(difference(srgbToGrey(rgba, size).pixels, await sharpGrey(rgba, size)).most).toBeLessThanOrEqual(1);
  });
});

describe("hashablePage", () => {
  const raw = (data: Buffer, channels: 1 | 2 | 3 | 4) => sharp(data, { raw: { width: 300, height: 200, channels } });
  const grey = Buffer.from(Array.from({ length: 300 * 200 }, (_, i) => (i * 7919) % 251));
  const greyAlpha = Buffer.from(Array.from({ length: 300 * 200 * 2 }, (_, i) => (i % 2 ? (i * 13) % 256 : (i * 7919) % 251)));

  it.each([
    ["an RGB PNG", () => raw(colourful(3), 3).png().toBuffer()],
    ["an RGBA PNG", () => raw(colourful(4), 4).png().toBuffer()],
    ["a palette PNG with transparency", () => raw(colourful(4), 4).png({ palette: true }).toBuffer()],
    ["a grey PNG", () => raw(grey, 1).toColourspace("b-w").png().toBuffer()],
    ["a grey and alpha PNG", () => raw(greyAlpha, 2).toColourspace("b-w").png().toBuffer()],
    ["a 16-bit grey PNG", () => raw(grey, 1).toColourspace("grey16").png().toBuffer()],
    ["a CMYK JPEG", () => raw(colourful(3), 3).toColourspace("cmyk").jpeg({ quality: 95 }).toBuffer()],
    ["a JPEG turned by its EXIF orientation", () => raw(colourful(3), 3).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer()],
    ["a WebP with transparency", () => raw(colourful(4), 4).webp({ lossless: true }).toBuffer()],
  ])("reads %s as sharp's greyscale does, within one level", async (_, make) => {
    const bytes = await make();
    const page = await hashablePage(sharp(bytes));
    const { width = 0, height = 0, orientation } = await sharp(bytes).metadata();
    expect([page.width, page.height]).toEqual(orientation === 6 ? [height, width] : [width, height]);
    expect(difference(page.pixels, await sharpGrey(bytes)).most).toBeLessThanOrEqual(1);
  });

  // sharp's greyscale of a 16-bit colour image works from all 16 bits (up to 3 levels from ours):
  // the same picture in 8 bits is the measure instead.
  it("reads a 16-bit PNG as the 8-bit one of the same picture", async () => {
    const eight = await hashablePage(sharp(await raw(colourful(4), 4).png().toBuffer()));
    const sixteen = await hashablePage(sharp(await raw(colourful(4), 4).toColourspace("rgb16").png().toBuffer()));
    expect([sixteen.width, sixteen.height, sixteen.pixels.length]).toEqual([300, 200, 300 * 200]);
    expect(difference(sixteen.pixels, eight.pixels).most).toBeLessThanOrEqual(1);
  });
});
