import { describe, expect, it } from "vitest";
import { checkImageRegions, MAX_SPLIT_PARTS } from "@docvault/core";
import { boxFromDrag, describeBox, isBigEnough, pointIn, PRESET_LAYOUTS, withBox } from "./image-regions-input";

describe("image regions as a person draws them", () => {
  it("offers layouts the server splits by as they are", () => {
    expect(PRESET_LAYOUTS.map((p) => [p.label, p.regions.length])).toEqual([
      ["2 side by side", 2],
      ["3 side by side", 3],
      ["2 above each other", 2],
      ["4 in a grid", 4],
    ]);
    for (const preset of PRESET_LAYOUTS) expect(() => checkImageRegions(preset.regions)).not.toThrow();
    expect(PRESET_LAYOUTS[3]?.regions[2]).toEqual({ x: 0, y: 0.5, width: 0.5, height: 0.5 });
  });

  it("turns a drag in any direction into a box within the photo", () => {
    const rect = { left: 100, top: 50, width: 400, height: 200 };
    expect(pointIn(rect, 300, 100)).toEqual({ x: 0.5, y: 0.25 });
    expect(pointIn(rect, 0, 400)).toEqual({ x: 0, y: 1 });
    expect(boxFromDrag({ x: 0.5, y: 0.75 }, { x: 0.25, y: 0.25 })).toEqual({ x: 0.25, y: 0.25, width: 0.25, height: 0.5 });
  });

  it("keeps only boxes large enough to read, and no more than one split takes", () => {
    expect(isBigEnough({ x: 0, y: 0, width: 0.3, height: 0.04 })).toBe(false);
    expect(isBigEnough({ x: 0, y: 0, width: 0.05, height: 0.05 })).toBe(true);
    const box = { x: 0, y: 0, width: 0.1, height: 0.1 };
    const full = Array.from({ length: MAX_SPLIT_PARTS }, () => box);
    expect(withBox(full, box)).toHaveLength(MAX_SPLIT_PARTS);
    expect(describeBox({ x: 0.25, y: 0.1, width: 0.4, height: 0.8 })).toBe("25% from the left, 10% from the top, 40% wide and 80% high");
  });
});
