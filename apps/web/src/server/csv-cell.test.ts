import { describe, expect, it } from "vitest";
import { csvCell, csvLine } from "./csv-cell";

describe("csvCell", () => {
  it("neutralises formulas: a leading = + - @ tab or CR gets an apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell("+1+1")).toBe("'+1+1");
    expect(csvCell("-12.50")).toBe("'-12.50");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
  });

  it("quotes commas, quotes and line breaks; leaves plain text alone", () => {
    expect(csvCell("ACME, Inc.")).toBe('"ACME, Inc."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("12.50")).toBe("12.50");
    expect(csvCell(null)).toBe("");
    expect(csvCell({ city: "Paris" })).toBe('"{""city"":""Paris""}"');
  });

  it("ends a line with CRLF", () => {
    expect(csvLine(["a", 1, null])).toBe("a,1,\r\n");
  });
});
