import { afterAll, describe, expect, it } from "vitest";
import { correctMrzReading } from "../../../documents/mrz/correct-mrz";
import { makeTd2 } from "../../../documents/mrz/make-mrz-lines";
import { AppError } from "../../../errors/app-error";
import { cropLineImage, locateLineSets } from "./mrz-regions";
import { RECOGNISER_HEIGHT, recogniseMrzLines, stopMrzRecogniser } from "./mrz-recogniser";
import { documentPng } from "./mrz-test-images";

const TD2 = makeTd2({
  code: "I",
  state: "UTO",
  surname: "ERIKSSON",
  givenNames: "ANNA MARIA",
  number: "D23145890",
  nationality: "UTO",
  birth: "740812",
  sex: "F",
  expiry: "120415",
});
const CARD = { width: 760, height: 400, lines: TD2, visual: ["IDENTITY CARD UTOPIA"] };

afterAll(async () => {
  await stopMrzRecogniser();
});

describe("recogniseMrzLines (PP-OCR's recogniser, MRZ alphabet)", () => {
  it("reads located MRZ lines with characters' runners-up, which the check digits then settle", async () => {
    const png = documentPng(CARD);
    const [regions = []] = await locateLineSets(png, CARD.width, CARD.height);
    expect(regions).toHaveLength(2);
    const crops = await Promise.all(regions.map((region) => cropLineImage(png, region)));
    expect(crops.every((crop) => crop.height === RECOGNISER_HEIGHT)).toBe(true);
    const lines = await recogniseMrzLines(crops);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.text).toMatch(/^[A-Z0-9<]+$/);
      expect(line.cells).toHaveLength(line.text.length);
      // Characters come with their runners-up (the recogniser's and, faintly, the confusion table's), likeliest first.
      expect(line.cells.every((cell) => cell.every((option, i) => i === 0 || option.p <= (cell[i - 1]?.p ?? 0)))).toBe(true);
      expect(line.cells.filter((cell) => cell.length >= 2).length).toBeGreaterThan(5);
    }
    expect(lines.map((line) => line.text.length)).toEqual([36, 36]);
    expect(
      correctMrzReading(
        lines.map((line) => line.cells),
        "TD2",
      )?.lines,
    ).toEqual(TD2);
  }, 60_000);

  it("answers nothing for no lines and refuses images of the wrong height", async () => {
    expect(await recogniseMrzLines([])).toEqual([]);
    const wrong = { data: new Uint8Array(20 * 100 * 3), width: 100, height: 20 };
    await expect(recogniseMrzLines([wrong])).rejects.toBeInstanceOf(AppError);
    await expect(recogniseMrzLines([wrong])).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("reads again after being stopped (the thread starts afresh)", async () => {
    const blank = { data: new Uint8Array(RECOGNISER_HEIGHT * 320 * 3).fill(255), width: 320, height: RECOGNISER_HEIGHT };
    await stopMrzRecogniser();
    const [line] = await recogniseMrzLines([blank]);
    expect(line?.text).toBe("");
    expect(line?.cells).toEqual([]);
  }, 60_000);
});
