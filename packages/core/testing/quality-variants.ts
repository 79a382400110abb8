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
  // patch a quarter of the page wide, fading at its edge.
  const room = await base.linear(0.78, 0).png().toBuffer();
  const { width = 1, height = 1 } = await sharp(room).metadata();
  const r = Math.round(Math.min(width, height) * 0.25);
  const spot = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><radialGradient id="g"><stop offset="0.75" stop-color="#fff" stop-opacity="1"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs><ellipse cx="${Math.round(width * 0.55)}" cy="${Math.round(height * 0.4)}" rx="${r}" ry="${Math.round(r * 1.3)}" fill="url(#g)"/></svg>`,
  );
  return sharp(room)
    .composite([{ input: spot }])
    .grayscale()
    .png()
    .toBuffer();
}
