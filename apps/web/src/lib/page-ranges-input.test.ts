import { describe, expect, it } from "vitest";
import { parsePageRanges } from "./page-ranges-input";

describe("parsePageRanges", () => {
  it("reads ranges and single pages as a person types them, in their order", () => {
    expect(parsePageRanges("1-2, 3, 4-6")).toEqual({
      ok: true,
      ranges: [
        { from: 1, to: 2 },
        { from: 3, to: 3 },
        { from: 4, to: 6 },
      ],
    });
    expect(parsePageRanges(" 5 – 7 ;2,, 1 - 1 ,")).toEqual({
      ok: true,
      ranges: [
        { from: 5, to: 7 },
        { from: 2, to: 2 },
        { from: 1, to: 1 },
      ],
    });
  });

  it("leaves backwards and overlapping ranges to the server, which knows the file", () => {
    expect(parsePageRanges("3-1, 2-9")).toEqual({
      ok: true,
      ranges: [
        { from: 3, to: 1 },
        { from: 2, to: 9 },
      ],
    });
  });

  it.each([
    ["", "Give at least one page range, such as 1-2."],
    [" , ; ", "Give at least one page range, such as 1-2."],
    ["1-2, three", '"three" is not a page range. Write pages as 1-2, 3, 4-6.'],
    ["1 2", '"1 2" is not a page range. Write pages as 1-2, 3, 4-6.'],
    ["1-", '"1-" is not a page range. Write pages as 1-2, 3, 4-6.'],
    ["-3", '"-3" is not a page range. Write pages as 1-2, 3, 4-6.'],
    ["1.5", '"1.5" is not a page range. Write pages as 1-2, 3, 4-6.'],
    ["1-2-3", '"1-2-3" is not a page range. Write pages as 1-2, 3, 4-6.'],
  ])("refuses %j with a sentence", (text, message) => {
    expect(parsePageRanges(text)).toEqual({ ok: false, message });
  });

  it("refuses a text far longer than any list of ranges without reading it", () => {
    expect(parsePageRanges("1,".repeat(5_000))).toEqual({ ok: false, message: expect.stringMatching(/^That is too long/) });
  });
});
