import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { makeTd1 } from "../../../documents/mrz/make-mrz-lines";
import { estimateSkew, estimateTextAngle } from "./estimate-skew";
import { greyPixels } from "./mrz-regions";
import { documentPng } from "./mrz-test-images";

const TD1 = makeTd1({
  code: "ID",
  state: "UTO",
  surname: "ERIKSSON",
  givenNames: "ANNA",
  number: "D23145890",
  nationality: "UTO",
  birth: "740812",
  sex: "F",
  expiry: "120415",
});
const CARD = documentPng({ width: 760, height: 480, lines: TD1, visual: ["IDENTITY CARD UTOPIA", "ERIKSSON ANNA", "12 08 1974"] });

const skewOf = async (image: Uint8Array) => estimateSkew(await greyPixels(sharp(image).resize({ width: 1000 })));

describe("estimateSkew", () => {
  it("finds the angle a card was turned by, either way, and none on a straight scan", async () => {
    expect(Math.abs(await skewOf(CARD))).toBeLessThanOrEqual(0.25);
    for (const degrees of [2, -3]) {
      const turned = await sharp(CARD).rotate(degrees, { background: "#ffffff" }).png().toBuffer();
      expect(Math.abs((await skewOf(turned)) - degrees)).toBeLessThanOrEqual(0.5);
    }
  });

  it("answers 0 for an image without ink", () => {
    expect(estimateSkew({ data: new Uint8Array(100 * 50).fill(255), width: 100, height: 50 })).toBe(0);
  });

  it("finds the text lines' angle at any turn (a slant, sideways), up to which way up, where the few-degree search cannot", async () => {
    const angleOf = async (image: Uint8Array) => estimateTextAngle(await greyPixels(sharp(image).resize({ width: 1000 })));
    expect(Math.abs(await angleOf(CARD))).toBeLessThanOrEqual(0.25);
    for (const [degrees, expected] of [
      [12, 12],
      [-30, -30],
      [90, 90],
      [-90, 90],
      [135, -45],
    ] as const) {
      const turned = await sharp(CARD).rotate(degrees, { background: "#ffffff" }).png().toBuffer();
      const angle = await angleOf(turned);
      // 90 and -90 are the same lines: either answer is right.
      const off = Math.min(Math.abs(angle - expected), Math.abs(Math.abs(angle - expected) - 180));
      expect(off, `turned ${degrees} degrees, found ${angle}`).toBeLessThanOrEqual(0.5);
      if (Math.abs(degrees) <= 45) expect(Math.abs((await skewOf(turned)) - degrees)).toBeGreaterThan(3);
    }
    expect(estimateTextAngle({ data: new Uint8Array(100 * 50).fill(255), width: 100, height: 50 })).toBe(0);
  });
});
