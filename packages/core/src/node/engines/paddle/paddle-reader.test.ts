import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderTextImage } from "../../../../testing/fixtures";
import { PaddleReader } from "./paddle-reader";

const LINES = ["GUARDIAN HEALTH AND BEAUTY", "No 15 Jalan Bandar Rawang 10", "Thank You For Shopping"];

describe("PaddleReader: which way up", () => {
  // Every angle vote counts as close here, so the page is turned by reading its lines both ways.
  let reader: PaddleReader;
  beforeAll(async () => {
    reader = await PaddleReader.create({ closeVote: 1 });
  });
  afterAll(() => reader.release());

  it.each([0, 180])("settles a close vote by the recogniser's own certainty: a page turned %i degrees reads upright", async (degrees) => {
    const page = await sharp(await renderTextImage(LINES, { fontSize: 32 }))
      .rotate(degrees)
      .png()
      .toBuffer();
    const read = await reader.read(page);
    expect(read.flipped).toBe(degrees === 180);
    const text = [...read.segments].sort((a, b) => a.rect.cy - b.rect.cy).map((s) => s.text);
    expect(text).toEqual(LINES);
  });
});
