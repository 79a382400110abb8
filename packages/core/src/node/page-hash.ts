import sharp, { type Sharp } from "sharp";
import type { TSupportedType } from "../validation/detect-type";
import { estimateSkew } from "./engines/mrz/estimate-skew";
import { renderPdfPages } from "./engines/render-pdf";
import { srgbToGrey } from "./srgb-to-grey";
import { turnGreyPage } from "./turn-grey-page";

/**
 * Two page hashes at most this many bits apart (of 64) are taken for the same page. Measured in
 * page-hash.test.ts on a receipt the test draws: re-encoded as JPEG (quality 40), turned 90°, 3° or
 * -3° (and re-encoded) 0 bits; photographed on a table turned 2°, 2; turned 180° and 5% cut off each
 * edge, 4; 5% cut off each edge, 8; the scanned PDF of it 0-2, a text PDF of the same lines 6.
 * Another receipt of the same shop with other lines and total, 22; one with as many lines (the same
 * layout, other words), 12: so close that the key fields, not the image, must tell those apart.
 */
export const PAGE_HASH_THRESHOLD = 10;

/** The side of the grey grid the hash is taken from, and of the low frequencies it keeps (8 x 8 = 64 bits). */
const GRID = 32;
const BITS = 64;
/** The page is decoded no larger than this on its longer side: enough to find its edges, and never a full-size copy in memory. */
const WORK_SIDE = 512;
/** A PDF's first page is drawn this coarse (an A4 page about WORK_SIDE pixels): the hash needs its layout, not text to read. */
const PDF_DPI = 72;
/** A pixel this far (of 255) from the border's shade is part of the page's content. */
const INK_CONTRAST = 48;

/** A page in grey, one byte a pixel. */
export type TPageGrey = { pixels: Uint8Array; width: number; height: number };
type TGrey = TPageGrey;

/**
 * A perceptual hash of a document's first page, as hex: four 64-bit DCT hashes (pHash) of the page
 * turned by 0, 90, 180 and 270 degrees, so a copy photographed sideways still matches. The page is
 * cut to its content (a margin cropped or added, or the table a receipt lies on, changes little),
 * straightened (text lines turned a few degrees) and centred in a square, so its proportions count.
 * Null when there is nothing to hash (a PDF without pages, a blank page). Throws what the decoder
 * throws for bytes it cannot read. `firstPage`: the image's first page as hashablePage made it
 * already (validateImage keeps it from its decode), so the image is not decoded a second time.
 */
export async function pageHash(bytes: Uint8Array, type: TSupportedType, opts: { firstPage?: TPageGrey } = {}): Promise<string | null> {
  let page = type === "application/pdf" ? await firstPageGrey(bytes, type) : (opts.firstPage ?? (await firstPageGrey(bytes, type)));
  if (!page) return null;
  let content = contentBox(page);
  const printed = cut(page, content);
  const skew = estimateSkew({ data: printed.pixels, width: printed.width, height: printed.height });
  if (skew !== 0) {
    page = turnGreyPage(printed, -skew, content.background);
    content = contentBox(page);
  }
  const hashes: string[] = [];
  let grid = squareGrid(page, content);
  for (let quarter = 0; quarter < 4; quarter++) {
    const hash = dctHash(grid);
    // A page of one shade has no low frequencies to compare: no hash rather than one that matches every blank page.
    if (!hash) return null;
    hashes.push(hash);
    grid = turnQuarter(grid);
  }
  return hashes.join("");
}

/** Bits apart of two page hashes, the least over the turns either was stored with: 0 for the same page, 64 at most. */
export function hashDistance(a: string, b: string): number {
  const turnsA = turnsOf(a);
  const turnsB = turnsOf(b);
  const [a0, b0] = [turnsA[0], turnsB[0]];
  if (a0 === undefined || b0 === undefined) return BITS;
  let best = BITS;
  for (const turn of turnsB) best = Math.min(best, hamming(a0, turn));
  for (const turn of turnsA) best = Math.min(best, hamming(turn, b0));
  return best;
}

const turnsOf = (hash: string): bigint[] => (/^(?:[0-9a-f]{16})+$/.test(hash) ? (hash.match(/.{16}/g) ?? []).map((hex) => BigInt(`0x${hex}`)) : []);

function hamming(a: bigint, b: bigint): number {
  let x = a ^ b;
  let count = 0;
  while (x > 0n) {
    count += Number(x & 1n);
    x >>= 1n;
  }
  return count;
}

/**
 * What the hash reads of an image (its first page, given as a sharp input): in grey, at most
 * WORK_SIDE pixels a side, transparency on white, EXIF rotation applied. The same decode serves
 * validateImage's check for damage, so an image is decoded once for both. sharp decodes, turns
 * and shrinks, which libvips does well; the flattening and the grey, libvips's fixed costs that
 * made most of a small image's time, are one pass in srgbToGrey. sharp hands over 8-bit sRGB
 * whatever came in (grey, 16-bit, palette, CMYK), 3 channels or 4 with alpha.
 */
export async function hashablePage(image: Sharp): Promise<TPageGrey> {
  const { data, info } = await image
    .rotate()
    .resize({ width: WORK_SIDE, height: WORK_SIDE, fit: "inside", withoutEnlargement: true })
    .toColourspace("srgb")
    .raw({ depth: "uchar" })
    .toBuffer({ resolveWithObject: true });
  return srgbToGrey(data, info);
}

/** The first page in grey, as hashablePage makes it. */
async function firstPageGrey(bytes: Uint8Array, type: TSupportedType): Promise<TGrey | null> {
  let image: Uint8Array = bytes;
  if (type === "application/pdf") {
    const pages = renderPdfPages(bytes, { dpi: PDF_DPI, pages: [1] });
    const first = await pages.next();
    await pages.return(undefined);
    if (first.done) return null;
    image = first.value.png;
  }
  return hashablePage(sharp(image, { failOn: "none", pages: 1 }));
}

/** The part of the page inside the box. */
function cut({ pixels, width }: TGrey, box: TBox): TGrey {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const part = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) part.set(pixels.subarray((box.y0 + y) * width + box.x0, (box.y0 + y) * width + box.x1), y * w);
  return { pixels: part, width: w, height: h };
}

/** Where the content is, and the shade around it. */
type TBox = { x0: number; y0: number; x1: number; y1: number; background: number };

/**
 * The rectangle holding the page's content, found from the outside in: rows and columns with
 * pixels that stand out from the shade of the border, then again inside that (a receipt on a table:
 * first the paper, then the print on it). The whole image when nothing stands out.
 */
function contentBox(page: TGrey): TBox {
  let box: TBox = { x0: 0, y0: 0, x1: page.width, y1: page.height, background: 255 };
  for (let round = 0; round < 4; round++) {
    const inner = innerBox(page, box);
    if (!inner) break;
    const same = inner.x0 === box.x0 && inner.y0 === box.y0 && inner.x1 === box.x1 && inner.y1 === box.y1;
    box = inner;
    if (same) break;
  }
  return box;
}

/** Within `outer`, the rows and columns holding pixels unlike the shade of its border; undefined when none do. */
function innerBox({ pixels, width }: TGrey, outer: TBox): TBox | undefined {
  const w = outer.x1 - outer.x0;
  const h = outer.y1 - outer.y0;
  const at = (x: number, y: number) => pixels[(outer.y0 + y) * width + outer.x0 + x] ?? 255;
  const border = new Uint8Array(2 * (w + h));
  for (let x = 0; x < w; x++) {
    border[2 * x] = at(x, 0);
    border[2 * x + 1] = at(x, h - 1);
  }
  for (let y = 0; y < h; y++) {
    border[2 * w + 2 * y] = at(0, y);
    border[2 * w + 2 * y + 1] = at(w - 1, y);
  }
  border.sort();
  const background = border[border.length >> 1] ?? 255;
  const rows = new Uint32Array(h);
  const cols = new Uint32Array(w);
  // Every pixel of the box, once per round: plain index arithmetic, no call per pixel.
  for (let y = 0; y < h; y++) {
    const line = (outer.y0 + y) * width + outer.x0;
    let inRow = 0;
    for (let x = 0; x < w; x++) {
      if (Math.abs((pixels[line + x] ?? 255) - background) <= INK_CONTRAST) continue;
      inRow++;
      cols[x] = (cols[x] ?? 0) + 1;
    }
    rows[y] = inRow;
  }
  // A speck of noise or JPEG ringing is not content: a row or column needs a few pixels of it.
  const minInRow = Math.max(2, Math.round(w / 200));
  const minInCol = Math.max(2, Math.round(h / 200));
  const y0 = rows.findIndex((n) => n >= minInRow);
  const x0 = cols.findIndex((n) => n >= minInCol);
  if (y0 < 0 || x0 < 0) return undefined;
  const y1 = h - [...rows].reverse().findIndex((n) => n >= minInRow);
  const x1 = w - [...cols].reverse().findIndex((n) => n >= minInCol);
  // Content in a sliver of the image is too little to hash on its own.
  if (x1 - x0 < 8 || y1 - y0 < 8) return undefined;
  return { x0: outer.x0 + x0, y0: outer.y0 + y0, x1: outer.x0 + x1, y1: outer.y0 + y1, background };
}

/**
 * The box's pixels averaged into a GRID x GRID grid: the box centred in a square of its longer
 * side, the rest in its background shade, so a short receipt and a long one differ.
 */
function squareGrid({ pixels, width }: TGrey, box: TBox): Float64Array {
  const side = Math.max(box.x1 - box.x0, box.y1 - box.y0);
  const left = box.x0 - (side - (box.x1 - box.x0)) / 2;
  const top = box.y0 - (side - (box.y1 - box.y0)) / 2;
  const span = (start: number, cell: number) => {
    const from = Math.floor(start + (cell * side) / GRID);
    return [from, Math.max(from + 1, Math.floor(start + ((cell + 1) * side) / GRID))] as const;
  };
  const grid = new Float64Array(GRID * GRID);
  for (let gy = 0; gy < GRID; gy++) {
    const [ya, yb] = span(top, gy);
    for (let gx = 0; gx < GRID; gx++) {
      const [xa, xb] = span(left, gx);
      let sum = 0;
      for (let y = ya; y < yb; y++) {
        for (let x = xa; x < xb; x++) {
          const inside = y >= box.y0 && y < box.y1 && x >= box.x0 && x < box.x1;
          sum += inside ? (pixels[y * width + x] ?? box.background) : box.background;
        }
      }
      grid[gy * GRID + gx] = sum / ((yb - ya) * (xb - xa));
    }
  }
  return grid;
}

/** The grid turned clockwise by 90 degrees. */
function turnQuarter(grid: Float64Array): Float64Array {
  const turned = new Float64Array(GRID * GRID);
  for (let y = 0; y < GRID; y++) for (let x = 0; x < GRID; x++) turned[x * GRID + (GRID - 1 - y)] = grid[y * GRID + x] ?? 0;
  return turned;
}

const COSINES = Array.from({ length: GRID }, (_, u) => Array.from({ length: GRID }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * GRID))));
/** The 64 lowest frequencies after the constant one, lowest first. */
const FREQUENCIES = Array.from({ length: 81 }, (_, i) => ({ u: Math.floor(i / 9), v: i % 9 }))
  .filter(({ u, v }) => u + v > 0)
  .sort((p, q) => p.u + p.v - (q.u + q.v) || p.u - q.u)
  .slice(0, BITS);

/** pHash: one bit per low frequency, set where its DCT coefficient is above their median. Null when they are all equal. */
function dctHash(grid: Float64Array): string | null {
  // Each row's sum against each horizontal frequency once (the frequencies share them), added in
  // the same order as the coefficient's own double loop, so the hash is the same to the bit.
  const rowSums = new Map<number, Float64Array>();
  const rowSumsOf = (v: number) => {
    let sums = rowSums.get(v);
    if (sums) return sums;
    const cv = COSINES[v] ?? [];
    sums = new Float64Array(GRID);
    for (let y = 0; y < GRID; y++) {
      let row = 0;
      for (let x = 0; x < GRID; x++) row += (grid[y * GRID + x] ?? 0) * (cv[x] ?? 0);
      sums[y] = row;
    }
    rowSums.set(v, sums);
    return sums;
  };
  const coefficients = FREQUENCIES.map(({ u, v }) => {
    const cu = COSINES[u] ?? [];
    const rows = rowSumsOf(v);
    let sum = 0;
    for (let y = 0; y < GRID; y++) sum += (rows[y] ?? 0) * (cu[y] ?? 0);
    return sum;
  });
  const sorted = [...coefficients].sort((p, q) => p - q);
  const median = ((sorted[BITS / 2 - 1] ?? 0) + (sorted[BITS / 2] ?? 0)) / 2;
  if ((sorted[BITS - 1] ?? 0) - (sorted[0] ?? 0) < 1e-6) return null;
  let bits = 0n;
  for (const c of coefficients) bits = (bits << 1n) | (c > median ? 1n : 0n);
  return bits.toString(16).padStart(16, "0");
}
