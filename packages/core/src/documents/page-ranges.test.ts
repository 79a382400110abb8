import { describe, expect, it } from "vitest";
import { refusal } from "../../testing/refusal";
import { checkPageRanges, MAX_SPLIT_PARTS, splitPartFilename } from "./page-ranges";

describe("checkPageRanges", () => {
  const r = (from: number, to: number) => ({ from, to });

  it("accepts parts that leave pages out, in any order", () => {
    expect(() => checkPageRanges([r(3, 3), r(1, 2)], 3)).not.toThrow();
    expect(() => checkPageRanges([r(2, 2)], 3)).not.toThrow();
  });

  it.each([
    [[], 3, "Give at least one page range, such as 1-2."],
    [[r(3, 1)], 3, "The range 3-1 runs backwards: write it as 1-3."],
    [[r(0, 2)], 3, "Pages are numbered from 1: 0-2 is not a page range."],
    [[r(1, 2), r(5, 5)], 3, "This PDF has 3 pages; page 5 does not exist."],
    [[r(1, 3), r(2, 4)], 4, "Pages 1-3 and 2-4 overlap: page 2 can belong to only one part."],
    [[r(4, 4), r(1, 2), r(2, 3)], 4, "Pages 1-2 and 2-3 overlap: page 2 can belong to only one part."],
    [[r(1, 3)], 3, "That is the whole file: nothing to split."],
  ])("refuses %j of %i pages: %s", (ranges, pages, message) => {
    const error = refusal(() => checkPageRanges(ranges, pages));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toBe(message);
  });

  it(`refuses more than ${MAX_SPLIT_PARTS} parts`, () => {
    const many = Array.from({ length: MAX_SPLIT_PARTS + 1 }, (_, i) => r(i + 1, i + 1));
    expect(() => checkPageRanges(many.slice(0, MAX_SPLIT_PARTS), 100)).not.toThrow();
    expect(refusal(() => checkPageRanges(many, 100)).message).toBe(
      `A file can be split into at most ${MAX_SPLIT_PARTS} parts at a time; these ranges make ${MAX_SPLIT_PARTS + 1}. Split it in several steps.`,
    );
  });
});

describe("splitPartFilename", () => {
  it("names the pages a part holds", () => {
    expect(splitPartFilename("receipts.pdf", { from: 1, to: 2 })).toBe("receipts (pages 1-2).pdf");
    expect(splitPartFilename("receipts.PDF", { from: 3, to: 3 })).toBe("receipts (page 3).pdf");
    expect(splitPartFilename(".pdf", { from: 3, to: 4 })).toBe("document (pages 3-4).pdf");
  });
});
