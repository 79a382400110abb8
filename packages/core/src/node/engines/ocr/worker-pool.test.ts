import { describe, expect, it } from "vitest";
import { renderTextImage } from "../../../../testing/fixtures";
import { defaultPoolSize, startOcrPool } from "./worker-pool";
import { readingScore } from "./page-orientation";
import { rotateImage } from "./grey-image";

describe("startOcrPool", () => {
  it("sizes itself to the cores, at most four", () => {
    expect(defaultPoolSize()).toBeGreaterThanOrEqual(1);
    expect(defaultPoolSize()).toBeLessThanOrEqual(4);
  });

  it("reads several images side by side on its workers", async () => {
    const pool = await startOcrPool({ workers: 2 });
    try {
      expect(pool.size).toBe(2);
      const images = await Promise.all(["FIRST PAGE 101", "SECOND PAGE 202", "THIRD PAGE 303"].map((line) => renderTextImage([line])));
      const read = await Promise.all(images.map((image) => pool.recognize(image)));
      expect(read.map((data) => data.text.trim())).toEqual(["FIRST PAGE 101", "SECOND PAGE 202", "THIRD PAGE 303"]);
    } finally {
      await pool.stop();
    }
  });

  it("scores upright text well above the same text upside down", async () => {
    const pool = await startOcrPool({ workers: 1 });
    try {
      const image = await renderTextImage(["The quick brown fox jumps over the lazy dog.", "Payment is due within thirty days."]);
      const upright = readingScore(await pool.recognize(image));
      const upsideDown = readingScore(await pool.recognize(await rotateImage(image, 180)));
      expect(upright).toBeGreaterThan(0.8);
      expect(upsideDown).toBeLessThan(upright - 0.3);
    } finally {
      await pool.stop();
    }
  });

  it("gives up with ENGINE_TIMEOUT when the workers do not start in time", async () => {
    await expect(startOcrPool({ workers: 1, startTimeoutMs: 1 })).rejects.toMatchObject({ code: "ENGINE_TIMEOUT" });
  });
});
