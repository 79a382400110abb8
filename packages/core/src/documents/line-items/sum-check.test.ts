import { describe, expect, it } from "vitest";
import { sumCheck } from "./sum-check";

describe("sumCheck", () => {
  const items = (...amounts: (string | null)[]) => amounts.map((amount) => ({ amount }));

  it("says what the items add up to: the total, the subtotal, or the total less tax", () => {
    expect(sumCheck(items("0.10", "0.20", "3.20"), { total: "3.50" })).toEqual({ sum: "3.50", matches: "total", difference: null });
    expect(sumCheck(items("10.00", "5.00"), { subtotal: "15.00", total: "16.50" })).toEqual({ sum: "15.00", matches: "subtotal", difference: null });
    expect(sumCheck(items("10.00", "5.00"), { total: "16.50", tax: "1.50" })).toEqual({ sum: "15.00", matches: "net", difference: null });
  });

  it("gives the difference when they do not add up, and nothing to check without amounts", () => {
    expect(sumCheck(items("10.00", null, "5.00"), { total: "16.25" })).toEqual({ sum: "15.00", matches: null, difference: "1.25" });
    expect(sumCheck(items("20.00"), { total: "16.25" })).toEqual({ sum: "20.00", matches: null, difference: "-3.75" });
    expect(sumCheck(items(null), { total: "1.00" })).toEqual({ sum: null, matches: null, difference: null });
    expect(sumCheck(items("1.00"), {})).toEqual({ sum: "1.00", matches: null, difference: null });
  });
});
