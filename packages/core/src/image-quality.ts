/**
 * Is a photo worth sending? Measured on the device before upload (the capture page's Web Worker),
 * on a grey copy of the photo at most QUALITY_SIDE pixels on its longer side, so the figures mean the
 * same for a 12 MP phone photo and a small scan. Isomorphic: plain arrays, no canvas, no Node.
 *
 * - Sharpness: how steep the steepest edges are, against the paper's brightness (the 90th
 *   percentile). A sharp edge of ink on paper rises over a pixel or two, a blurred one over many:
 *   the steepest 0.2% of the gradients. Counting the steepest edges only keeps a receipt with a few
 *   lines of text on much paper from looking blurred.
 * - Dark: even the paper (the 90th percentile of brightness) is dim.
 * - Washed out: even the ink (the darkest 0.5%) is bright, or ink and paper are nearly one grey,
 *   while the edges stay steep for that little contrast (else it is blur that faded the ink).
 * - Glare: a burnt-out patch (pure white) covering part of a page whose paper is not itself white
 *   (a flatbed scan's paper is pure white everywhere, and that is not glare).
 * The limits were set on the public corpus's receipts (none stopped) and on copies of them made
 * blurred, dark, washed out and with a light reflected on them (packages/core/scripts/quality-gate.ts).
 */

export const QUALITY_SIDE = 1000;

export type TQualityProblem = "blurry" | "dark" | "washed-out" | "glare";

export type TImageQuality = {
  /** Steepest gradients / paper brightness: 0.3-0.6 for the corpus's scans, under 0.12 for a shaken photo. */
  sharpness: number;
  /** 0.5th, 50th and 90th percentiles of brightness, 0-255: the ink (a few lines of text are enough), the middle, the paper. */
  ink: number;
  median: number;
  paper: number;
  /** Share of pixels burnt out (>= 250). */
  burnt: number;
  /** The first problem found, with the sentence that says what to do; null when the photo is fine. */
  problem: { code: TQualityProblem; message: string } | null;
};

export const QUALITY_LIMITS = {
  /** Under this sharpness (steepest edges / paper) the text is smeared. */
  minSharpness: 0.12,
  /** Edges at least this steep against the ink-to-paper spread: faint but not smeared. */
  minCrispness: 0.25,
  /** Paper darker than this: too dark. */
  minPaper: 70,
  /** Ink brighter than this, or ink and paper closer than minContrast: washed out. */
  maxInk: 170,
  minContrast: 50,
  /** Burnt-out share between these, on paper that is not itself white: glare. */
  minGlare: 0.04,
  maxGlare: 0.6,
  /** Paper at or above this is white (a scan): burnt-out pixels are then just the paper. */
  whitePaper: 235,
} as const;

const MESSAGES: Record<TQualityProblem, string> = {
  blurry: "Too blurry to read: hold the phone steady and try again.",
  dark: "Too dark to read: turn on a light or move somewhere brighter, then try again.",
  "washed-out": "Too bright to read: the text is washed out. Move out of direct light and try again.",
  glare: "Glare covers part of the page: tilt the phone or the page so the light does not reflect on it, then try again.",
};

export type TGrayImage = { width: number; height: number; data: Uint8Array | Uint8ClampedArray };

/** Luma (BT.601) of RGBA pixels, one byte per pixel. */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): TGrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, p = 0; p < data.length; i += 4, p++) {
    data[p] = (77 * (rgba[i] ?? 0) + 150 * (rgba[i + 1] ?? 0) + 29 * (rgba[i + 2] ?? 0)) >> 8;
  }
  return { width, height, data };
}

/** The value under which `share` of a 256-bin histogram's count lies. */
function percentile(histogram: Uint32Array, total: number, share: number): number {
  const target = total * share;
  let seen = 0;
  for (let value = 0; value < histogram.length; value++) {
    seen += histogram[value] ?? 0;
    if (seen >= target) return value;
  }
  return histogram.length - 1;
}

/** Measures a grey image (at most QUALITY_SIDE a side is what the limits were set on). */
export function assessImageQuality(image: TGrayImage): TImageQuality {
  const { width, height, data } = image;
  const L = QUALITY_LIMITS;
  const brightness = new Uint32Array(256);
  for (const value of data) brightness[value] = (brightness[value] ?? 0) + 1;
  const total = data.length || 1;
  const ink = percentile(brightness, total, 0.005);
  const median = percentile(brightness, total, 0.5);
  const paper = percentile(brightness, total, 0.9);
  let burntCount = 0;
  for (let value = 250; value < 256; value++) burntCount += brightness[value] ?? 0;
  const burnt = burntCount / total;

  // Central differences, the larger of the two directions, halved: a one-pixel step of C gives C/2.
  const gradients = new Uint32Array(256);
  let counted = 0;
  for (let y = 1; y < height - 1; y++) {
    const row = y * width;
    for (let x = 1; x < width - 1; x++) {
      const i = row + x;
      const gx = Math.abs((data[i + 1] ?? 0) - (data[i - 1] ?? 0));
      const gy = Math.abs((data[i + width] ?? 0) - (data[i - width] ?? 0));
      const g = Math.max(gx, gy) >> 1;
      gradients[g] = (gradients[g] ?? 0) + 1;
      counted++;
    }
  }
  const edge = counted ? percentile(gradients, counted, 0.998) : 0;
  const sharpness = edge / Math.max(1, paper);
  // Against the ink-to-paper spread, a washed-out photo's edges are as steep as ever (the light
  // pushed everything up alike), a blurred one's are not (the ink itself smeared into the paper).
  const crisp = edge / Math.max(1, paper - ink) >= L.minCrispness;

  let code: TQualityProblem | null = null;
  if (paper < L.minPaper) code = "dark";
  else if ((ink > L.maxInk || paper - ink < L.minContrast) && crisp) code = "washed-out";
  else if (burnt >= L.minGlare && burnt <= L.maxGlare && median < L.whitePaper) code = "glare";
  else if (sharpness < L.minSharpness) code = "blurry";
  return { sharpness, ink, median, paper, burnt, problem: code ? { code, message: MESSAGES[code] } : null };
}

/** The size to draw a photo at before measuring it: its own, or scaled so the longer side is QUALITY_SIDE. */
export function qualitySize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, QUALITY_SIDE / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
