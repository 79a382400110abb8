import { describe, expect, it } from "vitest";
import type { TLayoutItem } from "./layout-item";
import { pageItems } from "./page-items";
import { readingOrderLines } from "./reading-order";

const item = (text: string, x0: number, y0: number, width = 30, height = 10): TLayoutItem => ({
  text,
  x0,
  y0,
  x1: x0 + width,
  y1: y0 + height,
});

/** Two columns of words, 8 a line, 13 pt apart: `n` words, the first half in the left column. */
function twoColumnPage(n: number): TLayoutItem[] {
  const half = Math.ceil(n / 2);
  return Array.from({ length: n }, (_, i) => {
    const column = i < half ? 0 : 1;
    const k = column === 0 ? i : i - half;
    return item(`w${i}`, column * 320 + (k % 8) * 33, Math.floor(k / 8) * 13);
  });
}

// Shapes that break naive layouts: every item on its own line, one endless line, a grid of cells,
// one wide row of gaps over a long narrow strip, everything at one spot, boxes so tall they chain.
const PATHOLOGICAL: Record<string, (n: number) => TLayoutItem[]> = {
  staircase: (n) => Array.from({ length: n }, (_, i) => item(`s${i}`, (i % 97) * 7, i * 13, 5)),
  "one line": (n) => Array.from({ length: n }, (_, i) => item(`o${i}`, i * 20, 0, 5)),
  grid: (n) => {
    const side = Math.ceil(Math.sqrt(n));
    return Array.from({ length: n }, (_, i) => item(`g${i}`, (i % side) * 20, Math.floor(i / side) * 13, 5));
  },
  "wide row over a strip": (n) => Array.from({ length: n }, (_, i) => (i < n / 2 ? item(`a${i}`, i * 2, 0, 1, 1) : item(`b${i}`, 0, 2 + i * 2, 1, 1))),
  "one spot": (n) => Array.from({ length: n }, (_, i) => item(`z${i} `, 0, 0)),
  "tall chain": (n) => Array.from({ length: n }, (_, i) => item(`t${i}`, (i % 2) * 300 + (i % 7), i * 3, 200)),
};

const textLength = (lines: string[]) => lines.join("").replace(/\s/g, "").length;

describe("readingOrderLines on large pages", () => {
  it("reads a 100,000-word two-column page column by column, visiting each word a bounded number of times", () => {
    const n = 100_000;
    const budget = { work: 0 };
    const lines = readingOrderLines(twoColumnPage(n), { budget });
    const order = lines.flatMap((line) => line.split(" ")).map((w) => Number(w.slice(1)));
    expect(order).toHaveLength(n);
    expect(order.every((value, i) => value === i)).toBe(true);
    expect(budget.work).toBeLessThanOrEqual(10 * n);
  });

  it("does work that grows linearly with the page: ten times the words, at most about ten times the work", () => {
    const work = (n: number) => {
      const budget = { work: 0 };
      readingOrderLines(twoColumnPage(n), { budget });
      return budget.work;
    };
    expect(work(100_000) / work(10_000)).toBeLessThanOrEqual(11);
  });

  for (const [name, make] of Object.entries(PATHOLOGICAL)) {
    it(`finishes on 100,000 items laid out as ${name}, with all their text and bounded work`, () => {
      const items = make(100_000);
      const budget = { work: 0 };
      const lines = readingOrderLines(items, { budget });
      expect(textLength(lines)).toBe(items.reduce((sum, i) => sum + i.text.trim().length, 0));
      expect(budget.work).toBeLessThanOrEqual(10 * items.length);
    });
  }
});

describe("readingOrderLines on small pages", () => {
  it("gives nothing for nothing", () => {
    expect(readingOrderLines([])).toEqual([]);
  });

  it("keeps zero-size and overlapping boxes, in line order", () => {
    const lines = readingOrderLines([item("b", 10, 0, 0, 0), item("a", 0, 0, 0, 0), item("c", 0, 30, 0, 0), item("c2", 5, 20)]);
    expect(lines).toEqual(["a b", "c c2"]);
  });

  it("keeps a label and its value, set at the two margins, on one line", () => {
    const rows = ["Invoice number", "Date", "Due date", "Total"].flatMap((label, r) => [item(label, 0, r * 15, 80), item(String(4711 + r), 400, r * 15, 40)]);
    expect(readingOrderLines(rows)).toEqual(["Invoice number 4711", "Date 4712", "Due date 4713", "Total 4714"]);
  });
});

describe("pageItems", () => {
  const upright = (str: string, x: number, y: number) => ({ str, transform: [10, 0, 0, 10, x, y], width: 40, height: 10 });

  it("puts text in another direction (a stamp up the margin) apart, in content order", () => {
    const stamp = { str: "arXiv:2401.00001v1", transform: [0, 10, -10, 0, 20, 100], width: 400, height: 10 };
    const body = ["The body of the page", "is set upright and", "has more text than the stamp"];
    const { items, aside } = pageItems([upright(body[0] ?? "", 50, 700), stamp, upright(body[1] ?? "", 50, 680), upright(body[2] ?? "", 50, 660)]);
    expect(items.map((i) => i.text)).toEqual(body);
    expect(aside).toEqual(["arXiv:2401.00001v1"]);
  });

  it("reads a page set sideways in its own frame: lines across, top to bottom", () => {
    // Text running up the page (a quarter turn): the next line is further right.
    const turned = (str: string, x: number, y: number) => ({ str, transform: [0, 10, -10, 0, x, y], width: 40, height: 10 });
    const { items } = pageItems([turned("second", 130, 100), turned("first", 100, 100), turned("after", 100, 150)]);
    expect(readingOrderLines(items)).toEqual(["first after", "second"]);
  });

  it("sets items with unusable numbers aside instead of laying them out", () => {
    const broken = [
      { str: "nan", transform: [10, 0, 0, 10, Number.NaN, 5], width: 10, height: 10 },
      { str: "inf", transform: [10, 0, 0, 10, 5, Number.POSITIVE_INFINITY], width: 10, height: 10 },
      { str: "negative", transform: [10, 0, 0, 10, 5, 5], width: -10, height: 10 },
      { str: "no matrix", transform: [], width: 10, height: 10 },
    ];
    const { items, aside } = pageItems(broken);
    expect(items).toEqual([]);
    expect(aside).toEqual(["nan", "inf", "negative", "no matrix"]);
  });

  it("never throws and keeps every character on pages of nonsense numbers (NaN, infinities, 1e308, negative sizes)", () => {
    let state = 7;
    const random = () => (state = (state * 16807) % 2147483647) / 2147483647;
    const odd = [0, -1, 1e-300, 1e300, -1e308, Number.MAX_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    const value = () => (random() < 0.3 ? (odd[Math.floor(random() * odd.length)] ?? 0) : (random() - 0.5) * 2000);
    const letters = (text: string) => [...text.replace(/\s/g, "")].sort().join("");
    for (let page = 0; page < 300; page++) {
      const items = Array.from({ length: 1 + Math.floor(random() * 40) }, (_, i) => ({
        str: `t${i}${random() < 0.2 ? " x" : ""}`,
        transform: Array.from({ length: random() < 0.05 ? 3 : 6 }, value),
        width: value(),
        height: value(),
      }));
      const view = random() < 0.5 ? [value(), value(), value(), value()] : [0, 0, 595, 842];
      const { items: laidOut, aside, page: bounds } = pageItems(items, view);
      const lines = readingOrderLines(laidOut, { page: bounds });
      expect(letters(lines.join("") + aside.join(""))).toBe(letters(items.map((i) => i.str).join("")));
    }
  });
});
