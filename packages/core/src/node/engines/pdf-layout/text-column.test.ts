import { describe, expect, it } from "vitest";
import type { TLayoutItem } from "./layout-item";
import { isTextColumn } from "./text-column";

const EM = 10;
/** One item a line, left-aligned at 0, 13 pt apart, each `width` wide. */
const column = (lines: string[], width: (line: string, i: number) => number = () => 100): TLayoutItem[] =>
  lines.map((text, i) => ({ text, x0: 0, x1: width(text, i), y0: i * 13, y1: i * 13 + 10 }));

describe("isTextColumn", () => {
  it("takes wrapped running text for a column", () => {
    const lines = [
      "Reading order matters to",
      "everyone who searches the",
      "text of a document, and to",
      "the structurers that look",
      "for a label and its value",
      "on one line of the page.",
    ];
    expect(isTextColumn(column(lines), EM)).toBe(true);
  });

  it("takes a narrow column of long words for a column when its lines read on", () => {
    const lines = [
      "international",
      "correspondence",
      "requires careful",
      "consideration of",
      "applicable",
      "regulations and",
      "established",
      "procedures, which",
      "organisations",
    ];
    expect(isTextColumn(column(lines), EM)).toBe(true);
  });

  it("refuses the same shape set as labels (each line starts afresh)", () => {
    const lines = [
      "Invoice number",
      "Invoice date",
      "Customer number",
      "Order reference",
      "Payment terms",
      "Delivery date",
      "Account manager",
      "Tax number",
      "Due date",
    ];
    expect(isTextColumn(column(lines), EM)).toBe(false);
  });

  it("refuses a column of figures and a strip of line numbers", () => {
    expect(isTextColumn(column(["1,140.00", "240.00", "1,200.00", "240.00", "2,820.00"]), EM)).toBe(false);
    const numbers = Array.from({ length: 25 }, (_, i) => String(i + 1));
    expect(
      isTextColumn(
        column(numbers, () => 12),
        EM,
      ),
    ).toBe(false);
  });

  it("counts each character as a word in Chinese and Japanese, which set no spaces", () => {
    const lines = ["文档的阅读顺序对于搜索和结构化", "都很重要因为标签和数值应该在同", "一行上出现而不是被分开到两个栏", "目中这样读者才能理解它们的意思"];
    expect(isTextColumn(column(lines), EM)).toBe(true);
  });
});
