import { describe, expect, it } from "vitest";
import { characterErrorRate } from "./character-error-rate";

describe("characterErrorRate", () => {
  it("is 0 for the same text, whatever its whitespace", () => {
    expect(characterErrorRate("one  two\nthree", "one two three")).toBe(0);
  });

  it("counts edits over the reference length", () => {
    expect(characterErrorRate("kitten", "sitting")).toBeCloseTo(3 / 7);
    expect(characterErrorRate("", "abcd")).toBe(1);
  });

  it("charges swapped blocks of text, the error of reading columns in the wrong order", () => {
    const first = "the first column says this";
    const second = "and the second column says that";
    expect(characterErrorRate(`${second} ${first}`, `${first} ${second}`)).toBeGreaterThan(0.3);
  });

  it("gives 1 for text where none was expected, 0 for nothing against nothing", () => {
    expect(characterErrorRate("noise", "  ")).toBe(1);
    expect(characterErrorRate(" ", "")).toBe(0);
  });
});
