import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeScannedPdf, makeTextPdf, renderTextImage } from "../../testing/fixtures";
import { hashDistance, PAGE_HASH_THRESHOLD, pageHash } from "./page-hash";

const SHOP = ["CORNER BAKERY", "12 Mill Lane, Leeds LS1 4AB", "Tel 0113 496 0000", "03/12/2026  09:14  Till 2"];
const RECEIPT = [
  ...SHOP,
  "Sourdough loaf          4.50",
  "Croissant x 6         13.20",
  "Birthday cake         18.00",
  "Flat white x 2         5.80",
  "SUBTOTAL              41.50",
  "TOTAL EUR             41.50",
  "CARD                  41.50",
  "Thank you, see you soon!",
];
// The same shop on the same day: the same header, other items and total.
const OTHER_RECEIPT = [
  ...SHOP,
  "Rye bread               3.90",
  "Cinnamon bun x 2        6.40",
  "TOTAL EUR             10.30",
  "CASH                  20.00",
  "CHANGE                 9.70",
];

const receipt = (lines: string[]) => renderTextImage(lines, { width: 760, fontSize: 32 });
const hashOf = async (bytes: Uint8Array, type: "image/png" | "image/jpeg" | "application/pdf" = "image/png") => {
  const hash = await pageHash(bytes, type);
  if (!hash) throw new Error("no hash");
  return hash;
};

/** The image photographed on a table: a dark border around the paper, saved as a JPEG. */
async function onTable(png: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(png).metadata();
  return sharp({ create: { width: width + 200, height: height + 260, channels: 3, background: "#6b6258" } })
    .composite([{ input: png, left: 90, top: 140 }])
    .jpeg({ quality: 80 })
    .toBuffer();
}

/** The image with `fraction` of its width and height cut off, half at each edge. */
async function cropped(png: Buffer, fraction: number): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(png).metadata();
  const dx = Math.round((width * fraction) / 2);
  const dy = Math.round((height * fraction) / 2);
  return sharp(png)
    .extract({ left: dx, top: dy, width: width - 2 * dx, height: height - 2 * dy })
    .png()
    .toBuffer();
}

describe("pageHash", () => {
  it("keeps copies of a receipt within the threshold and another receipt of the same shop beyond it", async () => {
    const original = await receipt(RECEIPT);
    const base = await hashOf(original);
    const copies = {
      "JPEG quality 40": await sharp(original).jpeg({ quality: 40 }).toBuffer(),
      "5% cut off each edge": await cropped(original, 0.1),
      "turned 90°": await sharp(original).rotate(90).png().toBuffer(),
      "turned 3°": await sharp(original).rotate(3, { background: "#ffffff" }).png().toBuffer(),
      "turned -3°, JPEG quality 60": await sharp(original).rotate(-3, { background: "#ffffff" }).jpeg({ quality: 60 }).toBuffer(),
      "turned 180°, 5% cut off each edge": await cropped(await sharp(original).rotate(180).png().toBuffer(), 0.1),
      "on a table, turned 2°, JPEG quality 80": await onTable(await sharp(original).rotate(2, { background: "#ffffff" }).png().toBuffer()),
    };
    const tooFar: Array<[string, number]> = [];
    for (const [name, bytes] of Object.entries(copies)) {
      const distance = hashDistance(base, await hashOf(bytes, name.includes("JPEG") ? "image/jpeg" : "image/png"));
      if (distance > PAGE_HASH_THRESHOLD) tooFar.push([name, distance]);
    }
    expect(tooFar).toEqual([]);
    expect(hashDistance(base, await hashOf(await receipt(OTHER_RECEIPT)))).toBeGreaterThan(PAGE_HASH_THRESHOLD);
  });

  it("hashes a PDF's first page, scanned or with a text layer, like a photo of the same receipt", async () => {
    const photo = await hashOf(await receipt(RECEIPT));
    const scanned = await hashOf(await makeScannedPdf(RECEIPT), "application/pdf");
    const printed = await hashOf(await makeTextPdf([RECEIPT, ["A second page"]]), "application/pdf");
    expect(hashDistance(scanned, photo)).toBeLessThanOrEqual(PAGE_HASH_THRESHOLD);
    expect(hashDistance(printed, photo)).toBeLessThanOrEqual(PAGE_HASH_THRESHOLD);
  });

  it("is symmetric, 0 for the same page, and the most bits for a malformed hash", async () => {
    const a = await hashOf(await receipt(RECEIPT));
    const b = await hashOf(await receipt(OTHER_RECEIPT));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(hashDistance(a, a)).toBe(0);
    expect(hashDistance(a, b)).toBe(hashDistance(b, a));
    expect(hashDistance(a, "not a hash")).toBe(64);
  });

  it("gives no hash for a blank page, and refuses bytes that are no image", async () => {
    const blank = await sharp({ create: { width: 400, height: 600, channels: 3, background: "#ffffff" } })
      .png()
      .toBuffer();
    expect(await pageHash(blank, "image/png")).toBeNull();
    await expect(pageHash(new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]), "image/jpeg")).rejects.toThrow();
  });
});
