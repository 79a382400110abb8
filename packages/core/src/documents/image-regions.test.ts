import { describe, expect, it } from "vitest";
import { refusal } from "../../testing/refusal";
import { checkImageRegions, splitImagePartFilename, ZImageRegionSchema } from "./image-regions";
import { MAX_SPLIT_PARTS } from "./page-ranges";

describe("checkImageRegions", () => {
  const r = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

  it("accepts boxes within the photo that overlap or leave parts of it out, up to the edges", () => {
    expect(() => checkImageRegions([r(0, 0, 0.5, 1), r(0.4, 0, 0.6, 1)])).not.toThrow();
    expect(() => checkImageRegions([r(0.7, 0, 0.3, 0.05)])).not.toThrow();
    expect(() => checkImageRegions([r(0.1, 0.1, 0.2, 0.2)])).not.toThrow();
  });

  it.each([
    [[], "Draw at least one box around a receipt on the photo."],
    [[r(0.5, 0.5, 0.6, 0.2)], "Box 1 reaches outside the photo: draw each box within the picture."],
    [[r(0, 0, 0.5, 0.5), r(-0.1, 0, 0.3, 0.3)], "Box 2 reaches outside the photo: draw each box within the picture."],
    [[r(0, 0, 0.5, 0.5), r(0.2, 0.2, 0.04, 0.5)], "Box 2 is too small to read: make each box at least 5% of the photo's width and height."],
    [[r(0.2, 0.2, 0.5, -0.1)], "Box 1 is too small to read: make each box at least 5% of the photo's width and height."],
    [[r(0, 0, 1, 1)], "That box is the whole photo: nothing to split."],
  ])("refuses %j: %s", (regions, message) => {
    const error = refusal(() => checkImageRegions(regions));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(message);
  });

  it(`refuses more than ${MAX_SPLIT_PARTS} boxes`, () => {
    const many = Array.from({ length: MAX_SPLIT_PARTS + 1 }, () => r(0, 0, 0.5, 0.5));
    expect(() => checkImageRegions(many.slice(0, MAX_SPLIT_PARTS))).not.toThrow();
    expect(refusal(() => checkImageRegions(many)).message).toBe(
      `A photo can be split into at most ${MAX_SPLIT_PARTS} parts at a time; these boxes make ${MAX_SPLIT_PARTS + 1}. Split it in several steps.`,
    );
  });

  it("takes only finite numbers as a box", () => {
    expect(ZImageRegionSchema.safeParse(r(0, 0, 0.5, 0.5)).success).toBe(true);
    expect(ZImageRegionSchema.safeParse(r(0, 0, Number.POSITIVE_INFINITY, 0.5)).success).toBe(false);
    expect(ZImageRegionSchema.safeParse({ x: 0, y: 0, width: 0.5 }).success).toBe(false);
  });
});

describe("splitImagePartFilename", () => {
  it("names a part after the original, numbered, with the extension of the type it is kept as", () => {
    expect(splitImagePartFilename("table.jpg", 2)).toBe("table (part 2).jpg");
    expect(splitImagePartFilename("Table.JPEG", 1, "image/jpeg")).toBe("Table (part 1).jpg");
    expect(splitImagePartFilename("scan.webp", 3, "image/png")).toBe("scan (part 3).png");
    expect(splitImagePartFilename(".png", 1, "image/png")).toBe("photo (part 1).png");
  });

  it("keeps the part number within the upload path's 200 characters", () => {
    const name = splitImagePartFilename(`${"x".repeat(300)}.jpg`, MAX_SPLIT_PARTS);
    expect(name.length).toBeLessThanOrEqual(200);
    expect(name.endsWith(`(part ${MAX_SPLIT_PARTS}).jpg`)).toBe(true);
  });
});
