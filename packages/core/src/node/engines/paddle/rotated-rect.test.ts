import { describe, expect, it } from "vitest";
import { boundsOf, convexHull, corners, minAreaRect, normalise } from "./rotated-rect";

describe("minAreaRect", () => {
  it("finds a rectangle turned by 10 degrees from the points inside it", () => {
    const angle = (10 * Math.PI) / 180;
    const points = [];
    for (let u = -50; u <= 50; u += 5)
      for (let v = -10; v <= 10; v += 5)
        points.push({ x: 200 + u * Math.cos(angle) - v * Math.sin(angle), y: 100 + u * Math.sin(angle) + v * Math.cos(angle) });
    const rect = minAreaRect(points);
    expect(rect.cx).toBeCloseTo(200, 5);
    expect(rect.cy).toBeCloseTo(100, 5);
    expect(rect.width).toBeCloseTo(100, 5);
    expect(rect.height).toBeCloseTo(20, 5);
    expect(rect.angle).toBeCloseTo(angle, 5);
  });

  it("describes an upright box with width along x and angle 0, whatever hull edge it came from", () => {
    const rect = normalise({ cx: 5, cy: 5, width: 4, height: 10, angle: Math.PI / 2 });
    expect(rect.width).toBeCloseTo(10);
    expect(rect.height).toBeCloseTo(4);
    expect(Math.abs(rect.angle)).toBeLessThan(1e-9);
  });

  it("gives corners clockwise from top-left and the box around them", () => {
    const [tl, tr, br, bl] = corners({ cx: 10, cy: 20, width: 8, height: 4, angle: 0 });
    expect([tl, tr, br, bl]).toEqual([
      { x: 6, y: 18 },
      { x: 14, y: 18 },
      { x: 14, y: 22 },
      { x: 6, y: 22 },
    ]);
    expect(boundsOf({ cx: 10, cy: 20, width: 8, height: 4, angle: 0 })).toEqual({ x0: 6, y0: 18, x1: 14, y1: 22 });
  });

  it("keeps only the outer points in the hull", () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 2, y: 0 },
      { x: 1, y: 1 },
      { x: 2, y: 2 },
      { x: 0, y: 2 },
    ]);
    expect(hull).toHaveLength(4);
    expect(hull).not.toContainEqual({ x: 1, y: 1 });
  });
});
