import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { headTailOf } from "../../validation/head-tail";
import { validateDocument } from "../../validation/validate-document";
import { validateDocumentBytes } from "./validate-document-bytes";
import { pageHash } from "../page-hash";
import { validateImage } from "./validate-image";
import { refusal } from "../../../testing/refusal";

const noise = (width: number, height: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 251)), {
    raw: { width, height, channels: 3 },
  });

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

describe("validateImage", () => {
  it.each([
    ["image/png", () => noise(300, 200).png().toBuffer()],
    ["image/jpeg", () => noise(300, 200).jpeg().toBuffer()],
    ["image/webp", () => noise(300, 200).webp().toBuffer()],
    ["image/tiff", () => noise(300, 200).tiff().toBuffer()],
  ])("accepts a real %s, reports its size and keeps its decode as the page hash reads it", async (type, make) => {
    const bytes = await make();
    const { firstPage, ...checked } = await validateImage(bytes, { declaredType: type });
    expect(checked).toEqual({ kind: "image", type, width: 300, height: 200 });
    // Grey, one byte a pixel, no larger than it was (at most 512 a side): the same page hash as from the bytes.
    expect([firstPage.width, firstPage.height, firstPage.pixels.length]).toEqual([300, 200, 300 * 200]);
    expect(await pageHash(bytes, checked.type, { firstPage })).toBe(await pageHash(bytes, checked.type));
  });

  it("refuses a truncated PNG and a truncated JPEG", async () => {
    const png = await noise(300, 200).png().toBuffer();
    expect((await refusal(validateImage(png.subarray(0, png.length / 2)))).code).toBe("CORRUPT_FILE");
    const jpeg = await noise(300, 200).jpeg().toBuffer();
    expect((await refusal(validateImage(jpeg.subarray(0, jpeg.length - 100)))).message).toMatch(/JPEG image .*cut short/);
  });

  it("finds damage inside a PNG whose end looks intact, by decoding it", async () => {
    const png = await noise(300, 200).png().toBuffer();
    // Cut the image data in half but keep the end chunk: the head/tail check cannot tell.
    const iend = png.subarray(png.length - 12);
    const damaged = Buffer.concat([png.subarray(0, png.length / 2), iend]);
    expect(validateDocument(headTailOf(damaged)).type).toBe("image/png");
    const error = await refusal(validateImage(damaged));
    expect(error.code).toBe("CORRUPT_FILE");
    expect(error.message).toMatch(/PNG image is damaged/);
  });

  it("refuses a bomb whose header lies beyond the 64 KB head, through sharp's metadata", async () => {
    const jpeg = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#fff" } })
      .jpeg()
      .toBuffer();
    const app = Buffer.concat([Buffer.from([0xff, 0xe2, 0xff, 0xff]), Buffer.alloc(0xfffd, 1)]);
    const withMetadata = Buffer.concat([jpeg.subarray(0, 2), app, app, jpeg.subarray(2)]);
    const error = await refusal(validateImage(withMetadata, { limits: { maxPixels: 1_000_000 } }));
    expect(error.code).toBe("FILE_TOO_LARGE");
    expect(error.message).toContain("3,000 × 2,000 pixels");
  });

  it("refuses a PNG header claiming 100000 × 100000 pixels before decoding anything", async () => {
    const ihdr = Buffer.concat([u32be(100_000), u32be(100_000), Buffer.from([8, 2, 0, 0, 0])]);
    const bomb = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      u32be(13),
      Buffer.from("IHDR"),
      ihdr,
      u32be(0),
      u32be(0),
      Buffer.from("IEND"),
      u32be(0xae426082),
    ]);
    expect((await refusal(validateImage(bomb))).code).toBe("FILE_TOO_LARGE");
  });

  it("refuses HEIC with advice to export as JPEG", async () => {
    const heic = Buffer.concat([Buffer.from("\0\0\0\x18ftypheic\0\0\0\0mif1heic", "latin1"), Buffer.alloc(200)]);
    const error = await refusal(validateImage(heic));
    expect(error.code).toBe("UNSUPPORTED_TYPE");
    expect(error.message).toMatch(/HEIC.*JPEG/);
  });

  it("refuses a PDF handed to it, and dispatches by content", async () => {
    const png = await noise(30, 20).png().toBuffer();
    expect(await validateDocumentBytes(png)).toMatchObject({ kind: "image", width: 30, height: 20 });
    const pdf = Buffer.from("%PDF-1.7\n%%EOF\n");
    expect((await refusal(validateImage(pdf))).code).toBe("TYPE_MISMATCH");
  });
});
