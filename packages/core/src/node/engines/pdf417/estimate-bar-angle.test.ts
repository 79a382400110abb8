import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { renderLicenceBarcode } from "../../../../testing/fixtures";
import { estimateBarAngle, refineBarAngle } from "./estimate-bar-angle";

let barcode: Buffer;

beforeAll(async () => {
  barcode = await renderLicenceBarcode();
});

async function grey(image: Buffer) {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

describe("estimateBarAngle and refineBarAngle", () => {
  it("find the slant of a PDF417 symbol turned either way, to half a degree, folded into a quarter turn", async () => {
    // 100 degrees is a quarter turn and 10 more: the decoder itself tries the quarter turns.
    for (const [turn, slant] of [
      [7, 7],
      [-12, -12],
      [21, 21],
      [-33, -33],
      [100, 10],
    ] as const) {
      const image = await grey(await sharp(barcode).rotate(turn, { background: "#ffffff" }).png().toBuffer());
      const estimate = estimateBarAngle(image);
      expect(Math.abs(estimate - slant), `turned ${turn}: estimated ${estimate}`).toBeLessThan(2.5);
      const refined = refineBarAngle(image, estimate);
      expect(Math.abs(refined - slant), `turned ${turn}: refined ${refined}`).toBeLessThanOrEqual(0.5);
    }
  });

  it("find an upright symbol upright", async () => {
    expect(Math.abs(estimateBarAngle(await grey(barcode)))).toBeLessThan(1);
  });

  it("give 0 for a blank image and keep the estimate when there is no ink", async () => {
    const blank = { data: new Uint8Array(64 * 48).fill(200), width: 64, height: 48 };
    expect(estimateBarAngle(blank)).toBe(0);
    expect(refineBarAngle(blank, 12)).toBe(12);
  });
});
