import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeReceiptsPhoto, PHOTO_RECEIPTS, type TPhotoReceipt } from "../../testing/receipts-photo";
import { refusal } from "../../testing/refusal";
import { regionPixels, splitImage } from "./split-image";
import { validateImage } from "./validation/validate-image";

/** A box a little inside a receipt, as a person would draw it around the paper. */
const inside = (receipt: TPhotoReceipt) => ({ x: receipt.x + 0.01, y: receipt.y + 0.01, width: receipt.width - 0.02, height: receipt.height - 0.02 });
const [red, green, blue] = PHOTO_RECEIPTS.map(inside);

/** Which tint a part's paper has: the channel brightest on average, when the part is paper at all. */
async function tintOf(bytes: Uint8Array): Promise<string> {
  const { channels } = await sharp(bytes).stats();
  const means = channels.slice(0, 3).map((c) => c.mean);
  if (Math.min(...means) < 150) return "not paper";
  return ["red", "green", "blue"][means.indexOf(Math.max(...means))] ?? "none";
}

describe("splitImage", () => {
  it("gives one PNG per box of a PNG, holding that box's pixels, in the order asked", async () => {
    if (!red || !green || !blue) throw new Error("three receipts expected");
    const parts = await splitImage(await makeReceiptsPhoto(), [blue, red, green]);
    expect(parts.map((p) => [p.region, p.type])).toEqual([
      [blue, "image/png"],
      [red, "image/png"],
      [green, "image/png"],
    ]);
    expect(await Promise.all(parts.map((p) => tintOf(p.bytes)))).toEqual(["blue", "red", "green"]);
    for (const part of parts) {
      const { width, height } = regionPixels(part.region, 800, 500);
      expect([part.width, part.height]).toEqual([width, height]);
      // Each part is an image the upload path accepts, of the size it says.
      expect(await validateImage(part.bytes)).toMatchObject({ kind: "image", type: "image/png", width, height });
    }
  });

  it("cuts a sideways JPEG as it is shown (EXIF orientation), into JPEGs without metadata", async () => {
    if (!red || !green) throw new Error("receipts expected");
    const photo = await makeReceiptsPhoto({ format: "jpeg", orientation: 6 });
    expect(await sharp(photo).metadata()).toMatchObject({ width: 500, height: 800, orientation: 6 });
    const parts = await splitImage(photo, [red, green]);
    expect(parts.map((p) => p.type)).toEqual(["image/jpeg", "image/jpeg"]);
    expect(await Promise.all(parts.map((p) => tintOf(p.bytes)))).toEqual(["red", "green"]);
    const [first] = parts;
    if (!first) throw new Error("no part");
    const shown = regionPixels(red, 800, 500);
    const metadata = await sharp(first.bytes).metadata();
    expect({ width: metadata.width, height: metadata.height }).toEqual({ width: shown.width, height: shown.height });
    expect(metadata.orientation).toBeUndefined();
    expect(metadata.exif).toBeUndefined();
  });

  it("gives the same bytes for the same photo and boxes every time, so a part split again is known", async () => {
    if (!red) throw new Error("receipt expected");
    for (const format of ["png", "jpeg"] as const) {
      const photo = await makeReceiptsPhoto({ format });
      const [first] = await splitImage(photo, [red]);
      const [again] = await splitImage(photo, [{ ...red }]);
      expect(Buffer.from(again?.bytes ?? []).equals(Buffer.from(first?.bytes ?? []))).toBe(true);
    }
  });

  it("refuses boxes the photo cannot take, before decoding it", async () => {
    const photo = await makeReceiptsPhoto();
    const outside = await refusal(splitImage(photo, [{ x: 0.8, y: 0, width: 0.3, height: 0.5 }]));
    expect(outside.message).toBe("Box 1 reaches outside the photo: draw each box within the picture.");
    expect((await refusal(splitImage(photo, []))).code).toBe("BAD_REQUEST");
  });

  it("refuses a photo over the pixel limit uploads have, a PDF, and bytes that are no image", async () => {
    const box = [{ x: 0, y: 0, width: 0.5, height: 0.5 }];
    const big = await refusal(splitImage(await makeReceiptsPhoto(), box, { limits: { maxPixels: 100_000 } }));
    expect(big.code).toBe("FILE_TOO_LARGE");
    expect(big.message).toMatch(/^This image claims to be 800 × 500 pixels/);
    const pdf = await refusal(splitImage(new TextEncoder().encode("%PDF-1.7\n"), box));
    expect(pdf).toMatchObject({ code: "BAD_REQUEST", message: "This file is a PDF, not a photo: splitting into boxes works on photos only." });
    expect((await refusal(splitImage(new TextEncoder().encode("just some notes"), box))).code).toBe("UNSUPPORTED_TYPE");
    const png = await makeReceiptsPhoto();
    expect((await refusal(splitImage(png.subarray(0, 40), box))).code).toBe("CORRUPT_FILE");
  });
});

describe("regionPixels", () => {
  it("rounds a box to whole pixels within the picture, never empty", () => {
    expect(regionPixels({ x: 0.1, y: 0.2, width: 0.5, height: 0.25 }, 800, 500)).toEqual({ left: 80, top: 100, width: 400, height: 125 });
    expect(regionPixels({ x: 0.9999, y: 0, width: 0.0001, height: 1.000001 }, 800, 500)).toEqual({ left: 799, top: 0, width: 1, height: 500 });
  });
});
