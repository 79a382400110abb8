// What a page lies on when it is photographed, drawn from a seed (no downloaded pictures): a wooden
// table, a cloth, a dark desk, a cluttered surface. For the warped test photos (warped-photos.ts).

export const BACKGROUNDS = ["wood", "fabric", "dark-desk", "cluttered"] as const;
export type TBackground = (typeof BACKGROUNDS)[number];

/** A seeded random source (mulberry32): the same seed draws the same photo on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type TRandom = () => number;
type TRgb = [number, number, number];
const between = (random: TRandom, low: number, high: number) => low + (high - low) * random();
const pick = <T>(random: TRandom, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** Smooth noise in [-1, 1]: a coarse random grid (`cells` across the longer side) read with bilinear steps. */
function smoothNoise(random: TRandom, width: number, height: number, cells: number): Float32Array {
  const step = Math.max(width, height) / cells;
  const gw = Math.ceil(width / step) + 2;
  const gh = Math.ceil(height / step) + 2;
  const grid = Float32Array.from({ length: gw * gh }, () => random() * 2 - 1);
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const gy = y / step;
    const iy = Math.floor(gy);
    const fy = gy - iy;
    const sy = fy * fy * (3 - 2 * fy);
    for (let x = 0; x < width; x++) {
      const gx = x / step;
      const ix = Math.floor(gx);
      const fx = gx - ix;
      const sx = fx * fx * (3 - 2 * fx);
      const a = grid[iy * gw + ix] ?? 0;
      const b = grid[iy * gw + ix + 1] ?? 0;
      const c = grid[(iy + 1) * gw + ix] ?? 0;
      const d = grid[(iy + 1) * gw + ix + 1] ?? 0;
      out[y * width + x] = (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy;
    }
  }
  return out;
}

/** An RGBA background `width` × `height` of the kind asked for. */
export function drawBackground(kind: TBackground, width: number, height: number, random: TRandom): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  const put = (p: number, [r, g, b]: TRgb, light: number) => {
    out[p * 4] = r * light;
    out[p * 4 + 1] = g * light;
    out[p * 4 + 2] = b * light;
    out[p * 4 + 3] = 255;
  };
  const long = Math.max(width, height);
  switch (kind) {
    case "wood": {
      // Grain: stripes along the planks, bent by smooth noise, with dark seams between planks.
      const colour = pick<TRgb>(random, [
        [196, 152, 104],
        [150, 98, 60],
        [104, 70, 46],
        [170, 120, 80],
      ]);
      const angle = random() < 0.5 ? between(random, -0.1, 0.1) : Math.PI / 2 + between(random, -0.1, 0.1);
      const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
      const bend = smoothNoise(random, width, height, 6);
      const figure = smoothNoise(random, width, height, 40);
      const period = long * between(random, 0.006, 0.015);
      const plank = long * between(random, 0.12, 0.25);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const p = y * width + x;
          const across = -uy * x + ux * y;
          const grain = Math.sin((across + (bend[p] ?? 0) * period * 6) / period);
          const seam = Math.abs(((across % plank) + plank) % plank) < long * 0.002 ? 0.55 : 1;
          put(p, colour, seam * (0.88 + 0.08 * grain + 0.06 * (figure[p] ?? 0) + (random() - 0.5) * 0.04));
        }
      return out;
    }
    case "fabric": {
      // A weave (threads a few pixels apart, across and along), folds, and fibre noise.
      const colour = pick<TRgb>(random, [
        [62, 84, 128],
        [140, 44, 52],
        [56, 104, 66],
        [112, 112, 118],
        [150, 120, 90],
      ]);
      const thread = between(random, 3, 7);
      const folds = smoothNoise(random, width, height, 5);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const p = y * width + x;
          const weave = Math.sin((2 * Math.PI * x) / thread) * Math.sin((2 * Math.PI * y) / thread);
          put(p, colour, 0.9 + 0.08 * weave + 0.15 * (folds[p] ?? 0) + (random() - 0.5) * 0.12);
        }
      return out;
    }
    case "dark-desk": {
      const colour = pick<TRgb>(random, [
        [38, 38, 42],
        [52, 40, 32],
        [28, 32, 38],
      ]);
      const sheen = smoothNoise(random, width, height, 3);
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const p = y * width + x;
          put(p, colour, 1 + 0.25 * (sheen[p] ?? 0) + (random() - 0.5) * 0.1);
        }
      return out;
    }
    case "cluttered": {
      // A gradient between two colours, with things lying about: cards, a pen, a phone, a cup's ring.
      const colour = (): TRgb => [between(random, 30, 200), between(random, 30, 200), between(random, 30, 200)];
      const [from, to] = [colour(), colour()];
      const angle = between(random, 0, 2 * Math.PI);
      const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
      const span = Math.abs(ux) * width + Math.abs(uy) * height;
      for (let y = 0; y < height; y++)
        for (let x = 0; x < width; x++) {
          const t = Math.min(1, Math.max(0, 0.5 + ((x - width / 2) * ux + (y - height / 2) * uy) / span));
          const noise = 1 + (random() - 0.5) * 0.06;
          out[(y * width + x) * 4] = (from[0] + (to[0] - from[0]) * t) * noise;
          out[(y * width + x) * 4 + 1] = (from[1] + (to[1] - from[1]) * t) * noise;
          out[(y * width + x) * 4 + 2] = (from[2] + (to[2] - from[2]) * t) * noise;
          out[(y * width + x) * 4 + 3] = 255;
        }
      const things = 3 + Math.floor(random() * 6);
      for (let i = 0; i < things; i++) {
        const cx = random() * width;
        const cy = random() * height;
        const w = long * between(random, 0.03, 0.14);
        const h = w * between(random, 0.15, 1);
        const turn = random() * Math.PI;
        const [c, s] = [Math.cos(turn), Math.sin(turn)];
        const round = random() < 0.3;
        const fill: TRgb = [between(random, 0, 235), between(random, 0, 235), between(random, 0, 235)];
        const reach = Math.hypot(w, h) / 2 + 1;
        for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(height, cy + reach); y++)
          for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(width, cx + reach); x++) {
            const u = ((x - cx) * c + (y - cy) * s) / (w / 2);
            const v = (-(x - cx) * s + (y - cy) * c) / (h / 2);
            const within = round ? u * u + v * v <= 1 : Math.abs(u) <= 1 && Math.abs(v) <= 1;
            if (within) put(y * width + x, fill, 1);
          }
      }
      return out;
    }
  }
}
