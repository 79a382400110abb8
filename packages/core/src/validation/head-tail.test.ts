import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createHeadTailCollector, HEAD_BYTES, headTailOf, readHeadTail, TAIL_BYTES } from "./head-tail";

describe("head and tail", () => {
  it.each([
    ["one chunk", [200_000]],
    ["odd small chunks", [1, 999, 7, 1023, 1025, 3, 70_000, 5]],
    ["a file shorter than the tail", [10, 20]],
    ["a file shorter than the head", [30_000, 1000]],
  ])("the stream collector keeps the same head and tail as the whole bytes (%s)", (_name, sizes) => {
    const bytes = randomBytes(sizes.reduce((a, b) => a + b, 0));
    const collector = createHeadTailCollector();
    let at = 0;
    for (const size of sizes) {
      collector.push(bytes.subarray(at, at + size));
      at += size;
    }
    const expected = headTailOf(bytes);
    const got = collector.result();
    expect(got.size).toBe(bytes.length);
    expect(Buffer.from(got.head).equals(Buffer.from(expected.head))).toBe(true);
    expect(Buffer.from(got.tail).equals(Buffer.from(expected.tail))).toBe(true);
    expect(got.head.length).toBeLessThanOrEqual(HEAD_BYTES);
    expect(got.tail.length).toBeLessThanOrEqual(TAIL_BYTES);
  });

  it("reads only the two slices of a Blob", async () => {
    const bytes = randomBytes(300_000);
    const got = await readHeadTail(new Blob([bytes]));
    expect(got.size).toBe(300_000);
    expect(Buffer.from(got.head).equals(bytes.subarray(0, HEAD_BYTES))).toBe(true);
    expect(Buffer.from(got.tail).equals(bytes.subarray(300_000 - TAIL_BYTES))).toBe(true);
  });
});
