import { describe, expect, it } from "vitest";
import { ctcDecode } from "./ctc-decode";

const ALPHABET = ["A", "B", "O", "0", "中"];
const CLASSES = ALPHABET.length + 1;

/** Output frames, each the probabilities of blank, then each alphabet entry. */
const frames = (rows: number[][]) => new Float32Array(rows.flat());

describe("ctcDecode", () => {
  it("collapses repeats, drops blanks, and keeps a character repeated across a blank", () => {
    const probs = frames([
      [0, 0.9, 0.1, 0, 0, 0],
      [0, 0.8, 0.2, 0, 0, 0],
      [0.9, 0.1, 0, 0, 0, 0],
      [0, 0.7, 0.3, 0, 0, 0],
      [0, 0, 0.95, 0.05, 0, 0],
    ]);
    const read = ctcDecode(probs, 0, 5, CLASSES, ALPHABET, new Uint8Array(CLASSES).fill(1));
    expect(read.map((c) => c.char).join("")).toBe("AAB");
    expect(read[0]?.confidence).toBeCloseTo(0.9);
    expect(read[2]?.alternatives[0]).toEqual({ char: "O", p: expect.closeTo(0.05, 5) as number });
  });

  it("never reads a masked-out class, taking the best allowed one instead", () => {
    const probs = frames([[0.1, 0, 0, 0.3, 0, 0.6]]);
    const allowed = new Uint8Array([1, 1, 1, 1, 1, 0]);
    expect(ctcDecode(probs, 0, 1, CLASSES, ALPHABET, allowed).map((c) => c.char)).toEqual(["O"]);
  });
});
