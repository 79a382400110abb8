import { describe, expect, it } from "vitest";
import type { TReadSegment } from "./paddle-reader";
import { segmentsToPage } from "./segments-to-page";

function segment(text: string, cx: number, cy: number, width: number, height = 20, angle = 0): TReadSegment {
  const chars = [...text].map((char, k) => ({ char, at: (k + 0.5) / text.length, confidence: 0.9 }));
  return { rect: { cx, cy, width, height, angle }, text, confidence: 0.9, chars };
}

describe("segmentsToPage", () => {
  it("joins segments of one line left to right and orders lines top to bottom", () => {
    const page = segmentsToPage(
      {
        width: 400,
        height: 200,
        flipped: false,
        turned: false,
        segments: [segment("12.50", 350, 100, 60), segment("TOTAL", 60, 101, 80), segment("SHOP SDN BHD", 150, 30, 200)],
      },
      0,
    );
    expect(page.text).toBe("SHOP SDN BHD\nTOTAL 12.50");
    expect(page.words.map((w) => w.text)).toEqual(["SHOP", "SDN", "BHD", "TOTAL", "12.50"]);
    const total = page.words.find((w) => w.text === "TOTAL");
    expect(total?.bbox.x0).toBeGreaterThanOrEqual(20);
    expect(total?.bbox.x1).toBeLessThanOrEqual(100);
  });

  it("keeps the lines of a page photographed askew apart", () => {
    const angle = (4 * Math.PI) / 180;
    // Two lines 30 px apart on a page turned 4 degrees: the right end of the first sits as low as the left end of the second.
    const lines = [0, 1].flatMap((row) => [
      segment(`LEFT${row}`, 50, 50 + row * 30 + 50 * Math.sin(angle) * -1, 80, 16, angle),
      segment(`RIGHT${row}`, 450, 50 + row * 30 + 350 * Math.sin(angle), 80, 16, angle),
    ]);
    const page = segmentsToPage({ width: 600, height: 200, flipped: false, turned: false, segments: lines }, 0);
    expect(page.text).toBe("LEFT0 RIGHT0\nLEFT1 RIGHT1");
  });

  it("reports boxes in page units when the image was rendered at a scale", () => {
    const page = segmentsToPage({ width: 400, height: 400, flipped: false, turned: false, segments: [segment("HELLO", 200, 100, 100)] }, 3, 2, {
      width: 200,
      height: 200,
    });
    expect(page.index).toBe(3);
    expect(page.width).toBe(200);
    expect(page.words[0]?.bbox.x0).toBeCloseTo(75, 0);
  });
});
