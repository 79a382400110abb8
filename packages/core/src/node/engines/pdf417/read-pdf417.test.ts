import bwipjs from "bwip-js/node";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAamvaPayload } from "../../../documents/aamva/build-aamva-payload";
import { parseAamva } from "../../../documents/aamva/parse-aamva";
import { readDriversLicenseBarcode } from "./read-drivers-license-barcode";
import { readPdf417 } from "./read-pdf417";
import { renderLicenceBack, renderLicenceBarcode, SAMPLE_LICENCE_ELEMENTS } from "../../../../testing/fixtures";
import { makeWarpedPhoto } from "../../../../testing/warped-photos";

const payload = buildAamvaPayload({
  issuerId: "636014",
  aamvaVersion: 9,
  jurisdictionVersion: 0,
  elements: SAMPLE_LICENCE_ELEMENTS,
});

let png: Buffer;

const render = (text: string): Promise<Buffer> =>
  // binarytext makes bwip-js encode every character as a byte, so LF/RS/CR reach the symbol unchanged.
  bwipjs.toBuffer({
    bcid: "pdf417",
    text,
    binarytext: true,
    scale: 2,
    paddingwidth: 10,
    paddingheight: 10,
    backgroundcolor: "FFFFFF",
  });

beforeAll(async () => {
  png = await render(payload);
});

describe("readPdf417", () => {
  it("reads an AAMVA barcode with its control characters and the parser gets the fields", async () => {
    const [symbol, ...rest] = await readPdf417(png);
    expect(rest).toEqual([]);
    expect(symbol?.text).toBe(payload);
    expect(symbol?.bytes).toEqual(new TextEncoder().encode(payload));
    const meta = await sharp(png).metadata();
    expect(symbol?.bbox.x0).toBeGreaterThanOrEqual(0);
    expect(symbol?.bbox.x1).toBeLessThanOrEqual(meta.width ?? 0);

    const f = parseAamva(symbol?.text ?? "").fields;
    expect(f.lastName.value).toBe("LOPEZ");
    expect(f.dateOfBirth.value).toBe("1985-07-04");
    expect(f.address.value?.postalCode).toBe("90223");
    expect(f.heightCm.value).toBe(163);
  });

  it("still reads a rotated, shrunk, low-contrast JPEG photo of it", async () => {
    const meta = await sharp(png).metadata();
    const photo = await sharp(png)
      .rotate(90, { background: "#ffffff" })
      .resize({ height: Math.round((meta.width ?? 800) * 0.8) })
      .greyscale()
      .linear(0.45, 110) // squeeze black/white into mid greys, as a dim photo does
      .jpeg({ quality: 70 })
      .toBuffer();
    const symbols = await readPdf417(photo);
    expect(symbols.map((s) => s.text)).toEqual([payload]);
  });

  it("reads a licence barcode photographed at a slant (8, 15, 30 and -20 degrees), its box back on the photo", async () => {
    const barcode = await renderLicenceBarcode();
    for (const degrees of [8, 15, 30, -20]) {
      const photo = await sharp(barcode).rotate(degrees, { background: "#ffffff" }).png().toBuffer();
      const meta = await sharp(photo).metadata();
      // The decoder alone reads the symbol turned by quarter turns only.
      expect(await readPdf417(photo, { singlePass: true }), `${degrees} degrees, one pass`).toEqual([]);
      const [symbol, ...rest] = await readPdf417(photo);
      expect(rest).toEqual([]);
      expect(parseAamva(symbol?.text ?? "").fields.licenseNumber.value, `${degrees} degrees`).toBe("D1234562");
      // The symbol sits in the middle of the turned image: so does its box, inside the photo.
      const box = symbol?.bbox ?? { x0: 0, y0: 0, x1: 0, y1: 0 };
      expect(Math.abs((box.x0 + box.x1) / 2 - (meta.width ?? 0) / 2)).toBeLessThan((meta.width ?? 0) * 0.1);
      expect(Math.abs((box.y0 + box.y1) / 2 - (meta.height ?? 0) / 2)).toBeLessThan((meta.height ?? 0) * 0.1);
      expect(box.x1).toBeLessThanOrEqual(meta.width ?? 0);
      expect(box.y1).toBeLessThanOrEqual(meta.height ?? 0);
    }
  });

  it("reads the back of a licence photographed at an angle on a table once it is warped flat by its outline", async () => {
    // Seen at an angle (keystoned, turned 6.5 degrees, on cloth): straightening alone does not bring its rows together.
    const photo = await makeWarpedPhoto(await renderLicenceBack(), 4);
    expect(await readPdf417(photo.bytes)).toEqual([]);
    const [symbol, ...rest] = await readPdf417(photo.bytes, { flattened: true });
    expect(rest).toEqual([]);
    expect(parseAamva(symbol?.text ?? "").fields.licenseNumber.value).toBe("D1234562");
    // Its box lies on the card, in the photo's pixels.
    const xs = photo.corners.map((c) => c.x * photo.width);
    const ys = photo.corners.map((c) => c.y * photo.height);
    const box = symbol?.bbox ?? { x0: 0, y0: 0, x1: 0, y1: 0 };
    expect(box.x0).toBeGreaterThanOrEqual(Math.min(...xs) - 2);
    expect(box.x1).toBeLessThanOrEqual(Math.max(...xs) + 2);
    expect(box.y0).toBeGreaterThanOrEqual(Math.min(...ys) - 2);
    expect(box.y1).toBeLessThanOrEqual(Math.max(...ys) + 2);
    // A photo with no card outline in it gives nothing flattened, and no error.
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#d0d4d8" } })
      .png()
      .toBuffer();
    expect(await readPdf417(blank, { flattened: true })).toEqual([]);
  }, 60_000);

  it("returns [] for an image without a barcode", async () => {
    const blank = await sharp({ create: { width: 400, height: 300, channels: 3, background: "#d0d4d8" } })
      .png()
      .toBuffer();
    expect(await readPdf417(blank)).toEqual([]);
  });

  it("rejects bytes that are not an image with CORRUPT_FILE", async () => {
    await expect(readPdf417(new TextEncoder().encode("not an image"))).rejects.toMatchObject({ code: "CORRUPT_FILE" });
  });
});

describe("readDriversLicenseBarcode", () => {
  it("returns the licence with the barcode's place on page 0", async () => {
    const dl = await readDriversLicenseBarcode(png);
    expect(dl?.fields.licenseNumber).toMatchObject({ value: "D1234562", confidence: 1, method: "pdf417" });
    expect(dl?.fields.licenseNumber.source?.page).toBe(0);
  });

  it("returns null when the image holds a PDF417 symbol that is not a licence", async () => {
    const other = await render("Shipping label 42");
    expect(await readDriversLicenseBarcode(other)).toBeNull();
  });
});
