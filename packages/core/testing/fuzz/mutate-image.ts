import sharp from "sharp";
import type { TRng } from "./fuzz-prng";
import type { TMutation } from "./mutate-bytes";

/**
 * Image-level mutations that still decode: odd sizes and aspect ratios, EXIF orientations, noise, inversion,
 * colour spaces, bit depths and codecs. Byte-level damage rarely gets past the decoders' checksums, so this is
 * what reaches the barcode and OCR code behind them.
 */
export async function mutateImage(rng: TRng, name: string, image: Uint8Array): Promise<TMutation> {
  const steps = [name];
  let pipeline = sharp(image);
  const { width = 1, height = 1 } = await sharp(image).metadata();
  const style = rng.int(7);
  if (style === 0) {
    const size = rng.pick([
      [1, 1],
      [2, 3],
      [4000, 2],
      [3, 3000],
      [17, 600],
      [width * 3, height],
      [Math.max(1, width >> 3), Math.max(1, height >> 3)],
    ] as const);
    pipeline = pipeline.resize(size[0], size[1], { fit: "fill" });
    steps.push(`resize(${size[0]} by ${size[1]})`);
  } else if (style === 1) {
    const angle = rng.pick([90, 180, 270, 7, 45]);
    pipeline = pipeline.rotate(angle, { background: "#ffffff" });
    steps.push(`rotate(${angle})`);
  } else if (style === 2) {
    const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
    const share = rng.pick([0.01, 0.1, 0.5]);
    for (let i = 0; i < data.length; i++) if (rng.chance(share)) data[i] = rng.int(256);
    pipeline = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } });
    steps.push(`noise(${share})`);
  } else if (style === 3) {
    pipeline = rng.chance(0.5) ? pipeline.negate() : pipeline.threshold(rng.between(1, 254));
    steps.push("negate-or-threshold");
  } else if (style === 4) {
    const left = rng.int(width);
    const top = rng.int(height);
    const w = Math.max(1, rng.int(width - left));
    const h = Math.max(1, rng.int(height - top));
    pipeline = pipeline.extract({ left, top, width: w, height: h });
    steps.push(`crop(${left},${top} ${w} by ${h})`);
  } else if (style === 5) {
    const sigma = rng.pick([0.5, 3, 20]);
    pipeline = pipeline.blur(sigma);
    steps.push(`blur(${sigma})`);
  } else {
    steps.push("recode only");
  }
  const orientation = rng.chance(0.3) ? rng.between(1, 8) : undefined;
  if (orientation) {
    pipeline = pipeline.withMetadata({ orientation });
    steps.push(`exif-orientation(${orientation})`);
  }
  const codec = rng.int(6);
  const encoded =
    codec === 0
      ? pipeline.png({ palette: rng.chance(0.3) })
      : codec === 1
        ? pipeline.jpeg({ quality: rng.pick([1, 20, 90]) })
        : codec === 2
          ? pipeline.webp({ quality: rng.pick([1, 50]), lossless: rng.chance(0.3) })
          : codec === 3
            ? pipeline.tiff({ compression: rng.pick(["none", "lzw", "deflate", "jpeg"] as const) })
            : codec === 4
              ? pipeline.toColourspace("cmyk").jpeg()
              : pipeline.toColourspace("rgb16").png();
  steps.push(["png", "jpeg", "webp", "tiff", "cmyk-jpeg", "16-bit-png"][codec] ?? "");
  return { bytes: new Uint8Array(await encoded.toBuffer()), steps };
}
