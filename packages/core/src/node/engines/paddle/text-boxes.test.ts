import { describe, expect, it } from "vitest";
import { DEFAULT_BOX_OPTIONS, textBoxes } from "./text-boxes";

/** A probability map with `value` inside each [x0, y0, x1, y1) and 0.05 elsewhere. */
function map(width: number, height: number, regions: [number, number, number, number, number][]): Float32Array {
  const out = new Float32Array(width * height).fill(0.05);
  for (const [x0, y0, x1, y1, value] of regions) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) out[y * width + x] = value;
  return out;
}

describe("textBoxes", () => {
  it("turns each confident region into a box grown back by the unclip distance", () => {
    const boxes = textBoxes(
      map(200, 60, [
        [10, 10, 110, 20, 0.9],
        [130, 40, 190, 50, 0.8],
      ]),
      200,
      60,
    );
    expect(boxes).toHaveLength(2);
    const [first] = [...boxes].sort((a, b) => a.rect.cx - b.rect.cx);
    // 100 x 10 region: distance = 100 * 10 * 1.5 / (2 * 110) = 6.8 on every side.
    expect(first?.rect.width).toBeCloseTo(100 + 2 * 6.818, 1);
    expect(first?.rect.height).toBeCloseTo(10 + 2 * 6.818, 1);
    expect(first?.rect.cx).toBeCloseTo(60, 5);
    expect(first?.score).toBeCloseTo(0.9, 5);
  });

  it("drops regions the detector is unsure of and specks too small to be text", () => {
    const boxes = textBoxes(
      map(200, 60, [
        [10, 10, 110, 20, 0.45],
        [150, 30, 152, 32, 0.95],
      ]),
      200,
      60,
    );
    expect(boxes).toEqual([]);
  });

  it("keeps at most maxCandidates regions on a page of noise", () => {
    const regions: [number, number, number, number, number][] = [];
    for (let k = 0; k < 50; k++) regions.push([(k % 10) * 20, Math.floor(k / 10) * 12, (k % 10) * 20 + 10, Math.floor(k / 10) * 12 + 6, 0.9]);
    expect(textBoxes(map(200, 60, regions), 200, 60, { ...DEFAULT_BOX_OPTIONS, maxCandidates: 7 })).toHaveLength(7);
  });
});
