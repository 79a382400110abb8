// Copies of a page photo spoiled the ways a phone spoils them, for the capture quality gate's
// tests and its corpus measurement (scripts/quality-gate.ts): shaken, in the dark, in harsh light,
// and with a lamp reflected on the page.
import sharp from "sharp";
import { QUALITY_SIDE, type TGrayImage } from "../src/image-quality";

/** The grey image the capture page measures: at most QUALITY_SIDE a side. */
export async function grayForQuality(bytes: Uint8Array | Buffer): Promise<TGrayImage> {
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize({ width: QUALITY_SIDE, height: QUALITY_SIDE, fit: "inside", withoutEnlargement: true })
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

export type TSpoiled = "blurry" | "dark" | "washed-out" | "glare";

/** The photo (any format sharp reads) at the measuring size, spoiled one way; PNG bytes. */
export async function spoil(bytes: Uint8Array | Buffer, how: TSpoiled): Promise<Buffer> {
  const base = sharp(bytes).rotate().resize({ width: QUALITY_SIDE, height: QUALITY_SIDE, fit: "inside", withoutEnlargement: true }).grayscale();
  if (how === "blurry") return base.blur(4).png().toBuffer();
  // A room at night: everything at a fifth of its light.
  if (how === "dark") return base.linear(0.2, 0).png().toBuffer();
  // Full sun on glossy paper: ink and paper both pushed to the top.
  if (how === "washed-out") return base.linear(0.25, 190).png().toBuffer();
  // A lamp reflected on a page photographed under room light (its paper grey, not white): a burnt-out
  // patch a quarter of the page wide, fading at its edge. Drawn on the pixels: as an SVG composite it
  // was the tests' one use of sharp's SVG renderer (librsvg), and the test worker running this file
  // was the one that crashed now and then in CI (a native crash, never seen alone).
  const { data, info } = await base.linear(0.78, 0).raw().toBuffer({ resolveWithObject: true });
  const { width, height, channels } = info;
  const r = Math.round(Math.min(width, height) * 0.25);
  const [cx, cy, rx, ry] = [width * 0.55, height * 0.4, r, r * 1.3];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const d = Math.hypot((x - cx) / rx, (y - cy) / ry);
      // White to three quarters of the way out, then fading to nothing at the edge.
      const light = d <= 0.75 ? 1 : d >= 1 ? 0 : (1 - d) / 0.25;
      const at = (y * width + x) * channels;
      data[at] = Math.round((data[at] as number) + (255 - (data[at] as number)) * light);
    }
  }
  return sharp(data, { raw: { width, height, channels } }).png().toBuffer();
}
