import { describe, expect, it } from "vitest";
import { splitBands } from "./bands";
import { groupBlocks } from "./group-blocks";
import type { TLayoutItem } from "./layout-item";

const item = (text: string, x0: number, x1: number, y0: number, height = 10): TLayoutItem => ({ text, x0, x1, y0, y1: y0 + height });
const sizes = { em: 10, minGutter: 8 };
const span = { x0: 0, x1: 420 };

/** Rows of two columns, left 0-200 and right 220-420, 13 pt apart from `top`. */
const twoColumnRows = (top: number, count: number, leftEnd = 200) =>
  Array.from({ length: count }, (_, r) => [item(`left ${r}`, 0, r === 0 ? leftEnd : 200, top + r * 13), item(`right ${r}`, 220, 420, top + r * 13)]).flat();

describe("groupBlocks", () => {
  it("puts rows of two columns in one block with their gutter", () => {
    const blocks = groupBlocks(splitBands(twoColumnRows(0, 6)), span, sizes, { work: 0 });
    expect(blocks).toHaveLength(1);
    expect(blocks[0]?.bands).toHaveLength(6);
    expect(blocks[0]?.gutters).toEqual([expect.objectContaining({ x0: 200, x1: 220 })]);
  });

  it("lets a lone line above the columns (a title) open no block of its own with them", () => {
    const items = [item("A title of the report", 0, 150, 0, 14), ...twoColumnRows(30, 6)];
    const blocks = groupBlocks(splitBands(items), span, sizes, { work: 0 });
    expect(blocks.map((b) => b.bands.length)).toEqual([1, 6]);
    expect(blocks[0]?.gutters).toEqual([]);
  });

  it("hands the first row of columns to the columns when chance gaps tied it to the table above", () => {
    const table = [0, 16, 32].flatMap((top) => [item("Paper", 0, 40, top), item("2", 100, 130, top), item("4.50", 200, 230, top)]);
    // The first row's left line ends early: its blank lines up with a blank of the table.
    const items = [...table, ...twoColumnRows(60, 5, 180)];
    const blocks = groupBlocks(splitBands(items), span, sizes, { work: 0 });
    expect(blocks.map((b) => b.bands.length)).toEqual([3, 5]);
    expect(blocks[1]?.gutters).toEqual([expect.objectContaining({ x0: 200, x1: 220 })]);
  });

  it("starts a new block where a settled gutter closes: four columns, then two", () => {
    const four = Array.from({ length: 8 }, (_, r) => [0, 110, 220, 330].map((x) => item(`c${x} ${r}`, x, x + 90, r * 13))).flat();
    const items = [...four, ...twoColumnRows(8 * 13, 4)];
    const blocks = groupBlocks(splitBands(items), span, sizes, { work: 0 });
    expect(blocks.map((b) => b.bands.length)).toEqual([8, 4]);
    expect(blocks[0]?.gutters).toHaveLength(3);
  });
});
