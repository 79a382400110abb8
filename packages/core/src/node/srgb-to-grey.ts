import type { TPageGrey } from "./page-hash";

/** An 8-bit sRGB value in linear light, as libvips's sRGB -> scRGB table holds it (a float). */
const toLinear = (value: number) => {
  const f = value / 255;
  return Math.fround(f <= 0.04045 ? f / 12.92 : ((f + 0.055) / 1.055) ** 2.4);
};

// Each channel's linear value weighted by its share of luminance (Rec. 709, as libvips's scRGB -> B_W)
// and scaled to 0-255, so a pixel's luminance is three look-ups and two additions.
const LINEAR = Array.from({ length: 256 }, (_, value) => toLinear(value));
const RED = Float64Array.from(LINEAR, (linear) => 0.2126 * 255 * linear);
const GREEN = Float64Array.from(LINEAR, (linear) => 0.7152 * 255 * linear);
const BLUE = Float64Array.from(LINEAR, (linear) => 0.0722 * 255 * linear);
/**
 * Luminance back in sRGB gamma at whole steps of 1/255, read between two steps by straight
 * interpolation: libvips encodes B_W this way, so the grey is its own for all but 155 of the 16.7
 * million colours, and those one level off.
 */
const GAMMA = Float64Array.from({ length: 256 }, (_, step) => {
  const y = step / 255;
  return Math.round(255 * (y <= 0.0031308 ? 12.92 * y : 1.055 * y ** (1 / 2.4) - 0.055));
});

/**
 * Raw 8-bit pixels (1 to 4 channels: grey, grey and alpha, RGB, RGBA) in grey, one byte a pixel, as
 * sharp's `.flatten({ background: "#ffffff" }).greyscale()` makes them: transparency flattened onto
 * white first, in sRGB and truncated as libvips does, then colour to luminance in linear light.
 */
export function srgbToGrey(data: Uint8Array, info: { width: number; height: number; channels: number }): TPageGrey {
  const { width, height, channels } = info;
  const pixels = new Uint8Array(width * height);
  const alpha = channels === 2 || channels === 4;
  for (let i = 0, at = 0; i < pixels.length; i++, at += channels) {
    let r = data[at] ?? 255;
    let g = channels >= 3 ? (data[at + 1] ?? 255) : r;
    let b = channels >= 3 ? (data[at + 2] ?? 255) : r;
    if (alpha) {
      const a = data[at + channels - 1] ?? 255;
      const white = 255 * (255 - a);
      r = ((r * a + white) / 255) | 0;
      g = ((g * a + white) / 255) | 0;
      b = ((b * a + white) / 255) | 0;
    }
    // The tables give a grey pixel its own value back; paper's white and a grey scan skip them.
    if (r === g && g === b) {
      pixels[i] = r;
      continue;
    }
    const y = (RED[r] ?? 0) + (GREEN[g] ?? 0) + (BLUE[b] ?? 0);
    const step = y < 254 ? y | 0 : 254;
    const low = GAMMA[step] ?? 0;
    pixels[i] = (low + ((GAMMA[step + 1] ?? 255) - low) * (y - step) + 0.5) | 0;
  }
  return { pixels, width, height };
}
