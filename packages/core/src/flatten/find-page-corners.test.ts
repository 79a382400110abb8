import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createCanvas } from "@napi-rs/canvas";
import sharp, { type Sharp } from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { renderLicenceBarcode, renderTextImage } from "../../testing/fixtures";
import { BACKGROUNDS, drawBackground, seededRandom } from "../../testing/photo-backgrounds";
import { cornerError, makeWarpedPhoto, type TWarpedPhoto } from "../../testing/warped-photos";
import { isAppError } from "../errors/app-error";
import { findPageCorners, flattenPage, type TRgbaImage } from "./index";
import { orderCorners } from "./quad-geometry";

// A receipt as a till prints it: a narrow strip of short lines.
const RECEIPT_LINES = [
  "CORNER SHOP SDN BHD",
  "12 JALAN MERDEKA",
  "TAX INVOICE 0042",
  "DATE 25/04/2018 10:31",
  ...Array.from({ length: 14 }, (_, i) => `ITEM ${String(i + 1).padStart(2, "0")}   ${(i * 1.7 + 2).toFixed(2)}`),
  "SUBTOTAL      43.10",
  "TOTAL RM      43.10",
  "CASH          50.00",
  "CHANGE         6.90",
  "THANK YOU",
];

async function rgbaOf(bytes: Uint8Array): Promise<TRgbaImage> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

function correlation(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [ab, aa, bb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) {
    const [da, db] = [(a[i] ?? 0) - ma, (b[i] ?? 0) - mb];
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  return ab / Math.sqrt(aa * bb);
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("findPageCorners and flattenPage on warped photos of a receipt", () => {
  let receipt: Buffer;
  let receiptSize: { width: number; height: number };
  // Two seeds on each background: turned, keystoned, lit unevenly.
  const cases = BACKGROUNDS.flatMap((background, i) => [11 + i, 23 + i].map((seed) => ({ background, seed })));
  const photos = new Map<number, TWarpedPhoto>();

  beforeAll(async () => {
    receipt = await renderTextImage(RECEIPT_LINES, { width: 520, fontSize: 26 });
    const meta = await sharp(receipt).metadata();
    receiptSize = { width: meta.width ?? 0, height: meta.height ?? 0 };
    for (const { background, seed } of cases) photos.set(seed, await makeWarpedPhoto(receipt, seed, { background }));
  }, 60_000);

  it.each(cases)("finds the corners on $background (seed $seed) within 3% of the diagonal", async ({ seed }) => {
    const photo = photos.get(seed) as TWarpedPhoto;
    const found = await findPageCorners(await rgbaOf(photo.bytes));
    expect(found, `rotation ${photo.rotation}, fill ${photo.fill}`).not.toBeNull();
    expect(cornerError(found?.corners ?? [], photo.corners, photo)).toBeLessThan(0.03);
    expect(found?.confidence).toBeGreaterThan(0.5);
  });

  it("flattens a found page to the receipt's proportions, upright or on its side", async () => {
    const aspect = receiptSize.width / receiptSize.height;
    for (const seed of [11, 24, 25]) {
      const photo = photos.get(seed) as TWarpedPhoto;
      const image = await rgbaOf(photo.bytes);
      const found = await findPageCorners(image);
      const flat = await flattenPage(image, found?.corners ?? photo.corners);
      expect(flat.data.length).toBe(flat.width * flat.height * 4);
      // Sideways photos give the page on its side: the reader turns it upright.
      const shape = Math.min(flat.width, flat.height) / Math.max(flat.width, flat.height);
      expect(Math.abs(shape - aspect) / aspect, `seed ${seed}: ${flat.width} × ${flat.height}`).toBeLessThan(0.08);
    }
  });

  it("gives back the page itself when flattened along its true corners, no larger than maxSide", async () => {
    const photo = await makeWarpedPhoto(receipt, 5, { background: "dark-desk", format: "png" });
    const image = await rgbaOf(photo.bytes);
    const flat = await flattenPage(image, photo.corners, { maxSide: 600 });
    expect(Math.max(flat.width, flat.height)).toBeLessThanOrEqual(600);
    // The flat page is the receipt (its lines where the receipt has them), however the light fell on the photo.
    const grey = async (image: Sharp) => Array.from(new Uint8Array(await image.resize(flat.width, flat.height, { fit: "fill" }).greyscale().raw().toBuffer()));
    const original = await grey(sharp(receipt));
    const flattened = await grey(sharp(Buffer.from(flat.data), { raw: { width: flat.width, height: flat.height, channels: 4 } }));
    expect(correlation(original, flattened)).toBeGreaterThan(0.8);
  });

  it("finds no page in a photo of the background alone", async () => {
    for (const background of BACKGROUNDS) {
      for (const seed of [3, 4]) {
        const data = drawBackground(background, 750, 1000, seededRandom(seed));
        expect(await findPageCorners({ data, width: 750, height: 1000 }), `${background} ${seed}`).toBeNull();
      }
    }
  });

  it("says when other pages lie beside the one found (several receipts photographed together), and not otherwise", async () => {
    const canvas = createCanvas(1200, 800);
    const g = canvas.getContext("2d");
    g.fillStyle = "#3a3530";
    g.fillRect(0, 0, 1200, 800);
    g.fillStyle = "#ffffff";
    for (const [x, y, h] of [
      [50, 60, 680],
      [440, 100, 600],
      [840, 40, 560],
    ] as const)
      g.fillRect(x, y, 320, h);
    const found = await findPageCorners(await rgbaOf(canvas.toBuffer("image/png")));
    expect(found?.othersSeen).toBe(2);
    const single = await makeWarpedPhoto(await renderTextImage(["ONE RECEIPT", "TOTAL 1.00", "THANK YOU"], { width: 900 }), 5, { background: "cluttered" });
    expect((await findPageCorners(await rgbaOf(single.bytes)))?.othersSeen).toBe(0);
  });

  it("takes a dark block printed on a page (a licence's barcode) for what it is, not for the page", async () => {
    // The barcode's outline is a large, contrasted rectangle, but darker than the paper around it.
    expect(await findPageCorners(await rgbaOf(await renderLicenceBarcode()))).toBeNull();
  });
});

describe("refusals", () => {
  it("refuses an image with no pixels, too many, or the wrong number of bytes, at once", async () => {
    const empty = await refusal(findPageCorners({ data: new Uint8ClampedArray(0), width: 0, height: 0 }));
    expect(empty).toMatchObject({ code: "BAD_REQUEST" });
    expect(empty.message).toMatch(/0 × 0 pixels/);
    const started = performance.now();
    const huge = await refusal(findPageCorners({ data: new Uint8ClampedArray(4), width: 100_000, height: 100_000 }));
    expect(huge).toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(huge.message).toMatch(/100,000 × 100,000 pixels.*Scale it down/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(await refusal(flattenPage({ data: new Uint8ClampedArray(4), width: 20_000, height: 20_000 }, []))).toMatchObject({ code: "FILE_TOO_LARGE" });
    expect(await refusal(findPageCorners({ data: new Uint8ClampedArray(10), width: 2, height: 2 }))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(findPageCorners({ data: new Uint8ClampedArray(4), width: 0.5, height: 2 }))).toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses corners that are not a page's", async () => {
    const image = { data: new Uint8ClampedArray(40 * 30 * 4), width: 40, height: 30 };
    const square = [
      { x: 0.1, y: 0.1 },
      { x: 0.9, y: 0.1 },
      { x: 0.9, y: 0.9 },
      { x: 0.1, y: 0.9 },
    ];
    expect(await refusal(flattenPage(image, square.slice(0, 3)))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(flattenPage(image, [...square.slice(0, 3), { x: 2, y: 0.5 }]))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(flattenPage(image, [...square.slice(0, 3), { x: Number.NaN, y: 0.5 }]))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(flattenPage(image, [square[0], square[0], square[2], square[3]] as typeof square))).toMatchObject({ code: "BAD_REQUEST" });
    expect(await refusal(flattenPage(image, square, { maxSide: 0 }))).toMatchObject({ code: "BAD_REQUEST" });
    // Corners in any order are the same page.
    const flat = await flattenPage(image, [square[2], square[0], square[3], square[1]] as typeof square);
    expect([flat.width, flat.height]).toEqual([32, 24]);
  });
});

describe("orderCorners", () => {
  it("puts corners in reading order (tl, tr, br, bl) for a page turned either way", () => {
    const tilted = [
      { x: 10, y: 90 },
      { x: 80, y: 100 },
      { x: 20, y: 10 },
      { x: 90, y: 20 },
    ];
    expect(orderCorners(tilted)).toEqual([
      { x: 20, y: 10 },
      { x: 90, y: 20 },
      { x: 80, y: 100 },
      { x: 10, y: 90 },
    ]);
  });
});

describe("the package's main entry", () => {
  it("does not reach the flattener or OpenCV.js (the capture page's worker loads it at once)", () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), "..");
    const seen = new Set<string>();
    const walk = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/@techstark\/opencv-js/);
      for (const [, path] of text.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        const base = join(dirname(file), path ?? "");
        const next = [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
        if (next) walk(next);
      }
    };
    walk(join(src, "index.ts"));
    expect(seen.size).toBeGreaterThan(10);
    expect([...seen].filter((file) => file.startsWith(join(src, "flatten")))).toEqual([]);
  });
});
