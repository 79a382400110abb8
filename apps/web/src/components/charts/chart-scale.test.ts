import { describe, expect, it } from "vitest";
import { maxOf, niceMax, yTicks } from "./chart-scale";

describe("chart scale", () => {
  it("tops the axis at four round steps that reach the largest value", () => {
    expect(niceMax(8.6)).toBe(10);
    expect(yTicks(niceMax(8.6))).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceMax(3)).toBe(4);
    expect(niceMax(0.008)).toBeCloseTo(0.008, 12);
    expect(niceMax(0.009)).toBeCloseTo(0.01, 12);
    expect(niceMax(120)).toBe(200);
  });

  it("keeps count axes on whole numbers", () => {
    expect(yTicks(niceMax(1, { integer: true }))).toEqual([0, 1, 2, 3, 4]);
    expect(yTicks(niceMax(9, { integer: true }))).toEqual([0, 5, 10, 15, 20]);
    expect(niceMax(0, { integer: true })).toBe(4);
  });

  it("draws an axis of 1 when there is nothing to show", () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(Number.NaN)).toBe(1);
  });

  it("takes the largest value across series, nulls being gaps", () => {
    expect(
      maxOf([
        { name: "a", values: [1, null, 3] },
        { name: "b", values: [null, 2] },
      ]),
    ).toBe(3);
    expect(maxOf([{ name: "a", values: [null] }])).toBe(0);
  });
});
