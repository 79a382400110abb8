import bwipjs from "bwip-js/node";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAamvaPayload } from "../../../documents/aamva/build-aamva-payload";
import { parseAamva } from "../../../documents/aamva/parse-aamva";
import { readDriversLicenseBarcode } from "./read-drivers-license-barcode";
import { readPdf417 } from "./read-pdf417";
import { SAMPLE_LICENCE_ELEMENTS } from "../../../../testing/fixtures";

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
